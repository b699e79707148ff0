import SQLite from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config';

const run = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-audit-cli-'));
const rongzhi = (...args: string[]) =>
  run(process.execPath, [path.join(projectRoot, 'bin', 'rongzhi.js'), ...args], {
    env: { ...process.env, RONGZHI_DATA_DIR: dataDir, DATABASE_URL: '', RONGZHI_MASTER_KEY: '' },
  });
const sqliteFile = () => path.join(dataDir, 'rongzhi.sqlite');

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('rongzhi audit and keys commands', () => {
  it('verifies the chain, names a tampered row with exit code 1, and purges with an audit entry', async () => {
    await rongzhi('migrate');
    const purged = await rongzhi('audit', 'purge', '--before', '2020-01-01');
    expect(purged.stdout).toMatch(/已删除 0 条早于 2020-01-01 00:00:00（北京时间）/);
    const ok = await rongzhi('audit', 'verify');
    expect(ok.stdout).toMatch(/^OK 审计链验证通过：共 1 条记录/);

    const file = new SQLite(sqliteFile());
    const row = file.prepare(`select id, action from audit_log where action = 'audit.purge'`).get() as {
      id: number;
      action: string;
    };
    file.exec('drop trigger audit_log_no_update');
    file.prepare(`update audit_log set detail = '{"removed":999}' where id = ?`).run(row.id);
    file.close();
    await expect(rongzhi('audit', 'verify')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`审计链第 ${row.id} 条被篡改：编号 ${row.id}`),
    });
  }, 120_000);

  it('rotates the key file into a ring and reports it', async () => {
    // The first key file format: one bare key, as the server writes it on first start.
    writeFileSync(path.join(dataDir, 'master.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const before = readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    const rotated = await rongzhi('keys', 'rotate', '--grace', '0');
    expect(rotated.stdout).toMatch(/^主密钥 [0-9a-f]{8}；重新加密 \d+ 个字段；移除旧密钥 [0-9a-f]{8}/);
    const ring = JSON.parse(readFileSync(path.join(dataDir, 'master.key'), 'utf8'));
    expect(ring.keys).toHaveLength(1);
    expect(ring.keys[0].key).not.toBe(before);
    const status = await rongzhi('keys', 'status');
    expect(status.stdout).toContain('（主密钥）');
    await expect(rongzhi('keys', 'nonsense')).rejects.toMatchObject({ code: 2 });
  }, 120_000);
});
