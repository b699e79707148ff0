import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/**
 * 年度计划补充：月度安排的落实（已完成、关联活动），本市录入的重要节点的维护信息，主题活动模板。
 */
export const migration0007PlansCalendar: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);

    // 月度安排：是否已落实，以及落实它的活动（不设外键：SQLite 不能删除带外键的列，down() 要能回退）。
    await db.schema
      .alterTable('plan_items')
      .addColumn('done', 'smallint', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`done in (0, 1)`),
      )
      .execute();
    await db.schema.alterTable('plan_items').addColumn('activity_id', 'varchar(36)').execute();
    await db.schema.createIndex('plan_items_plan_idx').on('plan_items').column('plan_id').execute();

    await db.schema.createIndex('local_key_dates_date_idx').on('local_key_dates').column('date').execute();
    // 同一天不能有两个同名节点。
    await db.schema
      .createIndex('local_key_dates_date_name_uq')
      .on('local_key_dates')
      .columns(['date', 'name'])
      .unique()
      .execute();
    // 队伍的年度计划（列表、月度落实统计按队伍和年份查找）。
    await db.schema.createIndex('plans_team_year_idx').on('plans').columns(['team_id', 'year']).execute();

    // 主题活动模板：可挂在某个重要节点（按节点名称，如“学雷锋纪念日”）上，每年沿用。
    await db.schema
      .createTable('activity_templates')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('theme', 'varchar(60)', (c) => c.notNull().defaultTo(''))
      .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('service_field_id', 'varchar(36)', (c) => c.references('service_fields.id'))
      .addColumn('key_date_name', 'varchar(60)')
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('activity_templates_key_date_idx')
      .on('activity_templates')
      .column('key_date_name')
      .execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('activity_templates').execute();
    await db.schema.dropIndex('plans_team_year_idx').execute();
    await db.schema.dropIndex('local_key_dates_date_name_uq').execute();
    await db.schema.dropIndex('local_key_dates_date_idx').execute();
    await db.schema.dropIndex('plan_items_plan_idx').execute();
    await db.schema.alterTable('plan_items').dropColumn('activity_id').execute();
    await db.schema.alterTable('plan_items').dropColumn('done').execute();
  },
};
