import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations see Kysely<any>: they describe the schema at their own point in time, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export const isPostgres = (db: AnyDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** A UTC instant: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
export const timestampType = (db: AnyDb) => (isPostgres(db) ? sql`timestamptz` : sql`text`);
