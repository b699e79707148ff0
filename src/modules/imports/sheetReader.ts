import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { AppError } from '../../server/errors';
import type { ColumnSpec } from './columns';

const require = createRequire(import.meta.url);

/** More rows than any county's registry; a bigger file is split, not imported in one go. */
export const MAX_DATA_ROWS = 100_000;

export interface SheetRow {
  /** The row number Excel shows. */
  row: number;
  /** Raw cell values by header; blank cells are absent. */
  cells: Map<string, unknown>;
}

/** A header as people type it: "*姓名" or "姓名（必填）" still means 姓名. */
const normalizeHeader = (text: string) =>
  text
    .replace(/[\s*＊]/g, '')
    .replace(/[（(]必填[）)]$/, '')
    .trim();

/** Plain text of any cell value exceljs yields: rich text, formula results, hyperlinks, dates. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    // Integers print without exponent up to 1e21; larger ones have lost their digits anyway.
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
    };
    if (Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}

const isBlank = (value: unknown) => cellText(value) === '';

/** A row as exceljs yields it: the row number and its values (1-based, sparse). */
type RawRow = [number, unknown[]];
interface RawBatch {
  /** 1, 2, … in the order the sheets appear in the file. */
  sheet: number;
  rows: RawRow[];
}

const BATCH = 500;
const readerOptions = {
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'ignore',
  entries: 'ignore',
  worksheets: 'emit',
} as const;

async function* rawRowsInThread(file: Buffer): AsyncGenerator<RawBatch> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), readerOptions);
  let sheet = 0;
  for await (const worksheet of reader) {
    sheet++;
    let rows: RawRow[] = [];
    for await (const row of worksheet) {
      rows.push([row.number, row.values as unknown[]]);
      if (rows.length === BATCH) {
        yield { sheet, rows };
        rows = [];
      }
    }
    yield { sheet, rows };
  }
}

/**
 * The same reading in a worker thread. The worker is plain JavaScript evaluated from this string and
 * given exceljs's resolved path, so it runs the same under tsx, vitest and a build, and needs no
 * TypeScript loader of its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Readable } = require('node:stream');
const ExcelJS = require(workerData.exceljs);
(async () => {
  const file = Buffer.from(workerData.file.buffer, workerData.file.byteOffset, workerData.file.byteLength);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), workerData.options);
  let sheet = 0;
  for await (const worksheet of reader) {
    sheet++;
    let rows = [];
    for await (const row of worksheet) {
      rows.push([row.number, row.values]);
      if (rows.length === ${BATCH}) {
        parentPort.postMessage({ type: 'rows', sheet, rows });
        rows = [];
      }
    }
    parentPort.postMessage({ type: 'rows', sheet, rows });
  }
  parentPort.postMessage({ type: 'done' });
})().catch((error) => parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) }));
`;

type WorkerMessage =
  | ({ type: 'rows' } & RawBatch)
  | { type: 'done' }
  | { type: 'error'; message: string }
  | { type: 'exit'; code: number };

async function* rawRowsInWorker(file: Buffer): AsyncGenerator<RawBatch> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { exceljs: require.resolve('exceljs'), file, options: readerOptions },
  });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  const push = (message: WorkerMessage) => {
    queue.push(message);
    wake?.();
    wake = null;
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ type: 'error', message: error.message }));
  worker.on('exit', (code) => push({ type: 'exit', code }));
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      if (message.type === 'rows') yield message;
      else if (message.type === 'done') return;
      else if (message.type === 'error') throw new Error(message.message);
      else throw new Error(`reader worker exited (${message.code})`);
    }
  } finally {
    // Also when the caller stops early (a missing column, too many rows): the worker stops reading.
    void worker.terminate();
  }
}

/**
 * exceljs's streaming reader sometimes loses the last entry of the archive (exceljs issue #3064: a race
 * in its single streaming pass, more often under load). Workbooks written by exceljs — our own import
 * templates among them — store xl/workbook.xml last, and the reader then fails at the first sheet with
 * "Cannot read properties of undefined (reading 'sheets')", before it has given a single row. Seen here
 * about once in 1,500 reads on a busy machine: the same file, read again, is fine.
 */
