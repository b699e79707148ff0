import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { regionCodeSchema } from '../../shared/regions';
import { isoDateSchema, z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { calendarRoutes } from './calendar.routes';
import { ComplianceService } from './compliance.service';
import { idParams, monthSchema, yearSchema } from './plans.schemas';
import { PlansService } from './plans.service';

const planItemInput = z.strictObject({
  month: monthSchema,
  title: z
    .string()
    .trim()
    .min(2, { message: '请填写安排内容（至少2个字）' })
    .max(100, { message: '安排内容不超过100字' }),
  theme: z.string().trim().max(60, { message: '主题不超过60字' }).optional(),
  keyDate: isoDateSchema.nullish(),
});
const planItemSchema = z.object({
  id: z.string(),
  month: z.number(),
  title: z.string(),
  theme: z.string(),
  keyDate: z.string().nullable(),
  done: z.boolean(),
  activityId: z.string().nullable(),
  activityTitle: z.string().nullable(),
});
const planHead = {
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  year: z.number(),
  title: z.string(),
  goals: z.string(),
  updatedAt: z.string(),
};
const planSchema = z.object({ ...planHead, items: z.array(planItemSchema) });
const planSummarySchema = z.object({ ...planHead, itemCount: z.number(), doneCount: z.number() });
const flaggedTeam = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
});
const regionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });
const counts = { teams: z.number(), arranged: z.number(), active: z.number(), flagged: z.number() };

export const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new PlansService(app.database.db);
  const compliance = () => new ComplianceService(app.database.db);

  await app.register(calendarRoutes);

  // ---------------- 年度计划与月度安排 ----------------

  app.post(
    '/api/plans',
    {
      schema: {
        tags: ['计划'],
        summary: '新建年度计划及月度安排',
        body: z.strictObject({
          regionCode: regionCodeSchema,
          teamId: z.uuid({ message: '队伍编号不正确' }).nullish(),
          year: z
            .number({ message: '年份不正确' })
            .int()
            .min(2000, { message: '年份不正确' })
            .max(2100, { message: '年份不正确' }),
          title: z
            .string()
            .trim()
            .min(2, { message: '请填写计划名称（至少2个字）' })
            .max(100, { message: '名称不超过100字' }),
          goals: z.string().trim().max(4000, { message: '目标不超过4000字' }).default(''),
          items: z.array(planItemInput).max(200).default([]),
        }),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().create(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/plans',
    {
      schema: {
        tags: ['计划'],
        summary: '本辖区年度计划',
        querystring: z.strictObject({
          year: yearSchema,
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            items: z.array(planSummarySchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { year, page, pageSize } = request.query;
      return service().list(requireActor(request), year, page, pageSize);
    },
  );

  app.get(
    '/api/plans/compliance/regions',
    {
      schema: {
        tags: ['计划'],
        summary: '月度落实情况（按下级区划汇总，可逐级下钻）',
        querystring: z.strictObject({
          year: yearSchema,
          month: monthSchema,
          regionCode: regionCodeSchema.optional(),
        }),
        response: {
          200: z.object({
            year: z.number(),
            month: z.number(),
            region: regionRef,
            path: z.array(regionRef),
            total: z.object(counts),
            rows: z.array(regionRef.extend({ own: z.boolean(), drillable: z.boolean(), ...counts })),
            flagged: z.array(flaggedTeam),
          }),
        },
      },
    },
    async (request) =>
      compliance().byRegion(
        requireActor(request),
        request.query.year,
        request.query.month,
        request.query.regionCode,
      ),
  );

  app.get(
    '/api/plans/:id',
    {
      schema: { tags: ['计划'], summary: '年度计划详情', params: idParams, response: { 200: planSchema } },
    },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.put(
    '/api/plans/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '修改年度计划（名称、目标）',
        params: idParams,
        body: z.strictObject({
          title: z
            .string()
            .trim()
            .min(2, { message: '请填写计划名称（至少2个字）' })
            .max(100, { message: '名称不超过100字' })
            .optional(),
          goals: z.string().trim().max(4000, { message: '目标不超过4000字' }).optional(),
        }),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().update(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.delete(
    '/api/plans/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '删除年度计划',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().remove(actor, request.params.id, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  const itemExtras = {
    done: z.boolean().optional(),
    activityId: z.uuid({ message: '活动编号不正确' }).nullish(),
  };

  app.post(
    '/api/plans/:id/items',
    {
      schema: {
        tags: ['计划'],
        summary: '添加月度安排',
        params: idParams,
        body: planItemInput.extend(itemExtras),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().addItem(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
    },
  );

  const itemParams = z.strictObject({
    id: z.uuid({ message: '编号不正确' }),
    itemId: z.uuid({ message: '编号不正确' }),
  });

  app.put(
    '/api/plans/:id/items/:itemId',
    {
      schema: {
        tags: ['计划'],
        summary: '修改月度安排（含标记已落实、关联活动）',
        params: itemParams,
        body: planItemInput.partial().extend(itemExtras),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().updateItem(
        actor,
        request.params.id,
        request.params.itemId,
        request.body,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.delete(
    '/api/plans/:id/items/:itemId',
    {
      schema: {
        tags: ['计划'],
        summary: '删除月度安排',
        params: itemParams,
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().removeItem(
        actor,
        request.params.id,
        request.params.itemId,
        auditContextOf(actor, request.ip),
      );
    },
  );
};
