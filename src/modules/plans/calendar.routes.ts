import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoDateSchema, z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { addWorkingDays, keyDates } from './calendar';
import { CalendarService } from './calendar.service';
import { idParams, yearSchema } from './plans.schemas';

const keyDateKinds = ['fixed', 'lunar', 'solar_term', 'local'] as const;

const localDateInput = z.strictObject({
  date: isoDateSchema,
  name: z
    .string()
    .trim()
    .min(2, { message: '请填写节点名称（至少2个字）' })
    .max(60, { message: '名称不超过60字' }),
  theme: z.string().trim().max(200, { message: '主题不超过200字' }).default(''),
});
const localDateSchema = z.object({ id: z.string(), date: z.string(), name: z.string(), theme: z.string() });
const workingDaySchema = z.object({ date: z.string(), isWorkday: z.boolean(), note: z.string() });
/** The contract the activity form prefills from (`/activities/new?template=<id>`). */
const templateContract = z.object({
  id: z.string(),
  title: z.string(),
  theme: z.string(),
  content: z.string(),
  serviceFieldId: z.string().nullable(),
  keyDateName: z.string().nullable(),
});
const templateRow = templateContract.extend({
  serviceFieldName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
});

/** 重要时间节点, 法定节假日与调休, 主题活动模板 (registered by the plans routes). */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const calendar = () => new CalendarService(app.database.db);

  // ---------------- 重要时间节点 ----------------

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
                id: z.string().nullable(),
                date: z.string(),
                name: z.string(),
                kind: z.enum(keyDateKinds),
                theme: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await keyDates(app.database.db, request.query.year) };
    },
  );

  app.get(
    '/api/calendar/local-key-dates',
    {
      schema: {
        tags: ['计划'],
        summary: '本市录入的重要节点（中考等）',
        querystring: z.strictObject({ year: yearSchema }),
        response: { 200: z.object({ items: z.array(localDateSchema) }) },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await calendar().listLocalDates(request.query.year) };
    },
  );

  app.post(
    '/api/calendar/local-key-dates',
    {
      schema: {
        tags: ['计划'],
        summary: '录入本地重要节点（市级）',
        body: localDateInput,
        response: { 200: localDateSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return calendar().addLocalDate(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.put(
    '/api/calendar/local-key-dates/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '修改本地重要节点（市级）',
        params: idParams,
        body: localDateInput,
        response: { 200: localDateSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return calendar().updateLocalDate(
        actor,
        request.params.id,
        request.body,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.delete(
    '/api/calendar/local-key-dates/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '删除本地重要节点（市级）',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await calendar().removeLocalDate(actor, request.params.id, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  // ---------------- 法定节假日与调休 ----------------

  app.get(
    '/api/calendar/working-days',
    {
      schema: {
        tags: ['计划'],
        summary: '法定节假日与调休表（某年）',
        querystring: z.strictObject({ year: yearSchema }),
        response: { 200: z.object({ year: z.number(), items: z.array(workingDaySchema) }) },
      },
    },
    async (request) => {
      requireActor(request);
      return { year: request.query.year, items: await calendar().listWorkingDays(request.query.year) };
    },
  );

  app.put(
    '/api/calendar/working-days/:date',
    {
      schema: {
        tags: ['计划'],
        summary: '维护法定节假日与调休（市级）',
        params: z.strictObject({ date: isoDateSchema }),
        body: z.strictObject({
          isWorkday: z.boolean({ message: '请选择放假或调休上班' }),
          note: z.string().trim().max(60, { message: '说明不超过60字' }).default(''),
        }),
        response: { 200: workingDaySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return calendar().setWorkingDay(
        actor,
        request.params.date,
        request.body,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.delete(
    '/api/calendar/working-days/:date',
    {
      schema: {
        tags: ['计划'],
        summary: '删除一条节假日或调休登记（市级）',
        params: z.strictObject({ date: isoDateSchema }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await calendar().removeWorkingDay(actor, request.params.date, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/calendar/add-working-days',
    {
      schema: {
        tags: ['计划'],
        summary: '从某日起数若干个工作日（期限计算）',
        querystring: z.strictObject({
          from: isoDateSchema,
          days: z.coerce
            .number({ message: '天数应为1至365' })
            .int({ message: '天数应为1至365' })
            .min(1, { message: '天数应为1至365' })
            .max(365, { message: '天数应为1至365' }),
        }),
        response: { 200: z.object({ date: z.string() }) },
      },
    },
    async (request) => {
      requireActor(request);
      return { date: await addWorkingDays(app.database.db, request.query.from, request.query.days) };
    },
  );

  // ---------------- 主题活动模板 ----------------

  app.get(
    '/api/activity-templates',
    {
      schema: {
        tags: ['计划'],
        summary: '主题活动模板（本级、上级与下级制定的）',
        querystring: z.strictObject({ keyDateName: z.string().trim().max(60).optional() }),
        response: { 200: z.object({ items: z.array(templateRow) }) },
      },
    },
    async (request) => ({
      items: await calendar().listTemplates(requireActor(request), request.query.keyDateName),
    }),
  );

  app.get(
    '/api/activity-templates/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '一个主题活动模板（新建活动时按模板预填）',
        params: idParams,
        response: { 200: templateContract },
      },
    },
    async (request) => calendar().template(requireActor(request), request.params.id),
  );

  app.post(
    '/api/activity-templates',
    {
      schema: {
        tags: ['计划'],
        summary: '新建主题活动模板（市、县）',
        body: z.strictObject({
          title: z
            .string()
            .trim()
            .min(2, { message: '请填写模板名称（至少2个字）' })
            .max(100, { message: '名称不超过100字' }),
          theme: z.string().trim().max(60, { message: '主题不超过60字' }).default(''),
          content: z.string().trim().max(4000, { message: '建议内容不超过4000字' }).default(''),
          serviceFieldId: z.string().max(36).nullish(),
          keyDateName: z.string().trim().max(60, { message: '节点名称不超过60字' }).nullish(),
        }),
        response: { 200: templateContract },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return calendar().createTemplate(actor, request.body, auditContextOf(actor, request.ip));
    },
  );

  app.delete(
    '/api/activity-templates/:id',
    {
      schema: {
        tags: ['计划'],
        summary: '删除主题活动模板',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await calendar().removeTemplate(actor, request.params.id, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );
};
