import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ATTACHMENT_TYPES,
  commendationSchema,
  externalHonourSchema,
  holderKinds,
  honourHeldSchema,
  honourKindSchema,
  honourLevels,
  nominationDetailSchema,
  nominationStatuses,
  nominationSummarySchema,
} from '../../shared/honours';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { renderCommendationPdf } from './commendation.pdf';
import { chinaToday } from '../../shared/dates';
import { CommendationService } from './commendation.service';
import { NominationFiles } from './dossier';
import { ExternalHonoursService } from './external.service';
import { HonoursService } from './honours.service';
import { NominationWorkflow } from './nominations.workflow';

const idParams = z.strictObject({ id: z.uuid({ message: '推荐编号格式不正确' }) });
const reason = (message: string) => z.string().trim().min(2, { message }).max(2000);
// 公示 is never skipped: at least one working day.
const noticeDays = z.number().int().min(1, { message: '公示不少于1个工作日' }).max(30).optional();
const yearSchema = z.coerce.number().int().min(2000).max(2100);
const holderId = z.string().trim().min(1).max(36);

export const honoursRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new HonoursService(app.database.db);
  const workflow = () => new NominationWorkflow(app.database.db);
  const files = () => new NominationFiles(app.database.db);
  const external = () => new ExternalHonoursService(app.database.db);
  const commendations = () => new CommendationService(app.database.db);
  const tags = ['荣誉激励'];

  app.get(
    '/api/honours/catalogue',
    {
      schema: {
        tags,
        summary: '荣誉目录',
        response: { 200: z.object({ items: z.array(honourKindSchema) }) },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await service().catalogue() };
    },
  );

  app.get(
    '/api/honours/nominations',
    {
      schema: {
        tags,
        summary: '荣誉推荐列表（本辖区及本人提出的）',
        querystring: z.strictObject({
          status: z.enum(nominationStatuses).optional(),
          level: z.enum(honourLevels).optional(),
          year: yearSchema.optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: {
          200: z.object({
            items: z.array(nominationSummarySchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return service().list(requireActor(request), filter, page, pageSize);
    },
  );

  app.post(
    '/api/honours/nominations',
    {
      schema: {
        tags,
        summary: '提出荣誉推荐（队伍、乡镇、县区）',
        body: z.strictObject({
          honourId: z.string().min(1, { message: '请选择荣誉项目' }).max(40),
          year: z.number().int().min(2000).max(2100),
          nomineeKind: z.enum(holderKinds),
          nomineeId: holderId,
          deeds: z.string().trim().min(10, { message: '请填写主要事迹（不少于10个字）' }).max(8000),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await workflow().propose(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.get(
    '/api/honours/nominations/:id',
    {
      schema: {
        tags,
        summary: '推荐详情：事迹材料、审核历程、公示与异议',
        params: idParams,
        response: { 200: nominationDetailSchema },
      },
    },
    async (request) => service().get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/honours/nominations/:id/review',
    {
      schema: {
        tags,
        summary: '审核推荐（县级、市级；须写明理由）',
        params: idParams,
        body: z.strictObject({
          level: z.enum(['county', 'city']),
          decision: z.enum(['approve', 'reject']),
          reason: reason('请填写审核意见'),
          noticeDays,
        }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await workflow().review(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/honours/nominations/:id/outside-result',
    {
      schema: {
        tags,
        summary: '录入上级评选结果（推荐上报之后）',
        params: idParams,
        body: z.strictObject({
          selected: z.boolean(),
          note: reason('请填写结果说明（文件名称、文号等）'),
          noticeDays,
        }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await workflow().outsideResult(
        actor,
        request.params.id,
        request.body,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/honours/nominations/:id/objections',
    {
      schema: {
        tags,
        summary: '公示期内提出异议（能看到该推荐的业务账号）',
        params: idParams,
        body: z.strictObject({ content: reason('请填写异议内容') }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await workflow().object(
          actor,
          request.params.id,
          request.body,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.post(
    '/api/honours/nominations/:id/objections/:objectionId/resolve',
    {
      schema: {
        tags,
        summary: '处理异议（市级）',
        params: z.strictObject({ id: z.uuid(), objectionId: z.uuid() }),
        body: z.strictObject({
          outcome: z.enum(['upheld', 'dismissed']),
          resolution: reason('请填写核查结论'),
        }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await workflow().resolveObjection(
        actor,
        request.params.id,
        request.params.objectionId,
        request.body,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/honours/nominations/:id/finalize',
    {
      schema: {
        tags,
        summary: '公示期满后确定结果（授予或不予授予）',
        params: idParams,
        body: z.strictObject({
          awarded: z.boolean(),
          reason: reason('请填写结论说明'),
          roleTaken: z.string().trim().min(2).max(60).optional(),
        }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await workflow().finalize(actor, request.params.id, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/honours/nominations/:id/attachments',
    {
      schema: {
        tags,
        summary: '上传事迹材料（PDF/JPEG/PNG，不超过512KB）',
        params: idParams,
        body: z.strictObject({
          fileName: z.string().trim().min(1).max(120),
          mimeType: z.enum(ATTACHMENT_TYPES, { message: '仅支持 PDF、JPEG、PNG 文件' }),
          dataBase64: z.string().min(1).max(700_000),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await files().addAttachment(
          actor,
          request.params.id,
          request.body,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/honours/nominations/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: '下载事迹材料',
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const a = await files().attachment(actor, request.params.id, request.params.attachmentId);
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'honour.attachment.download',
        result: 'success',
        targetType: 'nomination',
        targetId: request.params.id,
        detail: { attachmentId: request.params.attachmentId },
      });
      return reply
        .type(a.mimeType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
        .send(a.data);
    },
  );

  app.get(
    '/api/honours/held',
    {
      schema: {
        tags,
        summary: '获得的荣誉（志愿者、队伍、品牌、村社区）',
        querystring: z.strictObject({ kind: z.enum(holderKinds), id: holderId }),
        response: { 200: z.object({ items: z.array(honourHeldSchema) }) },
      },
    },
    async (request) => ({
      items: await service().held(requireActor(request), request.query.kind, request.query.id),
    }),
  );

  app.get(
    '/api/honours/external',
    {
      schema: {
        tags,
        summary: '外部荣誉（本辖区）',
        response: { 200: z.object({ items: z.array(externalHonourSchema) }) },
      },
    },
    async (request) => ({ items: await external().listExternal(requireActor(request)) }),
  );

  app.post(
    '/api/honours/external',
    {
      schema: {
        tags,
        summary: '录入外部荣誉（附证明材料说明）',
        body: z.strictObject({
          name: z.string().trim().min(2, { message: '请填写荣誉名称' }).max(120),
          level: z.enum(['county', 'city', 'province', 'national']),
          issuer: z.string().trim().min(2, { message: '请填写授予单位' }).max(100),
          year: z.number().int().min(1950).max(2100),
          holderKind: z.enum(holderKinds),
          holderId,
          evidence: z.string().trim().min(4, { message: '请填写证明材料（文件名称、文号或链接）' }).max(4000),
        }),
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await external().addExternal(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.get(
    '/api/honours/commendations',
    {
      schema: {
        tags,
        summary: '年度表彰大会列表（市级）',
        response: {
          200: z.object({
            items: z.array(
              z.object({ year: z.number(), title: z.string(), heldOn: z.string(), place: z.string() }),
            ),
            currentYear: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const rows = await commendations().commendations(requireActor(request));
      return {
        items: rows.map(({ year, title, heldOn, place }) => ({ year, title, heldOn, place })),
        currentYear: Number(chinaToday().slice(0, 4)),
      };
    },
  );

  app.get(
    '/api/honours/commendations/:year',
    {
      schema: {
        tags,
        summary: '年度表彰大会：先进单位和个人名单（由当年授予的荣誉生成）',
        params: z.strictObject({ year: yearSchema }),
        response: { 200: commendationSchema },
      },
    },
    async (request) => commendations().commendation(requireActor(request), request.params.year),
  );

  app.put(
    '/api/honours/commendations/:year',
    {
      schema: {
        tags,
        summary: '保存年度表彰大会（时间、地点、名称、备注）',
        params: z.strictObject({ year: yearSchema }),
        body: z.strictObject({
          title: z.string().trim().min(4, { message: '请填写大会名称' }).max(120),
          heldOn: z.iso.date({ message: '请填写召开日期' }),
          place: z.string().trim().min(2, { message: '请填写地点' }).max(120),
          notes: z.string().trim().max(4000).default(''),
        }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await commendations().saveCommendation(
        actor,
        request.params.year,
        request.body,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/honours/commendations/:year/pdf',
    {
      schema: { tags, summary: '下载年度表彰名单 PDF', params: z.strictObject({ year: yearSchema }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const c = await commendations().commendation(actor, request.params.year);
      const pdf = await renderCommendationPdf(c);
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'honour.commendation.download',
        result: 'success',
        targetType: 'commendation',
        targetId: String(request.params.year),
        detail: { year: request.params.year },
      });
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="commendation-${c.year}.pdf"; filename*=UTF-8''${encodeURIComponent(`${c.title}.pdf`)}`,
        )
        .send(pdf);
    },
  );
};
