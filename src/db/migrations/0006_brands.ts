import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 一县一品牌、一个品牌一个亮点: brands, the teams that carry them, and their highlights. */
export const migration0006Brands: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('brands')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(60)', (c) => c.notNull().unique())
      .addColumn('county_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('brands_county_idx').on('brands').column('county_code').execute();
    await db.schema
      .createTable('brand_teams')
      .addColumn('brand_id', 'varchar(36)', (c) => c.notNull().references('brands.id').onDelete('cascade'))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addPrimaryKeyConstraint('brand_teams_pk', ['brand_id', 'team_id'])
      .execute();
    await db.schema
      .createTable('brand_highlights')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('brand_id', 'varchar(36)', (c) => c.notNull().references('brands.id').onDelete('cascade'))
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addCheckConstraint('brand_highlights_title', sql`length(title) > 0`)
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of ['brand_highlights', 'brand_teams', 'brands']) await db.schema.dropTable(t).execute();
  },
};
