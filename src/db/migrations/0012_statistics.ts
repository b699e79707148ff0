import { sql, type Migration, type RawBuilder } from 'kysely';
import { isPostgres, timestampType, type AnyDb } from './helpers';

/**
 * 统计：维护的计数与汇总。
 *
 * Confirmed service hours (a million records at city scale) and activities are summed by database
 * triggers into small rollup tables, so every code path that writes a record — the service, an import,
 * a script — keeps the figures exact, and the dashboard reads a few hundred rows instead of a million.
 *
 * - stat_lengths: the significant code-prefix lengths of the region levels (2 province … 12 village).
 * - stat_team_month: confirmed minutes and records per team and month of service (`YYYY-MM` of
 *   service_date), with the team's home region copied in.
 * - stat_team_year: the same per team and year (the "top teams" figure).
 * - stat_area_month: the same per area and month, for every level at once: `area` is the first `len`
 *   digits of the team's home region, so a county's figure is one row and its townships' are a few.
 * - stat_activity_area: activities that take place (published, ongoing, completed) per area (as above),
 *   month (Asia/Shanghai) and service field ('' for none).
 * - stat_volunteer_area / stat_volunteer_profile: volunteers (and veterans) per area of residence, and per
 *   area, star level and birth year (the star and age figures).
 * A team that moves takes its hours along (trigger on teams.region_code).
 * - stat_report_texts: the narrative a staff member wrote for a work report, per region and period.
 */
const LENGTHS = [2, 4, 6, 9, 12] as const;

