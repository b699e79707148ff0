import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/**
 * 个人信息权利 (《个人信息保护法》第44–47条): a volunteer's requests to correct their personal details or to
 * be deleted (anonymised), each decided by staff whose scope covers them, with the reasons kept.
 */
export const migration0016Privacy: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);
    await db.schema
      .createTable('privacy_requests')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('kind', 'varchar(12)', (c) => c.notNull().check(sql`kind in ('correction', 'erasure')`))
      .addColumn('status', 'varchar(12)', (c) =>
        c.notNull().check(sql`status in ('pending', 'accepted', 'rejected', 'cancelled')`),
      )
      // The requested new values, as JSON encrypted like every other personal field; cleared on erasure.
      .addColumn('changes_enc', 'text')
      // Which fields the correction touches (keys only, no values), for lists and the audit log.
      .addColumn('fields', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('reason', 'varchar(300)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('requested_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('decided_by', 'varchar(36)')
      .addColumn('decider_name', 'varchar(60)')
      .addColumn('decided_at', ts())
      .addColumn('decision_note', 'varchar(300)')
      .execute();
    await db.schema
      .createIndex('privacy_requests_volunteer_idx')
      .on('privacy_requests')
      .columns(['volunteer_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('privacy_requests_status_idx')
      .on('privacy_requests')
      .columns(['status', 'created_at'])
      .execute();
    // One open request of each kind per person: a second one waits until the first is decided.
    await db.schema
      .createIndex('privacy_requests_one_pending')
      .on('privacy_requests')
      .columns(['volunteer_id', 'kind'])
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('privacy_requests').ifExists().execute();
  },
};
