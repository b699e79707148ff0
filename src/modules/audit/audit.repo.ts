import type { Kysely } from 'kysely';
import type { AuditLogRow, DB } from '../../db/types';
import type { AuditContext } from '../identity/actor';
import { subtreeBounds } from '../identity/scope';
import { appendAuditRows, type AuditInsert } from './chain';

export interface AuditEvent {
  action: string;
  result: 'success' | 'failure' | 'denied';
  targetType?: string;
  targetId?: string;
  regionCode?: string | null;
  /** Short, non-sensitive context (never a password or an unmasked ID number). */
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  /** A region and everything under it. */
  regionCode?: string;
  result?: 'success' | 'failure' | 'denied';
}

function auditRow(context: AuditContext, event: AuditEvent, at: string): AuditInsert {
  return {
    at,
    accountId: context.accountId,
    username: context.username,
    ip: context.ip,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    regionCode: event.regionCode ?? null,
    result: event.result,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  };
}

/** The append-only, hash-chained audit log (the database refuses UPDATE, and DELETE within retention). */
export class AuditRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async write(context: AuditContext, event: AuditEvent, at = new Date().toISOString()): Promise<void> {
    await appendAuditRows(this.db, [auditRow(context, event, at)]);
  }

  /** Several entries, in order, in one transaction (a commit group's check-ins). */
  async writeAll(
    entries: { context: AuditContext; event: AuditEvent }[],
    at = new Date().toISOString(),
  ): Promise<void> {
    await appendAuditRows(
      this.db,
      entries.map((e) => auditRow(e.context, e.event, at)),
    );
  }

  private filtered(filter: AuditFilter) {
    let query = this.db.selectFrom('auditLog');
    if (filter.from) query = query.where('at', '>=', new Date(filter.from).toISOString());
    if (filter.to) query = query.where('at', '<=', new Date(filter.to).toISOString());
    if (filter.username) query = query.where('username', '=', filter.username);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.regionCode) {
      const { lo, hi } = subtreeBounds(filter.regionCode);
      query = query.where('regionCode', '>=', lo).where('regionCode', '<=', hi);
    }
    if (filter.result) query = query.where('result', '=', filter.result);
    return query;
  }

  async search(
    filter: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditLogRow[]; total: number }> {
    const query = this.filtered(filter);
    const [items, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  /** Every matching entry, newest first, `batch` rows per query (by id, so new entries do not shift pages). */
  async *scan(filter: AuditFilter, batch: number): AsyncGenerator<AuditLogRow[]> {
    let before: number | undefined;
    for (;;) {
      let query = this.filtered(filter);
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query.selectAll().orderBy('id', 'desc').limit(batch).execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batch) return;
      before = rows[rows.length - 1]!.id;
    }
  }
}
