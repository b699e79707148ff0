/**
 * Benchmark over HTTP on loopback with autocannon, at a seed scale (bench only, never in CI):
 * reads (volunteer list with region-subtree + field + name filters, team page, dashboard, coverage,
 * certificate PDF, poster PNG), writes (sign-up, check-in at 50 connections and at a paced rate,
 * confirming batches of records) and volunteer login (argon2 included). For every read endpoint also
 * the limit (bench/limitServer.ts: the endpoint's own SQL replayed raw + a bare node:http server
 * returning the same bytes) and the ratio endpoint/limit.
 *
 *   npm run bench -- [--db sqlite|postgres] [--scale handan|tiny|hebei] [--duration 10]
 *                    [--data-dir DIR] [--database-url URL] [--only reads|writes]
 *   BENCH_COUNTY=130425000000: the county (and its city) of the region endpoints; default the busiest.
 *
 * --data-dir (and --database-url for PostgreSQL) reuse a database already built with `rongzhi seed`
 * (the data dir holds its master.key); otherwise a fresh one is built first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import { seedScale, type ScaleName, type SeedTarget } from '../src/cli/seed';
import { createDatabase, type Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import type { DB } from '../src/db/types';
import { provisionAccount } from '../src/modules/accounts/provision';
import { hashPassword, verifyPassword } from '../src/modules/identity/passwords';
import { SESSION_COOKIE } from '../src/modules/identity/auth.plugin';
import { SessionsRepo } from '../src/modules/identity/sessions.repo';
import { codeAt } from '../src/modules/activities/checkinCode';
import { buildApp } from '../src/server/app';
import { projectRoot, sqliteFileIn } from '../src/server/config';
import { createFieldCrypto, loadMasterKey } from '../src/server/security/fieldCrypto';
import type { LimitSpec } from './limitServer';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const CSRF = { 'x-requested-with': 'rongzhi' };
const VOLUNTEER_PASSWORD = 'Bench-volunteer-2026!';

export interface Measured {
  name: string;
  kind: 'read' | 'write';
  connections: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  rps: number;
  seconds?: number;
  statuses?: Record<string, number>;
  firstError?: string;
  bytes?: number;
  queries?: number;
  limit?: { p50Ms: number; p95Ms: number; p99Ms: number; rps: number };
  ratioP95?: number;
  ratioRps?: number;
  target?: string;
}

const round = (v: number) => Math.round(v * 10) / 10;
function pct(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** autocannon with our own latency list (every 2xx response), so p95 is exact. */
async function cannon(
  opts: autocannon.Options & { setupRequest?: (req: autocannon.Request) => autocannon.Request },
) {
  const samples: number[] = [];
  const latencies = {
    __custom: true,
    recordValue: (v: number) => void samples.push(v),
    recordValueWithExpectedInterval: (v: number) => void samples.push(v),
    reset: () => void (samples.length = 0),
    destroy: () => {},
  };
  const result = await new Promise<autocannon.Result & { totalCompletedRequests: number }>(
    (resolve, reject) => {
      autocannon(
        { ...opts, skipAggregateResult: true, histograms: { latencies } } as autocannon.Options,
        (error, r) => (error ? reject(error) : resolve(r as never)),
      );
    },
  );
  const r = result as unknown as {
    statusCodeStats: Record<string, { count: number }>;
    totalCompletedRequests: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  };
  samples.sort((a, b) => a - b);
  const failures = takeFailures();
  return {
    requests: r.totalCompletedRequests,
    errors: r.errors + r.timeouts + r.non2xx,
    p50Ms: round(pct(samples, 50)),
    p95Ms: round(pct(samples, 95)),
    p99Ms: round(pct(samples, 99)),
    rps: Math.round(samples.length / Math.max(r.duration, 0.001)),
    seconds: r.duration,
    statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    firstError: failures[0],
  };
}

