import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createDatabase, isPostgresUrl, type Database } from './database';

const run = promisify(execFile);

/** Where the data lives: the SQLite file, or a PostgreSQL database. */
export type BackupTarget = { sqliteFile: string } | { databaseUrl: string };

export const targetOf = (config: { databaseUrl?: string; sqliteFile: string }): BackupTarget =>
  isPostgresUrl(config.databaseUrl) ? { databaseUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile };

export class BackupError extends Error {}

function checkSqliteFile(file: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') {
      throw new BackupError(`数据库文件损坏：${rows.map((r) => r.integrity_check).join('; ')}`);
    }
    const migrated = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get() as { n: number };
    if (migrated.n !== 1) throw new BackupError('这不是戎志的数据库备份');
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`无法读取备份文件：${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * An online, consistent copy while the server keeps running: SQLite's `VACUUM INTO` (one read
 * transaction, so a snapshot), PostgreSQL's `pg_dump` (one repeatable-read snapshot). The SQLite copy is
 * checked with `PRAGMA integrity_check` before it is reported done.
 */
export async function backup(target: BackupTarget, file: string): Promise<void> {
  if (existsSync(file)) throw new BackupError(`备份文件已存在，不会覆盖：${file}`);
  if ('sqliteFile' in target) {
    const db = new SQLite(target.sqliteFile, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('vacuum into ?').run(file);
    } finally {
      db.close();
    }
    checkSqliteFile(file);
    return;
  }
  await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', target.databaseUrl]);
  if (!existsSync(file) || statSync(file).size === 0) throw new BackupError('pg_dump 未生成备份文件');
}

/**
 * Replaces the data with a backup. SQLite: the server must be stopped; the backup is checked first, the
 * current file is kept beside it as `*.before-restore-<time>` (nothing is lost), then swapped in.
 * PostgreSQL: `pg_restore --clean` in a single transaction, so a failed restore leaves the database as it was.
 */
export async function restore(target: BackupTarget, file: string): Promise<{ keptAs?: string }> {
  if (!existsSync(file)) throw new BackupError(`找不到备份文件：${file}`);
  if ('sqliteFile' in target) {
    checkSqliteFile(file);
    mkdirSync(path.dirname(target.sqliteFile), { recursive: true });
    const staging = `${target.sqliteFile}.restoring`;
    rmSync(staging, { force: true });
    const source = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(staging);
    } finally {
      source.close();
    }
    let keptAs: string | undefined;
    if (existsSync(target.sqliteFile)) {
      keptAs = `${target.sqliteFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target.sqliteFile, keptAs);
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(target.sqliteFile + suffix)) renameSync(target.sqliteFile + suffix, keptAs + suffix);
      }
    }
    renameSync(staging, target.sqliteFile);
    return keptAs ? { keptAs } : {};
  }
  await run('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    '--dbname',
    target.databaseUrl,
    file,
  ]);
  return {};
}

const normalise = (v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);

export interface TableDigest {
  table: string;
  rows: number;
  sha256: string;
}

/** Row count and a content hash per table (rows sorted, keys sorted), to prove a restore is faithful. */
export async function tableDigests(
  database: Database,
  options: { except?: string[] } = {},
): Promise<TableDigest[]> {
  const { db } = database;
  const tables =
    database.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'
          and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'
          order by tablename`.execute(db);
  const out: TableDigest[] = [];
  for (const { name } of tables.rows) {
    if (name === 'kysely_migration_lock' || options.except?.includes(name)) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, normalise(row[k])]),
        ),
      )
      .sort();
    const hash = createHash('sha256');
    for (const line of lines) hash.update(line).update('\n');
    out.push({ table: name, rows: rows.length, sha256: hash.digest('hex') });
  }
  return out;
}

/** Opens a target for reading its digests (the CLI's `backup verify`). */
export const openTarget = (target: BackupTarget): Database =>
  'sqliteFile' in target
    ? createDatabase({ sqliteFile: target.sqliteFile })
    : createDatabase({ databaseUrl: target.databaseUrl });
