import { PassThrough } from 'node:stream';
import { limitExports } from '../../server/rateLimit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema } from '../../shared/identity';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { XLSX_MIME } from '../imports/imports.routes';
import { exportAuditLog } from './audit.export';
import { AuditRepo } from './audit.repo';
import { verifyAuditChain } from './chain';

const exportQuerySchema = auditQuerySchema.omit({ page: true, pageSize: true });

const chainStatusSchema = z.object({
  ok: z.boolean(),
  rows: z.number(),
  anchorSeq: z.number(),
  broken: z
    .object({
      id: z.number(),
      at: z.string(),
      action: z.string(),
      seq: z.number().nullable(),
      reason: z.enum(['content', 'link', 'missing', 'unchained', 'kept']),
    })
    .nullable(),
});
export type ChainStatusResponse = z.infer<typeof chainStatusSchema>;

/** The auditor (安全审计员) reads the log; nobody else does, and nobody can change it. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { capability: 'audit.read' },
      schema: {
        tags: ['审计'],
        summary: '查询审计日志（区划筛选含其下级区划）',
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

  app.get(
    '/api/audit/chain',
    {
      config: { capability: 'audit.read' },
      schema: {
        tags: ['审计'],
        summary: '校验审计日志哈希链（自链锚点起逐条校验，返回第一条被篡改的记录）',
        response: { 200: chainStatusSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const status = await verifyAuditChain(app.database.db);
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'audit.verify',
        result: 'success',
        detail: status.ok
          ? { ok: true, rows: status.rows }
          : { ok: false, rows: status.rows, brokenId: status.broken.id, reason: status.broken.reason },
      });
      return status.ok
        ? { ok: true, rows: status.rows, anchorSeq: status.anchorSeq, broken: null }
        : { ok: false, rows: status.rows, anchorSeq: status.anchorSeq, broken: status.broken };
    },
  );

  app.get(
    '/api/audit/export.xlsx',
    {
      preHandler: limitExports,
      config: { capability: 'audit.read' },
      schema: {
        tags: ['审计'],
        summary: '导出审计日志（.xlsx；筛选条件同查询，不分页）',
        querystring: exportQuerySchema,
      },
    },
    async (request, reply) => {
      const context = auditContextOf(requireActor(request), request.ip);
      const out = new PassThrough();
      exportAuditLog(app.database.db, request.query, out, context).catch((error: unknown) => {
        request.log.error({ err: error }, 'audit export failed');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type(XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="audit-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.xlsx`)}`,
        )
        .header('cache-control', 'no-store')
        .send(out);
    },
  );
};
