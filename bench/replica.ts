/**
 * A real primary and a streaming standby, and the app reading its dashboard from the standby.
 *
 * On a machine with the PostgreSQL server binaries (PG_BIN, default /usr/lib/postgresql/15/bin): two
 * clusters on two free ports in a temporary directory — the primary from initdb, the standby from
 * pg_basebackup (-R: streaming replication) — a small data set seeded on the primary (`rongzhi seed
 * --scale tiny`) that reaches the standby by streaming, then `rongzhi serve` with DATABASE_URL = primary
 * and DATABASE_REPLICA_URL = standby. One dashboard request, one report and one save of a report's text:
 * both servers log every statement (log_statement = all) over that window, and the script counts what
 * each of them ran. Everything is stopped and removed at the end, also after an error.
 *
 * Run: `node --import tsx bench/replica.ts`. As root the clusters run as the `postgres` user (runuser);
 * otherwise as the current user. docs/SCALING.md shows one run's output.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase } from '../src/db/database';
import { provisionAccount } from '../src/modules/accounts/provision';
import { SESSION_COOKIE } from '../src/modules/identity/auth.plugin';
import { SessionsRepo } from '../src/modules/identity/sessions.repo';
import { createFieldCrypto, loadMasterKey } from '../src/server/security/fieldCrypto';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const CITY = '130400000000';
const asRoot = process.getuid?.() === 0;

const say = (line = '') => console.log(line);

/** A PostgreSQL program, as the postgres user when this runs as root (initdb refuses root). */
function pgTool(program: string, args: string[]): string {
  const exe = path.join(PG_BIN, program);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${program} ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function queryOne<T extends pg.QueryResultRow>(url: string, text: string): Promise<T> {
  const [row] = await query<T>(url, text);
  if (!row) throw new Error(`no row: ${text}`);
  return row;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the standby has replayed the primary's current WAL position; returns how long it took. */
async function caughtUp(primary: string, standby: string): Promise<number> {
  const started = performance.now();
  const { lsn } = await queryOne<{ lsn: string }>(primary, 'select pg_current_wal_lsn()::text as lsn');
  for (;;) {
    const { behind } = await queryOne<{ behind: boolean }>(
      standby,
      `select coalesce(pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn, true) as behind`,
    );
    if (!behind) return Math.round(performance.now() - started);
    if (performance.now() - started > 60_000) throw new Error('the standby did not catch up within 60 s');
    await sleep(20);
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

/** The statements a server logged after `offset` in its log file, for the `rongzhi` database. */
function statementsSince(logFile: string, offset: number): string[] {
  const text = readFileSync(logFile, 'utf8').slice(offset);
  return text
    .split('\n')
    .filter((l) => / rongzhi LOG: {2}(statement|execute [^:]*): /.test(l))
    .map((l) => l.replace(/^.* rongzhi LOG: {2}(statement|execute [^:]*): /, ''));
}

/** The tables a set of statements read or wrote, by how often. */
function tablesOf(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statements)
    for (const m of s.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi)) {
      const t = m[1]!.toLowerCase();
      if (t === 'select' || t === 'lateral' || t === 'set') continue;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t, n]) => `${t}×${n}`)
    .join(', ');
}

