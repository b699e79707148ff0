import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import { passwordPolicySchema, roleLabels } from '../../shared/identity';
import { activeSessionSchema, resetTwoFactorSchema } from '../../shared/twoFactor';
import { z } from '../../shared/zod';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo } from '../audit/audit.repo';
import { auditContextOf } from './actor';
import { requireActor } from './auth.plugin';
import { SessionsRepo } from './sessions.repo';
import { SettingsRepo } from './settings.repo';
import { TwoFactorService } from './twoFactor.service';

const accountParams = z.strictObject({ id: z.uuid({ message: '账号编号格式不正确' }) });
const sessionParams = z.strictObject({ ref: z.uuid({ message: '会话编号格式不正确' }) });
const okSchema = z.object({ ok: z.literal(true) });

/** The security administrator's policy settings, the active sessions, and resetting a second factor. */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/security/password-policy',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '密码、锁定与两步验证策略',
        response: { 200: passwordPolicySchema },
      },
    },
    async () => new SettingsRepo(app.database.db).passwordPolicy(),
  );

  app.put(
    '/api/security/password-policy',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '修改密码、锁定与两步验证策略',
        body: passwordPolicySchema,
        response: { 200: passwordPolicySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const now = new Date().toISOString();
      const policy = { ...request.body, twoFactorRoles: [...new Set(request.body.twoFactorRoles)] };
      await app.database.db.transaction().execute(async (tx) => {
        const settings = new SettingsRepo(tx);
        const before = await settings.passwordPolicy();
        await settings.setPasswordPolicy(policy, actor.accountId, now);
        // Roles that must now use two-factor: their signed-in accounts without it sign in again, through it.
        const added = policy.twoFactorRoles.filter((r) => !before.twoFactorRoles.includes(r));
        const ended = added.length
          ? await tx
              .deleteFrom('sessions')
              .where('accountId', 'in', (eb) =>
                eb
                  .selectFrom('accounts')
                  .select('accounts.id')
                  .where('accounts.role', 'in', added)
                  .where(({ not, exists, selectFrom }) =>
                    not(
                      exists(
                        selectFrom('accountTwoFactor')
                          .select('accountTwoFactor.accountId')
                          .whereRef('accountTwoFactor.accountId', '=', 'accounts.id')
                          .where('accountTwoFactor.confirmedAt', 'is not', null),
                      ),
                    ),
                  ),
              )
              .executeTakeFirst()
          : undefined;
        await new AuditRepo(tx).write(
          { accountId: actor.accountId, username: actor.username, ip: request.ip },
          {
            action: 'security.password_policy.change',
            result: 'success',
            detail: { before, after: policy, sessionsEnded: Number(ended?.numDeletedRows ?? 0) },
          },
        );
      });
      return policy;
    },
  );

  app.get(
    '/api/security/sessions',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '在线会话（账号、角色、IP、浏览器、开始与最近活动时间）',
        querystring: z.strictObject({ q: z.string().trim().max(30).optional() }),
        response: { 200: z.object({ items: z.array(activeSessionSchema) }) },
      },
    },
    async (request) => {
      const rows = await new SessionsRepo(app.database.db).listActive(new Date(), request.query.q);
      return {
        items: rows.map((r) => ({
          ref: r.ref!,
          accountId: r.accountId,
          username: r.username,
          displayName: r.displayName,
          role: r.role,
          roleLabel: roleLabels[r.role],
          ip: r.ip,
          userAgent: r.userAgent,
          createdAt: r.createdAt,
          lastSeenAt: r.lastSeenAt,
          current: r.idHash === request.sessionHash,
        })),
      };
    },
  );

  app.post(
    '/api/security/sessions/:ref/end',
    {
      config: { capability: 'security.policy' },
      schema: { tags: ['安全'], summary: '结束一个会话', params: sessionParams, response: { 200: okSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      const session = await new SessionsRepo(app.database.db).findByRef(request.params.ref);
      if (!session) throw new AppError('NOT_FOUND', '会话不存在或已结束');
      const target = await new AccountsRepo(app.database.db).findVisible('system', session.accountId);
      await app.database.db.transaction().execute(async (tx) => {
        await new SessionsRepo(tx).delete(session.idHash);
        await new AuditRepo(tx).write(auditContextOf(actor, request.ip), {
          action: 'security.session.end',
          result: 'success',
          targetType: 'account',
          targetId: session.accountId,
          regionCode: target?.regionCode ?? null,
          detail: { session: request.params.ref },
        });
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/security/accounts/:id/sessions/end',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '结束一个账号的全部会话',
        params: accountParams,
        response: { 200: z.object({ ended: z.number() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const target = await new AccountsRepo(app.database.db).findVisible('system', request.params.id);
      if (!target) throw new AppError('NOT_FOUND', '账号不存在');
      const ended = await app.database.db.transaction().execute(async (tx) => {
        const n = await new SessionsRepo(tx).deleteForAccount(target.id);
        await new AuditRepo(tx).write(auditContextOf(actor, request.ip), {
          action: 'security.session.end_all',
          result: 'success',
          targetType: 'account',
          targetId: target.id,
          regionCode: target.regionCode,
          detail: { ended: n },
        });
        return n;
      });
      return { ended };
    },
  );

  app.post(
    '/api/security/accounts/:id/two-factor/reset',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '重置账号的两步验证（手机丢失等），其会话随之结束',
        params: accountParams,
        body: resetTwoFactorSchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await new TwoFactorService(app.database.db, app.fieldCrypto).reset(
        actor,
        request.params.id,
        request.body.reason,
        auditContextOf(actor, request.ip),
      );
      return { ok: true as const };
    },
  );
};
