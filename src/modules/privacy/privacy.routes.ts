import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment } from '../../server/download';
import { AppError } from '../../server/errors';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { collectPersonalData, personalDataJson, personalDataWorkbook } from './privacy.export';
import {
  correctionInputSchema,
  decisionNoteSchema,
  erasureConfirmSchema,
  erasureInputSchema,
  myPrivacySchema,
  rejectionSchema,
  staffListQuerySchema,
  staffRequestSchema,
} from './privacy.schemas';
import { MyPrivacyService } from './privacy.mine';
import { PrivacyRequestsService } from './privacy.requests';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.strictObject({ id: z.uuid({ message: '申请编号格式不正确' }) });
const created = z.object({ id: z.string() });
const decided = z.object({ id: z.string(), status: z.enum(['accepted', 'rejected']) });

/** 我的个人信息 (the volunteer) and 个人信息请求 (staff whose scope covers them). */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const mine = () => new MyPrivacyService(app.database.db, app.fieldCrypto);
  const requests = () => new PrivacyRequestsService(app.database.db, app.fieldCrypto);
  const tags = ['个人信息权利'];

  app.get(
    '/api/me/privacy',
    {
      schema: {
        tags,
        summary: '我的个人信息、宣传授权与申请',
        response: { 200: myPrivacySchema },
      },
    },
    async (request) => mine().mine(requireActor(request)),
  );

  app.get(
    '/api/me/privacy/export',
    {
      schema: {
        tags,
        summary: '下载我的数据（JSON 或 Excel；不缓存，留审计记录）',
        querystring: z.strictObject({ format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (actor.role !== 'volunteer' || !actor.volunteerId)
        throw new AppError('FORBIDDEN', '此页面供志愿者本人使用');
      const { format } = request.query;
      const data = await collectPersonalData(app.database.db, app.fieldCrypto, actor.volunteerId);
      const exportedAt = new Date().toISOString();
      const body =
        format === 'xlsx'
          ? await personalDataWorkbook(data)
          : Buffer.from(personalDataJson(data, exportedAt), 'utf8');
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'privacy.export',
        result: 'success',
        targetType: 'volunteer',
        targetId: actor.volunteerId,
        detail: { format },
      });
      const name = `我的数据-${data.volunteerNo}-${exportedAt.slice(0, 10)}.${format}`;
      return reply
        .type(format === 'xlsx' ? XLSX : 'application/json; charset=utf-8')
        .header('content-disposition', attachment(name, `my-data-${data.volunteerNo}.${format}`))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.post(
    '/api/me/privacy/corrections',
    {
      schema: {
        tags,
        summary: '申请更正我的个人信息',
        body: correctionInputSchema,
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return mine().requestCorrection(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/me/privacy/consent/withdraw',
    {
      schema: {
        tags,
        summary: '撤回宣传授权（涉及本人的稿件和海报立即从门户撤下）',
        response: {
          200: z.object({
            consent: z.literal(false),
            consentAt: z.string(),
            storiesHidden: z.number(),
            postersWithdrawn: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return mine().withdrawConsent(actor, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/me/privacy/erasure',
    {
      schema: {
        tags,
        summary: '申请注销（删除个人信息，须输入“确认注销”）',
        body: erasureInputSchema,
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return mine().requestErasure(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/privacy/requests',
    {
      schema: {
        tags,
        summary: '本辖区志愿者的个人信息请求（更正、注销）',
        querystring: staffListQuerySchema,
        response: { 200: z.object({ items: z.array(staffRequestSchema) }) },
      },
    },
    async (request) => ({ items: await requests().list(requireActor(request), request.query.status) }),
  );

  app.post(
    '/api/privacy/requests/:id/accept',
    {
      schema: {
        tags,
        summary: '办理更正申请（按登记规则校验后写入）',
        params: idParams,
        body: decisionNoteSchema,
        response: { 200: decided },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return requests().accept(
        actor,
        request.params.id,
        request.body.note,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/privacy/requests/:id/reject',
    {
      schema: {
        tags,
        summary: '不予办理（须写明理由）',
        params: idParams,
        body: rejectionSchema,
        response: { 200: decided },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return requests().reject(
        actor,
        request.params.id,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/privacy/requests/:id/erase',
    {
      schema: {
        tags,
        summary: '确认注销并匿名化（不可恢复；须输入该志愿者姓名）',
        params: idParams,
        body: erasureConfirmSchema,
        response: { 200: z.object({ id: z.string(), status: z.literal('accepted'), name: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return requests().confirmErasure(
        actor,
        request.params.id,
        request.body.confirmName,
        request.body.note,
        auditContextOf(actor, request.ip),
      );
    },
  );
};
