import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import { regionCodeSchema } from '../../shared/regions';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { mayViewBrandResults } from '../identity/policy';
import { FailureThrottle } from '../identity/throttle';
import { RegionsService } from '../regions/regions.service';
import { BrandsService } from './brands.service';
import { CasesService } from './cases.service';

const idParams = z.strictObject({ id: z.uuid() });
const ok = z.object({ ok: z.literal(true) });
const outputsSchema = z.object({
  confirmedMinutes: z.number(),
  records: z.number(),
  volunteers: z.number(),
  activities: z.number(),
  outputs: z.array(z.object({ kind: z.string(), quantity: z.number() })),
});
const caseSummary = z.object({
  id: z.string(),
  title: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  regionCode: z.string(),
  countyName: z.string(),
  highlightId: z.string().nullable(),
  highlightTitle: z.string().nullable(),
  fieldId: z.string().nullable(),
  fieldName: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
const caseBody = z.strictObject({
  highlightId: z.uuid({ message: '请选择品牌亮点' }),
  title: z.string().trim().min(4, { message: '案例标题至少4个字' }).max(100),
  fieldId: z
    .string()
    .max(36)
    .nullish()
    .transform((v) => v || null),
  background: z.string().trim().max(8000).default(''),
  actions: z.string().trim().min(10, { message: '请写明主要做法（至少10个字）' }).max(8000),
  results: z.string().trim().max(8000).default(''),
});

const brandSchema = z.object({
  id: z.string(),
  name: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  description: z.string(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  highlights: z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })),
});

export const brandsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new BrandsService(app.database.db);
  const rootCode = async () => (await new RegionsService(app.database.db).roots())[0]?.code ?? '130400000000';
  // Public reads, like the portal's: a budget of requests per address and minute.
  const publicHits = new FailureThrottle(240, 60_000);
  const publicBudget = async (request: FastifyRequest) => {
    if (publicHits.blocked(request.ip)) throw new AppError('RATE_LIMITED', '访问过于频繁，请稍后再试');
    publicHits.fail(request.ip);
  };

  app.get(
    '/api/public/brands',
    {
      config: { public: true },
      onRequest: publicBudget,
      schema: {
        tags: ['公开'],
        summary: '特色品牌（按县区）',
        querystring: z.strictObject({ regionCode: regionCodeSchema.optional() }),
        response: { 200: z.object({ items: z.array(brandSchema) }) },
      },
    },
    async (request) => ({ items: await service().list(request.query.regionCode ?? (await rootCode())) }),
  );

  app.get(
    '/api/public/brands/coverage',
    {
      config: { public: true },
      onRequest: publicBudget,
      schema: {
        tags: ['公开'],
        summary: '一县一品牌、一个品牌一个亮点',
        querystring: z.strictObject({ regionCode: regionCodeSchema.optional() }),
        response: {
          200: z.object({
            counties: z.number(),
            countiesWithBrand: z.number(),
            brands: z.number(),
            brandsWithHighlight: z.number(),
            countiesWithoutBrand: z.array(z.object({ code: z.string(), name: z.string() })),
            brandsWithoutHighlight: z.array(
              z.object({ id: z.string(), name: z.string(), countyName: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) => service().coverage(request.query.regionCode ?? (await rootCode())),
  );

  app.post(
    '/api/brands',
    {
      schema: {
        tags: ['品牌'],
        summary: '新建特色品牌（县级及以上）',
        body: z.strictObject({
          name: z.string().trim().min(2, { message: '品牌名称至少2个字' }).max(60),
          countyCode: regionCodeSchema,
          description: z.string().trim().max(4000).default(''),
          teamIds: z.array(z.uuid()).max(50).default([]),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await service().create(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.post(
    '/api/brands/:id/highlights',
    {
      schema: {
        tags: ['品牌'],
        summary: '添加品牌亮点',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          title: z.string().trim().min(2, { message: '请填写亮点标题' }).max(100),
          body: z.string().trim().max(4000).default(''),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await service().addHighlight(
          actor,
          request.params.id,
          request.body.title,
          request.body.body,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/brands/:id',
    {
      schema: {
        tags: ['品牌'],
        summary: '品牌详情：队伍、亮点、服务成效',
        params: idParams,
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            countyCode: z.string(),
            countyName: z.string(),
            description: z.string(),
            updatedAt: z.string(),
            teams: z.array(z.object({ id: z.string(), name: z.string() })),
            highlights: z.array(
              z.object({ id: z.string(), title: z.string(), body: z.string(), createdAt: z.string() }),
            ),
            results: outputsSchema,
          }),
        },
      },
    },
    async (request) => {
      if (!mayViewBrandResults(requireActor(request))) throw new AppError('FORBIDDEN');
      const brand = await service().get(request.params.id);
      return { ...brand, results: await service().outputs(brand.id) };
    },
  );

  app.put(
    '/api/brands/:id',
    {
      schema: {
        tags: ['品牌'],
        summary: '修改特色品牌',
        params: idParams,
        body: z.strictObject({
          name: z.string().trim().min(2, { message: '品牌名称至少2个字' }).max(60),
          description: z.string().trim().max(4000).default(''),
          teamIds: z.array(z.uuid()).max(50).default([]),
        }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().update(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.put(
    '/api/brands/highlights/:id',
    {
      schema: {
        tags: ['品牌'],
        summary: '修改品牌亮点',
        params: idParams,
        body: z.strictObject({
          title: z.string().trim().min(2, { message: '请填写亮点标题' }).max(100),
          body: z.string().trim().max(4000).default(''),
        }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await service().updateHighlight(
        actor,
        request.params.id,
        request.body.title,
        request.body.body,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  const cases = () => new CasesService(app.database.db);

  app.get(
    '/api/cases',
    {
      schema: {
        tags: ['品牌'],
        summary: '典型案例库（按服务领域、关键词检索）',
        querystring: z.strictObject({
          q: z.string().trim().max(50).optional(),
          fieldId: z.string().max(36).optional(),
          status: z.enum(['draft', 'published']).optional(),
          brandId: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(caseSummary) }) },
      },
    },
    async (request) => ({ items: await cases().list(requireActor(request), request.query) }),
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags: ['品牌'],
        summary: '典型案例详情（含品牌服务成效）',
        params: idParams,
        response: {
          200: caseSummary.extend({
            background: z.string(),
            actions: z.string(),
            results: z.string(),
            brandOutputs: outputsSchema,
          }),
        },
      },
    },
    async (request) => cases().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/cases',
    {
      schema: {
        tags: ['品牌'],
        summary: '把品牌亮点写成典型案例（草稿）',
        body: caseBody,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await cases().create(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.put(
    '/api/cases/:id',
    {
      schema: {
        tags: ['品牌'],
        summary: '修改典型案例',
        params: idParams,
        body: caseBody,
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await cases().update(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/cases/:id/status',
    {
      schema: {
        tags: ['品牌'],
        summary: '发布或撤回典型案例',
        params: idParams,
        body: z.strictObject({ status: z.enum(['draft', 'published'], { message: '状态不正确' }) }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await cases().setStatus(
        actor,
        request.params.id,
        request.body.status,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );
};
