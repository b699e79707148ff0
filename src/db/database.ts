import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CamelCasePlugin,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import type { DB } from './types';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  /**
   * The connection for reads that tolerate replication lag (dashboards, reports, exchange exports): a
   * streaming standby's pool when DATABASE_REPLICA_URL is set, absent otherwise. Read it through readerOf.
   */
  reader?: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Where lag-tolerant reads go: the replica when there is one, the primary otherwise. */
export const readerOf = (database: Database): Kysely<DB> => database.reader ?? database.db;

export type Tx = Transaction<DB>;

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** A PostgreSQL read replica (see withReplica); an error with SQLite. */
  replicaUrl?: string;
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
  // 64 MB of page cache instead of the default 2 MB: row-heavy reads (lists, the dashboard) over a city's
  // data run 20–45 % faster (docs/PERFORMANCE.md).
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/** Compiled statements kept per SQLite connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles a statement anew at each prepare():
 * in the check-in profile `prepare` was 9.6 % of the server's time, and keeping the compiled statements
 * took the CPU of a check-in from 3.3 to 2.5 ms (docs/PERFORMANCE.md). This keeps them by their SQL
 * text and hands them out again. A statement still busy (a streamed read not finished) is never handed
 * out twice: a fresh one is compiled for that call. SQLite recompiles a kept statement by itself after a
 * schema change.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const hit = kept.get(text);
      if (hit && !hit.busy) {
        // Most recently used goes to the end of the map's order.
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const statement = sqlite.prepare(text);
      if (!hit) {
        kept.set(text, statement);
        if (kept.size > size) kept.delete(kept.keys().next().value!);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, extraOptions = ''): Kysely<DB> {
  // JIT compilation costs more than it saves on these short queries (a city-wide count spent ~1 s in
  // JIT for 60 ms of work, see docs/PERFORMANCE.md): switched off for the app's own connections.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes(),
    options: `-c jit=off${extraOptions}`,
  });
  // An idle client whose server connection ends (a restart, a failover) must not crash the process;
  // the pool drops it and opens a new one on the next query.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01')
      console.error('PostgreSQL idle client error:', error.message);
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}

export function createDatabase(options: DatabaseOptions): Database {
  if (isPostgresUrl(options.databaseUrl)) {
    const db = openPostgres(options.databaseUrl);
    return withReplica({ db, dialect: 'postgres', close: () => db.destroy() }, options.replicaUrl);
  }
  if (options.replicaUrl)
    throw new Error('DATABASE_REPLICA_URL 只能与 PostgreSQL 主库一起使用；SQLite 没有只读副本');
  if (!options.sqliteFile) throw new Error('sqliteFile is required without a PostgreSQL DATABASE_URL');
  const sqlite = openSqlite(options.sqliteFile);
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * The primary with a read replica beside it (DATABASE_REPLICA_URL, a streaming standby): `reader` is a
 * pool of its own on the replica, opened with default_transaction_read_only so that a write sent there by
 * mistake fails instead of landing on the wrong server; close() ends both. No URL: the primary unchanged.
 */
export function withReplica(primary: Database, replicaUrl: string | undefined): Database {
  if (!replicaUrl) return primary;
  if (primary.dialect !== 'postgres')
    throw new Error('DATABASE_REPLICA_URL 只能与 PostgreSQL 主库一起使用；SQLite 没有只读副本');
  if (!isPostgresUrl(replicaUrl)) throw new Error('DATABASE_REPLICA_URL 须为 postgres:// 地址');
  const reader = openPostgres(replicaUrl, ' -c default_transaction_read_only=on');
  return {
    ...primary,
    reader,
    async close() {
      await reader.destroy();
      await primary.close();
    },
  };
}

/** Booleans are stored as 0/1 on both dialects. */
export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | boolean | null | undefined): boolean =>
  value === 1 || value === true;
