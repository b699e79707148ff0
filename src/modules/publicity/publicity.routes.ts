import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadConfig } from '../../server/config';
import { attachment, publicOrigin } from '../../server/download';
import { AppError } from '../../server/errors';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { FailureThrottle } from '../identity/throttle';
import { MAX_IMAGE_BYTES } from './images';
import { posterSizes, posterTemplates } from './poster.render';
import {
  mediaSchema,
  portalStationSchema,
  portalSummarySchema,
  posterInputSchema,
  posterSchema,
  publicPosterSchema,
  publicStoryItemSchema,
  publicStorySchema,
  storyInputSchema,
  storyListItemSchema,
  storySchema,
  storyStatuses,
  storySubjectKinds,
  subjectHitSchema,
} from './publicity.schemas';
import { PublicityMediaService } from './publicity.media';
import { PortalService } from './publicity.portal';
import { PosterService } from './publicity.posters';
import { StoryService } from './publicity.stories';
import { SubjectService } from './publicity.subjects';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];
const idParams = z.strictObject({ id: z.uuid({ message: '编号格式不正确' }) });
const ok = z.object({ ok: z.literal(true) });

const sendImage = (reply: FastifyReply, mime: string, data: Buffer, cache: string) =>
  reply.type(mime).header('cache-control', cache).header('content-length', data.length).send(data);