export const migration0012Statistics: Migration = {
  async up(db: AnyDb) {
    const pg = isPostgres(db);

    await db.schema
      .createTable('stat_lengths')
      .addColumn('len', 'smallint', (c) => c.primaryKey())
      .execute();
    await db
      .insertInto('stat_lengths')
      .values(LENGTHS.map((len) => ({ len })))
      .execute();

    await db.schema
      .createTable('stat_team_month')
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('minutes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_team_month_pk', ['team_id', 'month'])
      .execute();

    await db.schema
      .createTable('stat_team_year')
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
      .addColumn('minutes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_team_year_pk', ['team_id', 'year'])
      .execute();
    await db.schema
      .createIndex('stat_team_year_region_idx')
      .on('stat_team_year')
      .columns(['year', 'region_code', 'minutes', 'team_id'])
      .execute();

    await db.schema
      .createTable('stat_area_month')
      .addColumn('len', 'smallint', (c) => c.notNull())
      .addColumn('area', 'varchar(12)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('minutes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_area_month_pk', ['len', 'area', 'month'])
      .execute();

    await db.schema
      .createTable('stat_activity_area')
      .addColumn('len', 'smallint', (c) => c.notNull())
      .addColumn('area', 'varchar(12)', (c) => c.notNull())
      .addColumn('month', 'varchar(7)', (c) => c.notNull())
      .addColumn('field_id', 'varchar(36)', (c) => c.notNull().defaultTo(''))
      .addColumn('activities', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_activity_area_pk', ['len', 'area', 'month', 'field_id'])
      .execute();

    await db.schema
      .createTable('stat_volunteer_area')
      .addColumn('len', 'smallint', (c) => c.notNull())
      .addColumn('area', 'varchar(12)', (c) => c.notNull())
      .addColumn('volunteers', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('veterans', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_volunteer_area_pk', ['len', 'area'])
      .execute();
    await db.schema
      .createTable('stat_volunteer_profile')
      .addColumn('len', 'smallint', (c) => c.notNull())
      .addColumn('area', 'varchar(12)', (c) => c.notNull())
      .addColumn('star_level', 'smallint', (c) => c.notNull())
      .addColumn('birth_year', 'integer', (c) => c.notNull())
      .addColumn('volunteers', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stat_volunteer_profile_pk', ['len', 'area', 'star_level', 'birth_year'])
      .execute();

    await db.schema
      .createTable('stat_report_texts')
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('period', 'varchar(21)', (c) => c.notNull())
      .addColumn('sections', 'text', (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_by', 'varchar(36)')
      .addPrimaryKeyConstraint('stat_report_texts_pk', ['region_code', 'period'])
      .execute();

    const activityMonth = (row: string) =>
      pg
        ? sql.raw(`to_char(${row}.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM')`)
        : sql.raw(`strftime('%Y-%m', ${row}.starts_at, '+8 hours')`);
    const counted = (row: 'new' | 'old') => sql.raw(`${row}.status in ('published', 'ongoing', 'completed')`);
    /** One row per level: (len = 2 and area = substr(code, 1, 2)) or … */
    const atEveryLevel = (code: string) =>
      sql.raw(LENGTHS.map((l) => `(len = ${l} and area = substr(${code}, 1, ${l}))`).join(' or '));
    const oldTeamRegion = '(select t.region_code from teams t where t.id = old.team_id)';

    const addRecord: RawBuilder<unknown>[] = [
      sql`insert into stat_team_month (team_id, month, region_code, minutes, records)
        select new.team_id, substr(new.service_date, 1, 7), t.region_code, new.minutes, 1
        from teams t where t.id = new.team_id
        on conflict (team_id, month) do update set
          minutes = stat_team_month.minutes + excluded.minutes,
          records = stat_team_month.records + excluded.records`,
      sql`insert into stat_team_year (team_id, year, region_code, minutes, records)
        select new.team_id, cast(substr(new.service_date, 1, 4) as integer), t.region_code, new.minutes, 1
        from teams t where t.id = new.team_id
        on conflict (team_id, year) do update set
          minutes = stat_team_year.minutes + excluded.minutes,
          records = stat_team_year.records + excluded.records`,
      sql`insert into stat_area_month (len, area, month, minutes, records)
        select l.len, substr(t.region_code, 1, l.len), substr(new.service_date, 1, 7), new.minutes, 1
        from teams t, stat_lengths l where t.id = new.team_id
        on conflict (len, area, month) do update set
          minutes = stat_area_month.minutes + excluded.minutes,
          records = stat_area_month.records + excluded.records`,
    ];
    const removeRecord: RawBuilder<unknown>[] = [
      sql`update stat_team_month set minutes = minutes - old.minutes, records = records - 1
        where team_id = old.team_id and month = substr(old.service_date, 1, 7)`,
      sql`update stat_team_year set minutes = minutes - old.minutes, records = records - 1
        where team_id = old.team_id and year = cast(substr(old.service_date, 1, 4) as integer)`,
      sql`update stat_area_month set minutes = minutes - old.minutes, records = records - 1
        where month = substr(old.service_date, 1, 7) and (${atEveryLevel(oldTeamRegion)})`,
    ];
    const addActivity = sql`insert into stat_activity_area (len, area, month, field_id, activities)
      select l.len, substr(new.region_code, 1, l.len), ${activityMonth('new')}, coalesce(new.field_id, ''), 1
      from stat_lengths l where l.len > 0
      on conflict (len, area, month, field_id) do update set
        activities = stat_activity_area.activities + 1`;
    const removeActivity = sql`update stat_activity_area set activities = activities - 1
      where month = ${activityMonth('old')} and field_id = coalesce(old.field_id, '')
        and (${atEveryLevel('old.region_code')})`;
    const moveArea = (row: 'old' | 'new', sign: '-' | '') =>
      sql`insert into stat_area_month (len, area, month, minutes, records)
        select l.len, substr(${sql.raw(row)}.region_code, 1, l.len), m.month, ${sql.raw(sign)}m.minutes, ${sql.raw(sign)}m.records
        from stat_team_month m, stat_lengths l where m.team_id = ${sql.raw(row)}.id
        on conflict (len, area, month) do update set
          minutes = stat_area_month.minutes + excluded.minutes,
          records = stat_area_month.records + excluded.records`;
    const moveTeam: RawBuilder<unknown>[] = [
      moveArea('old', '-'),
      moveArea('new', ''),
      sql`update stat_team_month set region_code = new.region_code where team_id = new.id`,
      sql`update stat_team_year set region_code = new.region_code where team_id = new.id`,
    ];
    const birthYear = (row: string) => sql.raw(`cast(substr(${row}.birth_date, 1, 4) as integer)`);
    const addVolunteer: RawBuilder<unknown>[] = [
      sql`insert into stat_volunteer_area (len, area, volunteers, veterans)
        select l.len, substr(new.residence_code, 1, l.len), 1, new.is_veteran from stat_lengths l where l.len > 0
        on conflict (len, area) do update set
          volunteers = stat_volunteer_area.volunteers + 1,
          veterans = stat_volunteer_area.veterans + excluded.veterans`,
      sql`insert into stat_volunteer_profile (len, area, star_level, birth_year, volunteers)
        select l.len, substr(new.residence_code, 1, l.len), new.star_level, ${birthYear('new')}, 1
        from stat_lengths l where l.len > 0
        on conflict (len, area, star_level, birth_year) do update set
          volunteers = stat_volunteer_profile.volunteers + 1`,
    ];
    const removeVolunteer: RawBuilder<unknown>[] = [
      sql`update stat_volunteer_area set volunteers = volunteers - 1, veterans = veterans - old.is_veteran
        where ${atEveryLevel('old.residence_code')}`,
      sql`update stat_volunteer_profile set volunteers = volunteers - 1
        where star_level = old.star_level and birth_year = ${birthYear('old')}
          and (${atEveryLevel('old.residence_code')})`,
    ];
    const volunteerColumns = sql.raw('residence_code, is_veteran, star_level, birth_date');
    /** An update that leaves every counted column as it was changes no counter: skip it. */
    const volunteerCounted = (same: string, joiner: string) =>
      sql.raw(
        ['residence_code', 'is_veteran', 'star_level', 'birth_date']
          .map((c) => `new.${c} ${same} old.${c}`)
          .join(` ${joiner} `),
      );
    const steps = (list: RawBuilder<unknown>[]) =>
      sql.join(
        list.map((q) => sql`${q};`),
        sql` `,
      );

    if (pg) {
      await sql`create function stat_service_records_trg() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') then
            if old.status = 'confirmed' then ${steps(removeRecord)} end if;
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
            if new.status = 'confirmed' then ${steps(addRecord)} end if;
          end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger stat_service_records after insert or update or delete on service_records
        for each row execute function stat_service_records_trg()`.execute(db);
      await sql`create function stat_activities_trg() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') then
            if ${counted('old')} then ${removeActivity}; end if;
          end if;
          if tg_op in ('INSERT', 'UPDATE') then
            if ${counted('new')} then ${addActivity}; end if;
          end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger stat_activities after insert or update or delete on activities
        for each row execute function stat_activities_trg()`.execute(db);
      await sql`create function stat_volunteers_trg() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' and ${volunteerCounted('is not distinct from', 'and')} then
            return null;
          end if;
          if tg_op in ('UPDATE', 'DELETE') then ${steps(removeVolunteer)} end if;
          if tg_op in ('INSERT', 'UPDATE') then ${steps(addVolunteer)} end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger stat_volunteers after insert or delete or update of ${volunteerColumns}
        on volunteers for each row execute function stat_volunteers_trg()`.execute(db);
      await sql`create function stat_teams_trg() returns trigger language plpgsql as $$
        begin
          if new.region_code is distinct from old.region_code then ${steps(moveTeam)} end if;
          return null;
        end $$`.execute(db);
      await sql`create trigger stat_teams after update of region_code on teams
        for each row execute function stat_teams_trg()`.execute(db);
    } else {
      await sql`create trigger stat_sr_insert after insert on service_records
        when new.status = 'confirmed' begin ${steps(addRecord)} end`.execute(db);
      await sql`create trigger stat_sr_update_old after update on service_records
        when old.status = 'confirmed' begin ${steps(removeRecord)} end`.execute(db);
      await sql`create trigger stat_sr_update_new after update on service_records
        when new.status = 'confirmed' begin ${steps(addRecord)} end`.execute(db);
      await sql`create trigger stat_sr_delete after delete on service_records
        when old.status = 'confirmed' begin ${steps(removeRecord)} end`.execute(db);
      await sql`create trigger stat_act_insert after insert on activities
        when ${counted('new')} begin ${addActivity}; end`.execute(db);
      await sql`create trigger stat_act_update_old after update on activities
        when ${counted('old')} begin ${removeActivity}; end`.execute(db);
      await sql`create trigger stat_act_update_new after update on activities
        when ${counted('new')} begin ${addActivity}; end`.execute(db);
      await sql`create trigger stat_act_delete after delete on activities
        when ${counted('old')} begin ${removeActivity}; end`.execute(db);
      await sql`create trigger stat_vol_insert after insert on volunteers
        begin ${steps(addVolunteer)} end`.execute(db);
      await sql`create trigger stat_vol_update_old after update of ${volunteerColumns} on volunteers
        when ${volunteerCounted('is not', 'or')} begin ${steps(removeVolunteer)} end`.execute(db);
      await sql`create trigger stat_vol_update_new after update of ${volunteerColumns} on volunteers
        when ${volunteerCounted('is not', 'or')} begin ${steps(addVolunteer)} end`.execute(db);
      await sql`create trigger stat_vol_delete after delete on volunteers
        begin ${steps(removeVolunteer)} end`.execute(db);
      await sql`create trigger stat_teams_move after update of region_code on teams
        when new.region_code is not old.region_code begin ${steps(moveTeam)} end`.execute(db);
    }

    // Whatever is already there.
    await sql`insert into stat_team_month (team_id, month, region_code, minutes, records)
      select r.team_id, substr(r.service_date, 1, 7), min(t.region_code), sum(r.minutes), count(*)
      from service_records r join teams t on t.id = r.team_id
      where r.status = 'confirmed'
      group by r.team_id, substr(r.service_date, 1, 7)`.execute(db);
    await sql`insert into stat_team_year (team_id, year, region_code, minutes, records)
      select team_id, cast(substr(month, 1, 4) as integer), min(region_code), sum(minutes), sum(records)
      from stat_team_month group by team_id, cast(substr(month, 1, 4) as integer)`.execute(db);
    await sql`insert into stat_area_month (len, area, month, minutes, records)
      select l.len, substr(m.region_code, 1, l.len), m.month, sum(m.minutes), sum(m.records)
      from stat_team_month m, stat_lengths l
      group by l.len, substr(m.region_code, 1, l.len), m.month`.execute(db);
    await sql`insert into stat_volunteer_area (len, area, volunteers, veterans)
      select l.len, substr(v.residence_code, 1, l.len), count(*), sum(v.is_veteran)
      from volunteers v, stat_lengths l group by l.len, substr(v.residence_code, 1, l.len)`.execute(db);
    await sql`insert into stat_volunteer_profile (len, area, star_level, birth_year, volunteers)
      select l.len, substr(v.residence_code, 1, l.len), v.star_level, ${birthYear('v')}, count(*)
      from volunteers v, stat_lengths l
      group by l.len, substr(v.residence_code, 1, l.len), v.star_level, ${birthYear('v')}`.execute(db);
    await sql`insert into stat_activity_area (len, area, month, field_id, activities)
      select l.len, substr(a.region_code, 1, l.len), ${activityMonth('a')}, coalesce(a.field_id, ''), count(*)
      from activities a, stat_lengths l where a.status in ('published', 'ongoing', 'completed')
      group by l.len, substr(a.region_code, 1, l.len), ${activityMonth('a')}, coalesce(a.field_id, '')`.execute(
      db,
    );
  },

  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop trigger if exists stat_service_records on service_records`.execute(db);
      await sql`drop trigger if exists stat_activities on activities`.execute(db);
      await sql`drop trigger if exists stat_teams on teams`.execute(db);
      await sql`drop trigger if exists stat_volunteers on volunteers`.execute(db);
      await sql`drop function if exists stat_volunteers_trg()`.execute(db);
      await sql`drop function if exists stat_service_records_trg()`.execute(db);
      await sql`drop function if exists stat_activities_trg()`.execute(db);
      await sql`drop function if exists stat_teams_trg()`.execute(db);
    } else {
      for (const t of [
        'stat_sr_insert',
        'stat_sr_update_old',
        'stat_sr_update_new',
        'stat_sr_delete',
        'stat_act_insert',
        'stat_act_update_old',
        'stat_act_update_new',
        'stat_act_delete',
        'stat_teams_move',
        'stat_vol_insert',
        'stat_vol_update_old',
        'stat_vol_update_new',
        'stat_vol_delete',
      ])
        await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    }
    for (const t of [
      'stat_report_texts',
      'stat_volunteer_profile',
      'stat_volunteer_area',
      'stat_activity_area',
      'stat_area_month',
      'stat_team_year',
      'stat_team_month',
      'stat_lengths',
    ])
      await db.schema.dropTable(t).ifExists().execute();
  },
};
