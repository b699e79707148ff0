import type { z } from '../../shared/zod';
import { NO, YES } from './columns';
import { cellText, type SheetRow } from './sheetReader';
import { EXAMPLE_MARK } from './templates';

export interface RowError {
  /** The row number Excel shows. */
  row: number;
  /** The Chinese column header. */
  column: string;
  message: string;
}

/**
 * One row being read: typed getters that record a Chinese error against the column and return
 * undefined, so a row reports every problem at once instead of the first.
 */
export class RowReader<H extends string> {
  readonly errors: RowError[] = [];

  constructor(private readonly source: SheetRow) {}

  get row(): number {
    return this.source.row;
  }

  fail(column: H, message: string): undefined {
    if (!this.errors.some((e) => e.column === column)) this.errors.push({ row: this.row, column, message });
    return undefined;
  }

  has(column: H): boolean {
    return this.source.cells.has(column);
  }

  raw(column: H): unknown {
    return this.source.cells.get(column);
  }

  text(column: H, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = cellText(this.raw(column));
    if (!value) return options.required ? this.fail(column, `请填写${column}`) : undefined;
    if (options.max !== undefined && [...value].length > options.max)
      return this.fail(column, `${column}不超过${options.max}个字`);
    return value;
  }

  /** Digits as text; a number Excel stored with lost precision is named as such. */
  digits(column: H, options: { required?: boolean } = {}): string | undefined {
    const raw = this.raw(column);
    if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
      return this.fail(
        column,
        `${column}被 Excel 当作数字保存，末几位已丢失；请把该列设为“文本”格式后重新填写`,
      );
    }
    return this.text(column, options);
  }

  yesNo(column: H, options: { required?: boolean } = {}): boolean | undefined {
    const value = this.text(column, options);
    if (value === undefined) return undefined;
    if (value === YES || value === '是的' || value.toUpperCase() === 'Y') return true;
    if (value === NO || value.toUpperCase() === 'N') return false;
    return this.fail(column, `${column}应填写“${YES}”或“${NO}”`);
  }

  integer(column: H, min: number, max: number): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      return this.fail(column, `${column}应为${min}到${max}之间的整数`);
    return n;
  }

  /** A label from a fixed list (the dropdown), or its internal value. */
  choice<K extends string>(
    column: H,
    labels: Record<K, string>,
    options: { required?: boolean } = {},
  ): K | undefined {
    const value = this.text(column, options);
    if (value === undefined) return undefined;
    for (const [key, label] of Object.entries(labels) as [K, string][])
      if (label === value || key === value) return key;
    return this.fail(column, `${column}“${value}”无效，可选：${Object.values(labels).join('、')}`);
  }

  /** YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or an Excel date; not in the future. */
  date(column: H, today = new Date()): string | undefined {
    const raw = this.raw(column);
    if (raw === undefined) return undefined;
    let y: number, m: number, d: number;
    if (raw instanceof Date) {
      [y, m, d] = [raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate()];
    } else if (typeof raw === 'number' && raw > 0 && raw < 2958466) {
      // An Excel serial day number (1900 date system): day 25569 is 1970-01-01.
      const at = new Date(Math.round((raw - 25569) * 86_400_000));
      [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
    } else {
      const match = cellText(raw).match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
      if (!match) return this.fail(column, `${column}格式应为 YYYY-MM-DD，如 2022-06-01`);
      [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    }
    const at = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d)
      return this.fail(column, `${column}不是有效日期`);
    if (at.getTime() > today.getTime()) return this.fail(column, `${column}不能晚于今天`);
    return at.toISOString().slice(0, 10);
  }

  /** Runs the shared input schema over what was read; its issues land on the mapped columns. */
  check<T>(schema: z.ZodType<T>, value: unknown, columnOf: Record<string, H>): T | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const column = columnOf[key];
      if (column) this.fail(column, issue.message);
    }
    return undefined;
  }
}

export const byRowThenColumn =
  (order: readonly string[]) =>
  (a: RowError, b: RowError): number =>
    a.row - b.row || order.indexOf(a.column) - order.indexOf(b.column);

/** Lets the event loop breathe (progress requests, other users) during long synchronous loops. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What checking a sheet found: the rows ready to write and every problem of the others. */
export interface ValidationOutcome<T> {
  total: number;
  valid: T[];
  errors: RowError[];
}

/**
 * Reads each row as it arrives, while the file is still being parsed, skipping the template's example
 * rows (their `markerColumn` starts with the example mark).
 */
export async function readSheetRows<P>(
  rows: AsyncIterable<SheetRow[]>,
  markerColumn: string,
  read: (row: SheetRow) => P,
): Promise<P[]> {
  const pending: P[] = [];
  for await (const batch of rows) {
    for (const row of batch) {
      if (!cellText(row.cells.get(markerColumn)).startsWith(EXAMPLE_MARK)) pending.push(read(row));
    }
  }
  return pending;
}

/**
 * The second pass over rows already read: `check` runs the checks that need the batched lookups and
 * returns the prepared row; a row with any error (from either pass) goes to the errors instead. Errors
 * come back by row, then in the sheet's column order.
 */
export async function checkRows<P extends { r: RowReader<string> }, T>(
  pending: readonly P[],
  headerOrder: readonly string[],
  progress: (processed: number, total: number) => void,
  check: (p: P) => T | undefined,
): Promise<ValidationOutcome<T>> {
  const total = pending.length;
  const valid: T[] = [];
  const errors: RowError[] = [];
  for (const [i, p] of pending.entries()) {
    const prepared = check(p);
    if (p.r.errors.length === 0 && prepared !== undefined) valid.push(prepared);
    else errors.push(...p.r.errors);
    if (i % 1000 === 999) {
      progress(i + 1, total);
      await breathe();
    }
  }
  progress(total, total);
  return { total, valid, errors: errors.sort(byRowThenColumn(headerOrder)) };
}
