import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { DB } from './types';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

export type Tx = Transaction<DB>;

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
}

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

function pgTypes() {
  // Per-pool type parsers, so the shape of a row does not depend on the dialect.
  const parsers = new Map<number, (v: string) => unknown>([
    [TIMESTAMPTZ_OID, (v) => new Date(v).toISOString()],
    [TIMESTAMP_OID, (v) => new Date(`${v}Z`).toISOString()],
    [INT8_OID, (v) => Number(v)],
  ]);
  return {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      parsers.get(oid) ?? pg.types.getTypeParser(oid, format ?? 'text'),
  };
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export function createDatabase(options: DatabaseOptions): Database {
  const plugins = [new CamelCasePlugin()];
  if (isPostgresUrl(options.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, types: pgTypes() });
    // An idle client whose server connection ends (a restart, a failover) must not crash the process;
    // the pool drops it and opens a new one on the next query.
    pool.on('error', (error) => {
      if ((error as { code?: string }).code !== '57P01')
        console.error('PostgreSQL idle client error:', error.message);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (!options.sqliteFile) throw new Error('sqliteFile is required without a PostgreSQL DATABASE_URL');
  const sqlite = openSqlite(options.sqliteFile);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Booleans are stored as 0/1 on both dialects. */
export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | boolean | null | undefined): boolean =>
  value === 1 || value === true;
