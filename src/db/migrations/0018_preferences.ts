import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 个人偏好: settings a person chose for their own account (适老模式), applied wherever they sign in. */
export const migration0018Preferences: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('account_preferences')
      .addColumn('account_id', 'varchar(36)', (c) =>
        c.primaryKey().references('accounts.id').onDelete('cascade'),
      )
      // 适老模式: 0/1; a row exists only once the person has chosen.
      .addColumn('elderly', 'smallint', (c) => c.notNull().check(sql`elderly in (0, 1)`))
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('account_preferences').execute();
  },
};
