import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { parseIdCard, withCheckDigit } from '../../shared/idcard';
import { buildZip, xlsxSkeleton } from './__fixtures__/zip';
import { teamColumns, volunteerColumns } from './columns';
import { actorOf } from '../identity/auth.service';
import { insertMany } from './batchInsert';
import { XLSX_MIME } from './imports.routes';
import { ImportsService } from './imports.service';
import { neutralise } from './exports';

type Row = Record<string, string | number>;

/** A workbook with the template's headers and the given rows, built the way a person would fill it. */
async function workbookOf(headers: readonly string[], rows: Row[], sheetName = '数据'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const volunteersFile = (rows: Row[]) =>
  workbookOf(
    volunteerColumns.map((c) => c.header),
    rows,
  );
const teamsFile = (rows: Row[]) =>
  workbookOf(
    teamColumns.map((c) => c.header),
    rows,
  );

let serial = 100;
/** A fictional person: valid check digit, unique sequence, unique phone. */
function person(residence: string, extra: Row = {}): Row {
  serial++;
  return {
    姓名: `测试${serial}`,
    身份证号: withCheckDigit(`130425198${serial % 10}0101${String(serial).padStart(3, '0')}`),
    手机号: `139${String(serial).padStart(8, '0')}`,
    居住地区划代码: residence,
    是否退役军人: '是',
    退役军人类别: '退役士兵',
    服役年限: 3,
    ...extra,
  };
}

async function loadWorkbook(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

describe('formula neutraliser', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+86', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['张三', '130425********1234', '1+1', '']) expect(neutralise(s)).toBe(s);
  });
});