/** 宣传与公众门户: stories, showcase posters, publicity consent, and the portal's public reads. */
export const publicityRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.database.db;
  const media = () => new PublicityMediaService(db());
  const stories = () => new StoryService(db());
  const subjects = () => new SubjectService(db());
  const posters = () => new PosterService(db());
  const portal = () => new PortalService(db());
  // QR codes on posters point at the configured public address (RONGZHI_PUBLIC_URL) when there is one.
  const publicUrl = loadConfig().publicUrl;

  // Images are uploaded as the raw body; these parsers exist only inside this plugin.
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES }, (_r, body, done) =>
    done(null, body),
  );

  // The portal is public: a budget of requests per address and minute, pages and images apart.
  const pageHits = new FailureThrottle(240, 60_000);
  const imageHits = new FailureThrottle(600, 60_000);
  const guard = (throttle: FailureThrottle) => async (request: FastifyRequest) => {
    if (throttle.blocked(request.ip)) throw new AppError('RATE_LIMITED', '访问过于频繁，请稍后再试');
    throttle.fail(request.ip);
  };
  const publicPage = { public: true } as const;

  // ------------------------------------------------------------ media

  app.post(
    '/api/publicity/media',
    {
      bodyLimit: MAX_IMAGE_BYTES,
      onRequest: async (request) => {
        requireActor(request);
        if (Number(request.headers['content-length'] ?? 0) > MAX_IMAGE_BYTES)
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `图片超过 ${MAX_IMAGE_BYTES / 1024 / 1024} MB 上限，请压缩后再上传`,
          );
      },
      schema: {
        tags: ['宣传'],
        summary: '上传图片（请求体为图片本身；仅 PNG、JPEG、WebP，按文件内容识别，5 MB 以内）',
        response: { 200: mediaSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const body = request.body;
      if (!Buffer.isBuffer(body))
        throw new AppError('FILE_REJECTED', '请直接上传图片文件（PNG、JPEG 或 WebP）', { field: 'file' });
      return media().uploadMedia(actor, body, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/publicity/media/:id',
    { schema: { tags: ['宣传'], summary: '查看已上传的图片（本辖区）', params: idParams } },
    async (request, reply) => {
      const image = await media().staffMedia(requireActor(request), request.params.id);
      return sendImage(reply, image.mime, image.data, 'private, max-age=300');
    },
  );

  // ------------------------------------------------------------ stories

  app.get(
    '/api/publicity/stories',
    {
      schema: {
        tags: ['宣传'],
        summary: '宣传稿件列表（本辖区）',
        querystring: z.strictObject({
          status: z.enum(storyStatuses).optional(),
          q: z.string().trim().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(storyListItemSchema) }) },
      },
    },
    async (request) => ({ items: await stories().listStories(requireActor(request), request.query) }),
  );

  app.post(
    '/api/publicity/stories',
    {
      schema: {
        tags: ['宣传'],
        summary: '撰写宣传稿件（保存为草稿）',
        body: storyInputSchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { id: await stories().createStory(actor, request.body, auditContextOf(actor, request.ip)) };
    },
  );

  app.get(
    '/api/publicity/stories/:id',
    { schema: { tags: ['宣传'], summary: '宣传稿件详情', params: idParams, response: { 200: storySchema } } },
    async (request) => stories().getStory(requireActor(request), request.params.id),
  );

  app.put(
    '/api/publicity/stories/:id',
    {
      schema: {
        tags: ['宣传'],
        summary: '修改宣传稿件（已审核的稿件改后回到草稿；已发布的需先撤回）',
        params: idParams,
        body: storyInputSchema.extend({ version: z.number().int().min(1) }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { version, ...input } = request.body;
      await stories().updateStory(
        actor,
        request.params.id,
        input,
        version,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );

  const transitions = {
    review: '审核通过（草稿 → 已审核）',
    publish: '发布（已审核 → 已发布，公众门户可见）',
    return: '退回修改（已审核 → 草稿，需填写原因）',
    unpublish: '撤回（已发布 → 草稿，需填写原因）',
  } as const;
  for (const action of Object.keys(transitions) as (keyof typeof transitions)[]) {
    app.post(
      `/api/publicity/stories/:id/${action}`,
      {
        schema: {
          tags: ['宣传'],
          summary: `稿件${transitions[action]}`,
          params: idParams,
          body: z
            .strictObject({ reason: z.string().trim().max(300, { message: '原因不超过300字' }).optional() })
            .nullish(),
          response: { 200: ok },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await stories().transition(
          actor,
          request.params.id,
          action,
          request.body?.reason || undefined,
          auditContextOf(actor, request.ip),
        );
        return { ok: true as const };
      },
    );
  }

  app.get(
    '/api/publicity/subjects',
    {
      schema: {
        tags: ['宣传'],
        summary: '查找宣传对象（队伍、志愿者、活动、品牌；本辖区）',
        querystring: z.strictObject({
          kind: z.enum(storySubjectKinds),
          q: z.string().trim().max(30).default(''),
        }),
        response: { 200: z.object({ items: z.array(subjectHitSchema) }) },
      },
    },
    async (request) => ({
      items: await subjects().searchSubjects(requireActor(request), request.query.kind, request.query.q),
    }),
  );

  app.put(
    '/api/publicity/volunteers/:id/consent',
    {
      schema: {
        tags: ['宣传'],
        summary: '记录志愿者本人的宣传授权（同意或撤回）',
        params: idParams,
        body: z.strictObject({ consent: z.boolean({ message: '请选择是否同意宣传' }) }),
        response: { 200: z.object({ consent: z.boolean(), consentAt: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return subjects().setConsent(
        actor,
        request.params.id,
        request.body.consent,
        auditContextOf(actor, request.ip),
      );
    },
  );

  // ------------------------------------------------------------ posters

  app.get(
    '/api/publicity/posters/preview',
    {
      schema: {
        tags: ['宣传'],
        summary: '预览风采海报（PNG，不保存）',
        querystring: z.strictObject({
          subjectKind: z.enum(['volunteer', 'team']),
          subjectId: z.uuid({ message: '请选择海报对象' }),
          template: z.enum(posterTemplates),
          size: z.enum(Object.keys(posterSizes) as [keyof typeof posterSizes]),
          quote: z.string().trim().max(40, { message: '寄语不超过40字' }).default(''),
          photoMediaId: z.uuid().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { photoMediaId, ...rest } = request.query;
      const png = await posters().previewPoster(
        requireActor(request),
        { ...rest, photoMediaId: photoMediaId ?? null },
        publicOrigin(request, publicUrl),
      );
      return sendImage(reply, 'image/png', png, 'no-store');
    },
  );

  app.post(
    '/api/publicity/posters',
    {
      schema: {
        tags: ['宣传'],
        summary: '生成并保存风采海报',
        body: posterInputSchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        id: await posters().createPoster(
          actor,
          request.body,
          publicOrigin(request, publicUrl),
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );

  app.get(
    '/api/publicity/posters',
    {
      schema: {
        tags: ['宣传'],
        summary: '风采海报列表（本辖区）',
        response: { 200: z.object({ items: z.array(posterSchema) }) },
      },
    },
    async (request) => ({ items: await posters().listPosters(requireActor(request)) }),
  );

  app.get(
    '/api/publicity/posters/:id/png',
    { schema: { tags: ['宣传'], summary: '下载风采海报（PNG）', params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { name, png } = await posters().posterPng(actor, request.params.id);
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'publicity.poster.download',
        result: 'success',
        targetType: 'poster',
        targetId: request.params.id,
      });
      return sendImage(reply, 'image/png', png, 'no-store').header(
        'content-disposition',
        attachment(`风采海报-${name}.png`, `poster-${request.params.id.slice(0, 8)}.png`),
      );
    },
  );

  for (const [action, publish, summary] of [
    ['publish', true, '发布风采海报到公众门户'],
    ['withdraw', false, '从公众门户撤下风采海报'],
  ] as const) {
    app.post(
      `/api/publicity/posters/:id/${action}`,
      { schema: { tags: ['宣传'], summary, params: idParams, response: { 200: ok } } },
      async (request) => {
        const actor = requireActor(request);
        await posters().setPosterPublished(
          actor,
          request.params.id,
          publish,
          auditContextOf(actor, request.ip),
        );
        return { ok: true as const };
      },
    );
  }

  // ------------------------------------------------------------ the public portal (no login)

  app.get(
    '/api/public/portal/summary',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: { tags: ['公开'], summary: '门户首页：全市主要数字', response: { 200: portalSummarySchema } },
    },
    async () => portal().summary(),
  );

  app.get(
    '/api/public/portal/stations',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: {
        tags: ['公开'],
        summary: '各县（市、区）退役军人服务中心联系方式',
        response: { 200: z.object({ items: z.array(portalStationSchema) }) },
      },
    },
    async () => ({ items: await portal().stations() }),
  );

  app.get(
    '/api/public/stories',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: {
        tags: ['公开'],
        summary: '已发布的宣传稿件',
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(50).default(20),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(publicStoryItemSchema) }) },
      },
    },
    async (request) => ({ items: await portal().publicStories(request.query.limit, request.query.offset) }),
  );

  app.get(
    '/api/public/stories/:id',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: {
        tags: ['公开'],
        summary: '宣传稿件（已发布）',
        params: idParams,
        response: { 200: publicStorySchema },
      },
    },
    async (request) => portal().publicStory(request.params.id),
  );

  app.get(
    '/api/public/posters',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: {
        tags: ['公开'],
        summary: '已发布的志愿者风采海报',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(12) }),
        response: { 200: z.object({ items: z.array(publicPosterSchema) }) },
      },
    },
    async (request) => ({ items: await portal().publicPosters(request.query.limit) }),
  );

  app.get(
    '/api/public/posters/:id',
    {
      config: publicPage,
      onRequest: guard(pageHits),
      schema: {
        tags: ['公开'],
        summary: '风采海报（已发布）',
        params: idParams,
        response: { 200: publicPosterSchema },
      },
    },
    async (request) => portal().publicPoster(request.params.id),
  );

  app.get(
    '/api/public/media/:id',
    {
      config: publicPage,
      onRequest: guard(imageHits),
      schema: { tags: ['公开'], summary: '已发布稿件或海报中的图片', params: idParams },
    },
    async (request, reply) => {
      const image = await media().publicMedia(request.params.id);
      return sendImage(reply, image.mime, image.data, 'public, max-age=600');
    },
  );
};
