import { sql, type Migration } from 'kysely';
import { isPostgres, timestampType, type AnyDb } from './helpers';

const binaryType = (db: AnyDb) => (isPostgres(db) ? sql`bytea` : sql`blob`);

/** 宣传：稿件、海报、图片，以及志愿者的宣传授权（何时、由谁记录）。 */
export const migration0011Publicity: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('volunteers').addColumn('publicity_consent_at', timestampType(db)).execute();
    await db.schema.alterTable('volunteers').addColumn('publicity_consent_by', 'varchar(36)').execute();

    await db.schema
      .createTable('publicity_media')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('mime', 'varchar(20)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('data', binaryType(db), (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)')
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addCheckConstraint('publicity_media_mime', sql`mime in ('image/png', 'image/jpeg', 'image/webp')`)
      .execute();

    await db.schema
      .createTable('stories')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .addColumn('summary', 'varchar(300)', (c) => c.notNull().defaultTo(''))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('cover_media_id', 'varchar(36)', (c) => c.references('publicity_media.id'))
      .addColumn('subject_kind', 'varchar(12)')
      .addColumn('subject_id', 'varchar(36)')
      .addColumn('subject_name', 'varchar(100)')
      .addColumn('channel', 'varchar(12)', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('author_name', 'varchar(60)', (c) => c.notNull())
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('updated_at', timestampType(db), (c) => c.notNull())
      .addColumn('reviewed_by', 'varchar(36)')
      .addColumn('reviewed_at', timestampType(db))
      .addColumn('published_by', 'varchar(36)')
      .addColumn('published_at', timestampType(db))
      .addColumn('return_reason', 'varchar(300)')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addCheckConstraint('stories_status', sql`status in ('draft', 'reviewed', 'published')`)
      .addCheckConstraint('stories_channel', sql`channel in ('wechat', 'tv', 'poster', 'other')`)
      .addCheckConstraint(
        'stories_subject_kind',
        sql`subject_kind is null or subject_kind in ('team', 'volunteer', 'activity', 'brand')`,
      )
      .execute();
    await db.schema.createIndex('stories_region_idx').on('stories').column('region_code').execute();
    await db.schema
      .createIndex('stories_status_idx')
      .on('stories')
      .columns(['status', 'published_at'])
      .execute();

    // Images used inside a story's body (the cover is on the story row).
    await db.schema
      .createTable('story_media')
      .addColumn('story_id', 'varchar(36)', (c) => c.notNull().references('stories.id').onDelete('cascade'))
      .addColumn('media_id', 'varchar(36)', (c) => c.notNull().references('publicity_media.id'))
      .addPrimaryKeyConstraint('story_media_pk', ['story_id', 'media_id'])
      .execute();
    await db.schema.createIndex('story_media_media_idx').on('story_media').column('media_id').execute();

    await db.schema
      .createTable('posters')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('subject_kind', 'varchar(12)', (c) => c.notNull())
      .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('subject_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('template', 'varchar(20)', (c) => c.notNull())
      .addColumn('size', 'varchar(12)', (c) => c.notNull())
      .addColumn('quote', 'varchar(80)', (c) => c.notNull().defaultTo(''))
      .addColumn('photo_media_id', 'varchar(36)', (c) => c.references('publicity_media.id'))
      .addColumn('image_media_id', 'varchar(36)', (c) => c.notNull().references('publicity_media.id'))
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
      .addColumn('created_at', timestampType(db), (c) => c.notNull())
      .addColumn('published_by', 'varchar(36)')
      .addColumn('published_at', timestampType(db))
      .addCheckConstraint('posters_status', sql`status in ('saved', 'published')`)
      .addCheckConstraint('posters_subject_kind', sql`subject_kind in ('volunteer', 'team')`)
      .execute();
    await db.schema.createIndex('posters_region_idx').on('posters').column('region_code').execute();
    await db.schema
      .createIndex('posters_subject_idx')
      .on('posters')
      .columns(['subject_kind', 'subject_id'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of ['posters', 'story_media', 'stories', 'publicity_media'])
      await db.schema.dropTable(t).execute();
    await db.schema.alterTable('volunteers').dropColumn('publicity_consent_by').execute();
    await db.schema.alterTable('volunteers').dropColumn('publicity_consent_at').execute();
  },
};
