import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRow, DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import { phoneSchema, type PasswordPolicy, type Role } from '../../shared/identity';
import type { Enrollment, LoginStep } from '../../shared/twoFactor';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from './actor';
import { burnVerify, checkPasswordPolicy, hashPassword, passwordExpired, verifyPassword } from './passwords';
import { hashToken, sessionSweepDue, SessionsRepo } from './sessions.repo';
import { checkTotp, enrollmentOf, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode } from './totp';
import { TwoFactorRepo, type ChallengeRow } from './twoFactor.repo';
import { SettingsRepo } from './settings.repo';
import {
  claimCodeAttempt,
  countTry,
  lockAccount,
  lockedError,
  tooManyTries,
  type ClaimedTry,
} from './lockout';
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

export interface SessionResult {
  kind: 'session';
  token: string;
  account: AccountRow;
  sessionKind: 'staff' | 'volunteer';
  expiresAt: string;
  /** Shown once, right after enrolment at login. */
  recoveryCodes?: string[];
}

export interface PendingResult {
  kind: 'pending';
  /** The pending challenge's token (HttpOnly cookie), not a session. */
  challengeToken: string;
  step: LoginStep;
  expiresAt: string;
  account: AccountRow;
  enrollment?: Enrollment;
  recoveryCodes?: string[];
}

export type LoginResult = SessionResult | PendingResult;

interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
  previousSessionHash?: string;
}

/** How long the step between password and session may take (installing an authenticator included). */
export const CHALLENGE_MS = 10 * 60 * 1000;

/** Whether the policy makes this account's role sign in with a second factor. */
export const twoFactorRequired = (policy: PasswordPolicy, role: Role): boolean =>
  (policy.twoFactorRoles as readonly Role[]).includes(role);

/** The name an authenticator app shows for the account. */
export const accountLabel = (account: Pick<AccountRow, 'username' | 'displayName'>): string =>
  account.username ?? account.displayName;

/** The keyed hash a recovery code is stored as (bound to its account). */
export const recoveryCodeHash = (crypto: FieldCrypto, accountId: string, code: string): string =>
  crypto.hash(`recovery:${accountId}:${normaliseRecoveryCode(code)}`);

/**
 * A new password must pass the policy and be none of the current and the last `historyCount` ones.
 * Returns its hash.
 */
export async function acceptNewPassword(
  db: Kysely<DB>,
  account: Pick<AccountRow, 'id' | 'username' | 'passwordHash'>,
  next: string,
  policy: PasswordPolicy,
  field = 'newPassword',
): Promise<string> {
  checkPasswordPolicy(next, policy, { username: account.username, field });
  if (await verifyPassword(account.passwordHash, next)) {
    throw new AppError('PASSWORD_POLICY', '新密码不能与当前密码相同', { field });
  }
  for (const old of await new TwoFactorRepo(db).recentPasswords(account.id, policy.historyCount)) {
    if (await verifyPassword(old, next)) {
      throw new AppError('PASSWORD_POLICY', `新密码不能与最近${policy.historyCount}次用过的密码相同`, {
        field,
      });
    }
  }
  return hashPassword(next);
}

