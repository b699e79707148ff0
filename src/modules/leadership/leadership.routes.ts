import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { regionCodeSchema } from '../../shared/regions';
import { isoDateSchema as dateSchema, z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { LeadershipService } from './leadership.service';

const yearSchema = z.coerce
  .number()
  .int()
  .min(2000, { message: '年份不正确' })
  .max(2100, { message: '年份不正确' });
const roleSchema = z.enum(['leader', 'deputy', 'member'], { message: '请选择组长、副组长或成员' });
const statusSchema = z.enum(['not_started', 'in_progress', 'done'], { message: '请选择任务状态' });
const idParams = z.strictObject({ id: z.uuid() });
const ok = z.object({ ok: z.literal(true) });
const created = z.object({ id: z.string() });

const groupSummary = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  regionLevel: z.string(),
  name: z.string(),
  duties: z.string(),
  updatedAt: z.string(),
  currentMembers: z.number(),
  leaderName: z.string().nullable(),
});

const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  post: z.string(),
  role: roleSchema,
  fromDate: z.string(),
  toDate: z.string().nullable(),
  current: z.boolean(),
});

const assignmentSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  status: statusSchema,
  completedOn: z.string().nullable(),
  updatedAt: z.string(),
  title: z.string(),
  content: z.string(),
  measure: z.string(),
  dueDate: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  meetingHeldOn: z.string(),
  year: z.number(),
  overdue: z.boolean(),
  reports: z.number(),
  latestReport: z.object({ evidence: z.string(), createdAt: z.string() }).nullable(),
});

const linkSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/|\/api\/)/, { message: '附件链接应以 http://、https:// 或 /api/ 开头' });

/** 领导小组与工作任务. */
export const leadershipRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new LeadershipService(app.database.db);

  app.get(
    '/api/leadership/groups',
    {
      schema: {
        tags: ['组织领导'],
        summary: '领导小组（本级及下级）',
        response: { 200: z.object({ items: z.array(groupSummary) }) },
      },
    },
    async (request) => ({ items: await service().listGroups(requireActor(request)) }),
  );

  app.get(
    '/api/leadership/groups/:id',
    {
      schema: {
        tags: ['组织领导'],
        summary: '领导小组及成员（含历任）',
        params: idParams,
        response: {
          200: groupSummary
            .omit({ currentMembers: true, leaderName: true })
            .extend({ members: z.array(memberSchema) }),
        },
      },
    },
    async (request) => service().getGroup(requireActor(request), request.params.id),
  );

  app.post(
    '/api/leadership/groups',
    {
      schema: {
        tags: ['组织领导'],
        summary: '设立领导小组（市、县）',
        body: z.strictObject({
          regionCode: regionCodeSchema,
          name: z.string().trim().min(2, { message: '请填写领导小组名称' }).max(100),
          duties: z.string().trim().max(4000).default(''),
        }),
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await service().createGroup(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.put(
    '/api/leadership/groups/:id',
    {
      schema: {
        tags: ['组织领导'],
        summary: '修改领导小组名称与职责',
        params: idParams,
        body: z.strictObject({
          name: z.string().trim().min(2, { message: '请填写领导小组名称' }).max(100),
          duties: z.string().trim().max(4000).default(''),
        }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().updateGroup(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/leadership/groups/:id/members',
    {
      schema: {
        tags: ['组织领导'],
        summary: '增加领导小组成员',
        params: idParams,
        body: z.strictObject({
          name: z.string().trim().min(2, { message: '请填写姓名' }).max(40),
          post: z.string().trim().min(2, { message: '请填写职务' }).max(60),
          role: roleSchema,
          fromDate: dateSchema,
        }),
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await service().addMember(
          actor,
          request.params.id,
          request.body,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.post(
    '/api/leadership/members/:id/end',
    {
      schema: {
        tags: ['组织领导'],
        summary: '成员离任（保留任职记录）',
        params: idParams,
        body: z.strictObject({ toDate: dateSchema }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().endMember(
        actor,
        request.params.id,
        request.body.toDate,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/work-meetings',
    {
      schema: {
        tags: ['组织领导'],
        summary: '工作会议',
        querystring: z.strictObject({ year: yearSchema.optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                regionCode: z.string(),
                year: z.number(),
                heldOn: z.string(),
                title: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await service().listMeetings(requireActor(request), request.query.year) }),
  );

  app.post(
    '/api/work-meetings',
    {
      schema: {
        tags: ['组织领导'],
        summary: '登记年度工作会议（市级）',
        body: z.strictObject({
          year: z.number().int().min(2000).max(2100),
          heldOn: dateSchema,
          title: z.string().trim().min(2, { message: '请填写会议名称' }).max(100),
        }),
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await service().createMeeting(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.post(
    '/api/work-meetings/:id/tasks',
    {
      schema: {
        tags: ['组织领导'],
        summary: '安排部署工作任务（可同时交给多个县）',
        params: idParams,
        body: z.strictObject({
          title: z.string().trim().min(2, { message: '请填写任务内容' }).max(100),
          content: z.string().trim().max(4000).default(''),
          measure: z.string().trim().max(100).default(''),
          dueDate: dateSchema,
          countyCodes: z.array(regionCodeSchema).min(1, { message: '请选择承担任务的县(市、区)' }).max(50),
        }),
        response: { 200: created },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await service().assignTask(
          actor,
          request.params.id,
          request.body,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/work-tasks',
    {
      schema: {
        tags: ['组织领导'],
        summary: '工作任务落实情况（按县）',
        querystring: z.strictObject({
          year: yearSchema.optional(),
          meetingId: z.uuid().optional(),
          status: statusSchema.optional(),
          overdue: z.enum(['1', '0']).optional(),
          countyCode: regionCodeSchema.optional(),
        }),
        response: {
          200: z.object({
            items: z.array(assignmentSchema),
            total: z.number(),
            overdue: z.number(),
            done: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { overdue, ...rest } = request.query;
      const items = await service().listAssignments(requireActor(request), {
        ...rest,
        overdue: overdue === '1',
      });
      return {
        items,
        total: items.length,
        overdue: items.filter((i) => i.overdue).length,
        done: items.filter((i) => i.status === 'done').length,
      };
    },
  );

  app.get(
    '/api/work-tasks/:id',
    {
      schema: {
        tags: ['组织领导'],
        summary: '某县承担的一项任务及进展记录',
        params: idParams,
        response: {
          200: assignmentSchema.extend({
            history: z.array(
              z.object({
                id: z.string(),
                status: statusSchema,
                evidence: z.string(),
                links: z.array(z.string()),
                reporterName: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => service().getAssignment(requireActor(request), request.params.id),
  );

  app.post(
    '/api/work-tasks/:id/reports',
    {
      schema: {
        tags: ['组织领导'],
        summary: '报送任务进展（县级）',
        params: idParams,
        body: z.strictObject({
          status: statusSchema,
          evidence: z.string().trim().min(4, { message: '请写明进展情况和佐证' }).max(4000),
          links: z.array(linkSchema).max(10).default([]),
        }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().report(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );
};
