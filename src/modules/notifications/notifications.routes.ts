import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inboxSchema, outboxEntrySchema } from '../../shared/notifications';
import { z } from '../../shared/zod';
import { AppError } from '../../server/errors';
import { requireActor } from '../identity/auth.plugin';
import { requestDutiesOf } from '../identity/policy';
import { configureOutbound, NotificationsService } from './notifications.service';

/** 站内消息与提醒. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  configureOutbound({ crypto: app.fieldCrypto });
  const service = () => new NotificationsService(app.database.db);

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['消息'],
        summary: '我的消息（最近50条）与未读数',
        querystring: z.strictObject({ unread: z.enum(['1', '0']).optional() }),
        response: { 200: inboxSchema },
      },
    },
    async (request) => service().inbox(requireActor(request).accountId, request.query.unread === '1'),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: {
        tags: ['消息'],
        summary: '未读消息数',
        response: { 200: z.object({ unread: z.number() }) },
      },
    },
    async (request) => ({ unread: await service().unread(requireActor(request).accountId) }),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['消息'],
        summary: '标记已读（指定消息或全部）',
        body: z.strictObject({
          ids: z
            .array(z.uuid({ message: '消息编号不正确' }))
            .max(200)
            .optional(),
          all: z.boolean().optional(),
        }),
        response: { 200: z.object({ marked: z.number(), unread: z.number() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const marked = await service().markRead(
        actor.accountId,
        request.body.all ? 'all' : (request.body.ids ?? []),
      );
      return { marked, unread: await service().unread(actor.accountId) };
    },
  );

  app.get(
    '/api/outbox',
    {
      schema: {
        tags: ['消息'],
        summary: '外发记录（短信、微信模板消息；开发环境只记录不发送；县级及以上退役军人事务局）',
        response: { 200: z.object({ items: z.array(outboxEntrySchema) }) },
      },
    },
    async (request) => {
      if (!requestDutiesOf(requireActor(request)).callOut) throw new AppError('FORBIDDEN');
      return { items: await service().outbox() };
    },
  );
};
