import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

export const migration0001Regions: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('regions')
      .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('level', 'varchar(10)', (c) =>
        c.notNull().check(sql`level in ('province', 'city', 'county', 'township', 'village')`),
      )
      .addColumn('depth', 'smallint', (c) => c.notNull().check(sql`depth between 1 and 5`))
      .addColumn('parent_code', 'varchar(12)')
      .addColumn('veteran_secretary', 'smallint', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`veteran_secretary in (0, 1)`),
      )
      .addCheckConstraint('regions_code_digits', sql`length(code) = 12`)
      .execute();
    await db.schema.createIndex('regions_parent_code_idx').on('regions').column('parent_code').execute();
    await db.schema.createIndex('regions_depth_idx').on('regions').columns(['depth', 'code']).execute();

    await db.schema
      .createTable('service_stations')
      .addColumn('region_code', 'varchar(12)', (c) => c.primaryKey().references('regions.code'))
      .addColumn('name', 'varchar(60)', (c) => c.notNull())
      .addColumn('address', 'varchar(120)', (c) => c.notNull())
      .addColumn('contact_name', 'varchar(30)', (c) => c.notNull())
      .addColumn('contact_phone', 'varchar(20)', (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_by', 'varchar(36)')
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('service_stations').execute();
    await db.schema.dropTable('regions').execute();
  },
};
