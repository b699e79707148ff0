import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types';
import type { AccountTwoFactorTable, LoginChallengesTable } from '../../db/tables/twoFactor';

export type TwoFactorRow = Selectable<AccountTwoFactorTable>;
export type ChallengeRow = Selectable<LoginChallengesTable>;

/** All SQL over second factors, recovery codes, pending login steps and password history. */
export class TwoFactorRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async get(accountId: string): Promise<TwoFactorRow | undefined> {
    return this.db
      .selectFrom('accountTwoFactor')
      .selectAll()
      .where('accountId', '=', accountId)
      .executeTakeFirst();
  }

  /** A new, not yet confirmed secret (replacing any earlier one). */
  async setPending(accountId: string, secretEnc: string, now: string): Promise<void> {
    await this.db.deleteFrom('accountTwoFactor').where('accountId', '=', accountId).execute();
    await this.db
      .insertInto('accountTwoFactor')
      .values({ accountId, secretEnc, confirmedAt: null, lastUsedStep: null, createdAt: now })
      .execute();
  }

  async confirm(accountId: string, step: number, now: string): Promise<void> {
    await this.db
      .updateTable('accountTwoFactor')
      .set({ confirmedAt: now, lastUsedStep: step })
      .where('accountId', '=', accountId)
      .execute();
  }

  /**
   * Records the accepted time step, only if it is later than the recorded one: of two requests racing
   * with the same code, one wins.
   */
  async useStep(accountId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('accountTwoFactor')
      .set({ lastUsedStep: step })
      .where('accountId', '=', accountId)
      .where((eb) => eb.or([eb('lastUsedStep', 'is', null), eb('lastUsedStep', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Turns the second factor off: the secret and every recovery code go. */
  async remove(accountId: string): Promise<void> {
    await this.db.deleteFrom('recoveryCodes').where('accountId', '=', accountId).execute();
    await this.db.deleteFrom('accountTwoFactor').where('accountId', '=', accountId).execute();
  }

  async replaceRecoveryCodes(accountId: string, hashes: string[], now: string): Promise<void> {
    await this.db.deleteFrom('recoveryCodes').where('accountId', '=', accountId).execute();
    await this.db
      .insertInto('recoveryCodes')
      .values(
        hashes.map((codeHash) => ({ id: randomUUID(), accountId, codeHash, usedAt: null, createdAt: now })),
      )
      .execute();
  }

  /** Marks an unused recovery code used; false when there is none (wrong, or used before). */
  async useRecoveryCode(accountId: string, codeHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('recoveryCodes')
      .set({ usedAt: now })
      .where('accountId', '=', accountId)
      .where('codeHash', '=', codeHash)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async recoveryCodesLeft(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('recoveryCodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('accountId', '=', accountId)
      .where('usedAt', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Pending login steps

  async createChallenge(row: ChallengeRow): Promise<void> {
    await this.db.insertInto('loginChallenges').values(row).execute();
  }

  async findChallenge(idHash: string): Promise<ChallengeRow | undefined> {
    return this.db.selectFrom('loginChallenges').selectAll().where('idHash', '=', idHash).executeTakeFirst();
  }

  async setChallengeStep(idHash: string, step: ChallengeRow['step']): Promise<void> {
    await this.db.updateTable('loginChallenges').set({ step }).where('idHash', '=', idHash).execute();
  }

  async deleteChallenge(idHash: string): Promise<void> {
    await this.db.deleteFrom('loginChallenges').where('idHash', '=', idHash).execute();
  }

  async deleteChallengesOf(accountId: string): Promise<void> {
    await this.db.deleteFrom('loginChallenges').where('accountId', '=', accountId).execute();
  }

  async deleteExpiredChallenges(now: string): Promise<void> {
    await this.db.deleteFrom('loginChallenges').where('expiresAt', '<', now).execute();
  }

  // Password history

  async addPasswordHistory(accountId: string, passwordHash: string, now: string): Promise<void> {
    await this.db
      .insertInto('passwordHistory')
      .values({ id: randomUUID(), accountId, passwordHash, createdAt: now })
      .execute();
  }

  /** The last `n` earlier password hashes, newest first. */
  async recentPasswords(accountId: string, n: number): Promise<string[]> {
    if (n <= 0) return [];
    const rows = await this.db
      .selectFrom('passwordHistory')
      .select('passwordHash')
      .where('accountId', '=', accountId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(n)
      .execute();
    return rows.map((r) => r.passwordHash);
  }
}
