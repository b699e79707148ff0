/**
 * Writes an HTTP bench report (bench/results/<date>-<db>-<scale>.json) as a table into docs/PERFORMANCE.md,
 * between `<!-- bench:<db>-<scale>:begin -->` and `<!-- bench:<db>-<scale>:end -->` (appended when absent).
 * Standalone: `node --import tsx bench/report.ts bench/results/<file>.json`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measured } from './http';

interface Report {
  at: string;
  db: string;
  scale: string;
  durationSeconds: number;
  machine: Record<string, unknown>;
  seed: unknown;
  notes?: string[];
  results: Measured[];
}

const docFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'PERFORMANCE.md');

export function tableOf(report: Report): string {
  const m = report.machine;
  const lines = [
    `测量时间 ${report.at}，数据库 ${report.db}（${String(m.database)}），规模 ${report.scale}，每项 ${report.durationSeconds} 秒。`,
    `机器：${String(m.cpus)} 核 ${String(m.cpuModel)}，内存 ${String(m.memoryGiB)} GiB，Node ${String(m.node)}，${String(m.platform)}；` +
      `开始时 1 分钟负载 ${String(m.loadAverage1mAtStart)}（与其他测试同机运行，数字偏悲观）。`,
    '',
    '读接口的 p50/p95/p99 取自单连接（一次请求本身的用时），次/秒取自 10 个并发连接；写接口按所列并发。',
    '“极限”= 同样的 SQL 直接在驱动上执行 + 裸 node:http 返回同样的字节；比值 = 接口 p95 / 极限 p95。',
    '',
    '| 接口 | 并发 | p50 ms | p95 ms | p99 ms | 次/秒 | 错误 | SQL 条数 | 极限 p95 ms | 极限 次/秒 | 比值 p95 | 目标 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const raw of report.results) {
    // NaN (no successful response) is null in the JSON.
    const r = { ...raw, p50Ms: raw.p50Ms ?? '—', p95Ms: raw.p95Ms ?? '—', p99Ms: raw.p99Ms ?? '—' };
    lines.push(
      `| ${r.name} | ${r.connections} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.rps} | ${r.errors} | ${r.queries ?? '—'} | ${r.limit?.p95Ms ?? '—'} | ${r.limit?.rps ?? '—'} | ${r.ratioP95 ?? '—'} | ${r.target ?? ''} |`,
    );
  }
  if (report.notes?.length) lines.push('', ...report.notes);
  return lines.join('\n');
}

export function writePerformanceTable(report: Report) {
  const key = `${report.db}-${report.scale}`;
  const begin = `<!-- bench:${key}:begin -->`;
  const end = `<!-- bench:${key}:end -->`;
  const block = `${begin}\n${tableOf(report)}\n${end}`;
  const doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '# 性能\n';
  const at = doc.indexOf(begin);
  const next =
    at >= 0
      ? `${doc.slice(0, at)}${block}${doc.slice(doc.indexOf(end) + end.length)}`
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(docFile, next);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writePerformanceTable(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Report);
}