/** The first few failing response bodies, to say why a write failed. */
let failureList: string[] = [];
const takeFailures = () => {
  const list = failureList;
  failureList = [];
  return list;
};
const onResponse = (status: number, body: string) => {
  if (status >= 300 && failureList.length < 3) failureList.push(`${status} ${body.slice(0, 200)}`);
};

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ child: ChildProcess; line: string }>((resolve, reject) => {
    lines.on('line', (line) => {
      if (ready.test(line)) resolve({ child, line });
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function machine() {
  const cpus = os.cpus();
  return {
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** A Kysely on the same database that records every query it runs (for the limit). */
function capturingDatabase(target: SeedTarget, captured: { sql: string; parameters: unknown[] }[]): Database {
  const log = (event: LogEvent) => {
    if (event.level === 'query')
      captured.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
  };
  if ('sqliteFile' in target) {
    const db = new Kysely<DB>({
      dialect: new SqliteDialect({ database: new SQLite(target.sqliteFile) }),
      plugins: [new CamelCasePlugin()],
      log,
    });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.databaseUrl, max: 2 }) }),
    plugins: [new CamelCasePlugin()],
    log,
  });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Auth (session lookup, last-seen) is the framework's part, not the endpoint's data: left out of the limit. */
const isAuthQuery = (text: string) => /\b(from|update|into)\s+"?(sessions|accounts)"?/i.test(text);

export async function runHttpBench(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'sqlite' },
      scale: { type: 'string', default: 'handan' },
      duration: { type: 'string', default: '10' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      only: { type: 'string' },
    },
    strict: false,
  });
  // --only reads|writes: one half of the run (e.g. to profile the writes with BENCH_SERVER_NODE_ARGS).
  const only = values.only === 'reads' || values.only === 'writes' ? values.only : undefined;
  const dialect = values.db === 'postgres' ? 'postgres' : 'sqlite';
  const scale = String(values.scale) as ScaleName;
  const duration = Number(values.duration);
  const loadAtStart = machine().loadAverage1m;
  const ownDir = !values['data-dir'];
  const dataDir = String(values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-http-')));
  const databaseUrl =
    dialect === 'postgres'
      ? String(
          values['database-url'] ??
            process.env.BENCH_DATABASE_URL ??
            'postgres://postgres@127.0.0.1:5432/rongzhi_bench',
        )
      : undefined;
  const target: SeedTarget = databaseUrl ? { databaseUrl } : { sqliteFile: sqliteFileIn(dataDir) };
  const crypto = createFieldCrypto(loadMasterKey(dataDir));
  const database = createDatabase(databaseUrl ? { databaseUrl } : { sqliteFile: sqliteFileIn(dataDir) });
  const children: ChildProcess[] = [];
  const results: Measured[] = [];
  const notes: string[] = [];
  let seed: unknown = 'reused';
  let dbVersion = '';
  try {
    await migrateToLatest(database);
    const have = await database.db
      .selectFrom('volunteers')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    if (Number(have.n) < 100) {
      console.log(`生成 ${scale} 规模数据 …`);
      seed = await seedScale(database, target, crypto, { scale, log: (l) => console.log(l) });
    }
    dbVersion =
      dialect === 'postgres'
        ? String((await sql<{ v: string }>`select version() as v`.execute(database.db)).rows[0]!.v)
        : `SQLite ${(new SQLite(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v}`;
    const counts = Object.fromEntries(
      await Promise.all(
        (['teams', 'volunteers', 'serviceRecords', 'activities'] as const).map(async (t) => [
          t,
          Number(
            (
              await database.db
                .selectFrom(t)
                .select(sql<number>`count(*)`.as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ]),
      ),
    );
    console.log('数据：', JSON.stringify(counts));

    // --- fixtures: a city and a township administrator, volunteers with sessions, open activities ---
    const stamp = Date.now().toString(36);
    const sessions = new SessionsRepo(database.db);
    const staffSession = async (role: 'city_admin' | 'township_admin', regionCode: string) => {
      const id = await provisionAccount(
        database.db,
        crypto,
        {
          username: `b${role.slice(0, 4)}${stamp}`,
          role,
          regionCode,
          displayName: '基准测试',
          password: `Bench-${stamp}-pw!`,
        },
        'bench',
      );
      const account = await database.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return (await sessions.create(account, { ip: '127.0.0.1', userAgent: 'bench' }, new Date())).token;
    };
    const busiest = await database.db
      .selectFrom('volunteers')
      .select([sql<string>`substr(residence_code, 1, 6)`.as('county'), sql<number>`count(*)`.as('n')])
      .groupBy(sql`substr(residence_code, 1, 6)`)
      .orderBy(sql`count(*)`, 'desc')
      .executeTakeFirstOrThrow();
    // BENCH_COUNTY pins the county (and so the city) the region endpoints ask for, so that runs at two
    // scales measure the same region (e.g. 大名县 130425000000 in the Handan and the Hebei data).
    const county = process.env.BENCH_COUNTY ?? `${busiest.county}000000`;
    const city = `${county.slice(0, 4)}00000000`;
    const cityToken = await staffSession('city_admin', city);
    const field = await database.db
      .selectFrom('teamFields')
      .select('fieldId')
      .groupBy('fieldId')
      .orderBy(sql`count(*)`, 'desc')
      .executeTakeFirstOrThrow();
    // The team page, the certificate and the poster are asked of the city administrator: their subjects
    // are taken inside that city (at province scale the largest team may be in another city).
    const cityPrefix = city.slice(0, 4);
    const bigTeam = await database.db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .select(['memberships.teamId as teamId', sql<number>`count(*)`.as('n')])
      .where('teams.regionCode', 'like', `${cityPrefix}%`)
      .groupBy('memberships.teamId')
      .orderBy(sql`count(*)`, 'desc')
      .executeTakeFirstOrThrow();
    const topVolunteer = await database.db
      .selectFrom('volunteers')
      .select('id')
      .where('residenceCode', 'like', `${cityPrefix}%`)
      .orderBy('confirmedMinutes', 'desc')
      .executeTakeFirstOrThrow();

    // Volunteers who will sign up and check in: accounts (no password use), sessions, open activities.
    const K = Math.min(Number(process.env.BENCH_VOLUNTEERS ?? 6000), Number(counts.volunteers));
    const people = await database.db
      .selectFrom('volunteers as v')
      .innerJoin('memberships as m', 'm.volunteerId', 'v.id')
      .innerJoin('teams as t', 't.id', 'm.teamId')
      .select(['v.id', 'v.name', 'm.teamId', 't.regionCode'])
      .where('m.leftOn', 'is', null)
      .where('t.status', '=', 'approved')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('accounts').select('accounts.id').whereRef('accounts.volunteerId', '=', 'v.id')),
        ),
      )
      .orderBy('v.id')
      .limit(K)
      .execute();
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    const openActivity = new Map<string, { ongoing: string; upcoming: string; secret: string }>();
    const volunteerTokens: {
      token: string;
      username: string;
      ongoing: string;
      upcoming: string;
      secret: string;
    }[] = [];
    // One known password for the bench's volunteer accounts (hashed once, with the app's own argon2
    // parameters), so the login load test signs them in for real.
    const accountPassword = await hashPassword(VOLUNTEER_PASSWORD);
    await database.db.transaction().execute(async (tx) => {
      const txSessions = new SessionsRepo(tx);
      for (const p of people) {
        let open = openActivity.get(p.teamId);
        if (!open) {
          open = { ongoing: randomUUID(), upcoming: randomUUID(), secret: randomUUID().replace(/-/g, '') };
          openActivity.set(p.teamId, open);
          for (const [id, start] of [
            [open.ongoing, now - 10 * 60_000],
            [open.upcoming, now + 2 * 86_400_000],
          ] as const) {
            await tx
              .insertInto('activities')
              .values({
                id,
                title: '基准测试活动',
                kind: 'own',
                teamId: p.teamId,
                regionCode: p.regionCode,
                fieldId: null,
                place: '村委会',
                startsAt: new Date(start).toISOString(),
                endsAt: new Date(start + 4 * 3_600_000).toISOString(),
                capacity: 100_000,
                status: 'published',
                checkinSecret: `${open.secret}${open.secret}`,
                fixedCode: '135790',
                createdAt: nowIso,
                updatedAt: nowIso,
              })
              .execute();
          }
        }
        const accountId = randomUUID();
        await tx
          .insertInto('accounts')
          .values({
            id: accountId,
            username: `bv${stamp}n${volunteerTokens.length}`,
            displayName: p.name,
            role: 'volunteer',
            regionCode: p.regionCode,
            organizationId: null,
            teamId: null,
            volunteerId: p.id,
            phoneEnc: null,
            phoneHash: null,
            passwordHash: accountPassword,
            lockedUntil: null,
            lastLoginAt: null,
            passwordChangedAt: nowIso,
            createdAt: nowIso,
            createdBy: 'bench',
          })
          .execute();
        const account = await tx
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow();
        const { token } = await txSessions.create(
          account,
          { ip: '127.0.0.1', userAgent: 'bench' },
          new Date(),
        );
        await tx
          .insertInto('signups')
          .values({
            id: randomUUID(),
            activityId: open.ongoing,
            volunteerId: p.id,
            teamId: p.teamId,
            status: 'accepted',
            seq: volunteerTokens.length + 1,
            signedUpBy: accountId,
            signedUpAt: nowIso,
          })
          .execute();
        volunteerTokens.push({
          token,
          username: `bv${stamp}n${volunteerTokens.length}`,
          ...open,
          secret: `${open.secret}${open.secret}`,
        });
      }
    });
    // Pending records to confirm in batches of 50, by the township administrator of the busiest township.
    const township = await database.db
      .selectFrom('serviceRecords as r')
      .innerJoin('teams as t', 't.id', 'r.teamId')
      .select([sql<string>`substr(t.region_code, 1, 9)`.as('code'), sql<number>`count(*)`.as('n')])
      .where('r.status', '=', 'pending')
      .groupBy(sql`substr(t.region_code, 1, 9)`)
      .orderBy(sql`count(*)`, 'desc')
      .executeTakeFirstOrThrow();
    const townshipToken = await staffSession('township_admin', `${township.code}000`);
    const pendingIds = (
      await database.db
        .selectFrom('serviceRecords as r')
        .innerJoin('teams as t', 't.id', 'r.teamId')
        .select('r.id')
        .where('r.status', '=', 'pending')
        .where('t.regionCode', 'like', `${township.code}%`)
        .execute()
    ).map((r) => r.id);
    console.log(
      `准备完毕：${people.length} 名志愿者会话，${openActivity.size} 支队伍各 2 场活动，${pendingIds.length} 条待确认记录`,
    );

    // --- the application server, as deployed: `rongzhi serve` in its own process ---
    const serverEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RONGZHI_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      RONGZHI_LOG: '0',
      RONGZHI_DEMO: '0',
      NODE_ENV: 'production',
    };
    // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const server = await startChild([...nodeArgs, 'bin/rongzhi.js', 'serve'], serverEnv, /已启动/);
    children.push(server.child);
    const base = /http:\/\/[^\s]+/.exec(server.line)![0];
    const cookie = (token: string) => `${SESSION_COOKIE}=${token}`;

    // Certificate and poster to download.
    const issued = await fetch(`${base}/api/volunteers/${topVolunteer.id}/certificates`, {
      method: 'POST',
      headers: { cookie: cookie(cityToken), ...CSRF },
    });
    const certificate = (await issued.json()) as { id: string };
    const poster = (await (
      await fetch(`${base}/api/publicity/posters`, {
        method: 'POST',
        headers: { cookie: cookie(cityToken), 'content-type': 'application/json', ...CSRF },
        body: JSON.stringify({
          subjectKind: 'team',
          subjectId: bigTeam.teamId,
          template: 'red',
          size: 'square',
        }),
      })
    ).json()) as { id: string };

    const allReads: { name: string; url: string; target?: string }[] = [
      {
        name: '志愿者列表（县辖区 + 服务领域 + 姓名，第2页）',
        url: `/api/volunteers?regionCode=${county}&fieldId=${field.fieldId}&q=${encodeURIComponent('王')}&page=2&pageSize=20`,
        target: 'p95 ≤ 20 ms',
      },
      { name: '志愿者列表（全市，第1页）', url: `/api/volunteers?page=1&pageSize=20`, target: 'p95 ≤ 20 ms' },
      { name: '队伍页', url: `/api/teams/${bigTeam.teamId}`, target: 'p95 ≤ 20 ms' },
      {
        name: '数据看板（全市）',
        url: `/api/statistics/overview?year=${new Date().getFullYear()}`,
        target: 'p95 ≤ 100 ms',
      },
      { name: '一村一队覆盖（全市）', url: `/api/coverage/village-teams`, target: 'p95 ≤ 20 ms' },
      {
        name: '一村一队覆盖（县）',
        url: `/api/coverage/village-teams?regionCode=${county}`,
        target: 'p95 ≤ 20 ms',
      },
      { name: '服务记录证明 PDF', url: `/api/certificates/${certificate.id}/pdf`, target: 'p95 ≤ 150 ms' },
      { name: '风采海报 PNG', url: `/api/publicity/posters/${poster.id}/png` },
    ];
    const reads = only === 'writes' ? [] : allReads;

    // Capture each read's SQL in-process and its bytes from the server, for the limit.
    const captured: { sql: string; parameters: unknown[] }[] = [];
    const capturing = capturingDatabase(target, captured);
    const app = await buildApp({ database: capturing, fieldCrypto: crypto, logger: false });
    const limitSpec: LimitSpec = { target, routes: {} };
    const queriesOf = new Map<string, number>();
    for (const r of reads) {
      const res = await fetch(`${base}${r.url}`, { headers: { cookie: cookie(cityToken) } });
      if (!res.ok) throw new Error(`${r.name}: ${res.status} ${await res.text()}`);
      const body = Buffer.from(await res.arrayBuffer());
      captured.length = 0;
      await app.inject({ method: 'GET', url: r.url, cookies: { [SESSION_COOKIE]: cityToken } });
      const queries = captured.filter((q) => !isAuthQuery(q.sql));
      queriesOf.set(r.url, queries.length);
      limitSpec.routes[r.url] = {
        queries,
        body: body.toString('base64'),
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      };
    }
    await app.close();
    await capturing.close();
    const specFile = path.join(dataDir, `limit-spec-${stamp}.json`);
    writeFileSync(specFile, JSON.stringify(limitSpec));

    // Latency with one connection (the time one request takes), throughput with ten.
    for (const r of reads) {
      const opts = {
        url: `${base}${r.url}`,
        connections: 1,
        duration,
        headers: { cookie: cookie(cityToken) },
      };
      await cannon({ ...opts, duration: 2 }); // warm-up
      const m = await cannon(opts);
      const t = await cannon({ ...opts, connections: 10, duration: Math.ceil(duration / 2) });
      results.push({
        name: r.name,
        kind: 'read',
        connections: 1,
        ...m,
        rps: t.rps,
        errors: m.errors + t.errors,
        bytes: Buffer.from(limitSpec.routes[r.url]!.body, 'base64').length,
        queries: queriesOf.get(r.url),
        target: r.target,
      });
      console.log(
        `${r.name}: p50 ${m.p50Ms} p95 ${m.p95Ms} p99 ${m.p99Ms} ms, ${t.rps} 次/秒（10 并发）, 错误 ${m.errors + t.errors}`,
      );
    }

    // Writes.
    if (only !== 'reads') {
      let next = 0;
      // Check-in twice: closed loop (50 connections, each sends its next request when answered: the
      // throughput) with two thirds of the volunteers, then the rest at a fixed arrival rate over 50
      // connections (BENCH_CHECKIN_RATE, default 200/s: the latency at a given load, which a closed loop
      // cannot show — there the mean latency is 50 / throughput by Little's law).
      const closedLoop = Math.ceil((volunteerTokens.length * 2) / 3);
      const checkRequest = (req: autocannon.Request) => {
        const v = volunteerTokens[next++ % volunteerTokens.length]!;
        return {
          ...req,
          path: `/api/activities/${v.ongoing}/check`,
          headers: {
            ...req.headers,
            cookie: cookie(v.token),
            'content-type': 'application/json',
            ...CSRF,
          },
          body: JSON.stringify({ code: codeAt(v.secret, Date.now()), direction: 'in' }),
        };
      };
      next = 0;
      const checkins = await cannon({
        url: base,
        connections: 50,
        duration,
        requests: [{ method: 'POST', onResponse, setupRequest: checkRequest }],
        amount: closedLoop,
      });
      console.log(`签到: ${JSON.stringify(checkins)}`);
      results.push({
        name: '签到（50 并发）',
        kind: 'write',
        connections: 50,
        ...checkins,
        target: '≥ 500 次/秒，0 错误，p95 ≤ 50 ms',
      });
      const rate = Number(process.env.BENCH_CHECKIN_RATE ?? 200);
      next = closedLoop;
      const paced = await cannon({
        url: base,
        connections: 50,
        overallRate: rate,
        duration,
        requests: [{ method: 'POST', onResponse, setupRequest: checkRequest }],
        amount: volunteerTokens.length - closedLoop,
      });
      console.log(`签到（到达率 ${rate}/秒）: ${JSON.stringify(paced)}`);
      results.push({
        name: `签到（到达率 ${rate} 次/秒，50 连接）`,
        kind: 'write',
        connections: 50,
        ...paced,
        target: 'p95 ≤ 50 ms',
      });
      next = 0;
      const signups = await cannon({
        url: base,
        connections: 10,
        duration,
        requests: [
          {
            method: 'POST',
            onResponse,
            setupRequest: (req) => {
              const v = volunteerTokens[next++ % volunteerTokens.length]!;
              return {
                ...req,
                path: `/api/activities/${v.upcoming}/signups`,
                headers: {
                  ...req.headers,
                  cookie: cookie(v.token),
                  'content-type': 'application/json',
                  ...CSRF,
                },
                body: '{}',
              };
            },
          },
        ],
        amount: volunteerTokens.length,
      });
      console.log(`报名: ${JSON.stringify(signups)}`);
      results.push({ name: '报名（10 并发）', kind: 'write', connections: 10, ...signups });

      // Login: volunteers (no second factor) with their right password, 10 at a time, for a bounded
      // time. Only FAILED logins count toward the per-IP throttle (20 per 15 minutes, identity/throttle.ts)
      // and the account lockout, so right passwords from one address (all load comes from 127.0.0.1)
      // are not limited: nothing is switched off or raised for the benchmark.
      const probe = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...CSRF },
        body: JSON.stringify({ username: volunteerTokens[0]!.username, password: VOLUNTEER_PASSWORD }),
      });
      const probeBody = (await probe.json()) as { pending?: unknown };
      if (!probe.ok || probeBody.pending)
        throw new Error(`volunteer login: ${probe.status} ${JSON.stringify(probeBody)}`);
      next = 1;
      const logins = await cannon({
        url: base,
        connections: 10,
        duration,
        requests: [
          {
            method: 'POST',
            onResponse,
            setupRequest: (req) => {
              const v = volunteerTokens[next++ % volunteerTokens.length]!;
              return {
                ...req,
                path: '/api/auth/login',
                headers: { ...req.headers, 'content-type': 'application/json', ...CSRF },
                body: JSON.stringify({ username: v.username, password: VOLUNTEER_PASSWORD }),
              };
            },
          },
        ],
      });
      console.log(`登录: ${JSON.stringify(logins)}`);
      // What one argon2 verification costs on this machine (same hash, same parameters), measured here
      // while the server is idle: the ceiling for logins is about (cores / this) per second.
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await verifyPassword(accountPassword, VOLUNTEER_PASSWORD);
      const verifyMs = round((performance.now() - t0) / 10);
      const used = process.cpuUsage(cpu);
      const verifyCpuMs = round((used.user + used.system) / 1000 / 10);
      notes.push(
        `登录：每次 argon2 校验 CPU ${verifyCpuMs} ms（顺序执行 10 次，每次墙钟 ${verifyMs} ms，服务器空闲时在基准进程内测得）；` +
          `校验在线程池中并行，${machine().cpus} 核全给它时登录上限约 ${Math.round((machine().cpus * 1000) / verifyCpuMs)} 次/秒。` +
          `按 IP 的限流只计失败的登录，正确密码不受限：基准测试未改任何限流设置。`,
      );
      results.push({
        name: '登录（志愿者，10 并发）',
        kind: 'write',
        connections: 10,
        ...logins,
        target: '0 错误',
      });
      const batches: string[][] = [];
      for (let i = 0; i + 50 <= pendingIds.length; i += 50) batches.push(pendingIds.slice(i, i + 50));
      if (batches.length) {
        let b = 0;
        const confirms = await cannon({
          url: base,
          connections: 1,
          duration,
          requests: [
            {
              method: 'POST',
              onResponse,
              setupRequest: (req) => ({
                ...req,
                path: '/api/service-records/confirm',
                headers: {
                  ...req.headers,
                  cookie: cookie(townshipToken),
                  'content-type': 'application/json',
                  ...CSRF,
                },
                body: JSON.stringify({ ids: batches[b++ % batches.length] }),
              }),
            },
          ],
          amount: batches.length,
        });
        results.push({
          name: '确认服务记录（每批 50 条，单连接）',
          kind: 'write',
          connections: 1,
          ...confirms,
        });
      }
    }
    await stop(server.child);

    // The limits, one bare server for all reads.
    if (reads.length) {
      const limit = await startChild(
        ['--import', 'tsx', path.join(benchDir, 'limitServer.ts'), specFile],
        process.env,
        /port/,
      );
      children.push(limit.child);
      const limitPort = (JSON.parse(limit.line) as { port: number }).port;
      for (const r of reads) {
        const opts = { url: `http://127.0.0.1:${limitPort}${r.url}`, connections: 1, duration };
        await cannon({ ...opts, duration: 2 });
        const m = await cannon(opts);
        const t = await cannon({ ...opts, connections: 10, duration: Math.ceil(duration / 2) });
        const row = results.find((x) => x.name === r.name)!;
        row.limit = { p50Ms: m.p50Ms, p95Ms: m.p95Ms, p99Ms: m.p99Ms, rps: t.rps };
        m.rps = t.rps;
        row.ratioP95 = Math.round((row.p95Ms / Math.max(m.p95Ms, 0.1)) * 100) / 100;
        row.ratioRps = Math.round((m.rps / Math.max(row.rps, 1)) * 100) / 100;
        console.log(`  极限 ${r.name}: p95 ${m.p95Ms} ms, ${m.rps} 次/秒 → 比值 ${row.ratioP95}`);
      }
      await stop(limit.child);
    }
  } finally {
    for (const c of children) await stop(c).catch(() => {});
    await database.close();
    if (ownDir && dialect === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
  }

  const report = {
    benchmark: 'http',
    at: new Date().toISOString(),
    db: dialect,
    scale,
    machine: { ...machine(), loadAverage1mAtStart: loadAtStart, database: dbVersion },
    note: 'Measured on a shared 2-core machine while other test runs were going on: treat absolute numbers as pessimistic.',
    seed,
    durationSeconds: duration,
    notes,
    results,
  };
  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  // One file per run: a later run the same day gets the time in its name instead of replacing the first.
  const stem = `${report.at.slice(0, 10)}-${dialect}-${scale}${only ? `-${only}` : ''}`;
  let file = path.join(resultsDir, `${stem}.json`);
  if (existsSync(file))
    file = path.join(resultsDir, `${stem}-${report.at.slice(11, 16).replace(':', '')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n结果已写入 ${path.relative(process.cwd(), file)}`);
  return report;
}

if (
  process.argv[1] &&
  existsSync(process.argv[1]) &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
)
  await runHttpBench(process.argv.slice(2));