/** Logging in (password, then a second factor, a forced enrolment or an expired password's change), out, and changing one's own password. */
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

  private whoOf(account: AccountRow, ip: string | null) {
    return {
      who: { accountId: account.id, username: account.username ?? null, ip } satisfies AuditContext,
      where: { targetType: 'account', targetId: account.id, regionCode: account.regionCode },
    };
  }

  /**
   * A wrong password or second factor: counts toward the lockout. Throws the error to show — the
   * lockout when this was the last try, or `wrong` with the tries left.
   */
  private async countFailure(
    account: AccountRow,
    ip: string | null,
    now: Date,
    audit: { action: string; reason: string },
    wrong: (left: number) => AppError,
    claimed?: ClaimedTry,
  ): Promise<never> {
    const { who, where } = this.whoOf(account, ip);
    const policy = claimed?.policy ?? (await new SettingsRepo(this.db).passwordPolicy());
    // Counted in the database (n = n + 1), never read-then-written: parallel failures all count. A
    // code's try was claimed before the code was checked (claimCodeAttempt) and is not counted twice.
    const attempts = claimed?.attempt ?? (await countTry(this.db, account.id));
    if (attempts >= policy.lockoutThreshold) {
      // Sessions already open stay: the owner is not signed out by someone guessing at the login.
      await lockAccount(
        this.db,
        account.id,
        policy,
        now,
        {
          context: who,
          event: {
            action: audit.action,
            result: 'failure',
            ...where,
            detail: { reason: 'locked_now', after: audit.reason },
          },
        },
        { endSessions: false },
      );
      throw tooManyTries(policy, audit.action === 'auth.login' ? '密码' : '验证码');
    }
    await new AuditRepo(this.db).write(who, {
      action: audit.action,
      result: 'failure',
      ...where,
      detail: { reason: audit.reason },
    });
    throw wrong(policy.lockoutThreshold - attempts);
  }

  /** Refuses a locked or disabled account (audited under `action`). */
  private async assertMaySignIn(account: AccountRow, ip: string | null, now: Date, action: string) {
    const { who, where } = this.whoOf(account, ip);
    if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) {
      await new AuditRepo(this.db).write(who, {
        action,
        result: 'denied',
        ...where,
        detail: { reason: 'locked' },
      });
      throw lockedError(account.lockedUntil, now);
    }
    if (account.status !== 'active') {
      await new AuditRepo(this.db).write(who, {
        action,
        result: 'denied',
        ...where,
        detail: { reason: 'disabled' },
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
  }

  async login(login: string, password: string, meta: LoginMeta, now = new Date()): Promise<LoginResult> {
    const audit = new AuditRepo(this.db);
    // A mobile number typed at the login is personal data: the audit log keeps it masked.
    const typed = phoneSchema.safeParse(login).success ? maskPhone(login)! : login.slice(0, 64);
    const context: AuditContext = { accountId: null, username: typed, ip: meta.ip };
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
    await this.assertMaySignIn(account, meta.ip, now, 'auth.login');
    if (!(await verifyPassword(account.passwordHash, password))) {
      return this.countFailure(
        account,
        meta.ip,
        now,
        { action: 'auth.login', reason: 'password' },
        (left) =>
          new AppError('INVALID_CREDENTIALS', `用户名或密码错误，还可尝试${left}次`, { field: 'password' }),
      );
    }
    const policy = await new SettingsRepo(this.db).passwordPolicy();
    const twoFactor = await new TwoFactorRepo(this.db).get(account.id);
    const enrolled = !!twoFactor?.confirmedAt;
    const expired = passwordExpired(account.passwordChangedAt, policy, now);
    const step: LoginStep | null = enrolled
      ? 'totp'
      : twoFactorRequired(policy, account.role)
        ? 'enroll'
        : expired
          ? 'password'
          : null;
    if (!step) return this.startSession(account, meta, now);

    // The password was right but no session yet: a pending challenge. The failure count is not reset
    // here, so guessing codes across fresh logins still ends in the lockout.
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CHALLENGE_MS).toISOString();
    let enrollment: Enrollment | undefined;
    const { who, where } = this.whoOf(account, meta.ip);
    await this.db.transaction().execute(async (tx) => {
      const repo = new TwoFactorRepo(tx);
      await repo.deleteExpiredChallenges(now.toISOString());
      if (step === 'enroll') {
        // A fresh secret for every challenge, never one shown before: whoever else learnt the password
        // cannot obtain the secret the rightful person is about to confirm (an unfinished attempt is
        // simply replaced, and the other holder's codes then fail).
        const secret = newTotpSecret();
        await repo.setPending(account.id, this.crypto.encrypt(secret), now.toISOString());
        enrollment = await enrollmentOf(secret, accountLabel(account));
      }
      await repo.createChallenge({
        idHash: hashToken(token),
        accountId: account.id,
        step,
        passwordExpired: expired ? 1 : 0,
        createdAt: now.toISOString(),
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 200) ?? null,
      });
      await new AuditRepo(tx).write(who, {
        action: 'auth.login.challenge',
        result: 'success',
        ...where,
        detail: { step, passwordExpired: expired },
      });
    });
    return { kind: 'pending', challengeToken: token, step, expiresAt, account, enrollment };
  }

  /** The live challenge for a token and its account, or LOGIN_CHALLENGE_EXPIRED. */
  private async challenge(token: string | undefined, step: LoginStep, ip: string | null, now: Date) {
    const repo = new TwoFactorRepo(this.db);
    const row = token ? await repo.findChallenge(hashToken(token)) : undefined;
    if (!row || Date.parse(row.expiresAt) <= now.getTime()) {
      if (row) await repo.deleteChallenge(row.idHash);
      throw new AppError('LOGIN_CHALLENGE_EXPIRED');
    }
    const account = await new AccountsRepo(this.db).findVisible('system', row.accountId);
    if (!account) throw new AppError('LOGIN_CHALLENGE_EXPIRED');
    const action = {
      password: 'auth.password.expired_change',
      enroll: 'auth.two_factor.enroll',
      totp: 'auth.two_factor.verify',
    }[step];
    try {
      await this.assertMaySignIn(account, ip, now, action);
    } catch (error) {
      await repo.deleteChallenge(row.idHash);
      throw error;
    }
    if (row.step !== step) throw new AppError('LOGIN_STEP_MISMATCH');
    return { row, account: account as AccountRow };
  }

  /** After the second factor or the enrolment: the expired password's change, or the session. */
  private async next(
    row: ChallengeRow,
    account: AccountRow,
    meta: LoginMeta,
    now: Date,
    recoveryCodes?: string[],
  ): Promise<LoginResult> {
    if (row.passwordExpired) {
      // Both factors proved: the tries claimed for the codes are given back.
      await new AccountsRepo(this.db).update(account.id, { failedAttempts: 0 });
      await new TwoFactorRepo(this.db).setChallengeStep(row.idHash, 'password');
      return {
        kind: 'pending',
        challengeToken: '',
        step: 'password',
        expiresAt: row.expiresAt,
        account,
        recoveryCodes,
      };
    }
    await new TwoFactorRepo(this.db).deleteChallenge(row.idHash);
    return { ...(await this.startSession(account, meta, now)), recoveryCodes };
  }

  /** The second step: the authenticator's six digits, or one recovery code. */
  async secondFactor(
    token: string | undefined,
    input: { code?: string; recoveryCode?: string },
    meta: LoginMeta,
    now = new Date(),
  ): Promise<LoginResult> {
    if (!input.code === !input.recoveryCode) {
      throw new AppError('VALIDATION_FAILED', '请输入验证器上的6位验证码，或一个恢复码', { field: 'code' });
    }
    const { row, account } = await this.challenge(token, 'totp', meta.ip, now);
    const repo = new TwoFactorRepo(this.db);
    const { who, where } = this.whoOf(account, meta.ip);
    const claimed = await claimCodeAttempt(this.db, account.id, now);
    if (input.recoveryCode) {
      const hash = recoveryCodeHash(this.crypto, account.id, input.recoveryCode);
      if (!(await repo.useRecoveryCode(account.id, hash, now.toISOString()))) {
        return this.countFailure(
          account,
          meta.ip,
          now,
          { action: 'auth.two_factor.recovery', reason: 'recovery_code' },
          (left) =>
            new AppError('RECOVERY_CODE_INVALID', `恢复码错误或已经用过，还可尝试${left}次`, {
              field: 'recoveryCode',
            }),
          claimed,
        );
      }
      await new AuditRepo(this.db).write(who, {
        action: 'auth.two_factor.recovery',
        result: 'success',
        ...where,
        detail: { left: await repo.recoveryCodesLeft(account.id) },
      });
      return this.next(row, account, meta, now);
    }
    const twoFactor = await repo.get(account.id);
    if (!twoFactor?.confirmedAt) throw new AppError('LOGIN_CHALLENGE_EXPIRED');
    const check = await checkTotp(
      this.crypto.decrypt(twoFactor.secretEnc),
      input.code!,
      twoFactor.lastUsedStep,
      now,
    );
    const accepted = check.ok && (await repo.useStep(account.id, check.step));
    if (!accepted) {
      const reused = !check.ok ? check.reused : true;
      return this.countFailure(
        account,
        meta.ip,
        now,
        { action: 'auth.two_factor.verify', reason: reused ? 'reused' : 'code' },
        (left) =>
          reused
            ? new AppError('TWO_FACTOR_REUSED', undefined, { field: 'code' })
            : new AppError('TWO_FACTOR_INVALID', `验证码错误，还可尝试${left}次`, { field: 'code' }),
        claimed,
      );
    }
    await new AuditRepo(this.db).write(who, {
      action: 'auth.two_factor.verify',
      result: 'success',
      ...where,
    });
    return this.next(row, account, meta, now);
  }

  /** Forced enrolment at login: the first code confirms the secret; ten recovery codes are handed out once. */
  async confirmEnrollment(
    token: string | undefined,
    code: string,
    meta: LoginMeta,
    now = new Date(),
  ): Promise<LoginResult> {
    const { row, account } = await this.challenge(token, 'enroll', meta.ip, now);
    const repo = new TwoFactorRepo(this.db);
    const pending = await repo.get(account.id);
    if (!pending || pending.confirmedAt) throw new AppError('LOGIN_CHALLENGE_EXPIRED');
    const claimed = await claimCodeAttempt(this.db, account.id, now);
    const check = await checkTotp(this.crypto.decrypt(pending.secretEnc), code, null, now);
    if (!check.ok) {
      return this.countFailure(
        account,
        meta.ip,
        now,
        { action: 'auth.two_factor.enroll', reason: 'code' },
        (left) => new AppError('TWO_FACTOR_INVALID', `验证码错误，还可尝试${left}次`, { field: 'code' }),
        claimed,
      );
    }
    const recoveryCodes = newRecoveryCodes();
    const { who, where } = this.whoOf(account, meta.ip);
    await this.db.transaction().execute(async (tx) => {
      const txRepo = new TwoFactorRepo(tx);
      await txRepo.confirm(account.id, check.step, now.toISOString());
      await txRepo.replaceRecoveryCodes(
        account.id,
        recoveryCodes.map((c) => recoveryCodeHash(this.crypto, account.id, c)),
        now.toISOString(),
      );
      await new AuditRepo(tx).write(who, {
        action: 'auth.two_factor.enroll',
        result: 'success',
        ...where,
      });
    });
    return this.next(row, account, meta, now, recoveryCodes);
  }

  /** An expired password is changed before anything else; then the session. */
  async changeExpiredPassword(
    token: string | undefined,
    newPassword: string,
    meta: LoginMeta,
    now = new Date(),
  ): Promise<LoginResult> {
    const { row, account } = await this.challenge(token, 'password', meta.ip, now);
    const policy = await new SettingsRepo(this.db).passwordPolicy();
    const passwordHash = await acceptNewPassword(this.db, account, newPassword, policy);
    const { who, where } = this.whoOf(account, meta.ip);
    await this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(account.id, { passwordHash, passwordChangedAt: now.toISOString() });
      await new TwoFactorRepo(tx).addPasswordHistory(account.id, account.passwordHash, now.toISOString());
      await new SessionsRepo(tx).deleteForAccount(account.id);
      await new TwoFactorRepo(tx).deleteChallenge(row.idHash);
      await new AuditRepo(tx).write(who, {
        action: 'auth.password.expired_change',
        result: 'success',
        ...where,
      });
    });
    return this.startSession({ ...account, passwordHash }, meta, now);
  }

  private async startSession(account: AccountRow, meta: LoginMeta, now: Date): Promise<SessionResult> {
    const { who, where } = this.whoOf(account, meta.ip);
    return this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(account.id, {
        failedAttempts: 0,
        lockedUntil: null,
        lastLoginAt: now.toISOString(),
      });
      const sessions = new SessionsRepo(tx);
      if (sessionSweepDue(this.db, now)) await sessions.deleteExpired(now);
      // A new session id at every login, so a planted cookie never becomes a signed-in one.
      if (meta.previousSessionHash) await sessions.delete(meta.previousSessionHash);
      const session = await sessions.create(account, meta, now);
      await new AuditRepo(tx).write(who, { action: 'auth.login', result: 'success', ...where });
      return {
        kind: 'session' as const,
        token: session.token,
        sessionKind: session.kind,
        expiresAt: session.expiresAt,
        account,
      };
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
    const policy = await new SettingsRepo(this.db).passwordPolicy();
    const passwordHash = await acceptNewPassword(this.db, account, next, policy);
    await this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(actor.accountId, {
        passwordHash,
        passwordChangedAt: now.toISOString(),
      });
      await new TwoFactorRepo(tx).addPasswordHistory(
        actor.accountId,
        account.passwordHash,
        now.toISOString(),
      );
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
