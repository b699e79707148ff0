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
import {
  confirmCodeSchema,
  disableTwoFactorSchema,
  enrollmentSchema,
  loginAnswerSchema,
  secondFactorSchema,
  twoFactorStatusSchema,
  type LoginAnswer,
} from '../../shared/twoFactor';
import { z } from '../../shared/zod';
import { auditContextOf } from './actor';
import { TwoFactorService } from './twoFactor.service';
import { AccountsService } from '../accounts/accounts.service';
import { requireActor, SESSION_COOKIE } from './auth.plugin';
import { activateVolunteer, actorOf, AuthService, type LoginResult } from './auth.service';
import { capabilitiesOf, manageableRoles } from './policy';
import { FailureThrottle } from './throttle';
import type { Actor } from './actor';

const okSchema = z.object({ ok: z.literal(true) });
/** The pending login step's token: HttpOnly, only sent to the login steps, short-lived. */
export const CHALLENGE_COOKIE = 'rz_login';
const CHALLENGE_PATH = '/api/auth/login';
/** Errors that count toward the per-IP throttle. */
const THROTTLED = new Set([
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'TWO_FACTOR_INVALID',
  'TWO_FACTOR_REUSED',
  'RECOVERY_CODE_INVALID',
]);

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

  const loginMeta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    previousSessionHash: request.sessionHash ?? undefined,
  });

  /** Signed in: the session cookie. A step still owed: the challenge cookie and what the step needs. */
  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: LoginResult,
  ): Promise<LoginAnswer> => {
    if (result.kind === 'session') {
      reply.clearCookie(CHALLENGE_COOKIE, { path: CHALLENGE_PATH });
      setCookie(request, reply, result.token, result.expiresAt);
      const signedIn = await me(actorOf(result.account, result.sessionKind));
      return result.recoveryCodes ? { ...signedIn, recoveryCodes: result.recoveryCodes } : signedIn;
    }
    if (result.challengeToken) {
      reply.setCookie(CHALLENGE_COOKIE, result.challengeToken, {
        path: CHALLENGE_PATH,
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(result.expiresAt),
      });
    }
    return {
      pending: {
        step: result.step,
        expiresAt: result.expiresAt,
        displayName: result.account.displayName,
        ...(result.enrollment ? { enrollment: result.enrollment } : {}),
      },
      ...(result.recoveryCodes ? { recoveryCodes: result.recoveryCodes } : {}),
    };
  };

  /** Runs one login step under the per-IP throttle. */
  const step = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<LoginResult>,
  ): Promise<LoginAnswer> => {
    if (throttle.blocked(request.ip)) throw new AppError('RATE_LIMITED', '登录失败次数过多，请15分钟后再试');
    try {
      return await answer(request, reply, await run());
    } catch (error) {
      if (error instanceof AppError && THROTTLED.has(error.code)) throttle.fail(request.ip);
      if (
        error instanceof AppError &&
        (error.code === 'ACCOUNT_LOCKED' || error.code === 'LOGIN_CHALLENGE_EXPIRED')
      )
        reply.clearCookie(CHALLENGE_COOKIE, { path: CHALLENGE_PATH });
      throw error;
    }
  };

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '登录（工作人员用用户名，志愿者用手机号）；需要两步验证时返回待完成的步骤',
        body: loginSchema,
        response: { 200: loginAnswerSchema },
      },
    },
    async (request, reply) =>
      step(request, reply, () =>
        auth().login(request.body.username, request.body.password, loginMeta(request)),
      ),
  );

  app.post(
    '/api/auth/login/second-factor',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '登录第二步：验证器上的6位验证码，或一个恢复码',
        body: secondFactorSchema,
        response: { 200: loginAnswerSchema },
      },
    },
    async (request, reply) =>
      step(request, reply, () =>
        auth().secondFactor(request.cookies[CHALLENGE_COOKIE], request.body, loginMeta(request)),
      ),
  );

  app.post(
    '/api/auth/login/enroll',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '登录时首次设置两步验证：输入验证器上的验证码确认',
        body: confirmCodeSchema,
        response: { 200: loginAnswerSchema },
      },
    },
    async (request, reply) =>
      step(request, reply, () =>
        auth().confirmEnrollment(request.cookies[CHALLENGE_COOKIE], request.body.code, loginMeta(request)),
      ),
  );

  app.post(
    '/api/auth/login/password',
    {
      config: { public: true },
      schema: {
        tags: ['登录'],
        summary: '登录时修改已过期的密码',
        body: z.strictObject({ newPassword: z.string().min(1, { message: '请输入新密码' }).max(256) }),
        response: { 200: loginAnswerSchema },
      },
    },
    async (request, reply) =>
      step(request, reply, () =>
        auth().changeExpiredPassword(
          request.cookies[CHALLENGE_COOKIE],
          request.body.newPassword,
          loginMeta(request),
        ),
      ),
  );

  const twoFactor = () => new TwoFactorService(app.database.db, app.fieldCrypto);

  app.get(
    '/api/auth/two-factor',
    { schema: { tags: ['登录'], summary: '本人两步验证状态', response: { 200: twoFactorStatusSchema } } },
    async (request) => twoFactor().status(requireActor(request)),
  );

  app.post(
    '/api/auth/two-factor/setup',
    {
      schema: {
        tags: ['登录'],
        summary: '开启两步验证：生成密钥与二维码',
        response: { 200: enrollmentSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return twoFactor().setup(actor, auditContextOf(actor, request.ip));
    },
  );

  app.post(
    '/api/auth/two-factor/confirm',
    {
      schema: {
        tags: ['登录'],
        summary: '开启两步验证：输入验证码确认，返回一次性恢复码',
        body: confirmCodeSchema,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const recoveryCodes = await twoFactor().confirm(
        actor,
        request.body.code,
        auditContextOf(actor, request.ip),
      );
      return { recoveryCodes };
    },
  );

  app.post(
    '/api/auth/two-factor/recovery-codes',
    {
      schema: {
        tags: ['登录'],
        summary: '重新生成恢复码（旧的作废）',
        body: confirmCodeSchema,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const recoveryCodes = await twoFactor().newRecoveryCodes(
        actor,
        request.body.code,
        auditContextOf(actor, request.ip),
      );
      return { recoveryCodes };
    },
  );

  app.post(
    '/api/auth/two-factor/disable',
    {
      schema: {
        tags: ['登录'],
        summary: '关闭两步验证（须输入密码和验证码；必须使用的角色不能关闭）',
        body: disableTwoFactorSchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await twoFactor().disable(actor, request.sessionHash!, request.body, auditContextOf(actor, request.ip));
      return { ok: true as const };
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