const isReaderRace = (error: unknown) =>
  // A TypeError in this thread; from the worker thread only its message comes back.
  error instanceof Error && /Cannot read properties of undefined \(reading 'sheets'\)/.test(error.message);
const READ_ATTEMPTS = 3;

/**
 * Reads again, from the start, when that race struck before anything was read; any other failure, or
 * one after rows have been given, is passed on as it is.
 */
export async function* retryingReaderRace<T>(read: () => AsyncGenerator<T>): AsyncGenerator<T> {
  for (let attempt = 1; ; attempt++) {
    let given = false;
    try {
      for await (const batch of read()) {
        given = true;
        yield batch;
      }
      return;
    } catch (error) {
      if (given || attempt >= READ_ATTEMPTS || !isReaderRace(error)) throw error;
    }
  }
}

export interface ReadOptions {
  /** Read in a worker thread, so that checking rows overlaps with reading them (large files). */
  worker?: boolean;
  /** Rows read so far (every 500). */
  onRead?: (count: number) => void;
}

/**
 * Streams the workbook with exceljs's WorkbookReader and yields, in batches, the rows of the first
 * sheet whose header row has `marker` (the 说明 and option sheets are passed over). Row 1 holds the
 * headers; entirely blank rows are skipped. A sheet without a required column is refused as soon as
 * its header row is read.
 */
export async function* readDataRows(
  file: Buffer,
  columns: readonly ColumnSpec[],
  marker: string,
  what: string,
  options: ReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  const known = new Set(columns.map((c) => c.header));
  const looked = new Set<number>();
  let data: { sheet: number; headers: Map<number, string> } | null = null;
  let count = 0;
  const source = retryingReaderRace(() => (options.worker ? rawRowsInWorker(file) : rawRowsInThread(file)));
  try {
    for await (const { sheet, rows } of source) {
      // The data sheet is complete once the next sheet begins.
      if (data && sheet !== data.sheet) break;
      const out: SheetRow[] = [];
      for (const [number, values] of rows) {
        if (!data) {
          if (looked.has(sheet) || values.every(isBlank)) continue;
          looked.add(sheet);
          const headers = new Map<number, string>();
          values.forEach((v, i) => {
            const header = normalizeHeader(cellText(v));
            if (known.has(header)) headers.set(i, header);
          });
          if (![...headers.values()].includes(marker)) continue;
          const present = new Set(headers.values());
          const missing = columns.filter((c) => c.required && !present.has(c.header)).map((c) => c.header);
          if (missing.length)
            throw new AppError('FILE_REJECTED', `缺少必填列：${missing.join('、')}。请使用导入模板`);
          data = { sheet, headers };
          continue;
        }
        const cells = new Map<string, unknown>();
        for (const [i, header] of data.headers) {
          const value = values[i];
          if (!isBlank(value)) cells.set(header, value);
        }
        if (cells.size === 0) continue;
        if (++count > MAX_DATA_ROWS)
          throw new AppError('FILE_REJECTED', `单个文件最多导入 ${MAX_DATA_ROWS} 行，请拆分后分批导入`);
        out.push({ row: number, cells });
      }
      if (out.length) {
        options.onRead?.(count);
        yield out;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The parser's own words stay on the error (for the server log), not in the answer.
    throw Object.assign(
      new AppError('FILE_REJECTED', '文件内容无法读取，请用 Excel 或 WPS 重新保存为 .xlsx 后再上传'),
      { cause: error },
    );
  }
  if (!data) {
    throw new AppError(
      'FILE_REJECTED',
      `未找到${what}数据：第一行应为列名（含“${marker}”）。请下载${what}导入模板，按模板填写`,
    );
  }
}
