import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readerOf } from '../../db/database';
import { attachment } from '../../server/download';
import { limitExports } from '../../server/rateLimit';
import { chinaToday } from '../../shared/dates';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf, type Actor, type AuditContext } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { ExchangeService, exchangeNames } from './exchange.service';
import { figureSheets } from './figures';
import { workReportDocx, workReportPdf } from './reportDocuments';
import { ReportsService } from './reports.service';
import {
  exchangeKinds,
  exchangeQuerySchema,
  figureExportQuerySchema,
  overviewQuerySchema,
  overviewSchema,
  periodQuerySchema,
  reportTextsSchema,
  workReportSchema,
} from './statistics.schemas';
import { StatisticsService } from './statistics.service';
import { workbookOf } from './workbook';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const yearMonthQuerySchema = z.strictObject({
  regionCode: overviewQuerySchema.shape.regionCode,
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1).max(12),
});
const yearQuerySchema = yearMonthQuerySchema.omit({ month: true });

/**
 * 数据看板、报表与数据交换, for region staff (mayViewStatistics), always inside their own region.
 * The figures are read from the read replica when there is one (readerOf: DATABASE_REPLICA_URL, a
 * second or so behind the primary); the session, the scope check, saved report texts and every audit
 * entry stay on the primary.
 */
