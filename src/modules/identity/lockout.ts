import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { PasswordPolicy } from '../../shared/identity';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo, type AuditEvent } from '../audit/audit.repo';
import type { AuditContext } from './actor';
import { SessionsRepo } from './sessions.repo';
import { SettingsRepo } from './settings.repo';
import { TwoFactorRepo } from './twoFactor.repo';

/**
 * The account lockout, in one place: how a failed try is counted, how a try at a code is claimed before
 * the code is checked, and what locking does. Used by the login (password and code steps) and by the
 * code checks of a signed-in account (turning two-factor off, new recovery codes).
 */

/** One try claimed at a code, with the policy that bounds the tries. */
export interface ClaimedTry {
  attempt: number;
  policy: PasswordPolicy;
}

/** Counts one failed try in the database itself and returns the new count. */
export async function countTry(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
    .where('id', '=', accountId)
    .returning('failedAttempts')
    .executeTakeFirst();
  return Number(row?.failedAttempts ?? 0);
}

/**
 * Claims one try at a six-digit code (or a recovery code) BEFORE the code is checked, atomically, so
 * that a burst of parallel guesses each uses up a try: no more than the lockout threshold of codes is
 * ever checked before the account locks. A right code gives the tries back (the session's start resets
 * the count). Throws the lockout when the account is locked or its tries are used up.
 */
export async function claimCodeAttempt(db: Kysely<DB>, accountId: string, now: Date): Promise<ClaimedTry> {
  const policy = await new SettingsRepo(db).passwordPolicy();
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now.toISOString())]))
    .returning('failedAttempts')
    .executeTakeFirst();
  const attempt = Number(row?.failedAttempts ?? Infinity);
  if (attempt > policy.lockoutThreshold) throw tooManyTries(policy, '验证码');
  return { attempt, policy };
}

export function tooManyTries(policy: PasswordPolicy, what: string): AppError {
  return new AppError(
    'ACCOUNT_LOCKED',
    `${what}连续错误${policy.lockoutThreshold}次，账号已锁定${policy.lockoutMinutes}分钟。请稍后再试，或联系安全管理员解锁`,
  );
}

export function lockedError(lockedUntil: string, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', `账号已被锁定，请${minutes}分钟后再试，或联系安全管理员解锁`);
}

/**
 * Locks the account now, in one transaction: the tries start again from zero after the lock, pending
 * logins end, and with `endSessions` every session of the account ends too (a code guessed inside a
 * session: whoever was guessing is signed out). The failed try that caused it is audited with it.
 */
export async function lockAccount(
  db: Kysely<DB>,
  accountId: string,
  policy: PasswordPolicy,
  now: Date,
  audit: { context: AuditContext; event: AuditEvent },
  options: { endSessions: boolean },
): Promise<void> {
  const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
  await db.transaction().execute(async (tx) => {
    await new AccountsRepo(tx).update(accountId, { failedAttempts: 0, lockedUntil });
    await new TwoFactorRepo(tx).deleteChallengesOf(accountId);
    if (options.endSessions) await new SessionsRepo(tx).deleteForAccount(accountId);
    await new AuditRepo(tx).write(audit.context, audit.event);
  });
}
