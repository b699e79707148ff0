import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadConfig } from '../../server/config';
import { publicOrigin } from '../../server/download';
import { AppError } from '../../server/errors';
import { certificateSchema, verificationSchema } from '../../shared/certificates';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { FailureThrottle } from '../identity/throttle';
import { CertificatesService } from './certificates.service';

export const certificatesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = () => new CertificatesService(app.database.db, app.fieldCrypto);
  // The QR code points at the configured public address (RONGZHI_PUBLIC_URL) when there is one.
  const publicUrl = loadConfig().publicUrl;
  // Verification is public: limit lookups per address so certificates cannot be enumerated.
  const lookups = new FailureThrottle(60, 60_000);
  const misses = new FailureThrottle(10, 10 * 60_000);
  const guard = (ip: string) => {
    if (lookups.blocked(ip) || misses.blocked(ip))
      throw new AppError('RATE_LIMITED', '查询过于频繁，请稍后再试');
    lookups.fail(ip);
  };
  const verify = async (ip: string, by: Parameters<CertificatesService['verify']>[0]) => {
    guard(ip);
    try {
      return await service().verify(by);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') misses.fail(ip);
      throw error;
    }
  };

  app.post(
    '/api/volunteers/:id/certificates',
    {
      schema: {
        tags: ['服务记录'],
        summary: '出具志愿服务记录证明（本人或本辖区工作人员）',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: certificateSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return service().issue(actor, request.params.id, auditContextOf(actor, request.ip));
    },
  );

  app.get(
    '/api/certificates/:id/pdf',
    { schema: { tags: ['服务记录'], summary: '下载证明 PDF', params: z.strictObject({ id: z.uuid() }) } },
    async (request, reply) => {
      const origin = publicOrigin(request, publicUrl);
      const actor = requireActor(request);
      const { number, pdf } = await service().pdf(actor, request.params.id, origin);
      // Every download of a document with personal data is audited before it is sent.
      await new AuditRepo(app.database.db).write(auditContextOf(actor, request.ip), {
        action: 'certificate.download',
        result: 'success',
        targetType: 'certificate',
        targetId: request.params.id,
        detail: { number },
      });
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="${number}.pdf"; filename*=UTF-8''${encodeURIComponent(`志愿服务记录证明-${number}.pdf`)}`,
        )
        .send(pdf);
    },
  );

  app.get(
    '/api/public/verify/:token',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '核验志愿服务记录证明（二维码）',
        params: z.strictObject({
          token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, { message: '核验码格式不正确' }),
        }),
        response: { 200: verificationSchema },
      },
    },
    async (request) => verify(request.ip, { token: request.params.token }),
  );

  app.get(
    '/api/public/verify',
    {
      config: { public: true },
      schema: {
        tags: ['公开'],
        summary: '按证明编号与持证人姓氏核验',
        querystring: z.strictObject({
          number: z
            .string()
            .trim()
            .regex(/^RZZM\d{10}[0-9A-F]{2}$/, { message: '证明编号格式不正确' }),
          surname: z.string().trim().min(1, { message: '请输入持证人姓氏' }).max(2),
        }),
        response: { 200: verificationSchema },
      },
    },
    async (request) => verify(request.ip, request.query),
  );
};
