import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import { regionCodeSchema } from '../../shared/regions';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { addWorkingDays, keyDates } from './calendar';
import { PlansService } from './plans.service';

const yearSchema = z.coerce
  .number()
  .int()
  .min(2000, { message: '年份不正确' })
  .max(2100, { message: '年份不正确' });
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' });

export const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new PlansService(app.database.db);

  app.get(
    '/api/calendar/key-dates',
    {
      schema: {
        tags: ['计划'],
        summary: '重要时间节点（含农历节日、节气与本市录入的日期）',
        querystring: z.strictObject({ year: yearSchema }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                date: z.string(),
                name: z.string(),
                kind: z.enum(['fixed', 'lunar', 'solar_term', 'local']),
                theme: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await keyDates(app.database.db, request.query.year) }),
  );

  app.put(
    '/api/calendar/working-days/:date',
    {
      schema: {
        tags: ['计划'],
        summary: '维护法定节假日与调休（市级）',
        params: z.strictObject({ date: dateSchema }),
        body: z.strictObject({ isWorkday: z.boolean(), note: z.string().trim().max(60).default('') }),
        response: { 200: z.object({ date: z.string(), isWorkday: z.boolean(), note: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (actor.role !== 'city_admin') throw new AppError('FORBIDDEN', '节假日与调休由市级维护');
      const { date } = request.params;
      const values = { isWorkday: request.body.isWorkday ? 1 : 0, note: request.body.note };
      await app.database.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('workingDays')
          .values({ date, ...values })
          .onConflict((oc) => oc.column('date').doUpdateSet(values))
          .execute();
        await new AuditRepo(tx).write(auditContextOf(actor, request.ip), {
          action: 'calendar.working_day.set',
          result: 'success',
          targetId: date,
          detail: request.body,
        });
      });
      return { date, isWorkday: request.body.isWorkday, note: request.body.note };
    },
  );

  app.get(
    '/api/calendar/add-working-days',
    {
      schema: {
        tags: ['计划'],
        summary: '从某日起数若干个工作日（期限计算）',
        querystring: z.strictObject({ from: dateSchema, days: z.coerce.number().int().min(1).max(365) }),
        response: { 200: z.object({ date: z.string() }) },
      },
    },
    async (request) => ({
      date: await addWorkingDays(app.database.db, request.query.from, request.query.days),
    }),
  );

  const planItem = z.strictObject({
    month: z.number().int().min(1).max(12),
    title: z.string().trim().min(2, { message: '请填写安排内容' }).max(100),
    theme: z.string().trim().max(60).optional(),
    keyDate: dateSchema.nullish(),
  });
  const planSchema = z.object({
    id: z.string(),
    regionCode: z.string(),
    teamId: z.string().nullable(),
    year: z.number(),
    title: z.string(),
    goals: z.string(),
    items: z.array(
      z.object({
        id: z.string(),
        month: z.number(),
        title: z.string(),
        theme: z.string(),
        keyDate: z.string().nullable(),
      }),
    ),
  });

  app.post(
    '/api/plans',
    {
      schema: {
        tags: ['计划'],
        summary: '新建年度计划及月度安排',
        body: z.strictObject({
          regionCode: regionCodeSchema,
          teamId: z.uuid().nullish(),
          year: z.number().int().min(2000).max(2100),
          title: z.string().trim().min(2).max(100),
          goals: z.string().trim().max(4000).default(''),
          items: z.array(planItem).max(200).default([]),
        }),
        response: { 200: planSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const plan = await service().create(actor, request.body, auditContextOf(actor, request.ip));
      return { ...plan, createdBy: undefined };
    },
  );

  app.get(
    '/api/plans',
    {
      schema: {
        tags: ['计划'],
        summary: '本辖区年度计划',
        querystring: z.strictObject({ year: yearSchema }),
        response: { 200: z.object({ items: z.array(planSchema.omit({ items: true })) }) },
      },
    },
    async (request) => ({ items: await service().list(requireActor(request), request.query.year) }),
  );

  app.get(
    '/api/plans/compliance',
    {
      schema: {
        tags: ['计划'],
        summary: '月度落实情况：当月既无安排也无活动的队伍',
        querystring: z.strictObject({
          year: yearSchema,
          month: z.coerce.number().int().min(1).max(12),
          regionCode: regionCodeSchema.optional(),
        }),
        response: {
          200: z.object({
            year: z.number(),
            month: z.number(),
            teams: z.number(),
            arranged: z.number(),
            active: z.number(),
            flaggedCount: z.number(),
            flagged: z.array(
              z.object({ id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) =>
      service().compliance(
        requireActor(request),
        request.query.year,
        request.query.month,
        request.query.regionCode,
      ),
  );
};
