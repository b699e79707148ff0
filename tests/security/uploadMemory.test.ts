import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  declaredZipBomb,
  lyingZipBomb,
  manyEntries,
  oversized,
  renamedExecutable,
  tooManyRows,
} from './hostileUploads';
import type { ProbeResult } from './uploadProbe';

/**
 * Hostile uploads go through the import's safety check and parser in a child process of their own,
 * whose JavaScript heap is capped: each is refused with a message a person can act on, and the
 * child's peak resident memory (node, the TypeScript loader and exceljs included) stays under the bound.
 */
const HEAP_CAP_MB = 96;
const PEAK_RSS_BOUND_MB = 200;

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function probe(name: string, file: Buffer): Promise<ProbeResult> {
  const target = path.join(dir, name);
  writeFileSync(target, file);
  const { stdout } = await run(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_CAP_MB}`,
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'uploadProbe.ts'),
      target,
    ],
    { cwd: path.join(import.meta.dirname, '../..'), maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ProbeResult;
}

describe(`hostile uploads in a child process (heap ${HEAP_CAP_MB} MB, peak RSS under ${PEAK_RSS_BOUND_MB} MB)`, () => {
  const cases: { name: string; file: () => Buffer | Promise<Buffer>; code: string; message: string }[] = [
    {
      name: 'a zip bomb that expands to 2 GB while declaring 1 MB',
      file: () => lyingZipBomb(2),
      code: 'FILE_REJECTED',
      message: '压缩炸弹',
    },
    {
      name: 'a zip bomb that declares its 2 GB',
      file: () => declaredZipBomb(2),
      code: 'FILE_REJECTED',
      message: '压缩炸弹',
    },
    {
      name: 'an archive of 10,000 entries',
      file: () => manyEntries(10_000),
      code: 'FILE_REJECTED',
      message: '条目超过 2000 个',
    },
    {
      name: 'a Windows program renamed to .xlsx',
      file: renamedExecutable,
      code: 'FILE_REJECTED',
      message: '改了扩展名',
    },
    { name: 'a 25 MB file', file: () => oversized(25), code: 'PAYLOAD_TOO_LARGE', message: '20 MB' },
    {
      name: 'a genuine workbook of 101,000 rows (refused by the parser, mid-stream)',
      file: () => tooManyRows(101_000),
      code: 'FILE_REJECTED',
      message: '最多导入 100000 行',
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with a clear message and bounded memory`, async () => {
      const file = await c.file();
      // The hostile archives are small: the danger is in what they claim or expand to.
      if (c.code !== 'PAYLOAD_TOO_LARGE') expect(file.length).toBeLessThan(20 << 20);
      const result = await probe(`${c.code}-${file.length}.xlsx`, file);
      expect(result.outcome).toBe('refused');
      expect(result.code).toBe(c.code);
      expect(result.message).toContain(c.message);
      expect(result.peakMb, `峰值内存 ${result.peakMb} MB`).toBeLessThan(PEAK_RSS_BOUND_MB);
    }, 120_000);
  }
});
