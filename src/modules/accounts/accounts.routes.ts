import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  accountSchema,
  changeRoleSchema,
  createAccountSchema,
  organizationSchema,
  pageQuerySchema,
  reasonSchema,
} from '../../shared/identity';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { scopeOf } from '../identity/scope';
import { OrganizationsRepo } from '../organizations/organizations.repo';
import { AccountsService } from './accounts.service';

const idParams = z.strictObject({ id: z.uuid({ message: '账号编号格式不正确' }) });
const accountWithPassword = z.object({ account: accountSchema, initialPassword: z.string().optional() });
const actions = ['disable', 'enable', 'unlock', 'reset-password'] as const;
const actionLabels = {
  disable: '停用账号',
  enable: '启用账号',
  unlock: '解锁账号',
  'reset-password': '重置密码',
};

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new AccountsService(app.database.db, app.fieldCrypto);

  app.get(
    '/api/accounts',
    {
      schema: {
        tags: ['账号'],
        summary: '本辖区账号列表',
        querystring: pageQuerySchema,
        response: {
          200: z.object({
            items: z.array(accountSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { q, page, pageSize } = request.query;
      return service().list(requireActor(request), q, page, pageSize);
    },
  );

  app.get(
    '/api/accounts/:id',
    { schema: { tags: ['账号'], summary: '账号详情', params: idParams, response: { 200: accountSchema } } },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/accounts',
    {
      config: { capability: 'accounts.manage' },
      schema: {
        tags: ['账号'],
        summary: '新建下级账号',
        body: createAccountSchema,
        response: { 200: accountWithPassword },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().create(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  for (const action of actions) {
    app.post(
      `/api/accounts/:id/${action}`,
      {
        schema: {
          tags: ['账号'],
          summary: actionLabels[action],
          params: idParams,
          body: reasonSchema.partial().nullish(),
          response: { 200: accountWithPassword },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return service().act(
          actor,
          request.params.id,
          action,
          auditContextOf(actor, request.ip),
          request.body?.reason,
        );
      },
    );
  }

  app.put(
    '/api/accounts/:id/role',
    {
      config: { capability: 'accounts.security' },
      schema: {
        tags: ['账号'],
        summary: '修改角色（安全管理员）',
        params: idParams,
        body: changeRoleSchema,
        response: { 200: accountSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().changeRole(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/organizations',
    {
      schema: {
        tags: ['账号'],
        summary: '本辖区的直属单位与社会组织',
        response: { 200: z.object({ items: z.array(organizationSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const view = actor.role === 'sys_admin' || actor.role === 'sec_admin' ? 'system' : scopeOf(actor);
      const rows = await new OrganizationsRepo(app.database.db).list(view);
      return { items: rows.map(({ id, name, kind, regionCode }) => ({ id, name, kind, regionCode })) };
    },
  );
};
