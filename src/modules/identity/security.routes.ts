import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { passwordPolicySchema } from '../../shared/identity';
import { AuditRepo } from '../audit/audit.repo';
import { requireActor } from './auth.plugin';
import { SettingsRepo } from './settings.repo';

/** The security administrator's policy settings. */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/security/password-policy',
    {
      config: { capability: 'security.policy' },
      schema: { tags: ['安全'], summary: '密码与锁定策略', response: { 200: passwordPolicySchema } },
    },
    async () => new SettingsRepo(app.database.db).passwordPolicy(),
  );

  app.put(
    '/api/security/password-policy',
    {
      config: { capability: 'security.policy' },
      schema: {
        tags: ['安全'],
        summary: '修改密码与锁定策略',
        body: passwordPolicySchema,
        response: { 200: passwordPolicySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const now = new Date().toISOString();
      await app.database.db.transaction().execute(async (tx) => {
        const settings = new SettingsRepo(tx);
        const before = await settings.passwordPolicy();
        await settings.setPasswordPolicy(request.body, actor.accountId, now);
        await new AuditRepo(tx).write(
          { accountId: actor.accountId, username: actor.username, ip: request.ip },
          {
            action: 'security.password_policy.change',
            result: 'success',
            detail: { before, after: request.body },
          },
        );
      });
      return request.body;
    },
  );
};
