import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { starThresholdsHours } from '../../shared/activities';
import {
  ancestorCodes,
  levelOfCode,
  levelPrefixLength,
  regionPrefix,
  regionLevels,
  type RegionLevel,
  type RegionRef,
} from '../../shared/regions';
import { teamCategoryLabels } from '../../shared/registry';
import { BrandsService } from '../brands/brands.service';
import { listRegionHonours } from '../honours/honours.read';
import type { Actor } from '../identity/actor';
import { mayViewStatistics } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds } from '../identity/scope';
import type { Overview, OverviewQuery } from './statistics.schemas';
import { chinaToday } from '../../shared/dates';

const num = (v: unknown) => Number(v ?? 0);
const pad2 = (m: number) => String(m).padStart(2, '0');

/** Age bands of the dashboard, from their lower bound in years (age = this year − year of birth). */
export const ageBands = [
  { band: '40岁以下', from: 0 },
  { band: '40-49岁', from: 40 },
  { band: '50-59岁', from: 50 },
  { band: '60-69岁', from: 60 },
  { band: '70-79岁', from: 70 },
  { band: '80岁及以上', from: 80 },
] as const;

export interface ResolvedRegion extends RegionRef {
  /** Viewer's own region down to this one. */
  path: RegionRef[];
}

/**
 * 数据看板: every figure for one region (the viewer's, or one inside it) and period. Confirmed hours and
 * activities and volunteers come from the trigger-kept rollups (stat_area_month, stat_team_year,
 * stat_activity_area, stat_volunteer_area/profile); teams (a few thousand) are counted from their table.
 *
 * Definitions: a team counts once approved (已登记), at its home region; a volunteer counts at their
 * residence; hours are confirmed service records by month of service, at the team's home region.
 */
export class StatisticsService {
  constructor(private readonly db: Kysely<DB>) {}

