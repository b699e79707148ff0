import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../tests/support/db';
import { migrateDownAll, migrateToLatest, migrations } from './migrate';

describeEachDialect('migrations', (db) => {
  it('go all the way down and up again', async () => {
    await migrateDownAll(db());
    const tables = async () =>
      db().dialect === 'sqlite'
        ? (
            await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
              db().db,
            )
          ).rows
        : (
            await sql<{
              name: string;
            }>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(
              db().db,
            )
          ).rows;
    expect(await tables()).toEqual([]);
    await migrateToLatest(db());
    const names = (await tables()).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'regions',
        'accounts',
        'audit_log',
        'teams',
        'volunteers',
        'activities',
        'service_records',
      ]),
    );
    const applied = await db()
      .db.selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(applied).toHaveLength(Object.keys(migrations).length);
  });
});
