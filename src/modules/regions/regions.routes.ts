import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../shared/zod';
import {
  regionCodeSchema,
  regionDetailSchema,
  regionListSchema,
  regionSearchQuerySchema,
  regionSearchResultSchema,
} from '../../shared/regions';
import { RegionsService } from './regions.service';

const codeParams = z.strictObject({ code: regionCodeSchema });

/** The region tree is public statistical data: these reads are a named exception to scoping. */
export const regionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new RegionsService(app.database.db);

  app.get(
    '/api/regions/roots',
    { schema: { tags: ['区划'], summary: '顶级区划', response: { 200: regionListSchema } } },
    async () => ({ items: await service().roots() }),
  );

  app.get(
    '/api/regions/search',
    {
      schema: {
        tags: ['区划'],
        summary: '按名称搜索区划（各级）',
        querystring: regionSearchQuerySchema,
        response: { 200: regionSearchResultSchema },
      },
    },
    async (request) => ({ items: await service().search(request.query.q, request.query.limit) }),
  );

  app.get(
    '/api/regions/:code',
    {
      schema: {
        tags: ['区划'],
        summary: '区划详情：上级路径、服务站、下辖数量',
        params: codeParams,
        response: { 200: regionDetailSchema },
      },
    },
    async (request) => service().detail(request.params.code),
  );

  app.get(
    '/api/regions/:code/children',
    {
      schema: {
        tags: ['区划'],
        summary: '下级区划',
        params: codeParams,
        response: { 200: regionListSchema },
      },
    },
    async (request) => ({ items: await service().children(request.params.code) }),
  );
};
