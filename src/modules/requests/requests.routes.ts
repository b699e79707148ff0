import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import {
  acceptInputSchema,
  callOutDetailSchema,
  callOutInputSchema,
  callOutSummarySchema,
  figuresSchema,
  myCallOutSchema,
  ratingInputSchema,
  requestDetailSchema,
  requestInputSchema,
  requestStatuses,
  requestSummarySchema,
  suggestionSchema,
} from '../../shared/requests';
import { regionCodeSchema } from '../../shared/regions';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { FailureThrottle } from '../identity/throttle';
import { listServiceFields } from '../teams/serviceFields';
import { CallOutsService } from './callouts.service';
import { RequestsService } from './requests.service';

const idParams = z.strictObject({ id: z.uuid({ message: '编号不正确' }) });
const tokenParams = z.strictObject({ token: z.string().min(16).max(64) });

/** 群众点单与派单、紧急召集. */
export const requestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new RequestsService(app.database.db, app.fieldCrypto);
  const callOuts = () => new CallOutsService(app.database.db, app.fieldCrypto);
  // A public form: at most 5 requests per address in 10 minutes (the per-phone limit is in the service).
  const submits = new FailureThrottle(5, 10 * 60_000);
  // Rating links are long and random; still, limit guesses per address.
  const ratingLookups = new FailureThrottle(30, 10 * 60_000);

  app.get(
    '/api/public/requests/options',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '点单表单的服务类别',
        response: { 200: z.object({ fields: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async () => ({ fields: await listServiceFields(app.database.db) }),
  );

  app.post(
    '/api/public/requests',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '我要点单（群众提交服务需求，无需登录）',
        body: requestInputSchema,
        response: { 200: z.object({ id: z.string(), requestNo: z.string() }) },
      },
    },
    async (request) => {
      if (submits.blocked(request.ip)) throw new AppError('RATE_LIMITED', '提交过于频繁，请稍后再试');
      submits.fail(request.ip);
      return service().submit(null, request.body, auditContextOf(null, request.ip));
    },
  );

  app.get(
    '/api/public/requests/rate/:token',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '评价页：待评价的服务',
        params: tokenParams,
        response: {
          200: z.object({
            requestNo: z.string(),
            fieldName: z.string(),
            placeName: z.string(),
            teamName: z.string(),
            completedAt: z.string().nullable(),
            rated: z.boolean(),
            rating: z.number().nullable(),
          }),
        },
      },
    },
    async (request) => {
      if (ratingLookups.blocked(request.ip)) throw new AppError('RATE_LIMITED');
      try {
        return await service().byToken(request.params.token);
      } catch (error) {
        ratingLookups.fail(request.ip);
        throw error;
      }
    },
  );

  app.post(
    '/api/public/requests/rate/:token',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '评单（1至5星与评价，每个链接一次）',
        params: tokenParams,
        body: ratingInputSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      if (ratingLookups.blocked(request.ip)) throw new AppError('RATE_LIMITED');
      try {
        return await service().rate(
          request.params.token,
          request.body.rating,
          request.body.comment,
          auditContextOf(null, request.ip),
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') ratingLookups.fail(request.ip);
        throw error;
      }
    },
  );

  app.post(
    '/api/requests',
    {
      schema: {
        tags: ['群众点单'],
        summary: '服务站代群众点单',
        body: requestInputSchema,
        response: { 200: z.object({ id: z.string(), requestNo: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().submit(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/requests',
    {
      schema: {
        tags: ['群众点单'],
        summary: '群众点单列表（本辖区、本队）',
        querystring: z.strictObject({
          status: z.enum(requestStatuses).optional(),
          overdue: z.enum(['1', '0']).optional(),
          teamId: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(requestSummarySchema) }) },
      },
    },
    async (request) => ({
      items: await service().list(requireActor(request), {
        status: request.query.status,
        overdue: request.query.overdue === '1',
        teamId: request.query.teamId,
      }),
    }),
  );

  app.get(
    '/api/requests/overdue-count',
    {
      schema: {
        tags: ['群众点单'],
        summary: '超时点单数（派单超过1个工作日、接单超过24小时）',
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (request) => ({ count: await service().overdueCount(requireActor(request)) }),
  );

  app.get(
    '/api/requests/figures',
    {
      schema: {
        tags: ['群众点单'],
        summary: '点单统计：按服务类别、接单用时、满意度（按区域或队伍）',
        querystring: z.strictObject({ regionCode: regionCodeSchema.optional(), teamId: z.uuid().optional() }),
        response: { 200: figuresSchema },
      },
    },
    async (request) => service().figures(requireActor(request), request.query),
  );

  app.get(
    '/api/requests/:id',
    {
      schema: {
        tags: ['群众点单'],
        summary: '点单详情（含派单记录）',
        params: idParams,
        response: { 200: requestDetailSchema },
      },
    },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.get(
    '/api/requests/:id/suggestions',
    {
      schema: {
        tags: ['群众点单'],
        summary: '推荐队伍（同村优先，再同乡镇、本县；服务领域匹配；在办单少者优先）',
        params: idParams,
        response: { 200: z.object({ items: z.array(suggestionSchema) }) },
      },
    },
    async (request) => ({ items: await service().suggestions(requireActor(request), request.params.id) }),
  );

  app.post(
    '/api/requests/:id/dispatch',
    {
      schema: {
        tags: ['群众点单'],
        summary: '派单给队伍',
        params: idParams,
        body: z.strictObject({ teamId: z.uuid({ message: '请选择队伍' }) }),
        response: { 200: requestDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().dispatch(
        actor,
        request.params.id,
        request.body.teamId,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/requests/:id/accept',
    {
      schema: {
        tags: ['群众点单'],
        summary: '接单（生成本队活动）',
        params: idParams,
        body: acceptInputSchema,
        response: { 200: requestDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().accept(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/requests/:id/decline',
    {
      schema: {
        tags: ['群众点单'],
        summary: '退回派单（需说明原因）',
        params: idParams,
        body: z.strictObject({
          reason: z
            .string()
            .trim()
            .min(2, { message: '请说明退回原因' })
            .max(200, { message: '原因不超过200字' }),
        }),
        response: { 200: requestDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().decline(
        actor,
        request.params.id,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/requests/:id/complete',
    {
      schema: {
        tags: ['群众点单'],
        summary: '服务完成（结束关联活动，并向群众发送评价链接）',
        params: idParams,
        response: { 200: requestDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const base = `${request.protocol}://${request.host}`;
      return service().complete(actor, request.params.id, auditContextOf(actor, request.ip), base);
    },
  );

  // 紧急召集
  app.post(
    '/api/callouts',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '发起紧急召集（县级及以上）',
        body: callOutInputSchema,
        response: { 200: callOutDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return callOuts().create(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/callouts',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '紧急召集列表',
        response: { 200: z.object({ items: z.array(callOutSummarySchema) }) },
      },
    },
    async (request) => ({ items: await callOuts().list(requireActor(request)) }),
  );

  app.get(
    '/api/callouts/mine',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '我收到的召集（志愿者）',
        response: { 200: z.object({ items: z.array(myCallOutSchema) }) },
      },
    },
    async (request) => ({ items: await callOuts().mine(requireActor(request)) }),
  );

  app.get(
    '/api/callouts/:id',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '召集详情与实时应答统计',
        params: idParams,
        response: { 200: callOutDetailSchema },
      },
    },
    async (request) => callOuts().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/callouts/:id/answer',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '答复召集：能参加 / 不能参加',
        params: idParams,
        body: z.strictObject({ available: z.boolean() }),
        response: { 200: z.object({ answer: z.enum(['available', 'unavailable']) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return callOuts().answer(
        actor,
        request.params.id,
        request.body.available,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/callouts/:id/activity',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '召集转为活动（能参加的队员自动报名）',
        params: idParams,
        response: { 200: callOutDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return callOuts().toActivity(actor, request.params.id, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/callouts/:id/close',
    {
      schema: {
        tags: ['紧急召集'],
        summary: '结束召集',
        params: idParams,
        response: { 200: callOutDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return callOuts().close(actor, request.params.id, auditContextOf(actor, request.ip));
    },
  );
};
