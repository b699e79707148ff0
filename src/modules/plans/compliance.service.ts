import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { chinaMonthBounds } from '../../shared/dates';
import { ancestorCodes, levelOfCode, type RegionLevel } from '../../shared/regions';
import type { Actor } from '../identity/actor';
import { mayViewStatistics } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds } from '../identity/scope';

const truthy = (v: unknown) => v === true || Number(v) === 1;

/** Activities that took place or are on the books: drafts and cancelled ones do not count. */
const COUNTED_STATUSES = ['published', 'ongoing', 'completed'] as const;

export interface ComplianceRow {
  code: string;
  name: string;
  level: RegionLevel;
  /** 本级: teams registered at the region itself rather than below it. */
  own: boolean;
  drillable: boolean;
  teams: number;
  arranged: number;
  active: number;
  flagged: number;
}

/** 月度落实情况: which teams had a monthly arrangement or an activity in a (Beijing-time) month. */
export class ComplianceService {
  constructor(private readonly db: Kysely<DB>) {}

  /** The region a compliance view is about: the caller's own, or one inside it. */
  private complianceRegion(actor: Actor, regionCode?: string) {
    const scope = scopeOf(actor);
    if (!mayViewStatistics(actor) || scope.kind !== 'region')
      throw new AppError('FORBIDDEN', '按区划统计，仅供各级退役军人事务部门查看');
    const code = regionCode ?? scope.regionCode;
    if (!isRegionWithin(code, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', '该区划不在您的管辖范围内', { field: 'regionCode' });
    return { code, scopeCode: scope.regionCode };
  }

  /**
   * Every approved team in a region's subtree, with whether it had an arrangement in its plan, or an
   * activity that month (as organiser or as a participating team of a 集中统一活动), in Beijing time.
   */
  private async teamMonth(code: string, year: number, month: number) {
    const { lo, hi } = subtreeBounds(code);
    const { from, to } = chinaMonthBounds(year, month);
    const statuses = sql.join(COUNTED_STATUSES.map((s) => sql`${s}`));
    const arranged = sql<number>`exists (select 1 from plan_items pi join plans p on p.id = pi.plan_id
      where p.team_id = teams.id and p.year = ${year} and pi.month = ${month})`;
    const active = sql<number>`exists (select 1 from activities a
      where a.starts_at >= ${from} and a.starts_at < ${to} and a.status in (${statuses})
      and (a.team_id = teams.id
        or exists (select 1 from activity_teams ta where ta.activity_id = a.id and ta.team_id = teams.id)))`;
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
      .orderBy('teams.regionCode')
      .orderBy('teams.name')
      .execute();
    return rows.map((r) => ({ ...r, arranged: truthy(r.arranged), active: truthy(r.active) }));
  }

  /**
   * 月度落实情况 by child region (drillable city → county → township → village): per child the teams,
   * those with an arrangement, those with an activity, and those flagged; empty regions show zero.
   */
  async byRegion(actor: Actor, year: number, month: number, regionCode?: string) {
    const { code, scopeCode } = this.complianceRegion(actor, regionCode);
    const region = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!region) throw new AppError('NOT_FOUND', '区划不存在', { field: 'regionCode' });
    const path = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level'])
      .where('code', 'in', [scopeCode, ...ancestorsBetween(scopeCode, code)])
      .orderBy('depth')
      .execute();
    const children = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level'])
      .where('parentCode', '=', code)
      .orderBy('code')
      .execute();
    const teams = await this.teamMonth(code, year, month);
    const count = (list: typeof teams) => ({
      teams: list.length,
      arranged: list.filter((t) => t.arranged).length,
      active: list.filter((t) => t.active).length,
      flagged: list.filter((t) => !t.arranged && !t.active).length,
    });
    const rows: ComplianceRow[] = [];
    const own = teams.filter((t) => t.regionCode === code);
    if (own.length)
      rows.push({
        code,
        name: `${region.name}（本级）`,
        level: region.level,
        own: true,
        drillable: false,
        ...count(own),
      });
    for (const child of children) {
      const inside = teams.filter((t) => isRegionWithin(t.regionCode, child.code));
      rows.push({
        ...child,
        own: false,
        drillable: levelOfCode(child.code) !== 'village',
        ...count(inside),
      });
    }
    const flagged = teams.filter((t) => !t.arranged && !t.active);
    return {
      year,
      month,
      region,
      path,
      total: count(teams),
      rows,
      flagged: flagged
        .slice(0, 1000)
        .map((r) => ({ id: r.id, name: r.name, regionCode: r.regionCode, regionName: r.regionName })),
    };
  }
}

/** Codes below `top` down to and including `code` (both inside the same subtree), for the breadcrumb. */
function ancestorsBetween(top: string, code: string): string[] {
  return [...ancestorCodes(code), code].filter((c) => c !== top && isRegionWithin(c, top));
}
