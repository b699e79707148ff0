import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 两步验证 (TOTP) and recovery codes, pending login steps, password history, a public id per session. */
export const migration0014TwoFactor: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);

    await db.schema
      .createTable('account_two_factor')
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.primaryKey().references('accounts.id').onDelete('cascade'),
      )
      .addColumn('secret_enc', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', ts())
      .addColumn('last_used_step', 'integer')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.notNull().references('accounts.id').onDelete('cascade'),
      )
      .addColumn('code_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('used_at', ts())
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('recovery_codes_account_idx')
      .on('recovery_codes')
      .column('account_id')
      .execute();

    await db.schema
      .createTable('login_challenges')
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.notNull().references('accounts.id').onDelete('cascade'),
      )
      .addColumn('step', 'varchar(10)', (c) => c.notNull().check(sql`step in ('totp', 'enroll', 'password')`))
      .addColumn('password_expired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('expires_at', ts(), (c) => c.notNull())
      .addColumn('ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(200)')
      .execute();
    await db.schema
      .createIndex('login_challenges_account_idx')
      .on('login_challenges')
      .column('account_id')
      .execute();

    await db.schema
      .createTable('password_history')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.notNull().references('accounts.id').onDelete('cascade'),
      )
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('password_history_account_idx')
      .on('password_history')
      .columns(['account_id', 'created_at'])
      .execute();

    // A public reference per session, so the security administrator can end one without ever seeing
    // its token hash. Sessions from before have none: they end here, and everyone signs in again
    // through the new second factor.
    await db.deleteFrom('sessions').execute();
    await db.schema.alterTable('sessions').addColumn('ref', 'varchar(36)').execute();
    await db.schema.createIndex('sessions_ref_idx').on('sessions').column('ref').unique().execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('sessions_ref_idx').execute();
    await db.schema.alterTable('sessions').dropColumn('ref').execute();
    await db.schema.dropTable('password_history').execute();
    await db.schema.dropTable('login_challenges').execute();
    await db.schema.dropTable('recovery_codes').execute();
    await db.schema.dropTable('account_two_factor').execute();
  },
};
