import { createDatabase, type Database } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { importRegions, type ImportTarget } from '../modules/regions/regions.import';
import { RegionsRepo } from '../modules/regions/regions.repo';
import { sqliteFileIn } from './config';
import { seedServiceFields } from '../modules/teams/serviceFields';

export function openDatabase(options: { dataDir: string; databaseUrl?: string }): Database {
  return createDatabase({ databaseUrl: options.databaseUrl, sqliteFile: sqliteFileIn(options.dataDir) });
}

export function parseSeedRegion(code: string): ImportTarget {
  if (/^\d{4}$/.test(code)) return { city: code };
  if (/^\d{2}$/.test(code)) return { province: code };
  throw new Error(`RONGZHI_SEED_REGION 应为4位城市代码或2位省级代码：${code}`);
}

/** Migrate, and fill an empty database with the region tree (and, as modules add them, demo data). */
export async function prepareDatabase(
  database: Database,
  seedRegion: string,
  log: (line: string) => void = () => {},
): Promise<void> {
  await migrateToLatest(database);
  await seedServiceFields(database.db);
  if ((await new RegionsRepo(database.db).countAll()) === 0) {
    log(`首次启动：导入区划 ${seedRegion} …`);
    const n = await importRegions(database, parseSeedRegion(seedRegion));
    log(`已导入 ${n} 个区划`);
  }
}
