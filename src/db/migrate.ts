import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database';
import { migration0001Regions } from './migrations/0001_regions';
import { migration0002Identity } from './migrations/0002_identity';
import { migration0003Registry } from './migrations/0003_registry';
import { migration0004Activities } from './migrations/0004_activities';
import { migration0005Certificates } from './migrations/0005_certificates';
import { migration0006Brands } from './migrations/0006_brands';

/** Every migration, in order. Names sort; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_regions': migration0001Regions,
  '0002_identity': migration0002Identity,
  '0003_registry': migration0003Registry,
  '0004_activities': migration0004Activities,
  '0005_certificates': migration0005Certificates,
  '0006_brands': migration0006Brands,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function check(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
}

export async function migrateToLatest(database: Database): Promise<void> {
  check(await new Migrator({ db: database.db, provider }).migrateToLatest());
}

export async function migrateDownAll(database: Database): Promise<void> {
  const migrator = new Migrator({ db: database.db, provider });
  for (;;) {
    const result = await migrator.migrateDown();
    check(result);
    if (!result.results?.length) return;
  }
}
