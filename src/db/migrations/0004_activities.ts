import { sql, type Migration } from 'kysely';
import { isPostgres, timestampType, type AnyDb } from './helpers';

/**
 * 年有计划、月有安排 and the service record system: plans, key dates, working days, activities,
 * sign-ups, attendance, service records (append-only once confirmed), star levels.
 */
export const migration0004Activities: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);

    await db.schema
      .createTable('plans')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('team_id', 'varchar(36)', (c) => c.references('teams.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('goals', 'text', (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('updated_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('plans_region_year_idx')
      .on('plans')
      .columns(['region_code', 'year'])
      .execute();

    await db.schema
      .createTable('plan_items')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id').onDelete('cascade'))
      .addColumn('month', 'smallint', (c) => c.notNull().check(sql`month between 1 and 12`))
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('theme', 'varchar(60)', (c) => c.notNull().defaultTo(''))
      .addColumn('key_date', 'varchar(10)')
      .execute();

    await db.schema
      .createTable('local_key_dates')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('date', 'varchar(10)', (c) => c.notNull())
      .addColumn('name', 'varchar(60)', (c) => c.notNull())
      .addColumn('theme_template', 'text', (c) => c.notNull().defaultTo(''))
      .execute();

    // 法定节假日与调休 as the bureau keeps them: a date is a working day or not, whatever the weekday says.
    await db.schema
      .createTable('working_days')
      .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
      .addColumn('is_workday', 'smallint', (c) => c.notNull().check(sql`is_workday in (0, 1)`))
      .addColumn('note', 'varchar(60)', (c) => c.notNull().defaultTo(''))
      .execute();

    await db.schema
      .createTable('activities')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull().check(sql`kind in ('central', 'own')`))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('field_id', 'varchar(36)', (c) => c.references('service_fields.id'))
      .addColumn('place', 'varchar(120)', (c) => c.notNull())
      .addColumn('starts_at', ts(), (c) => c.notNull())
      .addColumn('ends_at', ts(), (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
      .addColumn('service_object', 'varchar(60)', (c) => c.notNull().defaultTo(''))
      .addColumn('theme', 'varchar(60)', (c) => c.notNull().defaultTo(''))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('draft', 'published', 'ongoing', 'completed', 'cancelled')`),
      )
      .addColumn('cancel_reason', 'varchar(200)')
      .addColumn('checkin_secret', 'varchar(64)', (c) => c.notNull())
      .addColumn('fixed_code', 'varchar(6)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('updated_at', ts(), (c) => c.notNull())
      .addCheckConstraint('activities_window', sql`ends_at > starts_at`)
      .execute();
    await db.schema
      .createIndex('activities_region_idx')
      .on('activities')
      .columns(['region_code', 'starts_at'])
      .execute();
    await db.schema
      .createIndex('activities_team_idx')
      .on('activities')
      .columns(['team_id', 'starts_at'])
      .execute();

    await db.schema
      .createTable('activity_teams')
      .addColumn('activity_id', 'varchar(36)', (c) =>
        c.notNull().references('activities.id').onDelete('cascade'),
      )
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addPrimaryKeyConstraint('activity_teams_pk', ['activity_id', 'team_id'])
      .execute();

    await db.schema
      .createTable('activity_outputs')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('activity_id', 'varchar(36)', (c) =>
        c.notNull().references('activities.id').onDelete('cascade'),
      )
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 0`))
      .execute();
    await db.schema
      .createIndex('activity_outputs_uq')
      .on('activity_outputs')
      .columns(['activity_id', 'kind'])
      .unique()
      .execute();

    await db.schema
      .createTable('signups')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('activity_id', 'varchar(36)', (c) => c.notNull().references('activities.id'))
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('team_id', 'varchar(36)', (c) => c.references('teams.id'))
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('accepted', 'waitlisted', 'cancelled')`),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('signed_up_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('signed_up_at', ts(), (c) => c.notNull())
      .addColumn('promoted_at', ts())
      .addColumn('cancelled_at', ts())
      .execute();
    // One live sign-up per volunteer per activity.
    await db.schema
      .createIndex('signups_live_uq')
      .on('signups')
      .columns(['activity_id', 'volunteer_id'])
      .unique()
      .where(sql.ref('status'), '!=', 'cancelled')
      .execute();
    await db.schema
      .createIndex('signups_activity_idx')
      .on('signups')
      .columns(['activity_id', 'status', 'seq'])
      .execute();

    await db.schema
      .createTable('attendance')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('activity_id', 'varchar(36)', (c) => c.notNull().references('activities.id'))
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('check_in_at', ts(), (c) => c.notNull())
      .addColumn('check_out_at', ts())
      .addColumn('method', 'varchar(10)', (c) => c.notNull().check(sql`method in ('code', 'fixed', 'proxy')`))
      .addColumn('proxy_by', 'varchar(36)')
      .addColumn('needs_confirmation', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('auto_closed', 'smallint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('attendance_uq')
      .on('attendance')
      .columns(['activity_id', 'volunteer_id'])
      .unique()
      .execute();

    await db.schema
      .createTable('service_records')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('activity_id', 'varchar(36)', (c) => c.references('activities.id'))
      .addColumn('activity_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('service_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('place', 'varchar(120)', (c) => c.notNull())
      .addColumn('service_object', 'varchar(60)', (c) => c.notNull())
      .addColumn('content', 'varchar(200)', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0 and minutes <= 1440`))
      .addColumn('quality', 'varchar(10)', (c) => c.notNull().defaultTo(''))
      .addColumn('person_in_charge', 'varchar(30)', (c) => c.notNull())
      .addColumn('recorder_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('recorder_name', 'varchar(60)', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'confirmed', 'superseded')`),
      )
      .addColumn('confirmed_by', 'varchar(36)')
      .addColumn('confirmed_at', ts())
      .addColumn('corrects_id', 'varchar(36)', (c) => c.references('service_records.id'))
      .addColumn('correction_reason', 'varchar(200)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('service_records_volunteer_idx')
      .on('service_records')
      .columns(['volunteer_id', 'status'])
      .execute();
    await db.schema
      .createIndex('service_records_team_idx')
      .on('service_records')
      .columns(['team_id', 'service_date'])
      .execute();
    await db.schema
      .createIndex('service_records_activity_uq')
      .on('service_records')
      .columns(['activity_id', 'volunteer_id'])
      .unique()
      .where(sql.ref('corrects_id'), 'is', null)
      .execute();

    await db.schema
      .createTable('star_history')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('from_level', 'smallint', (c) => c.notNull())
      .addColumn('to_level', 'smallint', (c) => c.notNull())
      .addColumn('total_minutes', 'integer', (c) => c.notNull())
      .addColumn('at', ts(), (c) => c.notNull())
      .execute();

    await db.schema
      .alterTable('volunteers')
      .addColumn('confirmed_minutes', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('volunteers')
      .addColumn('star_level', 'smallint', (c) => c.notNull().defaultTo(0))
      .execute();

    // A confirmed record is evidence: the database refuses to change its facts or delete it. Only the
    // step confirmed → superseded (when a correction replaces it) is allowed.
    if (isPostgres(db)) {
      await sql`create function service_records_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            if old.status <> 'pending' then raise exception 'confirmed service records cannot be deleted'; end if;
            return old;
          end if;
          if old.status = 'superseded' or (old.status = 'confirmed' and new.status <> 'superseded')
             or (old.status = 'confirmed' and (new.minutes, new.service_date, new.volunteer_id, new.content)
                 is distinct from (old.minutes, old.service_date, old.volunteer_id, old.content)) then
            raise exception 'confirmed service records are append-only';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger service_records_guard before update or delete on service_records
        for each row execute function service_records_guard()`.execute(db);
    } else {
      await sql`create trigger service_records_no_delete before delete on service_records
        when old.status <> 'pending'
        begin select raise(abort, 'confirmed service records cannot be deleted'); end`.execute(db);
      await sql`create trigger service_records_append_only before update on service_records
        when old.status = 'superseded'
          or (old.status = 'confirmed' and (new.status <> 'superseded' or new.minutes <> old.minutes
              or new.service_date <> old.service_date or new.volunteer_id <> old.volunteer_id or new.content <> old.content))
        begin select raise(abort, 'confirmed service records are append-only'); end`.execute(db);
    }
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop trigger service_records_guard on service_records`.execute(db);
      await sql`drop function service_records_guard()`.execute(db);
    }
    await db.schema.alterTable('volunteers').dropColumn('star_level').execute();
    await db.schema.alterTable('volunteers').dropColumn('confirmed_minutes').execute();
    for (const t of [
      'star_history',
      'service_records',
      'attendance',
      'signups',
      'activity_outputs',
      'activity_teams',
      'activities',
      'working_days',
      'local_key_dates',
      'plan_items',
      'plans',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
