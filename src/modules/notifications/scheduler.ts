import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { DB } from '../../db/types';
import { notify } from './notifications.service';
import { auditPurgeJob, scheduleAuditPurge } from '../audit/retention';

type Executor = Kysely<DB> | Transaction<DB>;

/** Beijing time for messages: 11月29日 09:00. */
export function formatLocalTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface ReminderPayload {
  activityId: string;
  volunteerId: string;
  which: 'day' | 'hours';
}

/**
 * Schedules the reminders one day and two hours before an activity for each accepted sign-up. Safe to
 * call again (after more sign-ups): each reminder has a unique key and is stored once. A reminder whose
 * moment has passed is not stored, except the two-hour one while the activity has not begun.
 */
export async function scheduleActivityReminders(
  tx: Executor,
  activityId: string,
  now: Date = new Date(),
): Promise<number> {
  const activity = await tx
    .selectFrom('activities')
    .select(['id', 'startsAt', 'status'])
    .where('id', '=', activityId)
    .executeTakeFirst();
  if (!activity || activity.status === 'cancelled' || activity.status === 'completed') return 0;
  const starts = Date.parse(activity.startsAt);
  if (starts <= now.getTime()) return 0;
  const signups = await tx
    .selectFrom('signups')
    .select('volunteerId')
    .where('activityId', '=', activityId)
    .where('status', '=', 'accepted')
    .execute();
  const plan: { which: 'day' | 'hours'; dueAt: number }[] = [];
  if (starts - DAY > now.getTime() || starts - now.getTime() > 2 * HOUR)
    plan.push({ which: 'day', dueAt: starts - DAY });
  plan.push({ which: 'hours', dueAt: starts - 2 * HOUR });
  let stored = 0;
  const createdAt = now.toISOString();
  for (const s of signups) {
    for (const p of plan) {
      const payload: ReminderPayload = { activityId, volunteerId: s.volunteerId, which: p.which };
      const r = await tx
        .insertInto('jobs')
        .values({
          id: randomUUID(),
          kind: 'activity_reminder',
          dedupeKey: `activity_reminder:${activityId}:${s.volunteerId}:${p.which}`,
          payload: JSON.stringify(payload),
          dueAt: new Date(Math.max(p.dueAt, now.getTime())).toISOString(),
          status: 'pending',
          lockedUntil: null,
          lastError: null,
          createdAt,
          doneAt: null,
        })
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .executeTakeFirst();
      stored += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return stored;
}

type Handler = (tx: Transaction<DB>, payload: unknown, now: Date) => Promise<'done' | 'skipped'>;

const handlers: Record<string, Handler> = {
  async activity_reminder(tx, raw, now) {
    const p = raw as ReminderPayload;
    const row = await tx
      .selectFrom('activities')
      .innerJoin('signups', 'signups.activityId', 'activities.id')
      .select(['activities.title', 'activities.place', 'activities.startsAt', 'activities.status'])
      .where('activities.id', '=', p.activityId)
      .where('signups.volunteerId', '=', p.volunteerId)
      .where('signups.status', '=', 'accepted')
      .executeTakeFirst();
    // Cancelled sign-up, cancelled or finished activity, or already begun: nothing to remind of.
    if (
      !row ||
      (row.status !== 'published' && row.status !== 'ongoing' && row.status !== 'draft') ||
      Date.parse(row.startsAt) <= now.getTime()
    )
      return 'skipped';
    await notify(tx, {
      volunteerIds: [p.volunteerId],
      template: p.which === 'day' ? 'activity_reminder_day' : 'activity_reminder_hours',
      params: { title: row.title, place: row.place, time: formatLocalTime(row.startsAt) },
      link: `/activities/${p.activityId}`,
    });
    return 'done';
  },
};

/**
 * 超时督办: when a request's dispatch or acceptance deadline passes with the step still open, the level
 * above hears of it — the county bureau for its townships and teams (the city for requests filed at a
 * county-level place).
 */
handlers.request_deadline = async (tx, raw) => {
  const p = raw as { requestId: string; step: 'dispatch' | 'accept' };
  const r = await tx
    .selectFrom('serviceRequests')
    .select(['requestNo', 'regionCode', 'status'])
    .where('id', '=', p.requestId)
    .executeTakeFirst();
  const open = p.step === 'dispatch' ? 'submitted' : 'dispatched';
  if (!r || r.status !== open) return 'skipped';
  const above = r.regionCode.slice(0, 6).padEnd(12, '0');
  const city = r.regionCode.slice(0, 4).padEnd(12, '0');
  const overseers = await tx
    .selectFrom('accounts')
    .select('id')
    .where('regionCode', '=', above !== r.regionCode ? above : city)
    .where('status', '=', 'active')
    .execute();
  await notify(tx, {
    accountIds: overseers.map((o) => o.id),
    template: 'request_overdue',
    params: { requestNo: r.requestNo, step: p.step === 'dispatch' ? '派单' : '接单' },
    link: `/requests/${p.requestId}`,
  });
  return 'done';
};

/** 审计日志保存期限: the daily retention purge (see src/modules/audit/retention.ts). */
handlers.audit_purge = auditPurgeJob;

const MAX_ATTEMPTS = 5;

/**
 * Runs the jobs that are due: each is claimed with a conditional UPDATE (only one process can win it),
 * then handled and marked done in one transaction — so a crash before the commit leaves it to be claimed
 * again once its lock lapses, and a committed job is never run twice.
 */
export async function runDueJobs(
  db: Kysely<DB>,
  now: Date = new Date(),
  options: { lockMs?: number; batch?: number } = {},
): Promise<{ done: number; skipped: number; failed: number }> {
  const nowIso = now.toISOString();
  const lockedUntil = new Date(now.getTime() + (options.lockMs ?? 5 * 60_000)).toISOString();
  const due = await db
    .selectFrom('jobs')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('dueAt', '<=', nowIso)]),
        eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', nowIso)]),
      ]),
    )
    .orderBy('dueAt')
    .limit(options.batch ?? 100)
    .execute();
  const out = { done: 0, skipped: 0, failed: 0 };
  for (const { id } of due) {
    const claim = await db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', lockedUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('dueAt', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', nowIso)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue; // another process has it
    const job = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      const result = await db.transaction().execute(async (tx) => {
        const handler = handlers[job.kind];
        const outcome = handler ? await handler(tx, JSON.parse(job.payload), now) : 'skipped';
        const marked = await tx
          .updateTable('jobs')
          .set({ status: outcome, doneAt: new Date().toISOString(), lockedUntil: null })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .where('lockedUntil', '=', lockedUntil)
          .executeTakeFirst();
        // Our lock lapsed and someone else took the job over: undo what we did.
        if (Number(marked.numUpdatedRows) !== 1) throw new LostClaim();
        return outcome;
      });
      out[result]++;
    } catch (error) {
      if (error instanceof LostClaim) continue;
      const attempts = job.attempts;
      await db
        .updateTable('jobs')
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
          dueAt: new Date(now.getTime() + attempts * 60_000).toISOString(),
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
      out.failed++;
    }
  }
  return out;
}

class LostClaim extends Error {}

export interface Scheduler {
  stop(): Promise<void>;
}

/** Polls the jobs table every `intervalMs` and runs what is due. */
export function startScheduler(options: {
  database: Pick<Database, 'db'>;
  intervalMs: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}): Scheduler {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (stopped) return;
    const now = options.now?.() ?? new Date();
    running = scheduleAuditPurge(options.database.db, now)
      .then(() => runDueJobs(options.database.db, now))
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
