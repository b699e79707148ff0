import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  activityInputSchema,
  activitySchema,
  activityStatuses,
  attendanceRowSchema,
  outputSchema,
  outputTotalsSchema,
  recordRequestSchema,
  recordRequestStatuses,
  serviceRecordSchema,
} from '../../shared/activities';
import { regionCodeSchema } from '../../shared/regions';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { TeamsService } from '../teams/teams.service';
import { ActivitiesService } from './activities.service';
import { RecordsService } from './records.service';

const idParams = z.strictObject({ id: z.uuid({ message: '活动编号格式不正确' }) });
const attendanceSchema = z.object({
  activityId: z.string(),
  volunteerId: z.string(),
  checkInAt: z.string(),
  checkOutAt: z.string().nullable(),
  method: z.enum(['code', 'fixed', 'proxy']),
  proxyBy: z.string().nullable(),
  needsConfirmation: z.number(),
  autoClosed: z.number(),
});

export const activitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const activities = () =>
    new ActivitiesService(app.database.db, new TeamsService(app.database.db, app.fieldCrypto));
  const records = () => new RecordsService(app.database.db, activities());

  app.get(
    '/api/activities',
    {
      schema: {
        tags: ['活动'],
        summary: '活动列表（本辖区；志愿者：我的活动与附近可报名的活动）',
        querystring: z.strictObject({
          status: z.enum(activityStatuses).optional(),
          teamId: z.uuid().optional(),
          mine: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ items: z.array(activitySchema) }) },
      },
    },
    async (request) => ({
      items: await activities().list(requireActor(request), {
        ...request.query,
        mine: request.query.mine === 'true',
      }),
    }),
  );

  app.get(
    '/api/activities/:id',
    { schema: { tags: ['活动'], summary: '活动详情', params: idParams, response: { 200: activitySchema } } },
    async (request) => activities().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/activities',
    {
      schema: {
        tags: ['活动'],
        summary: '新建活动（草稿）',
        body: activityInputSchema,
        response: { 200: activitySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().create(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  for (const step of ['publish', 'start', 'complete'] as const) {
    app.post(
      `/api/activities/:id/${step}`,
      {
        schema: {
          tags: ['活动'],
          summary: { publish: '发布（开始报名）', start: '开始活动', complete: '结束活动' }[step],
          params: idParams,
          response: { 200: activitySchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return activities().transition(actor, request.params.id, step, auditContextOf(actor, request.ip));
      },
    );
  }

  app.post(
    '/api/activities/:id/cancel',
    {
      schema: {
        tags: ['活动'],
        summary: '取消活动',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(2, { message: '请填写取消原因' }).max(200) }),
        response: { 200: activitySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().cancel(
        actor,
        request.params.id,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/activities/:id/signups',
    {
      schema: {
        tags: ['活动'],
        summary: '报名（志愿者本人，或队长为多名队员报名）',
        params: idParams,
        body: z.strictObject({ volunteerIds: z.array(z.uuid()).max(500).optional() }).nullish(),
        response: {
          200: z.object({
            results: z.array(
              z.object({ volunteerId: z.string(), status: z.enum(['accepted', 'waitlisted']) }),
            ),
            activity: activitySchema,
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().signUp(
        actor,
        request.params.id,
        request.body?.volunteerIds,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/activities/:id/signups/cancel',
    {
      schema: {
        tags: ['活动'],
        summary: '取消报名（候补者依次递补）',
        params: idParams,
        body: z.strictObject({ volunteerId: z.uuid().optional() }).nullish(),
        response: { 200: activitySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().cancelSignUp(
        actor,
        request.params.id,
        request.body?.volunteerId,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.get(
    '/api/activities/:id/signups',
    {
      schema: {
        tags: ['活动'],
        summary: '报名名单（录取与候补顺序）及签到情况',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                volunteerId: z.string(),
                name: z.string(),
                volunteerNo: z.string(),
                status: z.enum(['accepted', 'waitlisted']),
                position: z.number().nullable(),
                signedUpAt: z.string(),
                checkInAt: z.string().nullable(),
                checkOutAt: z.string().nullable(),
                method: z.enum(['code', 'fixed', 'proxy']).nullable(),
                needsConfirmation: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await activities().signups(requireActor(request), request.params.id) }),
  );

  app.get(
    '/api/activities/:id/checkin-code',
    {
      schema: {
        tags: ['活动'],
        summary: '签到码（每分钟更新；另有打印用固定码）',
        params: idParams,
        response: {
          200: z.object({
            code: z.string(),
            fixedCode: z.string(),
            validForSeconds: z.number(),
            qrPayload: z.string(),
          }),
        },
      },
    },
    async (request) => activities().currentCode(requireActor(request), request.params.id),
  );

  app.post(
    '/api/activities/:id/check',
    {
      schema: {
        tags: ['活动'],
        summary: '志愿者扫码或输入签到码签到、签退',
        params: idParams,
        body: z.strictObject({
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/, { message: '签到码为6位数字' }),
          direction: z.enum(['in', 'out']),
        }),
        response: { 200: attendanceSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().checkWithCode(
        actor,
        request.params.id,
        request.body.code,
        request.body.direction,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/activities/:id/proxy-check',
    {
      schema: {
        tags: ['活动'],
        summary: '代签到、代签退（为没有智能手机的老年志愿者）',
        params: idParams,
        body: z.strictObject({ volunteerId: z.uuid(), direction: z.enum(['in', 'out']) }),
        response: { 200: attendanceSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return activities().proxyCheck(
        actor,
        request.params.id,
        request.body.volunteerId,
        request.body.direction,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.post(
    '/api/activities/:id/records',
    {
      schema: {
        tags: ['服务记录'],
        summary: '由签到签退生成服务记录（待确认）',
        params: idParams,
        response: { 200: z.object({ items: z.array(serviceRecordSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        items: await records().recordFromAttendance(
          actor,
          request.params.id,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/service-records',
    {
      schema: {
        tags: ['服务记录'],
        summary: '服务记录（本辖区）',
        querystring: z.strictObject({
          activityId: z.uuid().optional(),
          volunteerId: z.uuid().optional(),
          status: z.enum(['pending', 'confirmed', 'superseded']).optional(),
        }),
        response: { 200: z.object({ items: z.array(serviceRecordSchema) }) },
      },
    },
    async (request) => ({ items: await records().list(requireActor(request), request.query) }),
  );

  app.post(
    '/api/service-records/confirm',
    {
      schema: {
        tags: ['服务记录'],
        summary: '确认服务记录（本队成员）',
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000) }),
        response: { 200: z.object({ items: z.array(serviceRecordSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await records().confirm(actor, request.body.ids, auditContextOf(actor, request.ip)) };
    },
  );

  app.post(
    '/api/service-records/:id/correct',
    {
      schema: {
        tags: ['服务记录'],
        summary: '更正已确认的记录（生成新记录并注明原因）',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          minutes: z.number().int().min(1).max(1440),
          reason: z.string().trim().min(2, { message: '请填写更正原因' }).max(200),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await records().correct(
          actor,
          request.params.id,
          request.body.minutes,
          request.body.reason,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/activities/:id/attendance',
    {
      schema: {
        tags: ['活动'],
        summary: '签到情况：每条签到是否生成记录及原因（固定码待确认、不足1分钟等）',
        params: idParams,
        response: { 200: z.object({ items: z.array(attendanceRowSchema) }) },
      },
    },
    async (request) => ({ items: await activities().attendance(requireActor(request), request.params.id) }),
  );

  app.post(
    '/api/activities/:id/attendance/review',
    {
      schema: {
        tags: ['活动'],
        summary: '队长确认或不予确认固定码签到（及结束时自动签退的签到）',
        params: idParams,
        body: z.strictObject({
          volunteerIds: z.array(z.uuid()).min(1, { message: '请选择签到' }).max(1000),
          decision: z.enum(['confirm', 'reject']),
          note: z.string().trim().max(200).nullish(),
        }),
        response: { 200: z.object({ items: z.array(attendanceRowSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        items: await activities().reviewAttendance(
          actor,
          request.params.id,
          request.body.volunteerIds,
          request.body.decision,
          request.body.note ?? null,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/activities/:id/outputs',
    {
      schema: {
        tags: ['活动'],
        summary: '活动成果',
        params: idParams,
        response: { 200: z.object({ outputs: z.array(outputSchema) }) },
      },
    },
    async (request) => ({ outputs: await activities().outputs(requireActor(request), request.params.id) }),
  );

  app.get(
    '/api/activity-outputs/totals',
    {
      schema: {
        tags: ['活动'],
        summary: '活动成果合计（按队伍、品牌或区划，可按年度）',
        querystring: z.strictObject({
          teamId: z.uuid().optional(),
          brandId: z.uuid().optional(),
          regionCode: regionCodeSchema.optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: outputTotalsSchema },
      },
    },
    async (request) => activities().outputTotals(requireActor(request), request.query),
  );

  app.get(
    '/api/record-requests',
    {
      schema: {
        tags: ['服务记录'],
        summary: '志愿者的更正申请（本队记录）',
        querystring: z.strictObject({
          activityId: z.uuid().optional(),
          status: z.enum(recordRequestStatuses).optional(),
        }),
        response: { 200: z.object({ items: z.array(recordRequestSchema) }) },
      },
    },
    async (request) => ({ items: await records().requests(requireActor(request), request.query) }),
  );

  app.post(
    '/api/record-requests/:id/accept',
    {
      schema: {
        tags: ['服务记录'],
        summary: '同意更正申请（生成更正记录）',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: recordRequestSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return records().acceptRequest(actor, request.params.id, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/record-requests/:id/reject',
    {
      schema: {
        tags: ['服务记录'],
        summary: '不同意更正申请（注明原因）',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          reason: z.string().trim().min(2, { message: '请填写不同意的原因' }).max(200),
        }),
        response: { 200: recordRequestSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return records().rejectRequest(
        actor,
        request.params.id,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
    },
  );
};
