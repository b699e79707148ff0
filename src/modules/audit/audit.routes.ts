import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema } from '../../shared/identity';
import { z } from '../../shared/zod';
import { requireActor } from '../identity/auth.plugin';
import { AuditRepo } from './audit.repo';

/** The auditor (安全审计员) reads the log; nobody else does, and nobody can change it. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { capability: 'audit.read' },
      schema: {
        tags: ['审计'],
        summary: '查询审计日志',
        querystring: auditQuerySchema,
        response: { 200: z.object({ items: z.array(auditEntrySchema), total: z.number() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { page, pageSize, ...filter } = request.query;
      const repo = new AuditRepo(app.database.db);
      const result = await repo.search(filter, page, pageSize);
      await repo.write(
        { accountId: actor.accountId, username: actor.username, ip: request.ip },
        { action: 'audit.search', result: 'success', detail: { filter } },
      );
      return result;
    },
  );
};
