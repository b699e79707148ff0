import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../server/config';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-cli-'));
const rongzhi = (...args: string[]) =>
  run(process.execPath, [path.join(projectRoot, 'bin', 'rongzhi.js'), ...args], {
    env: { ...process.env, RONGZHI_DATA_DIR: dataDir, DATABASE_URL: '' },
  });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('rongzhi CLI', () => {
  it('prints the Handan counts as the last line of regions stats', async () => {
    const { stdout } = await rongzhi('regions', 'stats', '130400000000');
    const last = stdout.trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toEqual({ county: 20, township: 246, village: 5835 });
  }, 60_000);

  it('imports a whole province idempotently', async () => {
    await rongzhi('regions', 'import', '--province', '13');
    await rongzhi('regions', 'import', '--province', '13');
    const { stdout } = await rongzhi('regions', 'stats', '130000000000');
    const counts = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(counts.village).toBe(54145);
    expect(counts.county).toBeGreaterThan(150);
  }, 120_000);

  it('backs up and restores, and will not restore under a running server', async () => {
    await rongzhi('migrate');
    const file = path.join(dataDir, 'backup-1.sqlite');
    const { stdout } = await rongzhi('backup', file);
    expect(stdout).toContain('已备份到');
    // A live process holds the pid file: the restore refuses and the data stays.
    writeFileSync(path.join(dataDir, 'rongzhi.pid'), `${process.pid}\n`);
    await expect(rongzhi('restore', file)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('请先停止服务'),
    });
    rmSync(path.join(dataDir, 'rongzhi.pid'));
    const restored = await rongzhi('restore', file);
    expect(restored.stdout).toMatch(/已从 .* 恢复：\d+ 张表，共 \d+ 行/);
    expect(restored.stdout).toContain('原数据库已保留为');
    expect(readdirSync(dataDir).some((f) => f.startsWith('rongzhi.sqlite.before-restore-'))).toBe(true);
  }, 120_000);

  it('fails with a Chinese message and exit code on bad input', async () => {
    await expect(rongzhi('regions', 'import', '--city', '99')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('4位城市代码'),
    });
    await expect(rongzhi('nonsense')).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
