import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
} from 'kysely';
import type { DB, VolunteerRow, VolunteersTable } from '../../db/types';
import { containsText } from '../../db/sql';
import type { VolunteerListQuery } from '../../shared/registry';
import { subtreeBounds, volunteerVisibility, volunteerVisibilityParts, type Scope } from '../identity/scope';

type Visibility = ReturnType<typeof volunteerVisibilityParts>[number];

export type VolunteerListRow = VolunteerRow & { residenceName: string };

const sortColumns = {
  name: 'volunteers.name',
  // Older first when ascending by age.
  age: 'volunteers.birthDate',
  region: 'volunteers.residenceCode',
  created: 'volunteers.createdAt',
} as const;

/** Shifts a date by whole years (for age ranges expressed as birth-date bounds). */
const yearsBefore = (today: Date, years: number) =>
  `${today.getUTCFullYear() - years}-${String(today.getUTCMonth() + 1).padStart(2, '0')}-${String(today.getUTCDate()).padStart(2, '0')}`;

/** All SQL over volunteers and memberships; every read takes the caller's scope. */
export class VolunteersRepo {
  constructor(private readonly db: Kysely<DB>) {}

  private base(scope: Scope) {
    return this.db
      .selectFrom('volunteers')
      .innerJoin('regions', 'regions.code', 'volunteers.residenceCode')
      .where(volunteerVisibility(scope));
  }

  async list(
    scope: Scope,
    query: VolunteerListQuery,
    phoneHash: string | null,
    today = new Date(),
  ): Promise<{ items: VolunteerListRow[]; total: number }> {
    // The filters as one condition on volunteers, so the count can skip the join with regions (every
    // residence_code is a region: the join neither adds nor drops a row) and be answered from an index.
    // The scope comes in disjoint parts (residents, members living elsewhere): each is counted and paged
    // on its own, so that each can use its index (identity/scope.ts, volunteerVisibilityParts).
    const filtersWith = (part: Visibility) => (eb: ExpressionBuilder<DB, 'volunteers'>) => {
      const all: Expression<SqlBool>[] = [part(eb)];
      if (query.regionCode) {
        const { lo, hi } = subtreeBounds(query.regionCode);
        all.push(eb('volunteers.residenceCode', '>=', lo), eb('volunteers.residenceCode', '<=', hi));
      }
      if (query.teamId || query.fieldId) {
        const { teamId, fieldId } = query;
        let sub = eb
          .selectFrom('memberships as m')
          .select('m.id')
          .whereRef('m.volunteerId', '=', 'volunteers.id')
          .where('m.leftOn', 'is', null);
        if (teamId) sub = sub.where('m.teamId', '=', teamId);
        if (fieldId) {
          sub = sub.where((e) =>
            e.exists(
              e
                .selectFrom('teamFields as tf')
                .select('tf.teamId')
                .whereRef('tf.teamId', '=', 'm.teamId')
                .where('tf.fieldId', '=', fieldId),
            ),
          );
        }
        all.push(eb.exists(sub));
      }
      if (query.veteranKind) all.push(eb('volunteers.veteranKind', '=', query.veteranKind));
      if (query.isVeteran) all.push(eb('volunteers.isVeteran', '=', query.isVeteran === 'true' ? 1 : 0));
      if (query.minAge !== undefined)
        all.push(eb('volunteers.birthDate', '<=', yearsBefore(today, query.minAge)));
      if (query.maxAge !== undefined)
        all.push(eb('volunteers.birthDate', '>', yearsBefore(today, query.maxAge + 1)));
      if (query.q) {
        const text = query.q;
        all.push(
          phoneHash
            ? eb('volunteers.phoneHash', '=', phoneHash)
            : eb.or([containsText('volunteers.name', text), eb('volunteers.volunteerNo', '=', text)]),
        );
      }
      return eb.and(all);
    };
    const parts = volunteerVisibilityParts(scope, query.regionCode);
    const counts: number[] = [];
    for (const part of parts) {
      const { n } = await this.db
        .selectFrom('volunteers')
        .where(filtersWith(part))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts.push(Number(n));
    }
    const total = counts.reduce((a, b) => a + b, 0);
    const offset = (query.page - 1) * query.pageSize;
    const live = parts.filter((_, i) => counts[i]! > 0);
    if (offset >= total || live.length === 0) return { items: [], total };

    const order = query.sort === 'age' ? (query.order === 'asc' ? 'desc' : 'asc') : query.order;
    const sortBy = sortColumns[query.sort];
    let q = this.db.selectFrom('volunteers').innerJoin('regions', 'regions.code', 'volunteers.residenceCode');
    if (live.length === 1) q = q.where(filtersWith(live[0]!));
    else {
      // Several parts: the page is among each part's first (offset + page size) rows in the same order.
      const firstOf = (part: Visibility, alias: string) =>
        this.db
          .selectFrom(
            this.db
              .selectFrom('volunteers')
              .select('volunteers.id')
              .where(filtersWith(part))
              .orderBy(sortBy, order)
              .orderBy('volunteers.id')
              .limit(offset + query.pageSize)
              .as(alias),
          )
          .select(`${alias}.id` as 'p0.id');
      const [head, ...rest] = live.map((part, i) => firstOf(part, `p${i}`));
      const candidates = rest.reduce((u, next) => u.unionAll(next), head!);
      q = q.where('volunteers.id', 'in', candidates);
    }
    const items = await q
      .selectAll('volunteers')
      .select('regions.name as residenceName')
      .orderBy(sortBy, order)
      .orderBy('volunteers.id')
      .limit(query.pageSize)
      .offset(offset)
      .execute();
    return { items, total };
  }

  async findVisible(scope: Scope, id: string): Promise<VolunteerListRow | undefined> {
    return this.base(scope)
      .selectAll('volunteers')
      .select('regions.name as residenceName')
      .where('volunteers.id', '=', id)
      .executeTakeFirst();
  }

  async existsUnscoped(id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('volunteers').select('id').where('id', '=', id).executeTakeFirst());
  }

  /** Duplicate detection by keyed hash; the caller decides what of the answer may be shown. */
  async findByIdCardHashUnscoped(hash: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('volunteers').select('id').where('idCardHash', '=', hash).executeTakeFirst();
  }

  async phoneTaken(hash: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('volunteers').select('id').where('phoneHash', '=', hash);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return !!(await q.executeTakeFirst());
  }

  async insert(row: Insertable<VolunteersTable>): Promise<void> {
    await this.db.insertInto('volunteers').values(row).execute();
  }

  async teamsOf(volunteerIds: string[], activeOnly = true) {
    if (volunteerIds.length === 0) return [];
    let q = this.db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .select([
        'memberships.id',
        'memberships.volunteerId',
        'memberships.teamId',
        'teams.name as teamName',
        'memberships.role',
        'memberships.joinedOn',
        'memberships.leftOn',
      ])
      .where('memberships.volunteerId', 'in', volunteerIds);
    if (activeOnly) q = q.where('memberships.leftOn', 'is', null);
    return q.orderBy('memberships.joinedOn').execute();
  }

  async activeMembership(teamId: string, volunteerId: string) {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('teamId', '=', teamId)
      .where('volunteerId', '=', volunteerId)
      .where('leftOn', 'is', null)
      .executeTakeFirst();
  }

  async nextVolunteerNo(): Promise<string> {
    const row = await this.db
      .selectFrom('volunteers')
      .select(sql<string>`max(volunteer_no)`.as('max'))
      .executeTakeFirst();
    const n = row?.max ? Number(row.max.slice(2)) + 1 : 1;
    return `RZ${String(n).padStart(8, '0')}`;
  }
}
