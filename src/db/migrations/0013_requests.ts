import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 群众点单、派单、接单、评单；紧急召集；站内消息与外发通道；定时提醒。 */
export const migration0013Requests: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);

    // 群众点单: one row per request; the requester's phone only encrypted, with a keyed hash beside it.
    await db.schema
      .createTable('service_requests')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('request_no', 'varchar(20)', (c) => c.notNull().unique())
      .addColumn('source', 'varchar(10)', (c) => c.notNull().check(sql`source in ('public', 'station')`))
      .addColumn('field_id', 'varchar(36)', (c) => c.notNull().references('service_fields.id'))
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('address', 'varchar(120)', (c) => c.notNull())
      .addColumn('wanted_at', ts(), (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('contact_name', 'varchar(30)', (c) => c.notNull())
      .addColumn('phone_enc', 'text', (c) => c.notNull())
      .addColumn('phone_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) =>
        c
          .notNull()
          .check(sql`status in ('submitted', 'dispatched', 'accepted', 'completed', 'rated', 'cancelled')`),
      )
      .addColumn('team_id', 'varchar(36)', (c) => c.references('teams.id'))
      .addColumn('activity_id', 'varchar(36)', (c) => c.references('activities.id'))
      .addColumn('dispatch_due_at', ts(), (c) => c.notNull())
      .addColumn('accept_due_at', ts())
      .addColumn('dispatched_at', ts())
      .addColumn('accepted_at', ts())
      .addColumn('completed_at', ts())
      .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 5`))
      .addColumn('rating_comment', 'varchar(500)')
      .addColumn('rated_at', ts())
      .addColumn('rating_token_hash', 'varchar(64)')
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('updated_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('service_requests_region_idx')
      .on('service_requests')
      .columns(['region_code', 'status'])
      .execute();
    await db.schema
      .createIndex('service_requests_phone_idx')
      .on('service_requests')
      .columns(['phone_hash', 'created_at'])
      .execute();
    await db.schema
      .createIndex('service_requests_token_idx')
      .on('service_requests')
      .column('rating_token_hash')
      .execute();

    // 派单 history: each dispatch to a team and the team's answer.
    await db.schema
      .createTable('request_assignments')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('request_id', 'varchar(36)', (c) =>
        c.notNull().references('service_requests.id').onDelete('cascade'),
      )
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'withdrawn')`),
      )
      .addColumn('reason', 'varchar(200)')
      .addColumn('dispatched_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('dispatched_at', ts(), (c) => c.notNull())
      .addColumn('decided_by', 'varchar(36)')
      .addColumn('decided_at', ts())
      .execute();
    await db.schema
      .createIndex('request_assignments_request_idx')
      .on('request_assignments')
      .columns(['request_id', 'dispatched_at'])
      .execute();
    await db.schema
      .createIndex('request_assignments_team_idx')
      .on('request_assignments')
      .columns(['team_id', 'status'])
      .execute();

    // 紧急召集.
    await db.schema
      .createTable('call_outs')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('field_id', 'varchar(36)', (c) => c.notNull().references('service_fields.id'))
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('include_neighbours', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('place', 'varchar(120)', (c) => c.notNull())
      .addColumn('starts_at', ts(), (c) => c.notNull())
      .addColumn('ends_at', ts(), (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
      .addColumn('activity_id', 'varchar(36)', (c) => c.references('activities.id'))
      .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('call_out_members')
      .addColumn('call_out_id', 'varchar(36)', (c) =>
        c.notNull().references('call_outs.id').onDelete('cascade'),
      )
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('teams.id'))
      .addColumn('answer', 'varchar(12)', (c) => c.check(sql`answer in ('available', 'unavailable')`))
      .addColumn('answered_at', ts())
      .addPrimaryKeyConstraint('call_out_members_pk', ['call_out_id', 'volunteer_id'])
      .execute();
    await db.schema
      .createIndex('call_out_members_volunteer_idx')
      .on('call_out_members')
      .column('volunteer_id')
      .execute();

    // 站内消息.
    await db.schema
      .createTable('notifications')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id'))
      .addColumn('template', 'varchar(40)', (c) => c.notNull())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('link', 'varchar(200)')
      .addColumn('read_at', ts())
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notifications_account_idx')
      .on('notifications')
      .columns(['account_id', 'created_at'])
      .execute();

    // 外发记录: what the outbound channels sent (or, in development, would have sent).
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('channel', 'varchar(10)', (c) => c.notNull().check(sql`channel in ('sms', 'wechat')`))
      .addColumn('recipient', 'varchar(40)', (c) => c.notNull())
      .addColumn('template', 'varchar(40)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('logged', 'sent', 'failed')`),
      )
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_created_idx').on('outbox').column('created_at').execute();

    // Scheduled jobs: claimed atomically, done once.
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(40)', (c) => c.notNull())
      .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull().unique())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('due_at', ts(), (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'running', 'done', 'failed', 'skipped')`),
      )
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', ts())
      .addColumn('last_error', 'varchar(500)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('done_at', ts())
      .execute();
    await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'due_at']).execute();
  },
  async down(db: AnyDb) {
    for (const t of [
      'jobs',
      'outbox',
      'notifications',
      'call_out_members',
      'call_outs',
      'request_assignments',
      'service_requests',
    ]) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
