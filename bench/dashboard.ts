/**
 * Benchmark: the dashboard's figures at Handan scale on SQLite (5,800 teams, 40,000 volunteers,
 * 1,000,000 service records from bench/seedLarge.ts), as the city, a county and a township administrator.
 * Writes bench/results/<date>-sqlite-dashboard.json. `BENCH_RECORDS` makes the data set smaller.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayWidth } from '../src/cli/import';
import { createDatabase } from '../src/db/database';
import type { Actor } from '../src/modules/identity/actor';
import { StatisticsService } from '../src/modules/statistics/statistics.service';
import { prepareDatabase } from '../src/server/runtime';
import { handanScale, seedLarge } from './seedLarge';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 60);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function actor(role: Actor['role'], regionCode: string): Actor {
  return {
    accountId: `bench-${role}`,
    username: `bench-${role}`,
    displayName: '基准测试',
    role,
    regionCode,
    organizationId: null,
    teamId: null,
    volunteerId: null,
    sessionKind: 'staff',
  };
}

export async function runDashboardBench() {
  const size = { ...handanScale, records: Number(process.env.BENCH_RECORDS ?? handanScale.records) };
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-dash-'));
  const file = path.join(dir, 'rongzhi.sqlite');
  try {
    let database = createDatabase({ sqliteFile: file });
    let t = performance.now();
    await prepareDatabase(database, '1304');
    const prepareMs = Math.round(performance.now() - t);
    await database.close();

    const seeded = seedLarge(file, size);
    database = createDatabase({ sqliteFile: file });
    const service = new StatisticsService(database.db);
    const cases = [
      { label: '市级（邯郸市）', actor: actor('city_admin', '130400000000') },
      { label: '县级（大名县）', actor: actor('county_admin', '130425000000') },
      { label: '乡镇级（大名镇）', actor: actor('township_admin', '130425100000') },
    ];
    const timings: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; runs: number }> = {};
    const checks: Record<string, { teams: number; volunteers: number; minutesYear: number }> = {};
    for (const c of cases) {
      for (let i = 0; i < 5; i++) await service.overview(c.actor, { year: 2026, month: 6 }); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        t = performance.now();
        const o = await service.overview(c.actor, { year: 2026, month: 6 });
        samples.push(performance.now() - t);
        if (i === 0)
          checks[c.label] = {
            teams: o.totals.teams,
            volunteers: o.totals.volunteers,
            minutesYear: o.totals.minutesYear,
          };
      }
      samples.sort((a, b) => a - b);
      const r = (v: number) => Math.round(v * 10) / 10;
      timings[c.label] = {
        p50Ms: r(percentile(samples, 50)),
        p95Ms: r(percentile(samples, 95)),
        maxMs: r(samples[samples.length - 1]!),
        runs: RUNS,
      };
    }
    await database.close();

    const cpus = os.cpus();
    const report = {
      benchmark: 'sqlite-dashboard',
      at: new Date().toISOString(),
      machine: {
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        loadAverage1m: Math.round(loadAtStart * 100) / 100,
      },
      dataset: { ...size, villages: seeded.villages },
      timings: { prepareDatabaseMs: prepareMs, seedMs: seeded.seedMs, overview: timings },
      results: { totals: checks, sqliteBytes: statSync(file).size },
    };
    const resultsDir = path.join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const target = path.join(resultsDir, `${report.at.slice(0, 10)}-sqlite-dashboard.json`);
    writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);

    const table: [string, string][] = [
      [
        '数据',
        `${size.teams} 支队伍，${size.volunteers} 名志愿者，${size.activities} 场活动，${size.records} 条服务记录`,
      ],
      ['生成数据（触发器同步维护汇总表）', `${seeded.seedMs} ms`],
      ...Object.entries(timings).map(([k, v]): [string, string] => [
        `看板 ${k}`,
        `p50 ${v.p50Ms} ms，p95 ${v.p95Ms} ms（${v.runs} 次）`,
      ]),
    ];
    const width = Math.max(...table.map(([k]) => displayWidth(k))) + 2;
    for (const [k, v] of table) console.log(`${k}${' '.repeat(width - displayWidth(k))}${v}`);
    console.log(`\n结果已写入 ${path.relative(process.cwd(), target)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
