import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors';
import { buildZip, xlsxSkeleton } from './__fixtures__/zip';
import { inspectXlsx, MAX_UPLOAD_BYTES } from './uploadSafety';

async function refusal(file: Buffer): Promise<AppError> {
  try {
    await inspectXlsx(file);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('upload safety (before any parsing)', () => {
  it('accepts a real workbook written by exceljs', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('志愿者').addRow(['姓名', '身份证号']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(inspectXlsx(file)).resolves.toBeUndefined();
  });

  it('refuses a PNG renamed to .xlsx', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(200),
    ]);
    const error = await refusal(png);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.status).toBe(400);
    expect(error.message).toContain('PNG 图片');
  });

  it('refuses an old .xls (OLE compound file) renamed to .xlsx', async () => {
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(500)]);
    const error = await refusal(xls);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('.xls');
  });

  it('refuses plain text and an empty body', async () => {
    expect((await refusal(Buffer.from('姓名,身份证号\n张三,1'))).message).toContain('改了扩展名');
    expect((await refusal(Buffer.alloc(0))).message).toContain('未收到文件');
  });

  it('refuses a file over 20 MB with 413 before looking inside', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
    big.write('PK\u0003\u0004', 'latin1');
    const error = await refusal(big);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.status).toBe(413);
    expect(error.message).toContain('20 MB');
  });

  it('refuses a zip bomb (an entry that expands more than 200 times)', async () => {
    const bomb = buildZip([
      ...xlsxSkeleton(),
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 << 20) },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const error = await refusal(bomb);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('压缩炸弹');
  });

  it('refuses an archive whose entries declare more than 200 MB in total', async () => {
    // Random bytes barely compress; declared sizes of 150x stay under the ratio limit but add up.
    const chunk = randomBytes(1 << 20);
    const file = buildZip([
      ...xlsxSkeleton(),
      { name: 'xl/media/a.bin', data: chunk, declaredSize: 150 << 20 },
      { name: 'xl/media/b.bin', data: chunk, declaredSize: 150 << 20 },
    ]);
    const error = await refusal(file);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('200 MB');
  });

  it('refuses an archive whose entry inflates to more than it declares', async () => {
    const liar = buildZip([
      ...xlsxSkeleton(),
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<a/>'.repeat(5000)), declaredSize: 1000 },
    ]);
    const error = await refusal(liar);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('不符');
  });

  it('refuses an archive of thousands of entries', async () => {
    const many = buildZip([
      ...xlsxSkeleton(),
      ...Array.from({ length: 2500 }, (_, i) => ({
        name: `xl/media/${i}.txt`,
        data: Buffer.from(String(i)),
      })),
    ]);
    const error = await refusal(many);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('2000');
  });

  it('refuses a zip without the workbook parts (another archive renamed)', async () => {
    const other = buildZip([{ name: 'readme.txt', data: Buffer.from('hello') }]);
    const error = await refusal(other);
    expect(error.code).toBe('FILE_REJECTED');
    expect(error.message).toContain('缺少工作簿结构');
  });

  it('refuses entries hidden outside the directory (the parser would read them unchecked)', async () => {
    const between = buildZip([
      xlsxSkeleton()[0]!,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 << 20), unlisted: true },
      xlsxSkeleton()[1]!,
    ]);
    expect((await refusal(between)).message).toContain('目录之外');
    const before = buildZip(xlsxSkeleton(), {
      prefix: Buffer.from('PK\u0003\u0004 bytes before the first entry'),
    });
    expect((await refusal(before)).message).toContain('目录之外');
  });
});
