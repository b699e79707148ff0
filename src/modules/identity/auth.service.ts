import type { Kysely } from 'kysely';
import type { AccountRow, DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { phoneSchema } from '../../shared/identity';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from './actor';
import { burnVerify, checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';
import { SessionsRepo } from './sessions.repo';
import { SettingsRepo } from './settings.repo';
import { hashActivationCode } from '../volunteers/activation';

export const actorOf = (account: AccountRow, sessionKind: 'staff' | 'volunteer'): Actor => ({
  accountId: account.id,
  username: account.username,
  displayName: account.displayName,
  role: account.role,
  regionCode: account.regionCode,
  organizationId: account.organizationId,
  teamId: account.teamId,
  volunteerId: account.volunteerId,
  sessionKind,
});

export interface LoginResult {
  token: string;
  account: AccountRow;
  kind: 'staff' | 'volunteer';
  expiresAt: string;
}

/** Logging in and out, and changing one's own password. */
export class AuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private async find(login: string): Promise<AccountRow | undefined> {
    const accounts = new AccountsRepo(this.db);
    // Volunteers sign in with their mobile number; staff with a username.
    if (phoneSchema.safeParse(login).success)
      return accounts.findForLogin({ phoneHash: this.crypto.hash(login) });
    return accounts.findForLogin({ username: login });
  }

  async login(
    login: string,
    password: string,
    meta: { ip: string | null; userAgent: string | null; previousSessionHash?: string },
    now = new Date(),
  ): Promise<LoginResult> {
    const audit = new AuditRepo(this.db);
    const context: AuditContext = { accountId: null, username: login.slice(0, 64), ip: meta.ip };
    const account = await this.find(login);
    if (!account) {
      await burnVerify(password);
      await audit.write(context, {
        action: 'auth.login',
        result: 'failure',
        detail: { reason: 'unknown_account' },
      });
      throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误', { field: 'password' });
    }
    const who: AuditContext = { accountId: account.id, username: account.username ?? login, ip: meta.ip };
    const where = { targetType: 'account', targetId: account.id, regionCode: account.regionCode };
    if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) {
      await audit.write(who, {
        action: 'auth.login',
        result: 'denied',
        ...where,
        detail: { reason: 'locked' },
      });
      throw lockedError(account.lockedUntil, now);
    }
    if (account.status !== 'active') {
      await audit.write(who, {
        action: 'auth.login',
        result: 'denied',
        ...where,
        detail: { reason: 'disabled' },
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
    if (!(await verifyPassword(account.passwordHash, password))) {
      const policy = await new SettingsRepo(this.db).passwordPolicy();
      const attempts = account.failedAttempts + 1;
      const accounts = new AccountsRepo(this.db);
      if (attempts >= policy.lockoutThreshold) {
        const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
        await accounts.update(account.id, { failedAttempts: 0, lockedUntil });
        await audit.write(who, {
          action: 'auth.login',
          result: 'failure',
          ...where,
          detail: { reason: 'locked_now' },
        });
        throw new AppError(
          'ACCOUNT_LOCKED',
          `密码连续错误${policy.lockoutThreshold}次，账号已锁定${policy.lockoutMinutes}分钟。请稍后再试，或联系安全管理员解锁`,
        );
      }
      await accounts.update(account.id, { failedAttempts: attempts });
      await audit.write(who, {
        action: 'auth.login',
        result: 'failure',
        ...where,
        detail: { reason: 'password' },
      });
      const left = policy.lockoutThreshold - attempts;
      throw new AppError('INVALID_CREDENTIALS', `用户名或密码错误，还可尝试${left}次`, { field: 'password' });
    }
    return this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(account.id, {
        failedAttempts: 0,
        lockedUntil: null,
        lastLoginAt: now.toISOString(),
      });
      const sessions = new SessionsRepo(tx);
      await sessions.deleteExpired(now);
      // A new session id at every login, so a planted cookie never becomes a signed-in one.
      if (meta.previousSessionHash) await sessions.delete(meta.previousSessionHash);
      const session = await sessions.create(account, meta, now);
      await new AuditRepo(tx).write(who, { action: 'auth.login', result: 'success', ...where });
      return { ...session, account };
    });
  }

  async logout(actor: Actor, sessionHash: string, ip: string | null): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await new SessionsRepo(tx).delete(sessionHash);
      await new AuditRepo(tx).write(
        { accountId: actor.accountId, username: actor.username, ip },
        {
          action: 'auth.logout',
          result: 'success',
          targetType: 'account',
          targetId: actor.accountId,
          regionCode: actor.regionCode,
        },
      );
    });
  }

  /** Changing one's own password asks for the current one and ends every other session. */
  async changePassword(
    actor: Actor,
    sessionHash: string,
    current: string,
    next: string,
    ip: string | null,
    now = new Date(),
  ): Promise<void> {
    const accounts = new AccountsRepo(this.db);
    const account = await accounts.findVisible('system', actor.accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    const context = { accountId: actor.accountId, username: actor.username, ip };
    const where = { targetType: 'account', targetId: actor.accountId, regionCode: actor.regionCode };
    if (!(await verifyPassword(account.passwordHash, current))) {
      await new AuditRepo(this.db).write(context, {
        action: 'account.password.change',
        result: 'failure',
        ...where,
      });
      throw new AppError('WRONG_PASSWORD', undefined, { field: 'currentPassword' });
    }
    checkPasswordPolicy(next, await new SettingsRepo(this.db).passwordPolicy(), {
      username: account.username,
      field: 'newPassword',
    });
    if (await verifyPassword(account.passwordHash, next)) {
      throw new AppError('PASSWORD_POLICY', '新密码不能与当前密码相同', { field: 'newPassword' });
    }
    const passwordHash = await hashPassword(next);
    await this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(actor.accountId, {
        passwordHash,
        passwordChangedAt: now.toISOString(),
      });
      await new SessionsRepo(tx).deleteForAccount(actor.accountId, sessionHash);
      await new AuditRepo(tx).write(context, {
        action: 'account.password.change',
        result: 'success',
        ...where,
      });
    });
  }
}