export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const stats = () => new StatisticsService(readerOf(app.database));
  const reports = () => new ReportsService(app.database.db, readerOf(app.database));

  /** Every download is audited, in its own transaction, before it is sent. */
  const audited = async (
    context: AuditContext,
    action: string,
    regionCode: string,
    detail: Record<string, unknown>,
  ) => {
    await app.database.db.transaction().execute(async (tx) => {
      await new AuditRepo(tx).write(context, {
        action,
        result: 'success',
        targetType: 'statistics',
        regionCode,
        detail,
      });
    });
  };
  const send = (reply: FastifyReply, mime: string, filename: string, body: Buffer) =>
    reply
      .type(mime)
      .header('content-disposition', attachment(filename))
      .header('cache-control', 'no-store')
      .send(body);

  app.get(
    '/api/statistics/overview',
    {
      schema: {
        tags: ['统计'],
        summary: '数据看板：本辖区（或其下级区划）的各项统计',
        querystring: overviewQuerySchema,
        response: { 200: overviewSchema },
      },
    },
    async (request) => stats().overview(requireActor(request), request.query),
  );

  app.get(
    '/api/statistics/overview.xlsx',
    {
      preHandler: limitExports,
      schema: {
        tags: ['统计'],
        summary: '导出数据看板（全部图表或指定的一张）为 Excel',
        querystring: figureExportQuerySchema,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { figure, ...query } = request.query;
      const o = await stats().overview(actor, query);
      await audited(auditContextOf(actor, request.ip), 'statistics.export', o.region.code, {
        figure: figure ?? 'all',
        year: o.year,
        month: o.month,
      });
      const body = await workbookOf(figureSheets(o, figure));
      return send(reply, XLSX_MIME, `${o.region.name}-数据看板-${o.year}年${o.month}月.xlsx`, body);
    },
  );

  app.get(
    '/api/statistics/reports/work',
    {
      schema: {
        tags: ['统计'],
        summary: '工作情况报告：数字与可编辑的文字',
        querystring: periodQuerySchema,
        response: { 200: workReportSchema },
      },
    },
    async (request) => reports().workReport(requireActor(request), request.query),
  );

  app.put(
    '/api/statistics/reports/work',
    {
      schema: {
        tags: ['统计'],
        summary: '保存工作情况报告的文字（数字每次从数据库重新生成）',
        querystring: periodQuerySchema,
        body: z.strictObject({ texts: reportTextsSchema }),
        response: { 200: workReportSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return reports().saveTexts(actor, request.query, request.body.texts, auditContextOf(actor, request.ip));
    },
  );

  const workDownload = async (
    actor: Actor,
    ip: string,
    query: z.infer<typeof periodQuerySchema>,
    format: string,
  ) => {
    const report = await reports().workReport(actor, query);
    await audited(auditContextOf(actor, ip), 'statistics.report_download', report.region.code, {
      report: 'work',
      format,
      from: report.from,
      to: report.to,
    });
    return report;
  };

  app.get(
    '/api/statistics/reports/work.docx',
    {
      preHandler: limitExports,
      schema: { tags: ['统计'], summary: '下载工作情况报告（Word）', querystring: periodQuerySchema },
    },
    async (request, reply) => {
      const report = await workDownload(requireActor(request), request.ip, request.query, 'docx');
      const body = await workReportDocx(report);
      return send(reply, DOCX_MIME, `${report.region.name}退役军人志愿服务工作情况报告.docx`, body);
    },
  );

  app.get(
    '/api/statistics/reports/work.pdf',
    {
      preHandler: limitExports,
      schema: { tags: ['统计'], summary: '下载工作情况报告（PDF）', querystring: periodQuerySchema },
    },
    async (request, reply) => {
      const report = await workDownload(requireActor(request), request.ip, request.query, 'pdf');
      const body = await workReportPdf(report);
      return send(reply, 'application/pdf', `${report.region.name}退役军人志愿服务工作情况报告.pdf`, body);
    },
  );

  app.get(
    '/api/statistics/reports/monthly.xlsx',
    {
      preHandler: limitExports,
      schema: { tags: ['统计'], summary: '月度活动报表（Excel）', querystring: yearMonthQuerySchema },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { regionCode, year, month } = request.query;
      const service = reports();
      const sheets = await service.monthlySheet(actor, regionCode, year, month);
      const region = await stats().resolveRegion(actor, regionCode);
      await audited(auditContextOf(actor, request.ip), 'statistics.report_download', region.code, {
        report: 'monthly',
        year,
        month,
      });
      return send(
        reply,
        XLSX_MIME,
        `${region.name}-${year}年${month}月志愿服务活动报表.xlsx`,
        await workbookOf(sheets),
      );
    },
  );

  app.get(
    '/api/statistics/reports/annual.xlsx',
    {
      preHandler: limitExports,
      schema: { tags: ['统计'], summary: '年度统计表（按县区，Excel）', querystring: yearQuerySchema },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { regionCode, year } = request.query;
      const sheets = await reports().annualSheet(actor, regionCode, year);
      const region = await stats().resolveRegion(actor, regionCode);
      await audited(auditContextOf(actor, request.ip), 'statistics.report_download', region.code, {
        report: 'annual',
        year,
      });
      return send(reply, XLSX_MIME, `${region.name}-${year}年志愿服务统计表.xlsx`, await workbookOf(sheets));
    },
  );

  app.get(
    '/api/statistics/exchange/:kind',
    {
      preHandler: limitExports,
      schema: {
        tags: ['统计'],
        summary:
          '导出与全国志愿服务信息系统交换的数据（本辖区；证件号码默认遮盖，reveal=1 并填写用途可导出完整号码；格式见 docs/EXCHANGE.md）',
        params: z.strictObject({ kind: z.enum(exchangeKinds) }),
        querystring: exchangeQuerySchema,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { kind } = request.params;
      const { format, from, to, reveal, reason } = request.query;
      const disclosure = { reveal: reveal === '1', reason };
      const service = new ExchangeService(app.database.db, app.fieldCrypto, readerOf(app.database));
      service.assertMayExport(actor, disclosure);
      const out = new PassThrough();
      service
        .write(actor, kind, format, { from, to }, out, auditContextOf(actor, request.ip), disclosure)
        .catch((error: unknown) => {
          request.log.error({ err: error }, 'exchange export failed');
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        });
      const filename = `${exchangeNames[kind]}-交换-${chinaToday()}.${format}`;
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME)
        .header('content-disposition', attachment(filename))
        .header('cache-control', 'no-store')
        .send(out);
    },
  );
};