  /** The region asked for, checked against the viewer's scope. Only region staff see statistics. */
  async resolveRegion(actor: Actor, regionCode: string | undefined): Promise<ResolvedRegion> {
    if (!mayViewStatistics(actor)) throw new AppError('FORBIDDEN', '统计数据仅供各级退役军人事务部门查看');
    const scope = scopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('FORBIDDEN', '统计数据按行政区划汇总');
    const code = regionCode ?? scope.regionCode;
    if (!isRegionWithin(code, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', '只能查看本辖区的统计', { field: 'regionCode' });
    const chain = [...ancestorCodes(code), code].filter((c) => isRegionWithin(c, scope.regionCode));
    const rows = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level'])
      .where('code', 'in', chain)
      .execute();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const region = byCode.get(code);
    if (!region) throw new AppError('NOT_FOUND', '没有这个行政区划', { field: 'regionCode' });
    return {
      code: region.code,
      name: region.name,
      level: region.level,
      path: chain.flatMap((c) => {
        const r = byCode.get(c);
        return r ? [{ code: r.code, name: r.name, level: r.level }] : [];
      }),
    };
  }

  async overview(actor: Actor, query: OverviewQuery, now = new Date()): Promise<Overview> {
    const region = await this.resolveRegion(actor, query.regionCode);
    const today = chinaToday(now);
    const year = query.year ?? Number(today.slice(0, 4));
    const month = query.month ?? (year === Number(today.slice(0, 4)) ? Number(today.slice(5, 7)) : 12);
    return this.figures(region, year, month, today);
  }

  /** Every figure for a resolved region (no permission check: callers resolve first). */
  async figures(region: ResolvedRegion, year: number, month: number, today: string): Promise<Overview> {
    const db = this.db;
    const { lo, hi } = subtreeBounds(region.code);
    const level = region.level;
    const childLevel: RegionLevel = regionLevels[Math.min(regionLevels.indexOf(level) + 1, 4)]!;
    const len = levelPrefixLength[childLevel];
    const prefix = regionPrefix(region.code);
    /** The prefix length of the child level, or null at a village (no children). */
    const childLen = level === 'village' ? null : len;
    const childKey = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(len)})`;
    const monthKey = `${year}-${pad2(month)}`;
    const yearFrom = `${year}-01`;
    const yearTo = `${year}-12`;

    const [
      children,
      teamsByChild,
      volunteersByChild,
      minutesByChild,
      activitiesByChild,
      byCategory,
      fields,
      teamsByField,
      activitiesByField,
      monthlyMinutes,
      monthlyActivities,
      profile,
      volunteerTotals,
      topTeams,
      villages,
      countyBrands,
      plans,
      honoursYear,
    ] = await Promise.all([
      db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where('parentCode', '=', region.code)
        .orderBy('code')
        .execute(),
      db
        .selectFrom('teams')
        .select([childKey('teams.region_code').as('k'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('teams.regionCode', '>=', lo)
        .where('teams.regionCode', '<=', hi)
        .where('teams.status', '=', 'approved')
        .groupBy(childKey('teams.region_code'))
        .execute(),
      db
        .selectFrom('statVolunteerArea')
        .select(['area as k', 'volunteers as n', 'veterans'])
        .where('len', '=', len)
        .where('area', '>=', prefix.padEnd(len, '0'))
        .where('area', '<=', prefix.padEnd(len, '9'))
        .execute(),
      childLen
        ? db
            .selectFrom('statAreaMonth')
            .select(['area as k', sql<number>`sum(minutes)`.as('minutes')])
            .where('len', '=', childLen)
            .where('area', '>=', prefix.padEnd(childLen, '0'))
            .where('area', '<=', prefix.padEnd(childLen, '9'))
            .where('month', '>=', yearFrom)
            .where('month', '<=', yearTo)
            .groupBy('area')
            .execute()
        : Promise.resolve([]),
      childLen
        ? db
            .selectFrom('statActivityArea')
            .select(['area as k', sql<number>`sum(activities)`.as('n')])
            .where('len', '=', childLen)
            .where('area', '>=', prefix.padEnd(childLen, '0'))
            .where('area', '<=', prefix.padEnd(childLen, '9'))
            .where('month', '>=', yearFrom)
            .where('month', '<=', yearTo)
            .groupBy('area')
            .execute()
        : Promise.resolve([]),
      db
        .selectFrom('teams')
        .select(['teams.category', (eb) => eb.fn.countAll<number>().as('n')])
        .where('teams.regionCode', '>=', lo)
        .where('teams.regionCode', '<=', hi)
        .where('teams.status', '=', 'approved')
        .groupBy('teams.category')
        .execute(),
      db.selectFrom('serviceFields').select(['id', 'name']).orderBy('sort').orderBy('name').execute(),
      db
        .selectFrom('teamFields')
        .innerJoin('teams', 'teams.id', 'teamFields.teamId')
        .select(['teamFields.fieldId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('teams.regionCode', '>=', lo)
        .where('teams.regionCode', '<=', hi)
        .where('teams.status', '=', 'approved')
        .groupBy('teamFields.fieldId')
        .execute(),
      db
        .selectFrom('statActivityArea')
        .select(['fieldId', sql<number>`sum(activities)`.as('n')])
        .where('len', '=', prefix.length)
        .where('area', '=', prefix)
        .where('month', '>=', yearFrom)
        .where('month', '<=', yearTo)
        .groupBy('fieldId')
        .execute(),
      db
        .selectFrom('statAreaMonth')
        .select(['month', 'minutes', 'records'])
        .where('len', '=', prefix.length)
        .where('area', '=', prefix)
        .where('month', '>=', yearFrom)
        .where('month', '<=', yearTo)
        .execute(),
      db
        .selectFrom('statActivityArea')
        .select(['month', sql<number>`sum(activities)`.as('n')])
        .where('len', '=', prefix.length)
        .where('area', '=', prefix)
        .where('month', '>=', yearFrom)
        .where('month', '<=', yearTo)
        .groupBy('month')
        .execute(),
      db
        .selectFrom('statVolunteerProfile')
        .select(['starLevel', 'birthYear', 'volunteers as n'])
        .where('len', '=', prefix.length)
        .where('area', '=', prefix)
        .where('volunteers', '>', 0)
        .execute(),
      db
        .selectFrom('statVolunteerArea')
        .select(['volunteers', 'veterans'])
        .where('len', '=', prefix.length)
        .where('area', '=', prefix)
        .executeTakeFirst(),
      db
        .selectFrom('statTeamYear')
        .innerJoin('teams', 'teams.id', 'statTeamYear.teamId')
        .innerJoin('regions', 'regions.code', 'teams.regionCode')
        .select(['teams.id', 'teams.name', 'regions.name as regionName', 'statTeamYear.minutes'])
        .where('statTeamYear.year', '=', year)
        .where('statTeamYear.regionCode', '>=', lo)
        .where('statTeamYear.regionCode', '<=', hi)
        .where('statTeamYear.minutes', '>', 0)
        .orderBy('statTeamYear.minutes', 'desc')
        .orderBy('teams.name')
        .limit(10)
        .execute(),
      db
        .selectFrom('regions')
        .select([
          (eb) => eb.fn.countAll<number>().as('villages'),
          sql<number>`sum(case when exists (select 1 from teams t where t.region_code = regions.code and t.status = 'approved') then 1 else 0 end)`.as(
            'covered',
          ),
        ])
        .where('regions.depth', '=', 5)
        .where('regions.code', '>=', lo)
        .where('regions.code', '<=', hi)
        .executeTakeFirst(),
      this.countyBrands(region.code),
      this.planCoverage(lo, hi, year, month),
      this.honoursCount(lo, hi, year),
    ]);

    const teamsMap = new Map(teamsByChild.map((r) => [r.k, num(r.n)]));
    const volMap = new Map(volunteersByChild.map((r) => [r.k, r]));
    const minMap = new Map(minutesByChild.map((r) => [r.k, num(r.minutes)]));
    const actMap = new Map(activitiesByChild.map((r) => [r.k, num(r.n)]));
    const rowFor = (key: string, code: string, name: string, child: boolean) => ({
      code,
      name,
      child,
      teams: teamsMap.get(key) ?? 0,
      volunteers: num(volMap.get(key)?.n),
      veterans: num(volMap.get(key)?.veterans),
      minutesYear: minMap.get(key) ?? 0,
      activitiesYear: actMap.get(key) ?? 0,
    });
    const byRegion =
      level === 'village' ? [] : children.map((c) => rowFor(c.code.slice(0, len), c.code, c.name, true));
    // Teams and records kept at the region itself (市本级, 县本级…) get their own row, so the rows add up.
    if (level !== 'village') {
      const own = rowFor(region.code.slice(0, len), region.code, `${region.name}本级`, false);
      if (own.teams || own.volunteers || own.minutesYear || own.activitiesYear) byRegion.push(own);
    }

    const sum = <T>(rows: T[], f: (r: T) => unknown) => rows.reduce((s, r) => s + num(f(r)), 0);
    const minutesByMonth = new Map(monthlyMinutes.map((r) => [r.month, r]));
    const activitiesByMonth = new Map(monthlyActivities.map((r) => [r.month, num(r.n)]));
    const monthly = Array.from({ length: 12 }, (_, i) => {
      const m = `${year}-${pad2(i + 1)}`;
      return {
        month: m,
        minutes: num(minutesByMonth.get(m)?.minutes),
        records: num(minutesByMonth.get(m)?.records),
        activities: activitiesByMonth.get(m) ?? 0,
      };
    });
    const starCounts = new Map<number, number>();
    const ageCounts = ageBands.map(() => 0);
    const thisYear = Number(today.slice(0, 4));
    for (const r of profile) {
      starCounts.set(num(r.starLevel), (starCounts.get(num(r.starLevel)) ?? 0) + num(r.n));
      const age = thisYear - num(r.birthYear);
      let band = 0;
      ageBands.forEach((b, i) => {
        if (age >= b.from) band = i;
      });
      ageCounts[band]! += num(r.n);
    }
    const teamsByFieldMap = new Map(teamsByField.map((r) => [r.fieldId, num(r.n)]));
    const actByFieldMap = new Map(activitiesByField.map((r) => [r.fieldId, num(r.n)]));
    const byField = fields.map((f) => ({
      id: f.id,
      name: f.name,
      teams: teamsByFieldMap.get(f.id) ?? 0,
      activitiesYear: actByFieldMap.get(f.id) ?? 0,
    }));
    const unfielded = actByFieldMap.get('') ?? 0;
    if (unfielded) byField.push({ id: '', name: '未分类', teams: 0, activitiesYear: unfielded });
    const categoryCounts = new Map(byCategory.map((r) => [r.category, num(r.n)]));

    return {
      region: { code: region.code, name: region.name, level: region.level },
      path: region.path,
      drillable: level === 'city' || level === 'county' || level === 'province',
      year,
      month,
      totals: {
        teams: sum(teamsByChild, (r) => r.n),
        volunteers: num(volunteerTotals?.volunteers),
        veterans: num(volunteerTotals?.veterans),
        minutesYear: sum(monthly, (r) => r.minutes),
        minutesMonth: num(minutesByMonth.get(monthKey)?.minutes),
        recordsYear: sum(monthly, (r) => r.records),
        activitiesMonth: activitiesByMonth.get(monthKey) ?? 0,
        activitiesYear: sum(monthly, (r) => r.activities),
      },
      byRegion,
      byCategory: (Object.keys(teamCategoryLabels) as (keyof typeof teamCategoryLabels)[]).map((c) => ({
        category: c,
        label: teamCategoryLabels[c],
        teams: categoryCounts.get(c) ?? 0,
      })),
      byField,
      monthly,
      stars: [0, ...starThresholdsHours.map((_, i) => i + 1)].map((l) => ({
        level: l,
        volunteers: starCounts.get(l) ?? 0,
      })),
      ages: ageBands.map((b, i) => ({ band: b.band, volunteers: ageCounts[i]! })),
      topTeams: topTeams.map((t) => ({
        id: t.id,
        name: t.name,
        regionName: t.regionName,
        minutes: num(t.minutes),
      })),
      coverage: {
        villages: num(villages?.villages),
        villagesCovered: num(villages?.covered),
        ...countyBrands,
        ...plans,
      },
      honoursYear,
    };
  }

  /** 一县一品牌: the counties of the region (or the county it lies in) and how many have a brand. */
  private async countyBrands(code: string) {
    const level = levelOfCode(code);
    const countyCode = level === 'township' || level === 'village' ? code.slice(0, 6).padEnd(12, '0') : code;
    const { counties, countiesWithBrand, brands } = await new BrandsService(this.db).coverage(countyCode);
    return { counties, countiesWithBrand, brands };
  }

  /** 年有计划、月有安排: approved teams with a plan for the year, and with an item for the month in it. */
  private async planCoverage(lo: string, hi: string, year: number, month: number) {
    const row = await this.db
      .selectFrom('teams')
      .select([
        (eb) => eb.fn.countAll<number>().as('teams'),
        sql<number>`sum(case when exists (select 1 from plans p where p.team_id = teams.id and p.year = ${year}) then 1 else 0 end)`.as(
          'yearPlan',
        ),
        sql<number>`sum(case when exists (select 1 from plans p join plan_items i on i.plan_id = p.id where p.team_id = teams.id and p.year = ${year} and i.month = ${month}) then 1 else 0 end)`.as(
          'monthItem',
        ),
      ])
      .where('teams.regionCode', '>=', lo)
      .where('teams.regionCode', '<=', hi)
      .where('teams.status', '=', 'approved')
      .executeTakeFirst();
    return {
      teams: num(row?.teams),
      teamsWithYearPlan: num(row?.yearPlan),
      teamsWithMonthArrangement: num(row?.monthItem),
    };
  }

  /** Honours held in the region for the year: finished awards and external recognitions (honours.read). */
  async honoursCount(lo: string, hi: string, year: number): Promise<number> {
    return (await listRegionHonours(this.db, { lo, hi }, { from: year, to: year })).length;
  }
}
