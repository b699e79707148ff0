import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import type { AuditContext } from '../identity/actor';
import { AuditRepo } from './audit.repo';
import { purgeAuditLog, type PurgeResult } from './chain';

/** Who the purge is recorded as when no person starts it (the daily job, the command line). */
export const systemAuditContext = (username: 'cli' | 'scheduler'): AuditContext => ({
  accountId: null,
  username,
  ip: null,
});

/**
 * The retention purge with its own audit entry, written in the purge's transaction: the rows older than
 * the retention period (or than `before`, if earlier) go, the chain gets its new anchor.
 */
export function runAuditPurge(
  db: Kysely<DB>,
  options: { before?: Date; now?: Date; context: AuditContext },
): Promise<PurgeResult> {
  return purgeAuditLog(db, {
    before: options.before,
    now: options.now,
    audit: (tx, result) =>
      new AuditRepo(tx).write(options.context, {
        action: 'audit.purge',
        result: 'success',
        targetType: 'audit_log',
        detail: {
          before: result.cutoff,
          removed: result.removed,
          kept: result.kept,
          anchorSeq: result.anchorSeq,
        },
      }),
  });
}

/** The daily purge runs at 02:30 Beijing time; one job per Beijing day (the jobs table dedupes it). */
export async function scheduleAuditPurge(db: Kysely<DB>, now: Date = new Date()): Promise<void> {
  const beijingDay = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const dueAt = new Date(`${beijingDay}T02:30:00+08:00`).toISOString();
  await db
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      kind: 'audit_purge',
      dedupeKey: `audit_purge:${beijingDay}`,
      payload: '{}',
      dueAt,
      status: 'pending',
      lockedUntil: null,
      lastError: null,
      createdAt: now.toISOString(),
      doneAt: null,
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
}

/** The scheduler's handler for `audit_purge`: the purge in the job's own transaction. */
export async function auditPurgeJob(tx: Kysely<DB>, _payload: unknown, now: Date): Promise<'done'> {
  await runAuditPurge(tx, { now, context: systemAuditContext('scheduler') });
  return 'done';
}
