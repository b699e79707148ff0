import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readerOf } from '../../db/database';
import { regionCodeSchema } from '../../shared/regions';
import { coverageSchema } from '../../shared/registry';
import { z } from '../../shared/zod';
import { requireActor } from '../identity/auth.plugin';
import { CoverageService } from './coverage.service';

export const coverageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/coverage/village-teams',
    {
      schema: {
        tags: ['统计'],
        summary: '一村一队伍覆盖情况（按下级区划汇总，列出尚无队伍的村，兵支书村在前）',
        querystring: z.strictObject({ regionCode: regionCodeSchema.optional() }),
        response: { 200: coverageSchema },
      },
    },
    // A report: read from the replica when there is one (docs/SCALING.md).
    async (request) =>
      new CoverageService(readerOf(app.database)).villageTeams(
        requireActor(request),
        request.query.regionCode,
      ),
  );
};
