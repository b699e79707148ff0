import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../shared/zod';
import {
  regionCodeSchema,
  regionDetailSchema,
  regionListSchema,
  regionSearchQuerySchema,
  regionSearchResultSchema,
  stationSchema,
  stationUpdateSchema,
  veteranSecretaryUpdateSchema,
} from '../../shared/regions';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { RegionsService } from './regions.service';

const codeParams = z.strictObject({ code: regionCodeSchema });

/** The region tree is public statistical data: these reads are a named exception to scoping. */
export const regionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new RegionsService(app.database.db);

  app.get(
    '/api/regions/roots',
    {
      config: { public: true },
      schema: { tags: ['区划'], summary: '顶级区划', response: { 200: regionListSchema } },
    },
    async () => ({ items: await service().roots() }),
  );

  app.get(
    '/api/regions/search',
    {
      config: { public: true },
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
      config: { public: true },
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
      config: { public: true },
      schema: {
        tags: ['区划'],
        summary: '下级区划',
        params: codeParams,
        response: { 200: regionListSchema },
      },
    },
    async (request) => ({ items: await service().children(request.params.code) }),
  );

  app.put(
    '/api/regions/:code/station',
    {
      config: { capability: 'regions.manage' },
      schema: {
        tags: ['区划'],
        summary: '编辑本辖区服务中心(站)信息',
        params: codeParams,
        body: stationUpdateSchema,
        response: { 200: stationSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().updateStation(
        actor,
        request.params.code,
        request.body,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.put(
    '/api/regions/:code/veteran-secretary',
    {
      config: { capability: 'regions.manage' },
      schema: {
        tags: ['区划'],
        summary: '标记村(社区)党组织书记是否为退役军人(兵支书)',
        params: codeParams,
        body: veteranSecretaryUpdateSchema,
        response: { 200: regionDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      await service().setVeteranSecretary(
        actor,
        code,
        request.body.veteranSecretary,
        auditContextOf(actor, request.ip),
      );
      return service().detail(code);
    },
  );
};
