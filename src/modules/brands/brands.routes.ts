import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { regionCodeSchema } from '../../shared/regions';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { RegionsService } from '../regions/regions.service';
import { BrandsService } from './brands.service';

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

  app.get(
    '/api/public/brands',
    {
      config: { public: true },
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
};
