import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { fromFlag } from '../../db/database';
import { AppError } from '../../server/errors';
import { levelPrefixLength, regionLevels, type RegionLevel } from '../../shared/regions';
import type { Coverage } from '../../shared/registry';
import type { Actor } from '../identity/actor';
import { isRegionWithin, scopeOf, subtreeBounds } from '../identity/scope';
import { RegionsService } from '../regions/regions.service';

const UNCOVERED_LIMIT = 2000;

/** 一村一队伍: villages and communities with at least one approved team based in them. */
export class CoverageService {
  constructor(private readonly db: Kysely<DB>) {}

  async villageTeams(actor: Actor, regionCode: string | undefined): Promise<Coverage> {
    const scope = scopeOf(actor);
    if (scope.kind !== 'region')
      throw new AppError('FORBIDDEN', '覆盖情况按行政区划统计，仅供各级退役军人事务部门查看');
    const code = regionCode ?? scope.regionCode;
    if (!isRegionWithin(code, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    const regions = new RegionsService(this.db);
    const region = await regions.require(code);
    const { lo, hi } = subtreeBounds(code);
    const childLevel: RegionLevel = regionLevels[Math.min(regionLevels.indexOf(region.level) + 1, 4)]!;
    const len = levelPrefixLength[childLevel];
    // The range on t.region_code changes nothing in the answer (regions.code is in it already) but
    // lets PostgreSQL build its hashed subplan from the subtree's teams by index instead of reading
    // every approved team of the database: the cost then follows the region, not the province.
    const covered = sql<number>`exists (select 1 from teams t where t.region_code = regions.code and t.status = 'approved' and t.region_code >= ${lo} and t.region_code <= ${hi})`;

    const grouped = await this.db
      .selectFrom('regions')
      .select([
        sql<string>`substr(regions.code, 1, ${sql.lit(len)})`.as('prefix'),
        (eb) => eb.fn.countAll<number>().as('villages'),
        sql<number>`sum(case when ${covered} then 1 else 0 end)`.as('covered'),
        sql<number>`sum(case when regions.veteran_secretary = 1 and not ${covered} then 1 else 0 end)`.as(
          'vsUncovered',
        ),
      ])
      .where('regions.depth', '=', 5)
      .where('regions.code', '>=', lo)
      .where('regions.code', '<=', hi)
      .groupBy(sql`substr(regions.code, 1, ${sql.lit(len)})`)
      .execute();

    const childCodes = grouped.map((g) => g.prefix.padEnd(12, '0'));
    const childRows = childCodes.length
      ? await this.db
          .selectFrom('regions')
          .select(['code', 'name', 'level'])
          .where('code', 'in', childCodes)
          .execute()
      : [];
    const names = new Map(childRows.map((r) => [r.code, r]));
    const rows = grouped
      .map((g) => {
        const c = g.prefix.padEnd(12, '0');
        const r = names.get(c);
        return {
          region: { code: c, name: r?.name ?? c, level: (r?.level ?? childLevel) as RegionLevel },
          villages: Number(g.villages),
          covered: Number(g.covered ?? 0),
          veteranSecretaryUncovered: Number(g.vsUncovered ?? 0),
        };
      })
      .sort((a, b) => a.region.code.localeCompare(b.region.code));

    const uncoveredRows = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level', 'veteranSecretary'])
      .where('depth', '=', 5)
      .where('code', '>=', lo)
      .where('code', '<=', hi)
      .where(sql<boolean>`not ${covered}`)
      .orderBy('veteranSecretary', 'desc')
      .orderBy('code')
      .limit(UNCOVERED_LIMIT)
      .execute();
    const paths = await regions.pathNames(uncoveredRows.map((r) => r.code));
    return {
      region: { code: region.code, name: region.name, level: region.level },
      villages: rows.reduce((n, r) => n + r.villages, 0),
      covered: rows.reduce((n, r) => n + r.covered, 0),
      rows,
      uncovered: uncoveredRows.map((r) => ({
        code: r.code,
        name: r.name,
        level: r.level,
        veteranSecretary: fromFlag(r.veteranSecretary),
        path: paths.get(r.code) ?? r.name,
      })),
    };
  }
}
