import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds, teamVisibility } from '../identity/scope';

export interface PlanInput {
  regionCode: string;
  teamId?: string | null;
  year: number;
  title: string;
  goals: string;
  items: { month: number; title: string; theme?: string; keyDate?: string | null }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 年有计划、月有安排: annual plans with monthly arrangements, and who had nothing in a month. */
export class PlansService {
  constructor(private readonly db: Kysely<DB>) {}

  async create(actor: Actor, input: PlanInput, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const scope = scopeOf(actor);
    if (input.teamId) {
      const team = await this.db
        .selectFrom('teams')
        .select(['id', 'regionCode'])
        .where('id', '=', input.teamId)
        .where(teamVisibility(scope))
        .executeTakeFirst();
      if (!team) throw new AppError('OUT_OF_SCOPE', '队伍不在您的管辖范围内', { field: 'teamId' });
      input.regionCode = team.regionCode;
    } else if (scope.kind !== 'region' || !isRegionWithin(input.regionCode, scope.regionCode)) {
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    }
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('plans')
        .values({
          id,
          regionCode: input.regionCode,
          teamId: input.teamId ?? null,
          year: input.year,
          title: input.title,
          goals: input.goals,
          createdBy: actor.accountId,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (input.items.length) {
        await tx
          .insertInto('planItems')
          .values(
            input.items.map((i) => ({
              id: randomUUID(),
              planId: id,
              month: i.month,
              title: i.title,
              theme: i.theme ?? '',
              keyDate: i.keyDate ?? null,
            })),
          )
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: 'plan.create',
        result: 'success',
        targetType: 'plan',
        targetId: id,
        regionCode: input.regionCode,
      });
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, year: number) {
    const scope = scopeOf(actor);
    let q = this.db.selectFrom('plans').selectAll().where('year', '=', year);
    if (scope.kind === 'region') {
      const { lo, hi } = subtreeBounds(scope.regionCode);
      q = q.where('regionCode', '>=', lo).where('regionCode', '<=', hi);
    } else {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('teams')
            .select('teams.id')
            .whereRef('teams.id', '=', 'plans.teamId')
            .where((teb) => teamVisibility(scope)(teb as never)),
        ),
      );
    }
    return q.orderBy('regionCode').orderBy('createdAt').execute();
  }

  async get(actor: Actor, id: string) {
    const year = await this.db.selectFrom('plans').select('year').where('id', '=', id).executeTakeFirst();
    if (!year) throw new AppError('NOT_FOUND', '计划不存在');
    const plan = (await this.list(actor, year.year)).find((p) => p.id === id);
    if (!plan) throw new AppError('OUT_OF_SCOPE');
    const items = await this.db
      .selectFrom('planItems')
      .selectAll()
      .where('planId', '=', id)
      .orderBy('month')
      .execute();
    return { ...plan, items: items.map(({ planId: _p, ...i }) => i) };
  }

  /**
   * Compliance for one month: the approved teams in the caller's region that had neither a monthly
   * arrangement (in their own plan) nor an activity that month.
   */
  async compliance(actor: Actor, year: number, month: number, regionCode?: string) {
    const scope = scopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('FORBIDDEN', '按区划统计，仅供各级退役军人事务部门查看');
    const code = regionCode ?? scope.regionCode;
    if (!isRegionWithin(code, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    const { lo, hi } = subtreeBounds(code);
    const from = `${year}-${pad(month)}-01T00:00:00.000Z`;
    const next =
      month === 12 ? `${year + 1}-01-01T00:00:00.000Z` : `${year}-${pad(month + 1)}-01T00:00:00.000Z`;
    const arranged = sql<number>`exists (select 1 from plan_items pi join plans p on p.id = pi.plan_id
      where p.team_id = teams.id and p.year = ${year} and pi.month = ${month})`;
    const active = sql<number>`exists (select 1 from activities a where a.team_id = teams.id
      and a.starts_at >= ${from} and a.starts_at < ${next} and a.status <> 'cancelled')`;
    const rows = await this.db
      .selectFrom('teams')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select([
        'teams.id',
        'teams.name',
        'teams.regionCode',
        'regions.name as regionName',
        arranged.as('arranged'),
        active.as('active'),
      ])
      .where('teams.status', '=', 'approved')
      .where('teams.regionCode', '>=', lo)
      .where('teams.regionCode', '<=', hi)
      .execute();
    const truthy = (v: unknown) => v === true || Number(v) === 1;
    const flagged = rows.filter((r) => !truthy(r.arranged) && !truthy(r.active));
    return {
      year,
      month,
      teams: rows.length,
      arranged: rows.filter((r) => truthy(r.arranged)).length,
      active: rows.filter((r) => truthy(r.active)).length,
      flagged: flagged
        .slice(0, 1000)
        .map((r) => ({ id: r.id, name: r.name, regionCode: r.regionCode, regionName: r.regionName })),
      flaggedCount: flagged.length,
    };
  }
}
