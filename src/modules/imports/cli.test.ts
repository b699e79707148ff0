import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { displayWidth, formatResult, progressBar } from '../../cli/import';
import { testCrypto } from '../../../tests/support/app';
import { TEST_PASSWORD } from '../../../tests/support/auth';
import { createDatabase } from '../../db/database';
import { projectRoot } from '../../server/config';
import { provisionAccount } from '../accounts/provision';
import { withCheckDigit } from '../../shared/idcard';
import { volunteerColumns } from './columns';

describe('import CLI output', () => {
  it('lines up the error table with Chinese text and ends with a summary', () => {
    const text = formatResult(
      {
        total: 3,
        valid: 1,
        imported: 0,
        errors: [
          { row: 3, column: '身份证号', message: '身份证号校验位不正确，请核对' },
          { row: 12, column: '居住地区划代码', message: '区划代码不存在，请核对12位代码' },
        ],
      },
      'all-or-nothing',
      200,
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^行 {2}列 +问题$/);
    // The message column starts at the same display column on every row.
    const messages = ['身份证号校验位不正确，请核对', '区划代码不存在，请核对12位代码'];
    const starts = lines.slice(2, 4).map((l, i) => displayWidth(l.slice(0, l.indexOf(messages[i]!))));
    expect(starts[0]).toBe(starts[1]);
    expect(text).toContain('共 3 行：无误 1 行，有问题 2 行（2 处）；已导入 0 行。');
    expect(text).toContain('本次未导入任何数据');
  });

  it('draws a percentage bar, and plain lines when not on a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const draw = progressBar(out);
    draw({ phase: 'validating', processed: 500, total: 1000 });
    draw({ phase: 'validating', processed: 510, total: 1000 });
    draw({ phase: 'writing', processed: 1000, total: 1000 });
    expect(written).toEqual([
      `逐行校验 [${'#'.repeat(15)}${'.'.repeat(15)}]  50%  500/1000 行\n`,
      `写入数据 [${'#'.repeat(30)}] 100%  1000/1000 行\n`,
    ]);
  });
});

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-import-cli-'));
const rongzhi = (...args: string[]) =>
  run(process.execPath, [path.join(projectRoot, 'bin', 'rongzhi.js'), ...args], {
    env: { ...process.env, RONGZHI_DATA_DIR: dataDir, DATABASE_URL: '' },
  });
// The run's migrated template with the Handan regions, so the CLI does not import them again.
beforeAll(async () => {
  const file = path.join(dataDir, 'rongzhi.sqlite');
  copyFileSync(inject('sqliteTemplate'), file);
  const database = createDatabase({ sqliteFile: file });
  await provisionAccount(
    database.db,
    testCrypto,
    {
      username: 'clidaming',
      password: TEST_PASSWORD,
      role: 'county_admin',
      regionCode: '130425000000',
      displayName: '命令行测试',
    },
    'test',
  );
  await database.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('rongzhi import', () => {
  it('imports as the named account, with exit code 1 while rows are wrong and 0 once they are not', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('志愿者');
    sheet.addRow(volunteerColumns.map((c) => c.header));
    const row = (n: number, residence: string) => [
      `命令行${n}`,
      withCheckDigit(`13042519800101${String(n).padStart(3, '0')}`),
      `1370000000${n}`,
      residence,
      '否',
    ];
    sheet.addRow(row(1, '130425100001'));
    sheet.addRow(row(2, '130433100001'));
    const file = path.join(dataDir, 'v.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));

    await expect(rongzhi('import', 'volunteers', file, '--as', 'clidaming')).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('居住地不在您的管辖范围内'),
      stderr: expect.stringContaining('完成'),
    });
    sheet.spliceRows(3, 1);
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const { stdout } = await rongzhi(
      'import',
      'volunteers',
      file,
      '--as',
      'clidaming',
      '--mode',
      'all-or-nothing',
    );
    expect(stdout).toContain('已导入 1 行');
    const exported = path.join(dataDir, 'out.xlsx');
    expect((await rongzhi('export', 'volunteers', exported, '--as', 'clidaming')).stdout).toContain(
      '已导出 1 行',
    );
  }, 120_000);
});