async function main() {
  if (!existsSync(path.join(PG_BIN, 'initdb')))
    throw new Error(`no PostgreSQL server binaries in ${PG_BIN} (set PG_BIN)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rongzhi-replica-'));
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const primaryLog = path.join(dir, 'primary.log');
  const standbyLog = path.join(dir, 'standby.log');
  const appDir = path.join(dir, 'app');
  const started: string[] = [];
  let app: ChildProcess | undefined;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  try {
    const [primaryPort, standbyPort, appPort] = [await freePort(), await freePort(), await freePort()];
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/rongzhi`;
    const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/rongzhi`;
    const adminUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
    say(`PostgreSQL: ${pgTool('postgres', ['--version']).trim()}; working directory ${dir}`);

    // --- the primary ---
    pgTool('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
    appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      [
        '',
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        "log_line_prefix = '%m [%p] %d '",
        '',
      ].join('\n'),
    );
    pgTool('pg_ctl', ['-D', primaryDir, '-l', primaryLog, '-w', 'start']);
    started.push(primaryDir);
    await query(adminUrl(primaryPort), 'create database rongzhi');
    say(`primary: initdb, started on port ${primaryPort}, database rongzhi created`);

    // --- the standby: a base backup of the primary that keeps streaming its WAL ---
    pgTool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyDir,
      '-X',
      'stream',
      '-R',
      '-c',
      'fast',
    ]);
    appendFileSync(
      path.join(standbyDir, 'postgresql.conf'),
      ['', `port = ${standbyPort}`, 'hot_standby = on', "log_statement = 'all'", ''].join('\n'),
    );
    pgTool('pg_ctl', ['-D', standbyDir, '-l', standbyLog, '-w', 'start']);
    started.push(standbyDir);
    const { inRecovery } = await queryOne<{ inRecovery: boolean }>(
      adminUrl(standbyPort),
      'select pg_is_in_recovery() as "inRecovery"',
    );
    say(`standby: pg_basebackup -X stream -R, started on port ${standbyPort}, in recovery: ${inRecovery}`);

    // --- data: migrated and seeded on the primary only; the standby receives it by streaming ---
    const env = {
      ...process.env,
      DATABASE_URL: primaryUrl,
      RONGZHI_DATA_DIR: appDir,
      DATABASE_REPLICA_URL: '',
    };
    const seeded = run(process.execPath, ['bin/rongzhi.js', 'seed', '--scale', 'tiny'], env)
      .split('\n')
      .find((l) => l.startsWith('已生成'));
    say(`seed on the primary: ${seeded}`);
    say(`standby caught up with the seed after ${await caughtUp(adminUrl(primaryPort), standbyUrl)} ms`);
    const [rep] = await query<Record<string, string>>(
      adminUrl(primaryPort),
      `select application_name, client_addr, state, sync_state, replay_lag::text as replay_lag
         from pg_stat_replication`,
    );
    say(`pg_stat_replication on the primary: ${JSON.stringify(rep)}`);

    // A city administrator and a session, written on the primary (as the sign-in would).
    const database = createDatabase({ databaseUrl: primaryUrl });
    let token: string;
    try {
      const crypto = createFieldCrypto(loadMasterKey(appDir));
      const id = await provisionAccount(
        database.db,
        crypto,
        {
          username: 'replicacity',
          role: 'city_admin',
          regionCode: CITY,
          displayName: '只读副本演示',
          password: `Replica-${Date.now()}-pw!`,
        },
        'bench',
      );
      const account = await database.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      token = (
        await new SessionsRepo(database.db).create(account, { ip: null, userAgent: 'bench' }, new Date())
      ).token;
    } finally {
      await database.close();
    }
    say(
      `a write on the primary (account + session) reached the standby in ${await caughtUp(adminUrl(primaryPort), standbyUrl)} ms`,
    );

    // --- the app: DATABASE_URL = primary, DATABASE_REPLICA_URL = standby ---
    await query(adminUrl(primaryPort), "alter system set log_statement = 'all'");
    await query(adminUrl(primaryPort), 'select pg_reload_conf()');
    app = spawn(process.execPath, ['bin/rongzhi.js', 'serve'], {
      cwd: root,
      env: {
        ...env,
        DATABASE_REPLICA_URL: standbyUrl,
        PORT: String(appPort),
        HOST: '127.0.0.1',
        RONGZHI_DEMO: '0',
        RONGZHI_LOG: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const base = `http://127.0.0.1:${appPort}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 300 || app.exitCode !== null) throw new Error('the app did not start');
      await sleep(200);
    }
    say(
      `app: rongzhi serve on ${base}, DATABASE_URL=…:${primaryPort}, DATABASE_REPLICA_URL=…:${standbyPort}`,
    );
    const headers = { cookie: `${SESSION_COOKIE}=${token}`, 'x-requested-with': 'rongzhi' };
    const year = new Date().getFullYear();
    const window = async (label: string, request: () => Promise<Response>) => {
      await sleep(300);
      const offsets = [statSync(primaryLog).size, statSync(standbyLog).size];
      const res = await request();
      const body = (await res.json()) as Record<string, unknown>;
      await sleep(500); // the servers write their log lines
      const onPrimary = statementsSince(primaryLog, offsets[0]!);
      const onStandby = statementsSince(standbyLog, offsets[1]!);
      say();
      say(`${label}: HTTP ${res.status}`);
      say(`  statements on the primary: ${onPrimary.length} — ${tablesOf(onPrimary) || '-'}`);
      say(`  statements on the standby: ${onStandby.length} — ${tablesOf(onStandby) || '-'}`);
      return body;
    };
    const overview = await window('GET /api/statistics/overview', () =>
      fetch(`${base}/api/statistics/overview?year=${year}`, { headers }),
    );
    const { n: appConnections } = await queryOne<{ n: number }>(
      adminUrl(standbyPort),
      `select count(*)::int as n from pg_stat_activity where datname = 'rongzhi' and backend_type = 'client backend'`,
    );
    say(`connections of the app on the standby after the first request: ${appConnections}`);

    const totals = overview.totals as Record<string, number>;
    say(
      `  dashboard: ${totals.teams} teams, ${totals.volunteers} volunteers, ${totals.recordsYear} confirmed records in ${year}`,
    );
    const q = `from=${year}-01-01&to=${year}-12-31`;
    await window('GET /api/statistics/reports/work', () =>
      fetch(`${base}/api/statistics/reports/work?${q}`, { headers }),
    );
    await window('PUT /api/statistics/reports/work (save the texts)', () =>
      fetch(`${base}/api/statistics/reports/work?${q}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          texts: {
            opening: '开篇',
            teamBuilding: '队伍',
            management: '管理',
            brands: '品牌',
            closing: '结语',
          },
        }),
      }),
    );
    const { reads } = await queryOne<{ reads: number }>(
      adminUrl(standbyPort),
      `select (tup_returned + tup_fetched)::int as reads from pg_stat_database where datname = 'rongzhi'`,
    );
    say();
    say(`pg_stat_database on the standby, rongzhi: ${reads} tuples read since it started`);
  } finally {
    if (app && app.exitCode === null) {
      app.kill('SIGTERM');
      await new Promise((resolve) => app!.once('exit', resolve));
    }
    for (const d of started.reverse()) {
      try {
        pgTool('pg_ctl', ['-D', d, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.error(String(error));
      }
    }
    rmSync(dir, { recursive: true, force: true });
    say(`stopped both clusters and removed ${dir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
