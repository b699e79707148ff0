/**
 * Benchmark: a 40,000-row volunteers file on the real Handan region tree, imported into a fresh SQLite
 * database as the city administrator, then exported again. Writes bench/results/<date>-sqlite-import.json.
 * Run with `npm run bench`. Timings live here, never in the tests.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { displayWidth } from '../src/cli/import';
import { createDatabase } from '../src/db/database';
import { provisionAccount } from '../src/modules/accounts/provision';
import { actorOf } from '../src/modules/identity/auth.service';
import { ExportsService } from '../src/modules/imports/exports';
import { ImportsService } from '../src/modules/imports/imports.service';
import type { ImportPhase } from '../src/modules/imports/progress';
import { prepareDatabase } from '../src/server/runtime';
import { createFieldCrypto } from '../src/server/security/fieldCrypto';
import { runDashboardBench } from './dashboard';
import { runHttpBench } from './http';
import { writePerformanceTable } from './report';
import { fictionalVolunteers, volunteersWorkbook } from './generate';

const ROWS = Number(process.env.BENCH_ROWS ?? 40_000);
const CITY = '130400000000';
const benchDir = path.dirname(fileURLToPath(import.meta.url));

const ms = (from: number) => Math.round(performance.now() - from);
/** CPU time of this process (user + system) since `from`: on a shared machine, steadier than wall time. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return Math.round((used.user + used.system) / 1000);
};

async function main() {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-'));
  const database = createDatabase({ sqliteFile: path.join(dir, 'rongzhi.sqlite') });
  try {
    let t = performance.now();
    await prepareDatabase(database, '1304');
    const prepareMs = ms(t);
    const crypto = createFieldCrypto(randomBytes(32));
    const accountId = await provisionAccount(
      database.db,
      crypto,
      {
        username: 'benchcity',
        role: 'city_admin',
        regionCode: CITY,
        displayName: '基准测试市管理员',
        password: 'Bench-2026-city!',
      },
      'bench',
    );
    const account = await database.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const actor = actorOf(account, 'staff');
    const context = { accountId, username: 'benchcity', ip: null };
    const villages = (
      await database.db
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 'village')
        .orderBy('code')
        .execute()
    ).map((r) => r.code);

    t = performance.now();
    const file = await volunteersWorkbook(fictionalVolunteers(ROWS, villages));
    const generateMs = ms(t);

    // Time each phase from the progress reports the web and the CLI show.
    const phaseStart = new Map<ImportPhase, number>();
    const service = new ImportsService(database.db, crypto);
    let cpu = process.cpuUsage();
    t = performance.now();
    const result = await service.run('volunteers', actor, file, 'all-or-nothing', context, (p) => {
      if (!phaseStart.has(p.phase)) phaseStart.set(p.phase, performance.now());
    });
    const importMs = ms(t);
    const importCpuMs = cpuMs(cpu);
    if (result.imported !== ROWS || result.errors.length) {
      throw new Error(
        `import incomplete: ${result.imported}/${ROWS}, first error ${JSON.stringify(result.errors[0])}`,
      );
    }
    const at = (phase: ImportPhase) => phaseStart.get(phase) ?? performance.now();
    const phases = {
      checkingFileMs: Math.round(at('validating') - at('checking')),
      readingAndValidatingMs: Math.round(at('writing') - at('validating')),
      writingMs: Math.round(at('done') - at('writing')),
    };

    // Validating the same file again: every row is now a duplicate of the registry.
    t = performance.now();
    const again = await service.run('volunteers', actor, file, 'validate', context);
    const revalidateMs = ms(t);

    cpu = process.cpuUsage();
    t = performance.now();
    const exportFile = path.join(dir, 'export.xlsx');
    const out = createWriteStream(exportFile);
    const exported = await new ExportsService(database.db, crypto).volunteers(
      actor,
      { sort: 'region', order: 'asc' },
      out,
      context,
    );
    await finished(out);
    const exportMs = ms(t);
    const exportCpuMs = cpuMs(cpu);

    const cpus = os.cpus();
    const report = {
      benchmark: 'sqlite-import',
      at: new Date().toISOString(),
      machine: {
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        cpuSpeedMHz: cpus[0]?.speed ?? null,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        // The machine may be shared: the load when the run started says how far to trust the numbers.
        loadAverage1m: Math.round(loadAtStart * 100) / 100,
      },
      dataset: { rows: ROWS, villages: villages.length, fileBytes: file.length },
      timings: {
        prepareDatabaseMs: prepareMs,
        generateFileMs: generateMs,
        importAllOrNothingMs: importMs,
        importCpuMs,
        ...phases,
        revalidateAllDuplicatesMs: revalidateMs,
        exportMs,
        exportCpuMs,
      },
      results: {
        imported: result.imported,
        revalidateErrors: again.errors.length,
        exportedRows: exported,
        exportBytes: statSync(exportFile).size,
        sqliteBytes: statSync(path.join(dir, 'rongzhi.sqlite')).size,
        importRowsPerSecond: Math.round(ROWS / (importMs / 1000)),
      },
    };
    const resultsDir = path.join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const target = path.join(resultsDir, `${report.at.slice(0, 10)}-sqlite-import.json`);
    writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);

    const table: [string, string][] = [
      [
        '机器',
        `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}，开始时负载 ${report.machine.loadAverage1m}`,
      ],
      ['数据', `${ROWS} 行，${villages.length} 个村(社区)，文件 ${(file.length / 2 ** 20).toFixed(1)} MB`],
      ['准备数据库（迁移+区划）', `${prepareMs} ms`],
      ['生成 .xlsx', `${generateMs} ms`],
      [
        '导入（全部无误才导入）',
        `${importMs} ms（CPU ${importCpuMs} ms，${report.results.importRowsPerSecond} 行/秒）`,
      ],
      ['  检查文件（结构、压缩比）', `${phases.checkingFileMs} ms`],
      ['  读取并逐行校验（读取在工作线程）', `${phases.readingAndValidatingMs} ms`],
      ['  写入（先加密，再单个事务批量插入）', `${phases.writingMs} ms`],
      ['再次校验（全部重复）', `${revalidateMs} ms，${again.errors.length} 处问题`],
      [
        '导出',
        `${exportMs} ms（CPU ${exportCpuMs} ms），${exported} 行，${(report.results.exportBytes / 2 ** 20).toFixed(1)} MB`,
      ],
    ];
    const width = Math.max(...table.map(([k]) => displayWidth(k))) + 2;
    for (const [k, v] of table) console.log(`${k}${' '.repeat(width - displayWidth(k))}${v}`);
    console.log(`\n结果已写入 ${path.relative(process.cwd(), target)}`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npm run bench -- [--db postgres] [--scale handan]`: the HTTP bench (bench/http.ts), then the import and
// export of 40,000 volunteers. BENCH_ONLY=http|import|dashboard runs one part (dashboard: the older
// in-process dashboard timing on its own trigger-fed data set).
const only = process.env.BENCH_ONLY;
if (!only || only === 'http') {
  const report = await runHttpBench(process.argv.slice(2));
  if (!only) writePerformanceTable(report);
}
if (!only || only === 'import') await main();
if (only === 'dashboard') await runDashboardBench();
