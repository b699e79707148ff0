import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { AuditContext } from '../identity/actor';
import { AuditRepo, type AuditEvent } from './audit.repo';

/** What one unit of work changed: its answer and the audit entry that goes with it (none for bookkeeping such as a session's last-seen time). */
export interface GroupedResult<T> {
  value: T;
  audit?: { context: AuditContext; event: AuditEvent };
}

/**
 * One unit of work in a shared transaction. Contract: it either succeeds, or throws an AppError BEFORE
 * it has written anything (a refusal such as "already checked in"); any other error fails the whole
 * group, which is then run again one unit per transaction.
 */
export type GroupedWork<T> = (tx: Transaction<DB>) => Promise<GroupedResult<T>>;

interface Pending {
  work: GroupedWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Upper bound of units per transaction, so one commit never holds the writer for long. */
const MAX_GROUP = 200;

/**
 * Group commit for small, frequent writes (check-in and check-out, a session's last-seen time). Units that arrive while the
 * previous group is being written wait, then go into ONE transaction — their rows and their audit
 * entries (hash-chained, in arrival order) — and ONE commit. Each caller's promise settles only after
 * that commit has returned, so nothing is acknowledged that is not durable (SQLite synchronous = FULL,
 * PostgreSQL's own commit); a unit refused with an AppError changed nothing and is answered with it.
 *
 * Why: every commit waits for an fsync (SQLite runs in-process, so the wait blocks the event loop; on
 * PostgreSQL the audit chain's lock serialises the commits), and at a 9 o'clock check-in of a whole
 * township one commit per person was the ceiling (docs/PERFORMANCE.md).
 */
export class CommitGroup {
  private queue: Pending[] = [];
  private busy = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: GroupedWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    // After the current turn of the event loop: every request already under way that is about to
    // write joins this group.
    setImmediate(() => {
      void this.flush().finally(() => {
        this.busy = false;
        this.schedule();
      });
    });
  }

  private async flush() {
    const group = this.queue.splice(0, MAX_GROUP);
    try {
      const outcomes = await this.write(group);
      group.forEach((p, i) => {
        const o = outcomes[i]!;
        if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      });
    } catch (error) {
      // Nothing of the group was committed. Alone, a unit's error is its own answer; in a group, each
      // unit is tried again in a transaction of its own, so one failing unit does not fail the others.
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const p of group) {
        try {
          const [o] = await this.write([p]);
          if (o!.ok) p.resolve(o!.value);
          else p.reject(o!.error);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  private write(group: Pending[]) {
    return this.db.transaction().execute(async (tx) => {
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: AppError })[] = [];
      const audits: NonNullable<GroupedResult<unknown>['audit']>[] = [];
      for (const p of group) {
        try {
          const { value, audit } = await p.work(tx);
          outcomes.push({ ok: true, value });
          if (audit) audits.push(audit);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      await new AuditRepo(tx).writeAll(audits);
      return outcomes;
    });
  }
}

const groups = new WeakMap<Kysely<DB>, CommitGroup>();

/** The commit group of a database (one per connection pool, shared by every request). */
export function commitGroupOf(db: Kysely<DB>): CommitGroup {
  let group = groups.get(db);
  if (!group) {
    group = new CommitGroup(db);
    groups.set(db, group);
  }
  return group;
}

/**
 * Runs one unit through the database's commit group; called inside a caller's transaction instead, the
 * unit (and its audit entry) is written there and commits with it.
 */
export async function runGrouped<T>(db: Kysely<DB>, unit: GroupedWork<T>): Promise<T> {
  if (!db.isTransaction) return commitGroupOf(db).run(unit);
  const { value, audit } = await unit(db as Transaction<DB>);
  if (audit) await new AuditRepo(db).write(audit.context, audit.event);
  return value;
}
