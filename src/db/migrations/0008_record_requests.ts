import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 服务记录补充：志愿者申请更正、固定码签到的确认。 */
export const migration0008RecordRequests: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);

    // A volunteer asks for a confirmed record to be corrected; staff accept (a correction record is
    // made, linked to the old one) or reject it with a reason.
    await db.schema
      .createTable('record_requests')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('record_id', 'varchar(36)', (c) => c.notNull().references('service_records.id'))
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('activity_id', 'varchar(36)', (c) => c.references('activities.id'))
      .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0 and minutes <= 1440`))
      .addColumn('reason', 'varchar(200)', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'accepted', 'rejected')`),
      )
      .addColumn('decided_by', 'varchar(36)')
      .addColumn('decided_at', ts())
      .addColumn('decision_note', 'varchar(200)')
      .addColumn('new_record_id', 'varchar(36)', (c) => c.references('service_records.id'))
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    // One open request per record at a time.
    await db.schema
      .createIndex('record_requests_open_uq')
      .on('record_requests')
      .column('record_id')
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .createIndex('record_requests_volunteer_idx')
      .on('record_requests')
      .columns(['volunteer_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('record_requests_team_idx')
      .on('record_requests')
      .columns(['team_id', 'status'])
      .execute();

    // Fixed-code (and auto-closed) check-ins wait for the leader: confirmed or rejected, by whom, when.
    await db.schema.alterTable('attendance').addColumn('review_result', 'varchar(10)').execute();
    await db.schema.alterTable('attendance').addColumn('reviewed_by', 'varchar(36)').execute();
    await db.schema.alterTable('attendance').addColumn('reviewed_at', ts()).execute();
    await db.schema.alterTable('attendance').addColumn('review_note', 'varchar(200)').execute();
  },
  async down(db: AnyDb) {
    for (const c of ['review_note', 'reviewed_at', 'reviewed_by', 'review_result'])
      await db.schema.alterTable('attendance').dropColumn(c).execute();
    await db.schema.dropTable('record_requests').execute();
  },
};
