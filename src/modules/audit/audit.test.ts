import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import type { Database } from '../../db/database';
import { beijingTime } from './audit.export';
import { AuditRepo } from './audit.repo';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function sheetRows(body: Buffer): Promise<ExcelJS.Row[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('审计日志')!;
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(row);
  });
  return rows;
}

describe('beijingTime', () => {
  it('shows an instant in Beijing time, crossing midnight', () => {
    expect(beijingTime('2026-03-04T17:30:05.120Z')).toBe('2026-03-05 01:30:05');
  });
});

describeEachDialect('audit log: region filter and export', (db) => {
  let app: FastifyInstance;
  let auditor: Session;
  const exports = () =>
    db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'audit.export')
      .orderBy('id', 'desc')
      .execute();

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    auditor = await login(app, 'auditor');
    const repo = new AuditRepo(db().db);
    const by = (username: string) => ({ accountId: null, username, ip: '10.0.0.9' });
    // A county entry, one in a township under it, one in another county, one with no region.
    await repo.write(by('daming'), {
      action: 'team.create',
      result: 'success',
      targetType: 'team',
      targetId: 'county-team',
      regionCode: places.daming,
      detail: { name: '=HYPERLINK("http://evil.example","点我")' },
    });
    await repo.write(by('+damingzhen'), {
      action: 'team.create',
      result: 'success',
      targetType: 'team',
      targetId: 'township-team',
      regionCode: places.damingzhen,
    });
    await repo.write(by('guantao'), {
      action: 'team.create',
      result: 'success',
      targetType: 'team',
      targetId: 'other-county-team',
      regionCode: places.guantao,
    });
    await repo.write(by('sysadmin'), { action: 'team.create', result: 'denied', targetType: 'team' });
  });
  afterAll(async () => app.close());

  it('filters the log by a region and everything under it', async () => {
    const res = await app.inject({
      url: `/api/audit?action=team.create&regionCode=${places.daming}`,
      headers: auditor.headers,
    });
    expect(res.statusCode).toBe(200);
    const targets = res.json().items.map((e: { targetId: string }) => e.targetId);
    expect(targets.sort()).toEqual(['county-team', 'township-team']);
    expect(res.json().total).toBe(2);

    const township = await app.inject({
      url: `/api/audit?action=team.create&regionCode=${places.damingzhen}`,
      headers: auditor.headers,
    });
    expect(township.json().items.map((e: { targetId: string }) => e.targetId)).toEqual(['township-team']);
  });

  it('exports the filtered log to .xlsx, formula-safe, and audits the export', async () => {
    const before = (await exports()).length;
    const res = await app.inject({
      url: `/api/audit/export.xlsx?action=team.create&regionCode=${places.daming}`,
      headers: auditor.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );

    const rows = await sheetRows(res.rawPayload);
    // Newest first, only the two entries in 大名县 and under it.
    expect(rows.map((r) => r.getCell(7).value)).toEqual(['township-team', 'county-team']);
    expect(rows.map((r) => r.getCell(8).value)).toEqual([places.damingzhen, places.daming]);
    expect(rows.every((r) => r.getCell(5).value === '成功')).toBe(true);
    // What people typed stays text: no cell is a formula, and the dangerous ones carry an apostrophe.
    for (const row of rows) row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    expect(rows[0]!.getCell(3).value).toBe("'+damingzhen");
    expect(String(rows[1]!.getCell(10).value)).toMatch(/^\{"name":"=HYPERLINK/);
    expect(rows[1]!.getCell(3).value).toBe('daming');

    const after = await exports();
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ result: 'success', username: 'auditor' });
    expect(JSON.parse(after[0]!.detail!)).toEqual({
      filter: { action: 'team.create', regionCode: places.daming },
      rows: 2,
    });
  });

  it('lets only the auditor export, and records nothing for a refused export', async () => {
    const before = (await exports()).length;
    for (const username of ['city', 'daming', 'sysadmin', 'secadmin']) {
      const s = await login(app, username);
      const res = await app.inject({ url: '/api/audit/export.xlsx', headers: s.headers });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const anonymous = await app.inject({ url: '/api/audit/export.xlsx' });
    expect(anonymous.statusCode).toBe(401);
    expect((await exports()).length).toBe(before);
  });

  it('shows the hash chain status to the auditor, names a row changed behind its back, and audits the check', async () => {
    const ok = await app.inject({ url: '/api/audit/chain', headers: auditor.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, broken: null });
    expect(ok.json().rows).toBeGreaterThan(4);
    for (const username of ['city', 'sysadmin', 'secadmin']) {
      const s = await login(app, username);
      expect((await app.inject({ url: '/api/audit/chain', headers: s.headers })).statusCode).toBe(403);
    }

    const target = await db()
      .db.selectFrom('auditLog')
      .select(['id', 'action'])
      .where('targetId', '=', 'other-county-team')
      .executeTakeFirstOrThrow();
    const edit = async (targetId: string) => {
      const { location } = db() as Database & { location: { sqliteFile: string } | { databaseUrl: string } };
      const statement = `update audit_log set target_id = '${targetId}' where id = ${target.id}`;
      if ('sqliteFile' in location) {
        const file = new SQLite(location.sqliteFile);
        file.exec('drop trigger audit_log_no_update');
        file.exec(statement);
        file.exec(`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`);
        file.close();
      } else {
        const client = new pg.Client({ connectionString: location.databaseUrl });
        await client.connect();
        await client.query('alter table audit_log disable trigger audit_log_no_update');
        await client.query(statement);
        await client.query('alter table audit_log enable trigger audit_log_no_update');
        await client.end();
      }
    };
    await edit('county-team');
    const broken = await app.inject({ url: '/api/audit/chain', headers: auditor.headers });
    expect(broken.json()).toMatchObject({
      ok: false,
      broken: { id: target.id, action: 'team.create', reason: 'content' },
    });
    const checks = await db()
      .db.selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'audit.verify')
      .orderBy('id', 'desc')
      .execute();
    expect(JSON.parse(checks[0]!.detail!)).toMatchObject({ ok: false, brokenId: target.id });
    await edit('other-county-team');
    expect((await app.inject({ url: '/api/audit/chain', headers: auditor.headers })).json().ok).toBe(true);
  });

  it('keeps one unbroken chain under 50 parallel audited requests', async () => {
    const before = await app.inject({ url: '/api/audit/chain', headers: auditor.headers });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.inject({ url: `/api/audit?username=parallel-${i}`, headers: auditor.headers }),
      ),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const after = await app.inject({ url: '/api/audit/chain', headers: auditor.headers });
    expect(after.json()).toMatchObject({ ok: true, broken: null });
    // The 50 searches and the first check, each one row.
    expect(after.json().rows).toBe(before.json().rows + 51);
  });

  it('refuses a malformed region code with a clear message', async () => {
    const res = await app.inject({ url: '/api/audit/export.xlsx?regionCode=1304', headers: auditor.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('regionCode');
  });
});
