import { sql, type Migration } from 'kysely';
import { isPostgres, type AnyDb } from './helpers';

/**
 * memberships.shared_level: how far down the region tree a member's residence and their team's home
 * region agree — 12 same village, 9 same township, 6 same county, 4 same city, 2 same province, 0 not
 * even that (the lengths of the code prefixes). A region whose prefix has p digits sees a member of one
 * of its teams who lives outside it exactly when shared_level < p.
 *
 * Why: a region sees the volunteers who live in it or belong to one of its teams. Counting that as one
 * OR made PostgreSQL read every volunteer of the database (docs/PERFORMANCE.md); counted as residents
 * (an index range) plus members living outside, the second part needs to find the few members who live
 * outside without reading every membership of the region's teams — this column and its index do that,
 * and give the planner a selectivity it can estimate.
 *
 * Kept by triggers on every path that changes it (a membership written, a volunteer moving, a team
 * moving), so no code path can forget it. The default 0 is safe: a membership whose level is not known
 * yet is only looked at more closely (the volunteer's own residence is checked too), never hidden.
 */
const levelText = (a: string, b: string) =>
  `case when ${a} = ${b} then 12 ` +
  [9, 6, 4, 2].map((n) => `when substr(${a}, 1, ${n}) = substr(${b}, 1, ${n}) then ${n} `).join('') +
  'else 0 end';
const level = (a: string, b: string) => sql.raw(levelText(a, b));

export const migration0020MembershipReach: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('memberships')
      .addColumn('shared_level', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update memberships set shared_level = (
        select ${level('t.region_code', 'v.residence_code')} from teams t, volunteers v
        where t.id = memberships.team_id and v.id = memberships.volunteer_id)`.execute(db);
    await db.schema
      .createIndex('memberships_reach_idx')
      .on('memberships')
      .columns(['shared_level', 'team_id', 'volunteer_id'])
      .where(sql.ref('left_on'), 'is', null)
      .execute();

    if (isPostgres(db)) {
      await sql`create function membership_reach_trg() returns trigger language plpgsql as $$
        begin
          new.shared_level := coalesce((select ${level('t.region_code', 'v.residence_code')}
            from teams t, volunteers v where t.id = new.team_id and v.id = new.volunteer_id), 0);
          return new;
        end $$`.execute(db);
      await sql`create trigger membership_reach before insert or update of team_id, volunteer_id
        on memberships for each row execute function membership_reach_trg()`.execute(db);
      await sql`create function membership_reach_volunteer_trg() returns trigger language plpgsql as $$
        begin
          update memberships m set shared_level = coalesce((select ${level('t.region_code', 'new.residence_code')}
            from teams t where t.id = m.team_id), 0)
          where m.volunteer_id = new.id;
          return null;
        end $$`.execute(db);
      await sql`create trigger membership_reach_volunteer after update of residence_code on volunteers
        for each row when (new.residence_code is distinct from old.residence_code)
        execute function membership_reach_volunteer_trg()`.execute(db);
      await sql`create function membership_reach_team_trg() returns trigger language plpgsql as $$
        begin
          update memberships m set shared_level = coalesce((select ${level('new.region_code', 'v.residence_code')}
            from volunteers v where v.id = m.volunteer_id), 0)
          where m.team_id = new.id;
          return null;
        end $$`.execute(db);
      await sql`create trigger membership_reach_team after update of region_code on teams
        for each row when (new.region_code is distinct from old.region_code)
        execute function membership_reach_team_trg()`.execute(db);
    } else {
      const ofMembership = (id: string) =>
        sql.raw(`update memberships set shared_level = coalesce((
          select ${levelText('t.region_code', 'v.residence_code')}
          from teams t, volunteers v where t.id = memberships.team_id and v.id = memberships.volunteer_id), 0)
        where id = ${id};`);
      await sql`create trigger membership_reach_insert after insert on memberships
        begin ${ofMembership('new.id')} end`.execute(db);
      await sql`create trigger membership_reach_update after update of team_id, volunteer_id on memberships
        begin ${ofMembership('new.id')} end`.execute(db);
      await sql`create trigger membership_reach_volunteer after update of residence_code on volunteers
        when new.residence_code is not old.residence_code
        begin update memberships set shared_level = coalesce((
          select ${level('t.region_code', 'new.residence_code')} from teams t where t.id = memberships.team_id), 0)
          where volunteer_id = new.id; end`.execute(db);
      await sql`create trigger membership_reach_team after update of region_code on teams
        when new.region_code is not old.region_code
        begin update memberships set shared_level = coalesce((
          select ${level('new.region_code', 'v.residence_code')} from volunteers v where v.id = memberships.volunteer_id), 0)
          where team_id = new.id; end`.execute(db);
    }
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop trigger if exists membership_reach on memberships`.execute(db);
      await sql`drop trigger if exists membership_reach_volunteer on volunteers`.execute(db);
      await sql`drop trigger if exists membership_reach_team on teams`.execute(db);
      await sql`drop function if exists membership_reach_trg()`.execute(db);
      await sql`drop function if exists membership_reach_volunteer_trg()`.execute(db);
      await sql`drop function if exists membership_reach_team_trg()`.execute(db);
    } else {
      for (const t of [
        'membership_reach_insert',
        'membership_reach_update',
        'membership_reach_volunteer',
        'membership_reach_team',
      ])
        await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    }
    await db.schema.dropIndex('memberships_reach_idx').execute();
    await db.schema.alterTable('memberships').dropColumn('shared_level').execute();
  },
};
