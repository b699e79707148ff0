import { type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** 志愿服务记录证明: what was certified is stored with its hash, so a verification proves it unchanged. */
export const migration0005Certificates: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('certificates')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('number', 'varchar(30)', (c) => c.notNull().unique())
      .addColumn('volunteer_id', 'varchar(36)', (c) => c.notNull().references('volunteers.id'))
      // Printed in the QR code; 32 random bytes, so it cannot be guessed.
      .addColumn('token', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('holder_surname', 'varchar(4)', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('issued_at', timestampType(db), (c) => c.notNull())
      .addColumn('issued_by', 'varchar(36)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('certificates_volunteer_idx')
      .on('certificates')
      .column('volunteer_id')
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('certificates').execute();
  },
};
