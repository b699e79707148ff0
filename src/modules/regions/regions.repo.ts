import { sql, type Kysely } from 'kysely';
import type { DB, NewRegionRow, RegionRow, ServiceStationRow } from '../../db/types';
import { fromFlag } from '../../db/database';
import { containsText } from '../../db/sql';
import {
  ancestorCodes,
  levelPrefixLength,
  regionLevels,
  regionPrefix,
  type Region,
  type RegionCounts,
  type RegionLevel,
  type RegionRef,
  type StationUpdate,
} from '../../shared/regions';

/**
 * All SQL over the region tree. A subtree is a range of codes: every descendant of a region shares
 * its significant prefix, so "everything under this county" is one range scan of the primary key.
 */
export function subtreeRange(code: string): { lo: string; hi: string } {
  const prefix = regionPrefix(code);
  return { lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') };
}

export const depthOf = (level: RegionLevel): number => regionLevels.indexOf(level) + 1;

export function toRegion(row: RegionRow): Region {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    veteranSecretary: fromFlag(row.veteranSecretary),
  };
}

const emptyCounts = (): RegionCounts => ({ county: 0, township: 0, village: 0 });

export class RegionsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async get(code: string): Promise<RegionRow | undefined> {
    return this.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async getMany(codes: string[]): Promise<RegionRow[]> {
    if (codes.length === 0) return [];
    return this.db.selectFrom('regions').selectAll().where('code', 'in', codes).execute();
  }

  /** The regions of the top level present (normally the one imported city). */
  async roots(): Promise<RegionRow[]> {
    const top = await this.db
      .selectFrom('regions')
      .select((eb) => eb.fn.min('depth').as('depth'))
      .executeTakeFirst();
    if (!top?.depth) return [];
    return this.db.selectFrom('regions').selectAll().where('depth', '=', top.depth).orderBy('code').execute();
  }

  async children(code: string): Promise<RegionRow[]> {
    return this.db.selectFrom('regions').selectAll().where('parentCode', '=', code).orderBy('code').execute();
  }

  /** Ancestors that exist in the database, top first. */
  async ancestors(code: string): Promise<RegionRef[]> {
    const rows = await this.getMany(ancestorCodes(code));
    return rows
      .sort((a, b) => a.depth - b.depth)
      .map((r) => ({ code: r.code, name: r.name, level: r.level }));
  }

  /** How many regions of each level lie strictly below `code`. */
  async countsBelow(code: string): Promise<RegionCounts> {
    const { hi } = subtreeRange(code);
    const rows = await this.db
      .selectFrom('regions')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('code', '>', code)
      .where('code', '<=', hi)
      .groupBy('level')
      .execute();
    const counts = emptyCounts();
    for (const row of rows) if (row.level in counts) counts[row.level as keyof RegionCounts] = Number(row.n);
    return counts;
  }

  /** Counts below each child of `code`, in one grouped range query. */
  async countsBelowChildren(code: string, childLevel: RegionLevel): Promise<Map<string, RegionCounts>> {
    const { hi } = subtreeRange(code);
    const len = levelPrefixLength[childLevel];
    const rows = await this.db
      .selectFrom('regions')
      .select([
        sql<string>`substr(code, 1, ${sql.lit(len)})`.as('prefix'),
        'level',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('code', '>', code)
      .where('code', '<=', hi)
      .where('depth', '>', depthOf(childLevel))
      .groupBy([sql`substr(code, 1, ${sql.lit(len)})`, 'level'])
      .execute();
    const byPrefix = new Map<string, RegionCounts>();
    for (const row of rows) {
      const counts = byPrefix.get(row.prefix) ?? emptyCounts();
      if (row.level in counts) counts[row.level as keyof RegionCounts] = Number(row.n);
      byPrefix.set(row.prefix, counts);
    }
    return byPrefix;
  }

  async search(q: string, limit: number): Promise<RegionRow[]> {
    return this.db
      .selectFrom('regions')
      .selectAll()
      .where(containsText('name', q))
      .orderBy('depth')
      .orderBy('code')
      .limit(limit)
      .execute();
  }

  async station(code: string): Promise<ServiceStationRow | undefined> {
    return this.db
      .selectFrom('serviceStations')
      .selectAll()
      .where('regionCode', '=', code)
      .executeTakeFirst();
  }

  async upsertStation(
    code: string,
    update: StationUpdate,
    updatedBy: string | null,
    now: string,
  ): Promise<ServiceStationRow> {
    const values = { ...update, updatedAt: now, updatedBy };
    return this.db
      .insertInto('serviceStations')
      .values({ regionCode: code, ...values })
      .onConflict((oc) => oc.column('regionCode').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async setVeteranSecretary(code: string, value: boolean): Promise<void> {
    await this.db
      .updateTable('regions')
      .set({ veteranSecretary: value ? 1 : 0 })
      .where('code', '=', code)
      .execute();
  }

  /** Idempotent bulk upsert, in batches inside the caller's transaction. */
  async upsertMany(rows: NewRegionRow[], batchSize = 500): Promise<void> {
    for (let i = 0; i < rows.length; i += batchSize) {
      await this.db
        .insertInto('regions')
        .values(rows.slice(i, i + batchSize))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            level: eb.ref('excluded.level'),
            depth: eb.ref('excluded.depth'),
            parentCode: eb.ref('excluded.parentCode'),
          })),
        )
        .execute();
    }
  }

  async countAll(): Promise<number> {
    const row = await this.db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
