import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idCardSchema,
  memberRoles,
  volunteerDetailSchema,
  volunteerInputSchema,
  volunteerListQuerySchema,
  volunteerSummarySchema,
} from '../../shared/registry';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { VolunteersService } from './volunteers.service';

const idParams = z.strictObject({ id: z.uuid({ message: '志愿者编号格式不正确' }) });
const teamIdSchema = z.uuid({ message: '队伍编号格式不正确' });

export const volunteersRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new VolunteersService(app.database.db, app.fieldCrypto);

  app.get(
    '/api/volunteers',
    {
      schema: {
        tags: ['志愿者'],
        summary: '本辖区志愿者列表（分页、排序、筛选；可按姓名、编号或手机号查找）',
        querystring: volunteerListQuerySchema,
        response: {
          200: z.object({
            items: z.array(volunteerSummarySchema),
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
    '/api/volunteers/:id',
    {
      schema: {
        tags: ['志愿者'],
        summary: '志愿者详情',
        params: idParams,
        response: { 200: volunteerDetailSchema },
      },
    },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/volunteers',
    {
      schema: {
        tags: ['志愿者'],
        summary: '登记志愿者',
        body: volunteerInputSchema,
        response: { 200: volunteerDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().register(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/volunteers/:id/reveal',
    {
      schema: {
        tags: ['志愿者'],
        summary: '查看完整身份证号或手机号（留审计记录）',
        params: idParams,
        body: z.strictObject({ field: z.enum(['idCard', 'phone']) }),
        response: { 200: z.object({ value: z.string().nullable() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        value: await service().reveal(
          actor,
          request.params.id,
          request.body.field,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.post(
    '/api/volunteers/:id/memberships',
    {
      schema: {
        tags: ['志愿者'],
        summary: '加入队伍',
        params: idParams,
        body: z.strictObject({ teamId: teamIdSchema, role: z.enum(memberRoles).default('member') }),
        response: { 200: volunteerDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().addMembership(
        actor,
        request.params.id,
        request.body.teamId,
        request.body.role,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/volunteers/:id/memberships/end',
    {
      schema: {
        tags: ['志愿者'],
        summary: '退出队伍',
        params: idParams,
        body: z.strictObject({ teamId: teamIdSchema }),
        response: { 200: volunteerDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().endMembership(
        actor,
        request.params.id,
        request.body.teamId,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/volunteers/:id/activation',
    {
      schema: {
        tags: ['志愿者'],
        summary: '开通登录：生成一次性激活码（打印交给志愿者）',
        params: idParams,
        response: { 200: z.object({ code: z.string(), expiresAt: z.string(), phone: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().issueActivation(actor, request.params.id, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/join-requests',
    {
      schema: {
        tags: ['志愿者'],
        summary: '申请让已在其他地区登记的人员加入本辖区队伍',
        body: z.strictObject({
          idCard: idCardSchema,
          teamId: teamIdSchema,
          role: z.enum(memberRoles).default('member'),
        }),
        response: { 200: z.object({ id: z.string(), status: z.enum(['pending', 'approved', 'rejected']) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().requestJoin(
        actor,
        request.body.idCard,
        request.body.teamId,
        request.body.role,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.get(
    '/api/join-requests',
    {
      schema: {
        tags: ['志愿者'],
        summary: '待本辖区审批的入队申请',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                volunteerId: z.string(),
                volunteerName: z.string(),
                teamId: z.string(),
                teamName: z.string(),
                teamRegionName: z.string(),
                role: z.enum(memberRoles),
                requestedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await service().incomingJoinRequests(requireActor(request)) }),
  );

  app.post(
    '/api/join-requests/:id/decide',
    {
      schema: {
        tags: ['志愿者'],
        summary: '批准或拒绝入队申请',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({ approve: z.boolean(), reason: z.string().trim().max(200).optional() }),
        response: { 200: z.object({ id: z.string(), status: z.enum(['pending', 'approved', 'rejected']) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().decideJoinRequest(
        actor,
        request.params.id,
        request.body.approve,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
    },
  );
};
