import { attachment } from '../../server/download';
import { PassThrough } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import { limitExports } from '../../server/rateLimit';
import { teamListQuerySchema, volunteerListQuerySchema } from '../../shared/registry';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { mayKeepRegistry } from '../identity/policy';
import { scopeOf } from '../identity/scope';
import { ExportsService } from './exports';
import { ImportsService, importModes, type ImportKind } from './imports.service';
import { importPhases, ProgressBoard } from './progress';
import { buildTemplate } from './templates';
import { MAX_UPLOAD_BYTES } from './uploadSafety';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TOO_LARGE = `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB 上限，请拆分成几个文件分批导入`;

const importQuerySchema = z.strictObject({
  mode: z.enum(importModes).default('validate'),
  /** A uuid the client makes up, to poll /api/imports/progress/:job while the import runs. */
  job: z.uuid({ message: '任务编号应为 UUID' }).optional(),
});

const importResultSchema = z.object({
  total: z.number(),
  valid: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  imported: z.number(),
});

const progressSchema = z.object({
  phase: z.enum(importPhases),
  processed: z.number(),
  total: z.number(),
});

const labels: Record<ImportKind, string> = { volunteers: '志愿者', teams: '队伍' };

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Refuses before the body is read: only a signed-in registry keeper may upload, and a declared
 * length over the limit is refused without receiving 20 MB first.
 */
async function beforeUpload(request: FastifyRequest) {
  const actor = requireActor(request);
  if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能批量登记');
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > MAX_UPLOAD_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE);
}

/** Excel import and export of the registry: templates, uploads with progress, and scoped exports. */
export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const board = new ProgressBoard();
  const imports = () => new ImportsService(app.database.db, app.fieldCrypto);
  const exports = () => new ExportsService(app.database.db, app.fieldCrypto);

  // The raw file is the body. These parsers exist only inside this plugin; the rest of the API
  // keeps its 1 MB JSON-only bodies.
  app.addContentTypeParser(
    [XLSX_MIME, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(new AppError('UNSUPPORTED_MEDIA_TYPE', `请直接上传 .xlsx 文件（Content-Type: ${XLSX_MIME}）`)),
  );
  // A body without a declared length is cut off by the parser; say so in the same words.
  app.setErrorHandler(async (error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE);
    throw error;
  });

  for (const kind of ['volunteers', 'teams'] as const) {
    app.get(
      `/api/imports/templates/${kind}.xlsx`,
      {
        schema: { tags: ['导入导出'], summary: `下载${labels[kind]}导入模板（.xlsx）` },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能批量登记');
        const file = await buildTemplate(app.database.db, kind, scopeOf(actor));
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`${labels[kind]}导入模板.xlsx`, `${kind}-template.xlsx`))
          .header('cache-control', 'no-store')
          .send(file);
      },
    );

    app.post(
      `/api/imports/${kind}`,
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        onRequest: beforeUpload,
        schema: {
          tags: ['导入导出'],
          summary: `从 .xlsx 批量登记${labels[kind]}（请求体为文件本身；mode=validate 只校验，all-or-nothing 全部无误才导入，valid-only 只导入无误的行）`,
          querystring: importQuerySchema,
          response: { 200: importResultSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body = request.body;
        if (!Buffer.isBuffer(body))
          throw new AppError('FILE_REJECTED', `请直接上传 .xlsx 文件（Content-Type: ${XLSX_MIME}）`);
        const { mode, job } = request.query;
        const listener = job ? board.start(job, actor.accountId) : undefined;
        try {
          return await imports().run(kind, actor, body, mode, auditContextOf(actor, request.ip), listener);
        } catch (error) {
          if (error instanceof AppError && error.cause)
            request.log.warn({ err: error.cause }, 'uploaded file could not be read');
          throw error;
        }
      },
    );
  }

  app.get(
    '/api/imports/progress/:job',
    {
      schema: {
        tags: ['导入导出'],
        summary: '导入进度（仅发起导入的账号可查，10分钟后过期）',
        params: z.strictObject({ job: z.uuid({ message: '任务编号应为 UUID' }) }),
        response: { 200: progressSchema },
      },
    },
    async (request) => {
      const progress = board.read(request.params.job, requireActor(request).accountId);
      if (!progress) throw new AppError('NOT_FOUND', '导入任务不存在或已过期');
      return progress;
    },
  );

  const sendExport = (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: ImportKind,
    produce: (out: PassThrough) => Promise<number>,
  ) => {
    const out = new PassThrough();
    produce(out).catch((error: unknown) => {
      request.log.error({ err: error }, 'export failed');
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return reply
      .type(XLSX_MIME)
      .header(
        'content-disposition',
        attachment(`${labels[kind]}名册-${today()}.xlsx`, `${kind}-${today()}.xlsx`),
      )
      .header('cache-control', 'no-store')
      .send(out);
  };

  app.get(
    '/api/exports/volunteers.xlsx',
    {
      preHandler: limitExports,
      schema: {
        tags: ['导入导出'],
        summary: '导出本辖区志愿者名册（筛选条件同志愿者列表；身份证号、手机号脱敏）',
        querystring: volunteerListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const service = exports();
      service.assertMayExport(actor);
      const context = auditContextOf(actor, request.ip);
      return sendExport(request, reply, 'volunteers', (out) =>
        service.volunteers(actor, request.query, out, context),
      );
    },
  );

  app.get(
    '/api/exports/teams.xlsx',
    {
      preHandler: limitExports,
      schema: {
        tags: ['导入导出'],
        summary: '导出本辖区队伍名册（筛选条件同队伍列表；联系电话脱敏）',
        querystring: teamListQuerySchema.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const service = exports();
      service.assertMayExport(actor);
      const context = auditContextOf(actor, request.ip);
      return sendExport(request, reply, 'teams', (out) => service.teams(actor, request.query, out, context));
    },
  );
};