describeEachDialect('Excel import and export', (db) => {
  let app: FastifyInstance;
  let world: World;
  let daming: Session;
  let guantaoVillage: string;

  const upload = (
    session: Session,
    kind: 'volunteers' | 'teams',
    body: Buffer,
    query = 'mode=validate',
    contentType = XLSX_MIME,
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/imports/${kind}?${query}`,
      headers: { ...session.headers, 'content-type': contentType },
      payload: body,
    });
  const countVolunteers = async () =>
    Number(
      (
        await db()
          .db.selectFrom('volunteers')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = (action: string) =>
    db().db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    daming = await login(app, 'daming');
    guantaoVillage = (
      await db()
        .db.selectFrom('regions')
        .select('code')
        .where('parentCode', '=', places.guantaozhen)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
  });
  afterAll(async () => app.close());

  describe('templates', () => {
    it('serves a volunteers template with the headers, dropdowns, an example row and instructions', async () => {
      const res = await app.inject({
        url: '/api/imports/templates/volunteers.xlsx',
        headers: daming.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(XLSX_MIME);
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
      const workbook = await loadWorkbook(res.rawPayload);
      const sheet = workbook.getWorksheet('志愿者')!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(volunteerColumns.map((c) => c.header));
      const veteran = sheet.getCell('E2').dataValidation;
      expect(veteran).toMatchObject({ type: 'list' });
      expect(veteran.formulae?.[0]).toContain('选项');
      expect(sheet.getCell('F3').dataValidation).toMatchObject({ type: 'list' });
      // The example row: a fictional person with a valid ID number, in a village of the downloader's county.
      const example = sheet.getRow(2);
      expect(String(example.getCell(1).value)).toMatch(/^【示例】/);
      expect(parseIdCard(String(example.getCell(2).value))).not.toHaveProperty('error');
      expect(String(example.getCell(4).value)).toMatch(/^130425\d{6}$/);
      const help = workbook.getWorksheet('填写说明')!;
      expect(help.getCell('A2').value).toBe('姓名');
      expect(String(help.getCell('C5').value)).toContain('区划');
      const options = workbook.getWorksheet('选项')!;
      expect(options.state).toBe('hidden');
      const fieldNames = options.getColumn(5).values.slice(2);
      expect(fieldNames).toContain('红色宣讲');
    });

    it('serves a teams template whose 服务领域 dropdown comes from the service fields', async () => {
      const res = await app.inject({ url: '/api/imports/templates/teams.xlsx', headers: daming.headers });
      const workbook = await loadWorkbook(res.rawPayload);
      const sheet = workbook.getWorksheet('队伍')!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(teamColumns.map((c) => c.header));
      expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list' });
      expect(sheet.getCell('F2').dataValidation.formulae?.[0]).toContain("'选项'!$E$2");
    });

    it('imports nothing from an untouched template (the example row is skipped)', async () => {
      const template = await app.inject({
        url: '/api/imports/templates/volunteers.xlsx',
        headers: daming.headers,
      });
      const res = await upload(daming, 'volunteers', template.rawPayload, 'mode=all-or-nothing');
      expect(res.json()).toEqual({ total: 0, valid: 0, errors: [], imported: 0 });
    });

    it('is only for those who keep the registry', async () => {
      const sys = await login(app, 'sysadmin');
      const res = await app.inject({ url: '/api/imports/templates/volunteers.xlsx', headers: sys.headers });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('importing volunteers', () => {
    let good: Row[];
    let file: Buffer;

    beforeAll(async () => {
      good = [
        person(world.villageCode),
        person(world.villageCode, { 特长: '驾驶' }),
        person(world.villageCode),
      ];
      const badId = person(world.villageCode);
      badId.身份证号 = `${String(badId.身份证号).slice(0, 17)}${String(badId.身份证号).endsWith('0') ? '1' : '0'}`;
      const badPhone = person(world.villageCode, { 手机号: '12345' });
      const badRegion = person('130425999999');
      // Rows 2..7 as Excel shows them: good, bad ID, good, bad phone, good, unknown region.
      file = await volunteersFile([good[0]!, badId, good[1]!, badPhone, good[2]!, badRegion]);
    });

    it('validates without writing and reports exactly the three bad rows', async () => {
      const before = await countVolunteers();
      const res = await upload(daming, 'volunteers', file);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        total: 6,
        valid: 3,
        imported: 0,
        errors: [
          { row: 3, column: '身份证号', message: '身份证号校验位不正确，请核对' },
          { row: 5, column: '手机号', message: '手机号应为11位中国大陆手机号码' },
          { row: 7, column: '居住地区划代码', message: '区划代码不存在，请核对12位代码' },
        ],
      });
      expect(await countVolunteers()).toBe(before);
    });

    it('all-or-nothing writes nothing when any row is wrong', async () => {
      const before = await countVolunteers();
      const res = await upload(daming, 'volunteers', file, 'mode=all-or-nothing');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ total: 6, valid: 3, imported: 0 });
      expect(res.json().errors).toHaveLength(3);
      expect(await countVolunteers()).toBe(before);
      expect(await audits('import.volunteers')).toHaveLength(0);
    });

    it('valid-only writes the valid rows, encrypted, numbered, with one audit row', async () => {
      const before = await countVolunteers();
      const res = await upload(daming, 'volunteers', file, 'mode=valid-only');
      expect(res.json()).toMatchObject({ total: 6, valid: 3, imported: 3 });
      expect(await countVolunteers()).toBe(before + 3);
      const rows = await db()
        .db.selectFrom('volunteers')
        .selectAll()
        .where(
          'idCardHash',
          'in',
          good.map((g) => testCrypto.hash(String(g.身份证号))),
        )
        .orderBy('volunteerNo')
        .execute();
      expect(rows.map((r) => r.name)).toEqual(good.map((g) => g.姓名));
      expect(rows.every((r) => /^RZ\d{8}$/.test(r.volunteerNo))).toBe(true);
      expect(new Set(rows.map((r) => r.volunteerNo)).size).toBe(3);
      expect(rows[0]!.idCardEnc).not.toContain(String(good[0]!.身份证号));
      expect(testCrypto.decrypt(rows[0]!.idCardEnc)).toBe(good[0]!.身份证号);
      expect(rows[0]).toMatchObject({
        isVeteran: 1,
        veteranKind: 'soldier',
        serviceYears: 3,
        createdBy: world.ids.daming,
      });
      expect(rows[1]!.skills).toBe('驾驶');
      const [audit] = await audits('import.volunteers');
      expect(audit).toMatchObject({
        accountId: world.ids.daming,
        result: 'success',
        regionCode: places.daming,
      });
      expect(JSON.parse(audit!.detail!)).toEqual({
        mode: 'valid-only',
        total: 6,
        valid: 3,
        errorRows: 3,
        imported: 3,
      });
    });

    it('rejects a row whose residence lies outside a county admin’s county', async () => {
      const res = await upload(
        daming,
        'volunteers',
        await volunteersFile([person(world.villageCode), person(guantaoVillage)]),
      );
      expect(res.json()).toMatchObject({ total: 2, valid: 1 });
      expect(res.json().errors).toEqual([
        {
          row: 3,
          column: '居住地区划代码',
          message: '居住地不在您的管辖范围内；如为本辖区队伍的成员，请填写所属队伍编号',
        },
      ]);
    });

    it('finds duplicates inside the file and against the registry, saying nothing about other counties', async () => {
      // 馆陶县 registers one person of its own.
      const guantao = await login(app, 'guantao');
      const theirs = person(guantaoVillage);
      expect(
        (await upload(guantao, 'volunteers', await volunteersFile([theirs]), 'mode=all-or-nothing')).json(),
      ).toMatchObject({
        imported: 1,
      });
      const ours = await db()
        .db.selectFrom('volunteers')
        .select('volunteerNo')
        .where('idCardHash', '=', testCrypto.hash(String(good[0]!.身份证号)))
        .executeTakeFirstOrThrow();

      const twice = person(world.villageCode);
      const samePhone = person(world.villageCode, { 手机号: twice.手机号! });
      const res = await upload(
        daming,
        'volunteers',
        await volunteersFile([
          twice,
          { ...twice, 手机号: '13700000001' },
          samePhone,
          { ...person(world.villageCode), 身份证号: good[0]!.身份证号! },
          { ...person(world.villageCode), 身份证号: theirs.身份证号! },
          { ...person(world.villageCode), 手机号: good[1]!.手机号! },
        ]),
      );
      expect(res.json().errors).toEqual([
        { row: 3, column: '身份证号', message: '与第2行的身份证号重复' },
        { row: 4, column: '手机号', message: '与第2行的手机号重复' },
        {
          row: 5,
          column: '身份证号',
          message: `已登记（志愿者编号 ${ours.volunteerNo}），可在志愿者页面为其添加队伍`,
        },
        { row: 6, column: '身份证号', message: '已在其他地区登记' },
        { row: 7, column: '手机号', message: '该手机号已被其他志愿者使用' },
      ]);
    });

    it('reports every problem of a row, by Excel row number and Chinese column', async () => {
      const res = await upload(
        daming,
        'volunteers',
        await volunteersFile([
          {
            姓名: '李',
            身份证号: '123',
            居住地区划代码: '1304',
            是否退役军人: '也许',
            服役年限: 'abc',
            所属队伍编号: 'x',
          },
        ]),
      );
      const columns = res.json().errors.map((e: { column: string }) => e.column);
      expect(columns).toEqual([
        '姓名',
        '身份证号',
        '居住地区划代码',
        '是否退役军人',
        '服役年限',
        '所属队伍编号',
      ]);
      expect(res.json().errors[3].message).toBe('是否退役军人应填写“是”或“否”');
    });

    it('takes files bigger than the API’s 1 MB body limit', async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('志愿者').addRow(volunteerColumns.map((c) => c.header));
      workbook
        .addWorksheet('附件')
        .addRows(Array.from({ length: 60 }, () => [randomBytes(22_000).toString('base64')]));
      const big = Buffer.from(await workbook.xlsx.writeBuffer());
      expect(big.length).toBeGreaterThan(1.2 * 1024 * 1024);
      const res = await upload(daming, 'volunteers', big);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ total: 0, valid: 0, errors: [], imported: 0 });
    });

    it('refuses a sheet without the required columns', async () => {
      const res = await upload(
        daming,
        'volunteers',
        await workbookOf(['姓名', '身份证号'], [{ 姓名: '张三' }]),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'FILE_REJECTED' });
      expect(res.json().error.message).toContain('缺少必填列：居住地区划代码、是否退役军人');
    });

    it('asks an organisation’s staff for one of their teams', async () => {
      const junxiu = await login(app, 'junxiu');
      const res = await upload(junxiu, 'volunteers', await volunteersFile([person(world.villageCode)]));
      expect(res.json().errors).toEqual([
        { row: 2, column: '所属队伍编号', message: '请填写所属队伍编号（须为您管理的队伍）' },
      ]);
    });
  });

  describe('importing teams and joining them', () => {
    it('imports valid teams as drafts with fields, and volunteers into them', async () => {
      const file = await teamsFile([
        {
          队伍名称: '大名镇导入测试志愿服务队',
          队伍类别: '依托服务中心(站)组建',
          所在区划代码: world.villageCode,
          服务领域: '红色宣讲、助老助困',
          队长姓名: '王队长',
          联系电话: '0310-1234567',
          成立日期: '2022-06-01',
          简介: '+ 每周巡逻',
        },
        {
          队伍名称: '缺登记依据的队伍',
          队伍类别: '整合社会资源(统一登记)',
          所在区划代码: world.villageCode,
          队长姓名: '李队长',
        },
        {
          队伍名称: '馆陶的队伍',
          队伍类别: '依托服务中心(站)组建',
          所在区划代码: guantaoVillage,
          队长姓名: '赵队长',
          服务领域: '不存在的领域',
        },
      ]);
      const res = await upload(daming, 'teams', file, 'mode=valid-only');
      expect(res.json()).toEqual({
        total: 3,
        valid: 1,
        imported: 1,
        errors: [
          {
            row: 3,
            column: '统一登记依据',
            message: '整合社会资源(统一登记)的队伍请至少填写一项登记依据',
          },
          { row: 4, column: '所在区划代码', message: '队伍所在区划超出您的管辖范围' },
          { row: 4, column: '服务领域', message: '服务领域“不存在的领域”不存在，请从下拉列表选择' },
        ],
      });
      const team = await db()
        .db.selectFrom('teams')
        .selectAll()
        .where('name', '=', '大名镇导入测试志愿服务队')
        .executeTakeFirstOrThrow();
      expect(team).toMatchObject({
        status: 'draft',
        category: 'station',
        foundedOn: '2022-06-01',
        path: `/${team.id}/`,
      });
      const fields = await db()
        .db.selectFrom('teamFields')
        .select('fieldId')
        .where('teamId', '=', team.id)
        .execute();
      expect(fields).toHaveLength(2);
      expect((await audits('import.teams'))[0]).toMatchObject({
        accountId: world.ids.daming,
        result: 'success',
      });

      // The same name in the same village again is refused.
      const again = await upload(daming, 'teams', file);
      expect(again.json().errors[0]).toEqual({ row: 2, column: '队伍名称', message: '该区划下已有同名队伍' });

      // A 馆陶 resident may join a 大名 team: the team brings them into 大名's scope.
      const member = person(guantaoVillage, { 所属队伍编号: team.id, 队内角色: '骨干' });
      const joined = await upload(
        daming,
        'volunteers',
        await volunteersFile([member]),
        'mode=all-or-nothing',
      );
      expect(joined.json()).toMatchObject({ imported: 1, errors: [] });
      const membership = await db()
        .db.selectFrom('memberships')
        .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
        .select(['memberships.role', 'memberships.leftOn'])
        .where('memberships.teamId', '=', team.id)
        .executeTakeFirstOrThrow();
      expect(membership).toEqual({ role: 'backbone', leftOn: null });

      // 馆陶 cannot place people into 大名's team.
      const guantao = await login(app, 'guantao');
      const denied = await upload(
        guantao,
        'volunteers',
        await volunteersFile([person(guantaoVillage, { 所属队伍编号: team.id })]),
      );
      expect(denied.json().errors).toEqual([
        { row: 2, column: '所属队伍编号', message: '队伍不存在或不在您的管辖范围内' },
      ]);
    });
  });

  describe('atomicity', () => {
    it('leaves nothing behind when the write fails half-way', async () => {
      const account = await db()
        .db.selectFrom('accounts')
        .selectAll()
        .where('id', '=', world.ids.daming!)
        .executeTakeFirstOrThrow();
      const before = await countVolunteers();
      const auditsBefore = (await audits('import.volunteers')).length;
      const rows = Array.from({ length: 3 }, () => person(world.villageCode));
      const failing = new ImportsService(db().db, testCrypto).run(
        'volunteers',
        actorOf(account, 'staff'),
        await volunteersFile(rows),
        'valid-only',
        { accountId: account.id, username: account.username, ip: null },
        (p) => {
          // Volunteers are inserted, memberships and the audit row not yet: fail right here.
          if (p.phase === 'writing' && p.processed > 0) throw new Error('disk full');
        },
      );
      await expect(failing).rejects.toThrow('disk full');
      expect(await countVolunteers()).toBe(before);
      expect(await audits('import.volunteers')).toHaveLength(auditsBefore);
    });

    it('reuses one compiled INSERT for equal batches and writes every row', async () => {
      const names = Array.from({ length: 5 }, (_, i) => `批量测试${i}`);
      await db()
        .db.transaction()
        .execute(async (tx) => {
          const written = await insertMany(
            tx,
            'serviceFields',
            names.map((name, i) => ({ id: randomUUID(), name, sort: 900 + i, active: 0 })),
            2,
          );
          expect(written).toBe(5);
          const rows = await tx
            .selectFrom('serviceFields')
            .select(['name', 'sort'])
            .where('sort', '>=', 900)
            .orderBy('sort')
            .execute();
          expect(rows).toEqual(names.map((name, i) => ({ name, sort: 900 + i })));
          await tx.deleteFrom('serviceFields').where('sort', '>=', 900).execute();
        });
    });
  });

  describe('progress', () => {
    it('reports the phase of a job to the account that started it, and to no one else', async () => {
      const job = randomUUID();
      const res = await upload(
        daming,
        'volunteers',
        await volunteersFile([person(world.villageCode)]),
        `mode=validate&job=${job}`,
      );
      expect(res.statusCode).toBe(200);
      const mine = await app.inject({ url: `/api/imports/progress/${job}`, headers: daming.headers });
      expect(mine.json()).toEqual({ phase: 'done', processed: 1, total: 1 });
      const other = await app.inject({
        url: `/api/imports/progress/${job}`,
        headers: (await login(app, 'guantao')).headers,
      });
      expect(other.statusCode).toBe(404);
    });
  });

  describe('export', () => {
    it('exports the caller’s volunteers only, masked, with formula-like text neutralised, and audits it', async () => {
      const risky = person(world.villageCode, { 特长: '=HYPERLINK("http://evil.example","点我")' });
      expect(
        (await upload(daming, 'volunteers', await volunteersFile([risky]), 'mode=all-or-nothing')).json(),
      ).toMatchObject({
        imported: 1,
      });
      const res = await app.inject({
        url: '/api/exports/volunteers.xlsx?isVeteran=true',
        headers: daming.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(XLSX_MIME);
      const sheet = (await loadWorkbook(res.rawPayload)).getWorksheet('志愿者')!;
      const rows = sheet.getSheetValues().slice(2) as unknown[][];
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      const mine = rows.find((r) => r[col('姓名')] === risky.姓名)!;
      expect(mine[col('特长')]).toBe(`'${risky.特长}`);
      expect(mine[col('身份证号')]).toMatch(/^130425\*{8}\d{3}[\dX]$/);
      expect(mine[col('手机号')]).toMatch(/^139\*{4}\d{4}$/);
      // Everyone exported lives in 大名县 or belongs to one of its teams; 馆陶's own people are absent.
      const names = rows.map((r) => r[col('姓名')]);
      const guantaoOwn = await db()
        .db.selectFrom('volunteers')
        .select('name')
        .where('residenceCode', '=', guantaoVillage)
        .where('createdBy', '=', world.ids.guantao!)
        .execute();
      expect(guantaoOwn.length).toBeGreaterThan(0);
      for (const v of guantaoOwn) expect(names).not.toContain(v.name);
      const total = await app.inject({ url: '/api/volunteers?isVeteran=true', headers: daming.headers });
      expect(rows).toHaveLength(total.json().total);
      const [audit] = await audits('export.volunteers');
      expect(audit).toMatchObject({ accountId: world.ids.daming, result: 'success' });
      expect(JSON.parse(audit!.detail!)).toMatchObject({ rows: rows.length, filter: { isVeteran: 'true' } });
    });

    it('exports teams with the description neutralised', async () => {
      const res = await app.inject({ url: '/api/exports/teams.xlsx?q=导入测试', headers: daming.headers });
      const sheet = (await loadWorkbook(res.rawPayload)).getWorksheet('队伍')!;
      expect(sheet.rowCount).toBe(2);
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(sheet.getRow(2).getCell(header.indexOf('简介') + 1).value).toBe("'+ 每周巡逻");
      expect(sheet.getRow(2).getCell(header.indexOf('联系电话') + 1).value).toBe('031****4567');
      expect((await audits('export.teams'))[0]).toMatchObject({ accountId: world.ids.daming });
    });

    it('gives a county admin of 馆陶 none of 大名’s teams', async () => {
      const guantao = await login(app, 'guantao');
      const res = await app.inject({ url: '/api/exports/teams.xlsx', headers: guantao.headers });
      const sheet = (await loadWorkbook(res.rawPayload)).getWorksheet('队伍')!;
      const regions = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => String(r[6]));
      expect(regions.every((code) => code.startsWith('130433'))).toBe(true);
    });
  });

  describe('hostile uploads', () => {
    it('refuses a renamed PNG, an old .xls, a zip bomb and a zip of thousands of entries', async () => {
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100)]);
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);
      const bomb = buildZip([
        ...xlsxSkeleton(),
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 << 20) },
      ]);
      const many = buildZip([
        ...xlsxSkeleton(),
        ...Array.from({ length: 2100 }, (_, i) => ({ name: `x/${i}`, data: Buffer.from('x') })),
      ]);
      for (const [file, words] of [
        [png, 'PNG'],
        [xls, '.xls'],
        [bomb, '压缩炸弹'],
        [many, '2000'],
      ] as const) {
        const res = await upload(daming, 'volunteers', file, 'mode=valid-only');
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('FILE_REJECTED');
        expect(res.json().error.message).toContain(words);
      }
    });

    it('refuses a file over 20 MB with 413 and says why', async () => {
      const res = await upload(
        daming,
        'volunteers',
        Buffer.alloc(21 << 20),
        'mode=validate',
        'application/octet-stream',
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(res.json().error.message).toContain('20 MB');
      // Sent without a declared length, the body is cut off while it is read: the same answer.
      const streamed = await app.inject({
        method: 'POST',
        url: '/api/imports/volunteers',
        headers: { ...daming.headers, 'content-type': XLSX_MIME },
        payload: Readable.from([Buffer.alloc(11 << 20), Buffer.alloc(11 << 20)]),
      });
      expect(streamed.statusCode).toBe(413);
      expect(streamed.json().error.message).toContain('20 MB');
    });

    it('refuses other content types, strangers and roles without the registry', async () => {
      const form = await upload(
        daming,
        'volunteers',
        Buffer.from('--x\r\n'),
        'mode=validate',
        'multipart/form-data; boundary=x',
      );
      expect(form.statusCode).toBe(415);
      expect(form.json().error.message).toContain('.xlsx');
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/imports/volunteers',
        headers: { 'x-requested-with': 'rongzhi', 'content-type': XLSX_MIME },
        payload: Buffer.from('PK'),
      });
      expect(anonymous.statusCode).toBe(401);
      const auditor = await login(app, 'auditor');
      expect((await upload(auditor, 'volunteers', await volunteersFile([]))).statusCode).toBe(403);
    });
  });
});
