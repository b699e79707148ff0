import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPostgresUrl } from '../db/database';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set to postgres://…; SQLite in dataDir otherwise. */
  databaseUrl?: string;
  /**
   * A streaming standby of the PostgreSQL primary (postgres://…): dashboards, reports and exchange exports
   * read from it; every write, audit entry and session lookup stays on DATABASE_URL. Unset: the primary
   * serves everything. Not allowed with SQLite (docs/SCALING.md).
   */
  databaseReplicaUrl?: string;
  /** The city (4 digits) or province (2 digits) whose regions an empty database is seeded with. */
  seedRegion: string;
  webDir: string;
  logger: boolean;
  /**
   * The address the public reaches this platform at (https://…, no trailing slash), printed into QR
   * codes on posters and certificates. Unset: the origin of the request that made the file.
   */
  publicUrl?: string;
  /**
   * Behind a reverse proxy (nginx terminating TLS): whose X-Forwarded-For / -Proto to believe, so that the
   * per-IP throttles see the visitor's address and cookies get `Secure`. false, true (the nearest hop), or
   * the proxies' addresses/CIDRs.
   */
  trustProxy: boolean | string;
}

/** RONGZHI_TRUST_PROXY: unset or 0 — no proxy; 1 — trust the nearest hop; else a list of proxy addresses. */
export function trustProxyOf(value: string | undefined): boolean | string {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  return v;
}

/** RONGZHI_PUBLIC_URL, checked: an http(s) origin (and path), without a trailing slash. */
export function publicUrlOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`RONGZHI_PUBLIC_URL 无效：${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`RONGZHI_PUBLIC_URL 须为 http(s) 地址：${value}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * DATABASE_REPLICA_URL, checked against DATABASE_URL: a read replica only makes sense beside a PostgreSQL
 * primary, so setting it with SQLite (no DATABASE_URL) stops the start with a message saying so.
 */
export function replicaUrlOf(
  replicaUrl: string | undefined,
  databaseUrl: string | undefined,
): string | undefined {
  if (!replicaUrl) return undefined;
  if (!isPostgresUrl(databaseUrl))
    throw new Error(
      'DATABASE_REPLICA_URL 只能与 PostgreSQL 主库（DATABASE_URL=postgres://…）一起使用；SQLite 没有只读副本，请删除该设置',
    );
  if (!isPostgresUrl(replicaUrl)) throw new Error('DATABASE_REPLICA_URL 须为 postgres:// 地址');
  return replicaUrl;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 无效：${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.RONGZHI_DATA_DIR ?? path.join(process.cwd(), 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: replicaUrlOf(env.DATABASE_REPLICA_URL, env.DATABASE_URL || undefined),
    seedRegion: env.RONGZHI_SEED_REGION ?? '1304',
    webDir: path.join(projectRoot, 'dist', 'web'),
    logger: env.RONGZHI_LOG !== '0',
    publicUrl: publicUrlOf(env.RONGZHI_PUBLIC_URL),
    trustProxy: trustProxyOf(env.RONGZHI_TRUST_PROXY),
  };
}

export const sqliteFileIn = (dataDir: string) => path.join(dataDir, 'rongzhi.sqlite');

/** The running server's process id beside its SQLite file: a restore must not swap the file under it. */
export const pidFileIn = (dataDir: string) => path.join(dataDir, 'rongzhi.pid');

/** The pid of a live server using this data directory, if any. */
export function runningServerPid(dataDir: string): number | null {
  const file = pidFileIn(dataDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export function claimPidFile(dataDir: string): string {
  const file = pidFileIn(dataDir);
  writeFileSync(file, `${process.pid}\n`);
  return file;
}
