import type { Migration } from 'kysely';
import type { AnyDb } from './helpers';

/**
 * service_records (activity_id): an activity's records — its record list, confirmation, the monthly
 * table's counts — were found scanning the whole table on PostgreSQL at Handan scale (docs/SCALING.md).
 * The unique index of 0004 on (activity_id, volunteer_id) is partial (`corrects_id is null`), so a query
 * that also wants the corrections cannot use it.
 */
export const migration0019RecordActivityIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex('service_records_activity_idx')
      .on('service_records')
      .columns(['activity_id', 'service_date'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('service_records_activity_idx').execute();
  },
};
