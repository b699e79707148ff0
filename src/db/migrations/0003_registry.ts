import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** Teams, volunteers, memberships, join requests and the managed list of service fields. */
export const migration0003Registry: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('service_fields')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'smallint', (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`active in (0, 1)`),
      )
      .execute();

    await db.schema
      .createTable('teams')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(60)', (c) => c.notNull())
      .addColumn('category', 'varchar(12)', (c) =>
        c.notNull().check(sql`category in ('station', 'unit', 'social', 'integrated')`),
      )
      // Unified registration grounds, comma-separated: founded_by_veterans, veteran_backbone, serves_veterans.
      .addColumn('integration_grounds', 'varchar(80)')
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('organization_id', 'varchar(36)', (c) => c.references('organizations.id'))
      .addColumn('host_name', 'varchar(100)')
      .addColumn('parent_id', 'varchar(36)', (c) => c.references('teams.id'))
      // Materialised path of ids ("/root/child/"): a sub-team tree is one prefix range.
      .addColumn('path', 'varchar(400)', (c) => c.notNull())
      .addColumn('leader_name', 'varchar(30)', (c) => c.notNull())
      .addColumn('contact_phone_enc', 'text')
      .addColumn('founded_on', 'varchar(10)')
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) =>
        c
          .notNull()
          .check(sql`status in ('draft', 'submitted', 'returned', 'approved', 'suspended', 'dissolved')`),
      )
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addCheckConstraint(
        'teams_host',
        sql`(category in ('unit', 'social') and organization_id is not null) or category in ('station', 'integrated')`,
      )
      .execute();
    await db.schema.createIndex('teams_region_idx').on('teams').columns(['region_code', 'status']).execute();
    await db.schema.createIndex('teams_org_idx').on('teams').column('organization_id').execute();
    await db.schema.createIndex('teams_path_idx').on('teams').column('path').execute();
    await db.schema.createIndex('teams_parent_idx').on('teams').column('parent_id').execute();

    await db.schema
      .createTable('team_fields')
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id').onDelete('cascade'))
      .addColumn('field_id', 'varchar(36)', (c) => c.notNull().references('service_fields.id'))
      .addPrimaryKeyConstraint('team_fields_pk', ['team_id', 'field_id'])
      .execute();
    await db.schema.createIndex('team_fields_field_idx').on('team_fields').column('field_id').execute();

    await db.schema
      .createTable('team_events')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('at', timestampType(db), (c) => c.notNull())
      .addColumn('account_id', 'varchar(36)')
      .addColumn('actor_name', 'varchar(60)')
      .addColumn('action', 'varchar(20)', (c) => c.notNull())
      .addColumn('from_status', 'varchar(10)')
      .addColumn('to_status', 'varchar(10)')
      .addColumn('reason', 'varchar(200)')
      .execute();
    await db.schema
      .createIndex('team_events_team_idx')
      .on('team_events')
      .columns(['team_id', 'at'])
      .execute();

    await db.schema
      .createTable('volunteers')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('volunteer_no', 'varchar(20)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(30)', (c) => c.notNull())
      .addColumn('gender', 'varchar(1)', (c) => c.notNull().check(sql`gender in ('M', 'F')`))
      .addColumn('birth_date', 'varchar(10)', (c) => c.notNull())
      .addColumn('id_card_enc', 'text', (c) => c.notNull())
      .addColumn('id_card_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('phone_enc', 'text')
      .addColumn('phone_hash', 'varchar(64)', (c) => c.unique())
      .addColumn('residence_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('is_veteran', 'smallint', (c) => c.notNull().check(sql`is_veteran in (0, 1)`))
      .addColumn('veteran_kind', 'varchar(20)')
      .addColumn('branch', 'varchar(20)')
      .addColumn('service_years', 'smallint')
      .addColumn('party_member', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('veteran_secretary', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('skills', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('publicity_consent', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('volunteers_residence_idx')
      .on('volunteers')
      .column('residence_code')
      .execute();
    await db.schema.createIndex('volunteers_name_idx').on('volunteers').column('name').execute();

    await db.schema
      .createTable('memberships')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('role', 'varchar(10)', (c) =>
        c.notNull().check(sql`role in ('leader', 'backbone', 'member')`),
      )
      .addColumn('joined_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('left_on', 'varchar(10)')
      .execute();
    // One active membership per person per team.
    await db.schema
      .createIndex('memberships_active_uq')
      .on('memberships')
      .columns(['team_id', 'volunteer_id'])
      .unique()
      .where(sql.ref('left_on'), 'is', null)
      .execute();
    await db.schema
      .createIndex('memberships_volunteer_idx')
      .on('memberships')
      .columns(['volunteer_id', 'left_on'])
      .execute();

    await db.schema
      .createTable('join_requests')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('role', 'varchar(10)', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`),
      )
      .addColumn('requested_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('requested_at', timestampType(db), (c) => c.notNull())
      .addColumn('decided_by', 'varchar(36)')
      .addColumn('decided_at', timestampType(db))
      .addColumn('reason', 'varchar(200)')
      .execute();

    await db.schema.alterTable('accounts').addColumn('activation_code_hash', 'varchar(64)').execute();
    await db.schema.alterTable('accounts').addColumn('activation_expires_at', timestampType(db)).execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('accounts').dropColumn('activation_expires_at').execute();
    await db.schema.alterTable('accounts').dropColumn('activation_code_hash').execute();
    for (const t of [
      'join_requests',
      'memberships',
      'volunteers',
      'team_events',
      'team_fields',
      'teams',
      'service_fields',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
