import { sql, type Migration } from 'kysely';
import { isPostgres, timestampType, type AnyDb } from './helpers';

/** Accounts, sessions, organisations, settings, and the append-only audit log. */
export const migration0002Identity: Migration = {
  async up(db: AnyDb) {
    const pg = isPostgres(db);

    await db.schema
      .createTable('organizations')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull().check(sql`kind in ('unit', 'social')`))
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('organizations_region_idx')
      .on('organizations')
      .column('region_code')
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('username', 'varchar(32)', (c) => c.unique())
      .addColumn('display_name', 'varchar(30)', (c) => c.notNull())
      .addColumn('role', 'varchar(20)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.references('regions.code'))
      .addColumn('organization_id', 'varchar(36)', (c) => c.references('organizations.id'))
      .addColumn('team_id', 'varchar(36)')
      .addColumn('volunteer_id', 'varchar(36)')
      .addColumn('phone_enc', 'text')
      .addColumn('phone_hash', 'varchar(64)', (c) => c.unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c
          .notNull()
          .defaultTo('active')
          .check(sql`status in ('active', 'disabled')`),
      )
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', timestampType(db))
      .addColumn('last_login_at', timestampType(db))
      .addColumn('password_changed_at', timestampType(db), (c) => c.notNull())
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addCheckConstraint('accounts_login_name', sql`username is not null or phone_hash is not null`)
      .addCheckConstraint(
        'accounts_scope',
        sql`(role in ('sys_admin', 'sec_admin', 'auditor') and region_code is null)
          or (role not in ('sys_admin', 'sec_admin', 'auditor') and region_code is not null)`,
      )
      .execute();
    await db.schema.createIndex('accounts_region_idx').on('accounts').column('region_code').execute();
    await db.schema.createIndex('accounts_org_idx').on('accounts').column('organization_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.notNull().references('accounts.id').onDelete('cascade'),
      )
      .addColumn('kind', 'varchar(10)', (c) => c.notNull().check(sql`kind in ('staff', 'volunteer')`))
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('last_seen_at', timestampType(db), (c) => c.notNull())
      .addColumn('expires_at', timestampType(db), (c) => c.notNull())
      .addColumn('ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(200)')
      .execute();
    await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_by', 'varchar(36)')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
        pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', timestampType(db), (c) => c.notNull())
      .addColumn('account_id', 'varchar(36)')
      .addColumn('username', 'varchar(64)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(32)')
      .addColumn('target_id', 'varchar(64)')
      .addColumn('region_code', 'varchar(12)')
      .addColumn('result', 'varchar(10)', (c) =>
        c.notNull().check(sql`result in ('success', 'failure', 'denied')`),
      )
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
    await db.schema
      .createIndex('audit_log_account_idx')
      .on('audit_log')
      .columns(['account_id', 'at'])
      .execute();
    await db.schema
      .createIndex('audit_log_region_idx')
      .on('audit_log')
      .columns(['region_code', 'at'])
      .execute();

    // Append-only from day one: the database itself refuses to rewrite history.
    if (pg) {
      await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_no_update before update or delete on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_append_only()`.execute(db);
    } else {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop table audit_log`.execute(db);
      await sql`drop function audit_log_append_only()`.execute(db);
    } else {
      await db.schema.dropTable('audit_log').execute();
    }
    await db.schema.dropTable('settings').execute();
    await db.schema.dropTable('sessions').execute();
    await db.schema.dropTable('accounts').execute();
    await db.schema.dropTable('organizations').execute();
  },
};
