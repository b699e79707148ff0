import ExcelJS from 'exceljs';
import { neutralise } from '../imports/exports';

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  /** A title line above the header (region, period). */
  title?: string;
  columns: { header: string; width?: number }[];
  rows: Cell[][];
}

/** Text that a spreadsheet could run as a formula is kept as text (see `neutralise`). */
export const safeCells = (values: Cell[]): Cell[] =>
  values.map((v) => (typeof v === 'string' ? neutralise(v) : v));

/** A small workbook (figures and tables, not bulk rows): one sheet per table, header in bold, frozen. */
export async function workbookOf(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '戎志';
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name.slice(0, 31));
    let headerRow = 1;
    if (s.title) {
      sheet.addRow([neutralise(s.title)]).font = { bold: true, size: 13 };
      headerRow = 2;
    }
    const header = sheet.addRow(s.columns.map((c) => c.header));
    header.font = { bold: true };
    s.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? 14));
    for (const r of s.rows) sheet.addRow(safeCells(r));
    sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV line (no line end): cells with a comma, quote or line break quoted, a quote doubled. */
export const csvLine = (cells: Cell[]): string =>
  cells
    .map((v) => {
      if (v === null) return '';
      const s = String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');

/** CSV that Excel opens as UTF-8 (with a BOM), every text cell neutralised and quoted as needed. */
export function csvOf(columns: string[], rows: Cell[][]): Buffer {
  const lines = [columns, ...rows].map((r) => csvLine(safeCells(r)));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
