import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  teamActions,
  teamActionSchema,
  teamDetailSchema,
  teamInputSchema,
  teamListQuerySchema,
  teamSummarySchema,
  type TeamAction,
  teamActionLabels,
} from '../../shared/registry';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { listServiceFields } from './serviceFields';
import { TeamsService } from './teams.service';

const idParams = z.strictObject({ id: z.uuid({ message: '队伍编号格式不正确' }) });

export const teamsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new TeamsService(app.database.db, app.fieldCrypto);

  app.get(
    '/api/service-fields',
    {
      schema: {
        tags: ['队伍'],
        summary: '服务领域列表',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async () => ({ items: await listServiceFields(app.database.db) }),
  );

  app.get(
    '/api/teams',
    {
      schema: {
        tags: ['队伍'],
        summary: '本辖区队伍列表（分页、排序、筛选）',
        querystring: teamListQuerySchema,
        response: {
          200: z.object({
            items: z.array(teamSummarySchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => service().list(requireActor(request), request.query),
  );

  app.get(
    '/api/teams/:id',
    {
      schema: {
        tags: ['队伍'],
        summary: '队伍详情：成员、分队、登记历程',
        params: idParams,
        response: { 200: teamDetailSchema },
      },
    },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/teams',
    {
      schema: {
        tags: ['队伍'],
        summary: '新建队伍（草稿）',
        body: teamInputSchema,
        response: { 200: teamDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().create(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.put(
    '/api/teams/:id',
    {
      schema: {
        tags: ['队伍'],
        summary: '修改队伍信息',
        params: idParams,
        body: teamInputSchema.extend({ version: z.number().int().optional() }),
        response: { 200: teamDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { version, ...input } = request.body;
      return service().update(actor, request.params.id, input, version, auditContextOf(actor, request.ip));
    },
  );

  for (const action of teamActions) {
    app.post(
      `/api/teams/:id/${action}`,
      {
        schema: {
          tags: ['队伍'],
          summary: teamActionLabels[action],
          params: idParams,
          body: teamActionSchema.nullish(),
          response: { 200: teamDetailSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return service().act(
          actor,
          request.params.id,
          action as TeamAction,
          request.body?.reason,
          auditContextOf(actor, request.ip),
        );
      },
    );
  }
};
