import type { Kysely } from 'kysely';
import type { AuditLogRow, DB } from '../../db/types';
import type { AuditContext } from '../identity/actor';

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
  regionCode?: string;
  result?: 'success' | 'failure' | 'denied';
}

/** The append-only audit log (the database refuses UPDATE and DELETE). */
export class AuditRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async write(context: AuditContext, event: AuditEvent, at = new Date().toISOString()): Promise<void> {
    await this.db
      .insertInto('auditLog')
      .values({
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
      })
      .execute();
  }

  async search(
    filter: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditLogRow[]; total: number }> {
    let query = this.db.selectFrom('auditLog');
    if (filter.from) query = query.where('at', '>=', new Date(filter.from).toISOString());
    if (filter.to) query = query.where('at', '<=', new Date(filter.to).toISOString());
    if (filter.username) query = query.where('username', '=', filter.username);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.regionCode) query = query.where('regionCode', '=', filter.regionCode);
    if (filter.result) query = query.where('result', '=', filter.result);
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
}
