import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRow, DB } from '../../db/types';

export const STAFF_IDLE_MS = 30 * 60 * 1000;
export const STAFF_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const VOLUNTEER_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

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
      })
      .execute();
    return { token, kind, expiresAt: expiresAt.toISOString() };
  }

  /** The live session for a token, or `expired` (and then deleted), or undefined. */
  async resolve(token: string, now: Date): Promise<SessionWithAccount | 'expired' | undefined> {
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
    if (t - Date.parse(row.lastSeenAt) > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({ lastSeenAt: now.toISOString() })
        .where('idHash', '=', idHash)
        .execute();
    }
    const { idHash: _h, kind, lastSeenAt, expiresAt, ...account } = row;
    return { idHash, kind, lastSeenAt, expiresAt, account: account as AccountRow };
  }

  /** Removes sessions past their absolute expiry or idle far longer than any staff session may be. */
  async deleteExpired(now: Date): Promise<void> {
    const idleCutoff = new Date(now.getTime() - STAFF_ABSOLUTE_MS).toISOString();
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expiresAt', '<', now.toISOString()), eb('lastSeenAt', '<', idleCutoff)]))
      .execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
  }

  /** Ends every session of an account (logout everywhere, disable, role or password change). */
  async deleteForAccount(accountId: string, exceptIdHash?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('accountId', '=', accountId);
    if (exceptIdHash) q = q.where('idHash', '!=', exceptIdHash);
    await q.execute();
  }
}
