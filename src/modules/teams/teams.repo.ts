import { sql, type Kysely } from 'kysely';
import type { DB, TeamRow } from '../../db/types';
import { containsText } from '../../db/sql';
import type { TeamListQuery } from '../../shared/registry';
import { subtreeBounds, teamVisibility, type Scope } from '../identity/scope';

export interface TeamStats {
  memberCount: number;
  averageAge: number | null;
}

export type TeamListRow = TeamRow & {
  regionName: string;
  regionLevel: string;
  organizationName: string | null;
};

const sortColumns = {
  name: 'teams.name',
  region: 'teams.regionCode',
  founded: 'teams.foundedOn',
  updated: 'teams.updatedAt',
} as const;

/** All SQL over teams; every read takes the caller's scope. */
export class TeamsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  private base(scope: Scope) {
    return this.db
      .selectFrom('teams')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .leftJoin('organizations', 'organizations.id', 'teams.organizationId')
      .where(teamVisibility(scope));
  }

  async list(scope: Scope, query: TeamListQuery): Promise<{ items: TeamListRow[]; total: number }> {
    let q = this.base(scope);
    if (query.regionCode) {
      const { lo, hi } = subtreeBounds(query.regionCode);
      q = q.where('teams.regionCode', '>=', lo).where('teams.regionCode', '<=', hi);
    }
    if (query.category) q = q.where('teams.category', '=', query.category);
    if (query.status) q = q.where('teams.status', '=', query.status);
    if (query.fieldId) {
      const fieldId = query.fieldId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('teamFields')
            .select('teamFields.teamId')
            .whereRef('teamFields.teamId', '=', 'teams.id')
            .where('teamFields.fieldId', '=', fieldId),
        ),
      );
    }
    if (query.q) q = q.where(containsText('teams.name', query.q));
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let rows = q
      .selectAll('teams')
      .select([
        'regions.name as regionName',
        'regions.level as regionLevel',
        'organizations.name as organizationName',
      ]);
    if (query.sort === 'members') {
      rows = rows.orderBy(
        (eb) =>
          eb
            .selectFrom('memberships')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('memberships.teamId', '=', 'teams.id')
            .where('memberships.leftOn', 'is', null),
        query.order,
      );
    } else {
      rows = rows.orderBy(sortColumns[query.sort], query.order);
    }
    const items = await rows
      .orderBy('teams.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { items: items as TeamListRow[], total: Number(total.n) };
  }

  async findVisible(scope: Scope, id: string): Promise<TeamListRow | undefined> {
    return (await this.base(scope)
      .selectAll('teams')
      .select([
        'regions.name as regionName',
        'regions.level as regionLevel',
        'organizations.name as organizationName',
      ])
      .where('teams.id', '=', id)
      .executeTakeFirst()) as TeamListRow | undefined;
  }

  async getUnscoped(id: string): Promise<TeamRow | undefined> {
    return this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Member count and average age (by birth year) of active members, for many teams at once. */
  async stats(teamIds: string[], year: number): Promise<Map<string, TeamStats>> {
    const out = new Map<string, TeamStats>();
    if (teamIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
      .select([
        'memberships.teamId',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`avg(cast(substr(volunteers.birth_date, 1, 4) as integer))`.as('birthYear'),
      ])
      .where('memberships.teamId', 'in', teamIds)
      .where('memberships.leftOn', 'is', null)
      .groupBy('memberships.teamId')
      .execute();
    for (const r of rows) {
      const n = Number(r.n);
      out.set(r.teamId, {
        memberCount: n,
        averageAge: n && r.birthYear != null ? Math.round((year - Number(r.birthYear)) * 10) / 10 : null,
      });
    }
    return out;
  }

  async fieldsOf(teamIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const out = new Map<string, { id: string; name: string }[]>();
    if (teamIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('teamFields')
      .innerJoin('serviceFields', 'serviceFields.id', 'teamFields.fieldId')
      .select(['teamFields.teamId', 'serviceFields.id', 'serviceFields.name'])
      .where('teamFields.teamId', 'in', teamIds)
      .orderBy('serviceFields.sort')
      .execute();
    for (const r of rows) out.set(r.teamId, [...(out.get(r.teamId) ?? []), { id: r.id, name: r.name }]);
    return out;
  }

  async children(scope: Scope, parentId: string): Promise<TeamRow[]> {
    return this.db
      .selectFrom('teams')
      .selectAll()
      .where('parentId', '=', parentId)
      .where(teamVisibility(scope))
      .orderBy('name')
      .execute();
  }

  async history(teamId: string) {
    return this.db
      .selectFrom('teamEvents')
      .select(['at', 'actorName', 'action', 'fromStatus', 'toStatus', 'reason'])
      .where('teamId', '=', teamId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async setFields(teamId: string, fieldIds: string[]): Promise<void> {
    await this.db.deleteFrom('teamFields').where('teamId', '=', teamId).execute();
    if (fieldIds.length)
      await this.db
        .insertInto('teamFields')
        .values(fieldIds.map((fieldId) => ({ teamId, fieldId })))
        .execute();
  }

  /** Moves a team and its whole subtree under a new path prefix. */
  async repath(oldPrefix: string, newPrefix: string): Promise<void> {
    await this.db
      .updateTable('teams')
      .set({ path: sql<string>`${newPrefix} || substr(path, ${oldPrefix.length + 1})` })
      .where('path', 'like', `${oldPrefix}%`)
      .execute();
  }
}
