import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 领导小组与工作任务；典型案例。 */
export const migration0010Leadership: Migration = {
  async up(db: AnyDb) {
    // 领导小组: one per city or county; members are never deleted, a member who leaves gets an end date.
    await db.schema
      .createTable('leadership_groups')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().unique().references('regions.code'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('duties', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addCheckConstraint('leadership_groups_name', sql`length(name) > 0`)
      .execute();
    await db.schema
      .createTable('leadership_members')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('group_id', 'varchar(36)', (c) =>
        c.notNull().references('leadership_groups.id').onDelete('cascade'),
      )
      .addColumn('name', 'varchar(40)', (c) => c.notNull())
      .addColumn('post', 'varchar(60)', (c) => c.notNull())
      .addColumn('role', 'varchar(10)', (c) => c.notNull())
      .addColumn('from_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('to_date', 'varchar(10)')
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addCheckConstraint('leadership_members_role', sql`role in ('leader', 'deputy', 'member')`)
      .addCheckConstraint('leadership_members_dates', sql`to_date is null or to_date >= from_date`)
      .execute();
    await db.schema
      .createIndex('leadership_members_group_idx')
      .on('leadership_members')
      .column('group_id')
      .execute();

    // 安排部署工作任务: a yearly work meeting, its tasks, one assignment per county, progress reports.
    await db.schema
      .createTable('work_meetings')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('work_tasks')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('meeting_id', 'varchar(36)', (c) =>
        c.notNull().references('work_meetings.id').onDelete('cascade'),
      )
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('measure', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('work_tasks_meeting_idx').on('work_tasks').column('meeting_id').execute();
    await db.schema
      .createTable('work_task_assignments')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('task_id', 'varchar(36)', (c) => c.notNull().references('work_tasks.id').onDelete('cascade'))
      .addColumn('county_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('not_started'))
      .addColumn('completed_on', 'varchar(10)')
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addUniqueConstraint('work_task_assignments_task_county', ['task_id', 'county_code'])
      .addCheckConstraint(
        'work_task_assignments_status',
        sql`status in ('not_started', 'in_progress', 'done')`,
      )
      .execute();
    await db.schema
      .createIndex('work_task_assignments_county_idx')
      .on('work_task_assignments')
      .column('county_code')
      .execute();
    await db.schema
      .createTable('work_task_reports')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('assignment_id', 'varchar(36)', (c) =>
        c.notNull().references('work_task_assignments.id').onDelete('cascade'),
      )
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reported_by', 'varchar(36)')
      .addColumn('reporter_name', 'varchar(60)', (c) => c.notNull())
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('work_task_reports_assignment_idx')
      .on('work_task_reports')
      .column('assignment_id')
      .execute();

    // 典型案例: a brand's highlight written up for other counties to learn from.
    await db.schema
      .createTable('typical_cases')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('brand_id', 'varchar(36)', (c) => c.notNull().references('brands.id').onDelete('cascade'))
      .addColumn('highlight_id', 'varchar(36)', (c) =>
        c.references('brand_highlights.id').onDelete('set null'),
      )
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('field_id', 'varchar(36)')
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('background', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('actions', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('results', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('draft'))
      .addColumn('published_at', timestampType(db))
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addCheckConstraint('typical_cases_status', sql`status in ('draft', 'published')`)
      .execute();
    await db.schema.createIndex('typical_cases_brand_idx').on('typical_cases').column('brand_id').execute();
  },
  async down(db: AnyDb) {
    for (const t of [
      'typical_cases',
      'work_task_reports',
      'work_task_assignments',
      'work_tasks',
      'work_meetings',
      'leadership_members',
      'leadership_groups',
    ])
      await db.schema.dropTable(t).execute();
  },
};
