import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import {
  changePasswordSchema,
  loginSchema,
  meSchema,
  passwordPolicySchema,
  phoneSchema,
  type Me,
} from '../../shared/identity';
import { SettingsRepo } from './settings.repo';
import { z } from '../../shared/zod';
import { AccountsService } from '../accounts/accounts.service';
import { requireActor, SESSION_COOKIE } from './auth.plugin';
import { activateVolunteer, actorOf, AuthService } from './auth.service';
import { capabilitiesOf, manageableRoles } from './policy';
import { FailureThrottle } from './throttle';
import type { Actor } from './actor';

const okSchema = z.object({ ok: z.literal(true) });

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const throttle = new FailureThrottle();
  const auth = () => new AuthService(app.database.db, app.fieldCrypto);

  const me = async (actor: Actor): Promise<Me> => ({
    account: await new AccountsService(app.database.db, app.fieldCrypto).get(actor, actor.accountId),
    capabilities: capabilitiesOf(actor.role),
    manageableRoles: manageableRoles(actor.role),
    sessionKind: actor.sessionKind,
  });

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      expires: new Date(expiresAt),
    });

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '登录（工作人员用用户名，志愿者用手机号）',
        body: loginSchema,
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      if (throttle.blocked(request.ip))
        throw new AppError('RATE_LIMITED', '登录失败次数过多，请15分钟后再试');
      try {
        const result = await auth().login(request.body.username, request.body.password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          previousSessionHash: request.sessionHash ?? undefined,
        });
        setCookie(request, reply, result.token, result.expiresAt);
        return me(actorOf(result.account, result.kind));
      } catch (error) {
        if (
          error instanceof AppError &&
          (error.code === 'INVALID_CREDENTIALS' || error.code === 'ACCOUNT_LOCKED')
        ) {
          throttle.fail(request.ip);
        }
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/activate',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '志愿者用激活码设置首个密码',
        body: z.strictObject({
          phone: phoneSchema,
          code: z
            .string()
            .trim()
            .regex(/^\d{8}$/, { message: '激活码为8位数字' }),
          newPassword: z.string().min(1).max(256),
        }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      if (throttle.blocked(request.ip)) throw new AppError('RATE_LIMITED');
      try {
        await activateVolunteer(app.database.db, app.fieldCrypto, request.body, request.ip);
      } catch (error) {
        if (error instanceof AppError && error.code === 'ACTIVATION_INVALID') throttle.fail(request.ip);
        throw error;
      }
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['登录'], summary: '退出登录', response: { 200: okSchema } } },
    async (request, reply) => {
      await auth().logout(requireActor(request), request.sessionHash!, request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['登录'], summary: '当前账号、权限与可管理的角色', response: { 200: meSchema } } },
    async (request) => me(requireActor(request)),
  );

  app.get(
    '/api/auth/password-policy',
    {
      schema: {
        tags: ['登录'],
        summary: '密码规则（供修改密码时提示）',
        response: { 200: passwordPolicySchema },
      },
    },
    async () => new SettingsRepo(app.database.db).passwordPolicy(),
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['登录'],
        summary: '修改本人密码（其他会话随之结束）',
        body: changePasswordSchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await auth().changePassword(
        requireActor(request),
        request.sessionHash!,
        request.body.currentPassword,
        request.body.newPassword,
        request.ip,
      );
      return { ok: true as const };
    },
  );
};
