import type { Insertable, Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { PrivacyRequestKind, PrivacyRequestsTable } from '../../db/tables/privacy';
import type { DB } from '../../db/types';
import type { Role } from '../../shared/identity';
import { ancestorCodes } from '../../shared/regions';
import { volunteerVisibility, type Scope } from '../identity/scope';

type Executor = Kysely<DB> | Transaction<DB>;

/** All SQL over privacy requests, and the reads the volunteer's own page and download need. */
export class PrivacyRepo {
  constructor(private readonly db: Executor) {}

  async insert(row: Insertable<PrivacyRequestsTable>): Promise<void> {
    await this.db.insertInto('privacyRequests').values(row).execute();
  }

  async find(id: string) {
    return this.db.selectFrom('privacyRequests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async pendingOf(volunteerId: string, kind: PrivacyRequestKind) {
    return this.db
      .selectFrom('privacyRequests')
      .select('id')
      .where('volunteerId', '=', volunteerId)
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .executeTakeFirst();
  }

  async ofVolunteer(volunteerId: string) {
    return this.db
      .selectFrom('privacyRequests')
      .selectAll()
      .where('volunteerId', '=', volunteerId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Requests about people the scope may see (scope.ts decides who that is). */
  async listVisible(scope: Scope, pending: boolean) {
    let q = this.db
      .selectFrom('privacyRequests')
      .innerJoin('volunteers', 'volunteers.id', 'privacyRequests.volunteerId')
      .innerJoin('regions', 'regions.code', 'volunteers.residenceCode')
      .selectAll('privacyRequests')
      .select(['volunteers.name as volunteerName', 'volunteers.volunteerNo', 'regions.name as regionName'])
      .where((eb) =>
        volunteerVisibility(scope)(eb as unknown as Parameters<ReturnType<typeof volunteerVisibility>>[0]),
      );
    q = pending
      ? q.where('privacyRequests.status', '=', 'pending').orderBy('privacyRequests.createdAt')
      : q.where('privacyRequests.status', '!=', 'pending').orderBy('privacyRequests.decidedAt', 'desc');
    return q.orderBy('privacyRequests.id').limit(200).execute();
  }

  async decide(
    id: string,
    status: 'accepted' | 'rejected',
    by: { accountId: string; name: string },
    note: string | null,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('privacyRequests')
      .set({
        status,
        decidedBy: by.accountId,
        deciderName: by.name,
        decidedAt: new Date().toISOString(),
        decisionNote: note,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Has this person been anonymised (an erasure request carried out)? */
  async isErased(volunteerId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('privacyRequests')
      .select('id')
      .where('volunteerId', '=', volunteerId)
      .where('kind', '=', 'erasure')
      .where('status', '=', 'accepted')
      .executeTakeFirst());
  }

  /** Active staff accounts of these roles anchored at the region or any region above it. */
  async staffOver(regionCode: string, roles: readonly Role[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('role', 'in', [...roles])
      .where('status', '=', 'active')
      .where('regionCode', 'in', [regionCode, ...ancestorCodes(regionCode)])
      .execute();
    return rows.map((r) => r.id);
  }

  /** In-app messages (站内消息) for staff or the volunteer; written in the caller's transaction. */
  async notify(
    accountIds: string[],
    message: { template: string; title: string; body: string; link: string | null },
  ): Promise<void> {
    const unique = [...new Set(accountIds)];
    if (!unique.length) return;
    const now = new Date().toISOString();
    await this.db
      .insertInto('notifications')
      .values(
        unique.map((accountId) => ({
          id: randomUUID(),
          accountId,
          template: message.template,
          title: message.title,
          body: message.body,
          link: message.link,
          readAt: null,
          createdAt: now,
        })),
      )
      .execute();
  }

  async volunteerAccounts(volunteerId: string) {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'status'])
      .where('volunteerId', '=', volunteerId)
      .execute();
  }

  async regionName(code: string): Promise<string | undefined> {
    return (await this.db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())
      ?.name;
  }
}
