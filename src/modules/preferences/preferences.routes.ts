import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { preferencesInputSchema, preferencesSchema, type Preferences } from '../../shared/preferences';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';

async function read(db: Kysely<DB>, accountId: string): Promise<Preferences> {
  const row = await db
    .selectFrom('accountPreferences')
    .select('elderly')
    .where('accountId', '=', accountId)
    .executeTakeFirst();
  return { elderly: row ? row.elderly === 1 : null };
}

/**
 * 个人偏好: what the signed-in person chose for themselves (适老模式). Every account may read and set
 * its own, and only its own: no capability is needed and no other account is ever addressed.
 */
export const preferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me/preferences',
    {
      schema: {
        tags: ['个人偏好'],
        summary: '本人的偏好设置（适老模式）',
        response: { 200: preferencesSchema },
      },
    },
    async (request) => read(app.database.db, requireActor(request).accountId),
  );

  app.put(
    '/api/me/preferences',
    {
      schema: {
        tags: ['个人偏好'],
        summary: '修改本人的偏好设置（适老模式），在任何设备登录后生效',
        body: preferencesInputSchema,
        response: { 200: preferencesSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const elderly = request.body.elderly ? 1 : 0;
      const now = new Date().toISOString();
      return app.database.db.transaction().execute(async (tx) => {
        const before = await read(tx, actor.accountId);
        if (before.elderly !== request.body.elderly) {
          await tx
            .insertInto('accountPreferences')
            .values({ accountId: actor.accountId, elderly, updatedAt: now })
            .onConflict((oc) => oc.column('accountId').doUpdateSet({ elderly, updatedAt: now }))
            .execute();
          await new AuditRepo(tx).write(
            auditContextOf(actor, request.ip),
            {
              action: 'account.preferences.update',
              result: 'success',
              targetType: 'account',
              targetId: actor.accountId,
              detail: { elderly: request.body.elderly },
            },
            now,
          );
        }
        return { elderly: request.body.elderly };
      });
    },
  );
};
