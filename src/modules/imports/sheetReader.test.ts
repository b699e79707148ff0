import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { AppError } from '../../server/errors';
import { buildZip, xlsxSkeleton } from './__fixtures__/zip';
import { volunteerColumns } from './columns';
import { cellText, readDataRows, retryingReaderRace, type SheetRow } from './sheetReader';

const headers = volunteerColumns.map((c) => c.header);

async function collect(file: Buffer, worker: boolean): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const batch of readDataRows(file, volunteerColumns, '身份证号', '志愿者', { worker }))
    out.push(...batch);
  return out;
}

async function refusal(file: Buffer, worker: boolean): Promise<AppError> {
  try {
    await collect(file, worker);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the file was read');
}

/** Cells of every kind a person's spreadsheet holds, after a 说明 sheet that must be passed over. */
async function mixedWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['列名', '说明']);
  notes.addRow(['身份证号', '18位']);
  const sheet = workbook.addWorksheet('志愿者');
  sheet.addRow([]);
  sheet.addRow(headers.map((h, i) => (i === 0 ? `*${h}` : h)));
  sheet.addRow([
    { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
    '130425198001010011',
    13900000001,
    { formula: '"1304"&"25100001"', result: '130425100001' },
    true,
  ]);
  sheet.addRow([]);
  sheet.addRow(['李四', '130425198001010027', null, '130425100001', '否', null, null, 3.5]);
  for (let i = 0; i < 600; i++) sheet.addRow([`王${i}`, '1', '2', '3', '否']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading the data sheet', () => {
  it('yields the same rows in a worker thread as in this one', async () => {
    const file = await mixedWorkbook();
    const here = await collect(file, false);
    const there = await collect(file, true);
    expect(there).toEqual(here);
    expect(here).toHaveLength(602);
    const [first, second] = here;
    expect(first!.row).toBe(3);
    expect(cellText(first!.cells.get('姓名'))).toBe('张三');
    expect(cellText(first!.cells.get('手机号'))).toBe('13900000001');
    expect(cellText(first!.cells.get('居住地区划代码'))).toBe('130425100001');
    expect(cellText(first!.cells.get('是否退役军人'))).toBe('是');
    // Blank rows are skipped, Excel's row numbers kept; blank cells are absent.
    expect(second!.row).toBe(5);
    expect(second!.cells.has('手机号')).toBe(false);
    expect(cellText(second!.cells.get('服役年限'))).toBe('3.5');
  });

  it('refuses a sheet without a required column before reading its rows, in both modes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet('志愿者')
      .addRows([['姓名', '身份证号'], ...Array.from({ length: 2000 }, () => ['张三', '1'])]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    for (const worker of [false, true]) {
      expect((await refusal(file, worker)).message).toBe(
        '缺少必填列：居住地区划代码、是否退役军人。请使用导入模板',
      );
    }
  });

  it('says so when no sheet has the headers, and when the sheet XML is broken', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['队伍名称', '队伍类别']);
    const teams = Buffer.from(await workbook.xlsx.writeBuffer());
    const broken = buildZip([
      ...xlsxSkeleton(),
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData><row r="1"><c r=') },
    ]);
    for (const worker of [false, true]) {
      expect((await refusal(teams, worker)).message).toContain('未找到志愿者数据');
      const error = await refusal(broken, worker);
      expect(error.code).toBe('FILE_REJECTED');
    }
  });
});

/** The entries of a zip archive, in the order they are stored (directories left out). */
function unzipEntries(file: Buffer): Promise<{ name: string; data: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out: { name: string; data: Buffer }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the streaming reader’s lost-entry race (exceljs #3064)', () => {
  const race = () => new TypeError("Cannot read properties of undefined (reading 'sheets')");
  async function drain<T>(gen: AsyncGenerator<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of gen) out.push(item);
    return out;
  }

  it('reads again from the start when the race struck before the first rows', async () => {
    let reads = 0;
    const read = async function* () {
      reads++;
      if (reads < 3) throw race();
      yield 'rows 1–500';
      yield 'rows 501–600';
    };
    expect(await drain(retryingReaderRace(read))).toEqual(['rows 1–500', 'rows 501–600']);
    expect(reads).toBe(3);
  });

  it('gives up after three reads, and passes on other failures and failures after rows at once', async () => {
    let reads = 0;
    await expect(
      drain(
        retryingReaderRace(async function* () {
          reads++;
          yield* [];
          throw race();
        }),
      ),
    ).rejects.toThrow(/reading 'sheets'/);
    expect(reads).toBe(3);

    reads = 0;
    await expect(
      drain(
        retryingReaderRace(async function* () {
          reads++;
          yield* [];
          throw new Error('invalid signature');
        }),
      ),
    ).rejects.toThrow('invalid signature');
    expect(reads).toBe(1);

    reads = 0;
    await expect(
      drain(
        retryingReaderRace(async function* () {
          reads++;
          yield 'rows 1–500';
          throw race();
        }),
      ),
    ).rejects.toThrow(/reading 'sheets'/);
    expect(reads).toBe(1);
  });

  it('tells a workbook that really lacks xl/workbook.xml as unreadable, in both modes', async () => {
    // The race's effect made permanent: a workbook written by exceljs, its last entry (xl/workbook.xml)
    // left out. Every read fails the same way; after the third the person is told the file is unreadable.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('数据').addRow(headers);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    const entries = await unzipEntries(whole);
    expect(entries.at(-1)!.name).toBe('xl/workbook.xml');
    const file = buildZip(entries.slice(0, -1));
    for (const worker of [false, true]) {
      const error = await refusal(file, worker);
      expect(error.code).toBe('FILE_REJECTED');
      expect(error.message).toContain('文件内容无法读取');
      expect(String((error as { cause?: Error }).cause?.message)).toContain("reading 'sheets'");
    }
  });
});
