import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRow, DB } from '../../db/types';
import { containsText } from '../../db/sql';
import { runGrouped } from '../audit/commitGroup';

export const STAFF_IDLE_MS = 30 * 60 * 1000;
export const STAFF_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const VOLUNTEER_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
/** Expired sessions are cleaned up at most this often per database. */
const CLEANUP_EVERY_MS = 60 * 1000;
const lastCleanupAt = new WeakMap<object, number>();

/**
 * Whether the sweep of expired sessions is due on this database (keyed by the application's own
 * Kysely instance, not a transaction, which is new each time); marks it done when it is.
 */
export function sessionSweepDue(db: object, now: Date): boolean {
  const t = now.getTime();
  const last = lastCleanupAt.get(db);
  if (last !== undefined && t >= last && t - last < CLEANUP_EVERY_MS) return false;
  lastCleanupAt.set(db, t);
  return true;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionWithAccount {
  idHash: string;
  kind: 'staff' | 'volunteer';
  lastSeenAt: string;
  expiresAt: string;
  account: AccountRow;
}

/** Server-side sessions; the cookie holds a random token, the table only its hash. */
export class SessionsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async create(
    account: AccountRow,
    meta: { ip: string | null; userAgent: string | null },
    now: Date,
  ): Promise<{ token: string; kind: 'staff' | 'volunteer'; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const kind = account.role === 'volunteer' ? 'volunteer' : 'staff';
    const expiresAt = new Date(
      now.getTime() + (kind === 'volunteer' ? VOLUNTEER_ABSOLUTE_MS : STAFF_ABSOLUTE_MS),
    );
    await this.db
      .insertInto('sessions')
      .values({
        idHash: hashToken(token),
        accountId: account.id,
        kind,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 200) ?? null,
        ref: randomUUID(),
      })
      .execute();
    return { token, kind, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The live session for a token, or `expired` (and then deleted), or undefined. `touch: false` is for
   * the web app's own background polling (unread messages): it reads the session without counting as
   * the person's activity, so an open tab nobody uses still reaches the idle limit.
   */
  async resolve(
    token: string,
    now: Date,
    { touch = true }: { touch?: boolean } = {},
  ): Promise<SessionWithAccount | 'expired' | undefined> {
    const idHash = hashToken(token);
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.accountId')
      .select(['sessions.idHash', 'sessions.kind', 'sessions.lastSeenAt', 'sessions.expiresAt'])
      .selectAll('accounts')
      .where('sessions.idHash', '=', idHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const t = now.getTime();
    const idleExpired = row.kind === 'staff' && t - Date.parse(row.lastSeenAt) > STAFF_IDLE_MS;
    if (row.status !== 'active') {
      await this.delete(idHash);
      return 'expired';
    }
    // Kept (not deleted) so every later request can still say "登录已超时"; login cleans them up.
    if (t >= Date.parse(row.expiresAt) || idleExpired) return 'expired';
    if (touch && t - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
      const write = (db: Kysely<DB>) =>
        db
          .updateTable('sessions')
          .set({ lastSeenAt: now.toISOString() })
          .where('idHash', '=', idHash)
          .execute();
      // Through the commit group: a burst of people coming back (a township checking in at nine) shares
      // one commit instead of one fsync each (docs/PERFORMANCE.md); answered after that commit.
      await runGrouped(this.db, async (tx) => ({ value: await write(tx) }));
    }
    const { idHash: _h, kind, lastSeenAt, expiresAt, ...account } = row;
    return { idHash, kind, lastSeenAt, expiresAt, account: account as AccountRow };
  }

  /**
   * Removes sessions past their absolute expiry or idle far longer than any staff session may be.
   * Housekeeping only (resolve refuses such a session anyway), and a scan of the whole table (no index
   * serves the OR): login runs it when `sessionSweepDue`, at most once a minute per database, not at
   * every login — with a city's 40,000 volunteer sessions it cost ≈ 11 ms of the login on SQLite
   * (docs/PERFORMANCE.md).
   */
  async deleteExpired(now: Date): Promise<void> {
    const idleCutoff = new Date(now.getTime() - STAFF_ABSOLUTE_MS).toISOString();
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expiresAt', '<', now.toISOString()), eb('lastSeenAt', '<', idleCutoff)]))
      .execute();
  }

  /**
   * Live sessions (not past their absolute expiry, staff not idle too long), newest activity first,
   * with their accounts, for the security administrator. `q` narrows by username or name.
   */
  async listActive(now: Date, q?: string, limit = 200) {
    const idleCutoff = new Date(now.getTime() - STAFF_IDLE_MS).toISOString();
    let query = this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.accountId')
      .select([
        'sessions.ref',
        'sessions.idHash',
        'sessions.accountId',
        'sessions.ip',
        'sessions.userAgent',
        'sessions.createdAt',
        'sessions.lastSeenAt',
        'accounts.username',
        'accounts.displayName',
        'accounts.role',
      ])
      .where('sessions.expiresAt', '>', now.toISOString())
      .where('sessions.ref', 'is not', null)
      .where((eb) =>
        eb.or([eb('sessions.kind', '=', 'volunteer'), eb('sessions.lastSeenAt', '>', idleCutoff)]),
      );
    if (q) {
      query = query.where((eb) =>
        eb.or([containsText('accounts.username', q), containsText('accounts.displayName', q)]),
      );
    }
    return query.orderBy('sessions.lastSeenAt', 'desc').limit(limit).execute();
  }

  /** The account a session (by its public reference) belongs to. */
  async findByRef(ref: string) {
    return this.db
      .selectFrom('sessions')
      .select(['idHash', 'accountId'])
      .where('ref', '=', ref)
      .executeTakeFirst();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
  }

  /**
   * Ends every session of an account (logout everywhere, disable, role or password change), and every
   * login of it still waiting for its second factor, enrolment or password change: a login begun with
   * the old password or role must not finish after the change.
   */
  async deleteForAccount(accountId: string, exceptIdHash?: string): Promise<number> {
    await this.db.deleteFrom('loginChallenges').where('accountId', '=', accountId).execute();
    let q = this.db.deleteFrom('sessions').where('accountId', '=', accountId);
    if (exceptIdHash) q = q.where('idHash', '!=', exceptIdHash);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
