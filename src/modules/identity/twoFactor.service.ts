import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import type { Enrollment, TwoFactorStatus } from '../../shared/twoFactor';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from './actor';
import { accountLabel, recoveryCodeHash, twoFactorRequired } from './auth.service';
import { claimCodeAttempt, lockAccount, tooManyTries } from './lockout';
import { verifyPassword } from './passwords';
import { SessionsRepo } from './sessions.repo';
import { SettingsRepo } from './settings.repo';
import { checkTotp, enrollmentOf, newRecoveryCodes, newTotpSecret, otpauthUri } from './totp';
import { TwoFactorRepo } from './twoFactor.repo';

/**
 * Enrols an account at once, on the operator's authority (demo seed, test factories): returns the
 * secret and its otpauth:// URI, which the operator hands to the person.
 */
export async function enrollTwoFactorNow(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  account: { id: string; username: string | null; displayName: string },
  now = new Date(),
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  const repo = new TwoFactorRepo(db);
  await repo.setPending(account.id, crypto.encrypt(secret), now.toISOString());
  await repo.confirm(account.id, 0, now.toISOString());
  return { secret, uri: otpauthUri(secret, accountLabel(account)) };
}

/** 我的账号 › 两步验证, and the security administrator's reset. */
export class TwoFactorService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private where(actor: Actor) {
    return { targetType: 'account', targetId: actor.accountId, regionCode: actor.regionCode };
  }

  async status(actor: Actor): Promise<TwoFactorStatus> {
    const repo = new TwoFactorRepo(this.db);
    const row = await repo.get(actor.accountId);
    const policy = await new SettingsRepo(this.db).passwordPolicy();
    return {
      enabled: !!row?.confirmedAt,
      required: twoFactorRequired(policy, actor.role),
      recoveryCodesLeft: row?.confirmedAt ? await repo.recoveryCodesLeft(actor.accountId) : 0,
    };
  }

  /** A new secret to scan; nothing changes for login until its first code confirms it. */
  async setup(actor: Actor, context: AuditContext, now = new Date()): Promise<Enrollment> {
    const repo = new TwoFactorRepo(this.db);
    if ((await repo.get(actor.accountId))?.confirmedAt) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    const secret = newTotpSecret();
    await this.db.transaction().execute(async (tx) => {
      await new TwoFactorRepo(tx).setPending(actor.accountId, this.crypto.encrypt(secret), now.toISOString());
      await new AuditRepo(tx).write(context, {
        action: 'account.two_factor.setup',
        result: 'success',
        ...this.where(actor),
      });
    });
    return enrollmentOf(secret, accountLabel({ username: actor.username, displayName: actor.displayName }));
  }

  /** The first code turns it on; ten recovery codes are shown once. */
  async confirm(actor: Actor, code: string, context: AuditContext, now = new Date()): Promise<string[]> {
    const repo = new TwoFactorRepo(this.db);
    const row = await repo.get(actor.accountId);
    if (!row) throw new AppError('TWO_FACTOR_NOT_ENABLED', '请先点击“开启两步验证”并扫描二维码');
    if (row.confirmedAt) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    const check = await checkTotp(this.crypto.decrypt(row.secretEnc), code, null, now);
    if (!check.ok) {
      await new AuditRepo(this.db).write(context, {
        action: 'account.two_factor.enable',
        result: 'failure',
        ...this.where(actor),
      });
      throw new AppError('TWO_FACTOR_INVALID', undefined, { field: 'code' });
    }
    const codes = newRecoveryCodes();
    await this.db.transaction().execute(async (tx) => {
      const txRepo = new TwoFactorRepo(tx);
      await txRepo.confirm(actor.accountId, check.step, now.toISOString());
      await txRepo.replaceRecoveryCodes(
        actor.accountId,
        codes.map((c) => recoveryCodeHash(this.crypto, actor.accountId, c)),
        now.toISOString(),
      );
      await new AuditRepo(tx).write(context, {
        action: 'account.two_factor.enable',
        result: 'success',
        ...this.where(actor),
      });
    });
    return codes;
  }

  /** A current code proves the authenticator is still at hand (for turning off, new recovery codes). */
  private async proveCode(actor: Actor, code: string, action: string, context: AuditContext, now: Date) {
    const repo = new TwoFactorRepo(this.db);
    const row = await repo.get(actor.accountId);
    if (!row?.confirmedAt) throw new AppError('TWO_FACTOR_NOT_ENABLED');
    // The same bounded tries as at login: a stolen session cannot guess codes without end.
    const { attempt, policy } = await claimCodeAttempt(this.db, actor.accountId, now);
    const check = await checkTotp(this.crypto.decrypt(row.secretEnc), code, row.lastUsedStep, now);
    if (!check.ok || !(await repo.useStep(actor.accountId, check.step))) {
      if (attempt >= policy.lockoutThreshold) {
        // Locked, and every session of the account ends: whoever was guessing is signed out.
        await lockAccount(
          this.db,
          actor.accountId,
          policy,
          now,
          {
            context,
            event: { action, result: 'failure', ...this.where(actor), detail: { reason: 'locked_now' } },
          },
          { endSessions: true },
        );
        throw tooManyTries(policy, '验证码');
      }
      await new AuditRepo(this.db).write(context, { action, result: 'failure', ...this.where(actor) });
      throw new AppError(!check.ok && !check.reused ? 'TWO_FACTOR_INVALID' : 'TWO_FACTOR_REUSED', undefined, {
        field: 'code',
      });
    }
    await new AccountsRepo(this.db).update(actor.accountId, { failedAttempts: 0 });
  }

  /** Turning it off: password and a current code; not for a role that must use it. Other sessions end. */
  async disable(
    actor: Actor,
    sessionHash: string,
    input: { password: string; code: string },
    context: AuditContext,
    now = new Date(),
  ): Promise<void> {
    if (twoFactorRequired(await new SettingsRepo(this.db).passwordPolicy(), actor.role)) {
      throw new AppError('TWO_FACTOR_REQUIRED');
    }
    const account = await new AccountsRepo(this.db).findVisible('system', actor.accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    if (!(await verifyPassword(account.passwordHash, input.password))) {
      await new AuditRepo(this.db).write(context, {
        action: 'account.two_factor.disable',
        result: 'failure',
        ...this.where(actor),
      });
      throw new AppError('WRONG_PASSWORD', undefined, { field: 'password' });
    }
    await this.proveCode(actor, input.code, 'account.two_factor.disable', context, now);
    await this.db.transaction().execute(async (tx) => {
      await new TwoFactorRepo(tx).remove(actor.accountId);
      await new SessionsRepo(tx).deleteForAccount(actor.accountId, sessionHash);
      await new AuditRepo(tx).write(context, {
        action: 'account.two_factor.disable',
        result: 'success',
        ...this.where(actor),
      });
    });
  }

  /** Ten new recovery codes (the old ones stop working), with a current code. */
  async newRecoveryCodes(actor: Actor, code: string, context: AuditContext, now = new Date()) {
    await this.proveCode(actor, code, 'account.two_factor.recovery_codes', context, now);
    const codes = newRecoveryCodes();
    await this.db.transaction().execute(async (tx) => {
      await new TwoFactorRepo(tx).replaceRecoveryCodes(
        actor.accountId,
        codes.map((c) => recoveryCodeHash(this.crypto, actor.accountId, c)),
        now.toISOString(),
      );
      await new AuditRepo(tx).write(context, {
        action: 'account.two_factor.recovery_codes',
        result: 'success',
        ...this.where(actor),
      });
    });
    return codes;
  }

  /**
   * The security administrator resets an account's second factor (a lost phone): the secret and recovery
   * codes go, every session and pending login of the account ends; a role that must use it enrols again
   * at the next login.
   */
  async reset(actor: Actor, accountId: string, reason: string, context: AuditContext): Promise<void> {
    const target = await new AccountsRepo(this.db).findVisible('system', accountId);
    if (!target) throw new AppError('NOT_FOUND', '账号不存在');
    if (target.id === actor.accountId) throw new AppError('FORBIDDEN', '不能重置自己的两步验证');
    const had = !!(await new TwoFactorRepo(this.db).get(accountId))?.confirmedAt;
    await this.db.transaction().execute(async (tx) => {
      const repo = new TwoFactorRepo(tx);
      await repo.remove(accountId);
      await repo.deleteChallengesOf(accountId);
      const ended = await new SessionsRepo(tx).deleteForAccount(accountId);
      await new AuditRepo(tx).write(context, {
        action: 'security.two_factor.reset',
        result: 'success',
        targetType: 'account',
        targetId: accountId,
        regionCode: target.regionCode,
        detail: { reason, wasEnabled: had, sessionsEnded: ended },
      });
    });
  }
}