/** Sets the first password of a volunteer's login with the one-time code from the station. */
export async function activateVolunteer(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  input: { phone: string; code: string; newPassword: string },
  ip: string | null,
  now = new Date(),
): Promise<void> {
  const account = await new AccountsRepo(db).findForLogin({ phoneHash: crypto.hash(input.phone) });
  const valid =
    account &&
    account.role === 'volunteer' &&
    account.activationCodeHash &&
    account.activationCodeHash === hashActivationCode(input.code) &&
    account.activationExpiresAt &&
    Date.parse(account.activationExpiresAt) > now.getTime();
  const audit = new AuditRepo(db);
  if (!valid) {
    await audit.write(
      { accountId: account?.id ?? null, username: null, ip },
      { action: 'auth.activate', result: 'failure' },
    );
    throw new AppError('ACTIVATION_INVALID', undefined, { field: 'code' });
  }
  checkPasswordPolicy(input.newPassword, await new SettingsRepo(db).passwordPolicy(), {
    field: 'newPassword',
  });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await new AccountsRepo(tx).update(account.id, {
      passwordHash,
      passwordChangedAt: now.toISOString(),
      activationCodeHash: null,
      activationExpiresAt: null,
      failedAttempts: 0,
      lockedUntil: null,
    });
    await new SessionsRepo(tx).deleteForAccount(account.id);
    await new AuditRepo(tx).write(
      { accountId: account.id, username: null, ip },
      {
        action: 'auth.activate',
        result: 'success',
        targetType: 'account',
        targetId: account.id,
        regionCode: account.regionCode,
      },
    );
  });
}

function lockedError(lockedUntil: string, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', `账号已被锁定，请${minutes}分钟后再试，或联系安全管理员解锁`);
}
