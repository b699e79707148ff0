import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { regionPrefix } from '../../shared/regions';
import { statisticsFixtures } from '../../../tests/support/statistics.fixtures';

const YEAR = 2026;
const city = places.handan;

describeEachDialect('statistics: dashboard, counters, reports, exchange', (db, dialect) => {
  let app: FastifyInstance;
  let world: World;
  let cityS: Session;
  let damingS: Session;
  let guantaoS: Session;
  const ids: Record<string, string> = {};
  let guantaoVillage: string;
  let damingIdCard: string;

  /** Confirmed minutes of the year under a region, counted from the records themselves. */
  const recountMinutes = async (code: string, monthFrom: string, monthTo: string) => {
    const prefix = regionPrefix(code);
    const r = await sql<{ m: number | string | null }>`select sum(r.minutes) as m from service_records r
      join teams t on t.id = r.team_id where r.status = 'confirmed' and t.region_code like ${`${prefix}%`}
      and substr(r.service_date, 1, 7) between ${monthFrom} and ${monthTo}`.execute(db().db);
    return Number(r.rows[0]?.m ?? 0);
  };

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    cityS = await login(app, 'city');
    damingS = await login(app, 'daming');
    guantaoS = await login(app, 'guantao');
    const f = statisticsFixtures(db().db, testCrypto);
    guantaoVillage = (
      await db()
        .db.selectFrom('regions')
        .select('code')
        .where('parentCode', '=', places.guantaozhen)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    ids.dmTeam = await f.team(world.villageCode, '大名镇老兵志愿服务队', 'station');
    ids.dmTeam2 = await f.team(
      world.otherTownshipCode,
      '金戈公益志愿服务队',
      'social',
      'approved',
      world.orgId,
    );
    ids.dmDraft = await f.team(world.villageCode, '尚未审核的队伍', 'station', 'draft');
    ids.gtTeam = await f.team(guantaoVillage, '小桔灯志愿服务队', 'integrated');
    damingIdCard = fakeIdCard('19550301', true, '130425');
    ids.v1 = await f.volunteer(world.villageCode, '张金豹', {
      idCard: damingIdCard,
      teamId: ids.dmTeam,
      birthDate: '1955-03-01',
      phone: '13900001111',
    });
    ids.v2 = await f.volunteer(world.villageCode, '=HYPERLINK("http://x")', {
      idCard: fakeIdCard('19800101', true, '130425'),
      veteran: false,
      birthDate: '1980-01-01',
      teamId: ids.dmTeam,
    });
    ids.v3 = await f.volunteer(world.otherTownshipCode, '李卫国', {
      idCard: fakeIdCard('19700101', true, '130425'),
      birthDate: '1970-01-01',
      teamId: ids.dmTeam2,
    });
    ids.g1 = await f.volunteer(guantaoVillage, '馆陶志愿者', {
      idCard: fakeIdCard('19650101', true, '130433'),
      teamId: ids.gtTeam,
    });
    ids.a1 = await f.activity(ids.dmTeam, world.villageCode, `${YEAR}-03-05T01:00:00.000Z`);
    ids.a2 = await f.activity(ids.dmTeam2, world.otherTownshipCode, `${YEAR}-03-10T01:00:00.000Z`);
    ids.a3 = await f.activity(ids.gtTeam, guantaoVillage, `${YEAR}-03-12T01:00:00.000Z`);
    // Starts on 1 April in China (31 March UTC): counted in April.
    ids.a4 = await f.activity(ids.dmTeam, world.villageCode, `${YEAR}-03-31T17:00:00.000Z`);
    await f.activity(ids.dmTeam, world.villageCode, `${YEAR}-03-20T01:00:00.000Z`, 'cancelled');
    await db()
      .db.insertInto('activityOutputs')
      .values([
        { id: 'o1', activityId: ids.a1, kind: 'meals', quantity: 120 },
        { id: 'o2', activityId: ids.a2, kind: 'rides', quantity: 35 },
        { id: 'o3', activityId: ids.a3, kind: 'meals', quantity: 999 },
      ])
      .execute();
    await f.record(ids.v1, ids.dmTeam, `${YEAR}-03-05`, 120, 'confirmed', ids.a1);
    await f.record(ids.v2, ids.dmTeam, `${YEAR}-03-05`, 90, 'confirmed', ids.a1);
    await f.record(ids.v3, ids.dmTeam2, `${YEAR}-03-10`, 180, 'confirmed', ids.a2);
    await f.record(ids.v3, ids.dmTeam2, `${YEAR}-02-10`, 60, 'pending');
    await f.record(ids.g1, ids.gtTeam, `${YEAR}-03-12`, 600, 'confirmed', ids.a3);
  });
  afterAll(async () => app.close());

  const overview = async (s: Session, query: string) => {
    const res = await app.inject({ url: `/api/statistics/overview?${query}`, headers: s.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('gives a county only its own figures, drillable to its townships', async () => {
    const o = await overview(damingS, `year=${YEAR}&month=3`);
    expect(o.region.code).toBe(places.daming);
    expect(o.totals).toMatchObject({
      teams: 2,
      volunteers: 3,
      veterans: 2,
      minutesYear: 390,
      minutesMonth: 390,
      recordsYear: 3,
      activitiesMonth: 2,
      activitiesYear: 3,
    });
    expect(o.totals.minutesYear).toBe(await recountMinutes(places.daming, `${YEAR}-01`, `${YEAR}-12`));
    const town = o.byRegion.find((r: { code: string }) => r.code === places.damingzhen);
    expect(town).toMatchObject({ teams: 1, volunteers: 2, veterans: 1, minutesYear: 210, activitiesYear: 2 });
    expect(o.drillable).toBe(true);
    expect(o.monthly[2]).toMatchObject({ month: `${YEAR}-03`, minutes: 390, records: 3, activities: 2 });
    expect(o.monthly[3].activities).toBe(1);
    expect(o.topTeams.map((t: { name: string; minutes: number }) => [t.name, t.minutes])).toEqual([
      ['大名镇老兵志愿服务队', 210],
      ['金戈公益志愿服务队', 180],
    ]);
    expect(o.ages.find((a: { band: string }) => a.band === '40-49岁').volunteers).toBe(1);
    expect(o.coverage.countiesWithBrand).toBeLessThanOrEqual(o.coverage.counties);
    expect(o.coverage.counties).toBe(1);
    expect(JSON.stringify(o)).not.toContain('小桔灯');

    const down = await overview(damingS, `regionCode=${places.damingzhen}&year=${YEAR}&month=3`);
    expect(down.path.map((p: { code: string }) => p.code)).toEqual([places.daming, places.damingzhen]);
    expect(down.totals).toMatchObject({ teams: 1, volunteers: 2, minutesYear: 210 });
    const village = down.byRegion.find((r: { code: string }) => r.code === world.villageCode);
    expect(village).toMatchObject({ teams: 1, volunteers: 2 });
    expect(down.drillable).toBe(false);

    const other = await app.inject({
      url: `/api/statistics/overview?regionCode=${places.guantao}`,
      headers: damingS.headers,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('counts honours one way: finished awards and external honours, not governance posts, in the region', async () => {
    const nomination = (
      id: string,
      honourId: string,
      regionCode: string,
      status: 'awarded' | 'city_review',
      nominee = { id: ids.v1!, name: '张金豹' },
    ) => ({
      id,
      honourId,
      year: YEAR,
      nomineeKind: 'volunteer' as const,
      nomineeId: nominee.id,
      nomineeName: nominee.name,
      regionCode,
      proposerAccountId: world.ids.daming!,
      proposerName: '测试daming',
      deeds: '常年为村里孤寡老人送餐',
      facts: '{}',
      status,
      createdAt: `${YEAR}-05-01T00:00:00.000Z`,
      updatedAt: `${YEAR}-05-01T00:00:00.000Z`,
    });
    await db()
      .db.insertInto('nominations')
      .values([
        nomination('n-award', 'youxiu-tuiyijunren', world.villageCode, 'awarded'),
        nomination('n-role', 'jiceng-zhili', world.villageCode, 'awarded'),
        nomination('n-review', 'zuimei-tuiyijunren', world.villageCode, 'city_review'),
        nomination('n-guantao', 'youxiu-tuiyijunren', guantaoVillage, 'awarded', {
          id: ids.g1!,
          name: '馆陶志愿者',
        }),
      ])
      .execute();
    await db()
      .db.insertInto('externalHonours')
      .values({
        id: 'x-1',
        name: '河北省模范退役军人',
        level: 'province',
        issuer: '河北省退役军人事务厅',
        year: YEAR,
        holderKind: 'volunteer',
        holderId: ids.v3!,
        holderName: '李卫国',
        regionCode: world.otherTownshipCode,
        evidence: '冀退役〔2026〕1号',
        createdAt: `${YEAR}-06-01T00:00:00.000Z`,
      })
      .execute();
    try {
      expect((await overview(damingS, `year=${YEAR}&month=3`)).honoursYear).toBe(2);
      expect((await overview(guantaoS, `year=${YEAR}&month=3`)).honoursYear).toBe(1);
      expect((await overview(cityS, `year=${YEAR}&month=3`)).honoursYear).toBe(3);
      expect((await overview(damingS, `year=${YEAR - 1}&month=3`)).honoursYear).toBe(0);
      const report = await app.inject({
        url: `/api/statistics/reports/work?from=${YEAR}-01-01&to=${YEAR}-12-31`,
        headers: damingS.headers,
      });
      expect(report.json().numbers.honours).toEqual([
        { honour: '河北省模范退役军人', nominee: '李卫国', year: YEAR },
        { honour: '优秀退役军人', nominee: '张金豹', year: YEAR },
      ]);
    } finally {
      await db().db.deleteFrom('nominations').where('id', 'like', 'n-%').execute();
      await db().db.deleteFrom('externalHonours').where('id', '=', 'x-1').execute();
    }
  });

  it('adds the counties up for the city and shows an empty region as zeros', async () => {
    const o = await overview(cityS, `year=${YEAR}&month=3`);
    expect(o.totals.minutesYear).toBe(990);
    expect(o.totals.teams).toBe(3);
    const daming = o.byRegion.find((r: { code: string }) => r.code === places.daming);
    const guantao = o.byRegion.find((r: { code: string }) => r.code === places.guantao);
    expect(daming.minutesYear).toBe(390);
    expect(guantao).toMatchObject({ teams: 1, volunteers: 1, minutesYear: 600 });
    const sum = o.byRegion.reduce((s: number, r: { minutesYear: number }) => s + r.minutesYear, 0);
    expect(sum).toBe(o.totals.minutesYear);

    const empty = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('parentCode', '=', places.guantao)
      .where('code', '!=', places.guantaozhen)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const e = await overview(guantaoS, `regionCode=${empty.code}&year=${YEAR}`);
    expect(Object.values(e.totals).every((v) => v === 0)).toBe(true);
    expect(e.byRegion.length).toBeGreaterThan(0);
    expect(
      e.byRegion.every((r: { teams: number; volunteers: number }) => r.teams === 0 && r.volunteers === 0),
    ).toBe(true);
    expect(e.topTeams).toEqual([]);

    const volunteer = await app.inject({
      url: '/api/statistics/overview',
      headers: (await login(app, 'junxiu')).headers,
    });
    expect(volunteer.statusCode).toBe(403);
  });

  it('writes the work report as .docx and .pdf with the numbers, keeping the staff text', async () => {
    const q = `regionCode=${places.daming}&from=${YEAR}-01-01&to=${YEAR}-03-31`;
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/statistics/reports/work?${q}`,
      headers: damingS.headers,
      payload: {
        texts: {
          opening: '大名县坚持把退役军人志愿服务摆在重要位置。',
          teamBuilding: '依托金戈公益组织吸纳志愿者。',
          management: '坚持月有安排。',
          brands: '打造戎耀大名品牌。',
          closing: '下一步继续推进。',
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = (
      await app.inject({ url: `/api/statistics/reports/work?${q}`, headers: damingS.headers })
    ).json();
    expect(report.texts.teamBuilding).toBe('依托金戈公益组织吸纳志愿者。');
    const n = report.numbers;
    expect(n.teams).toBe(2);
    expect(n.records).toBe(3);
    expect(n.minutes).toBe(390);
    expect(n.outputs).toEqual([
      { kind: 'meals', quantity: 120 },
      { kind: 'rides', quantity: 35 },
    ]);

    const dir = mkdtempSync(path.join(tmpdir(), 'rz-report-'));
    const docx = await app.inject({
      url: `/api/statistics/reports/work.docx?${q}`,
      headers: damingS.headers,
    });
    expect(docx.statusCode).toBe(200);
    writeFileSync(path.join(dir, 'r.docx'), docx.rawPayload);
    const xml = execFileSync('unzip', ['-p', path.join(dir, 'r.docx'), 'word/document.xml']).toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`共登记退役军人志愿服务队伍${n.teams}支`);
    expect(text).toContain(`登记志愿者${n.volunteers}人，其中退役军人${n.veterans}人`);
    expect(text).toContain('确认志愿服务记录3条，累计志愿服务时长6.5小时');
    expect(text).toContain('提供餐食120份');
    expect(text).toContain('依托金戈公益组织吸纳志愿者。');
    expect(text).not.toContain('999');

    const pdf = await app.inject({ url: `/api/statistics/reports/work.pdf?${q}`, headers: damingS.headers });
    expect(pdf.statusCode).toBe(200);
    writeFileSync(path.join(dir, 'r.pdf'), pdf.rawPayload);
    const pdfText = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, '');
    expect(pdfText).toContain(`队伍${n.teams}支`);
    expect(pdfText).toContain('累计志愿服务时长6.5小时');
    expect(pdfText).toContain('大名县退役军人志愿服务工作情况报告');

    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'statistics.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['statistics.report_text_save', 'statistics.report_download']),
    );
    const outside = await app.inject({
      url: `/api/statistics/reports/work.docx?regionCode=${places.guantao}&from=${YEAR}-01-01&to=${YEAR}-03-31`,
      headers: damingS.headers,
    });
    expect(outside.statusCode).toBe(403);
    const backwards = await app.inject({
      url: `/api/statistics/reports/work?from=${YEAR}-05-01&to=${YEAR}-03-31`,
      headers: damingS.headers,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe('from');
  });

  it('exports monthly and annual tables and chart data as .xlsx', async () => {
    const read = async (url: string, s: Session) => {
      const res = await app.inject({ url, headers: s.headers });
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const monthly = await read(`/api/statistics/reports/monthly.xlsx?year=${YEAR}&month=3`, damingS);
    const rows = monthly.worksheets[0]!.getSheetValues().slice(3) as unknown[][];
    expect(rows.length).toBe(2);
    // Each activity's confirmed records and hours (the pending February record is not one of them).
    expect(rows.map((r) => [r[9], r[10]])).toEqual([
      [2, 3.5],
      [1, 3],
    ]);
    expect(String(monthly.worksheets[0]!.getCell('A1').value)).toContain('共2场，确认服务时长6.5小时');
    expect(JSON.stringify(rows)).toContain('提供餐食120份');
    expect(JSON.stringify(rows)).not.toContain('小桔灯');

    const annual = await read(`/api/statistics/reports/annual.xlsx?year=${YEAR}`, cityS);
    const sheet = annual.worksheets[0]!;
    const damingRow = (sheet.getSheetValues() as unknown[][]).find((r) => r?.[1] === '大名县')!;
    expect(damingRow.slice(2, 7)).toEqual([2, 3, 2, 3, 6.5]);

    const fig = await read(`/api/statistics/overview.xlsx?year=${YEAR}&month=3&figure=topTeams`, damingS);
    expect(fig.worksheets[0]!.name).toBe('服务时长前十队伍');
    expect(fig.worksheets[0]!.getCell('B3').value).toBe('大名镇老兵志愿服务队');
  });

  it('counts outputs one way in the reports, the region’s own (本级) activities included', async () => {
    const f = statisticsFixtures(db().db, testCrypto);
    const NEXT = YEAR + 1;
    // A county-level activity, a village one, and a draft whose outputs do not count.
    const own = await f.activity(ids.dmTeam!, places.daming, `${NEXT}-04-02T01:00:00.000Z`);
    const village = await f.activity(ids.dmTeam!, world.villageCode, `${NEXT}-04-03T01:00:00.000Z`);
    const draft = await f.activity(ids.dmTeam!, places.daming, `${NEXT}-04-04T01:00:00.000Z`, 'draft');
    await db()
      .db.insertInto('activityOutputs')
      .values([
        { id: 'own-1', activityId: own, kind: 'meals', quantity: 7 },
        { id: 'vil-1', activityId: village, kind: 'meals', quantity: 20 },
        { id: 'dra-1', activityId: draft, kind: 'meals', quantity: 500 },
      ])
      .execute();
    const sheetOf = async (s: Session) => {
      const res = await app.inject({
        url: `/api/statistics/reports/annual.xlsx?year=${NEXT}`,
        headers: s.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const values = wb.worksheets[0]!.getSheetValues() as unknown[][];
      const header = values[2]!;
      const meals = header.findIndex((h) => typeof h === 'string' && h.startsWith('提供餐食'));
      expect(meals).toBeGreaterThan(0);
      return (name: string) => values.find((r) => r?.[1] === name)?.[meals];
    };
    const county = await sheetOf(damingS);
    expect(county('大名县本级')).toBe(7);
    expect(county('合计')).toBe(27);
    const city = await sheetOf(cityS);
    expect(city('大名县')).toBe(27);
    expect(city('合计')).toBe(27);

    const report = await app.inject({
      url: `/api/statistics/reports/work?from=${NEXT}-04-01&to=${NEXT}-04-02`,
      headers: damingS.headers,
    });
    expect(report.json().numbers.activities).toBe(1);
    expect(report.json().numbers.outputs).toEqual([{ kind: 'meals', quantity: 7 }]);
  });

  it('reads whole months from the counters and part months from the records, with the same answer', async () => {
    const numbers = async (from: string, to: string) => {
      const res = await app.inject({
        url: `/api/statistics/reports/work?regionCode=${places.daming}&from=${from}&to=${to}`,
        headers: damingS.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().numbers as { minutes: number; records: number; topTeams: { name: string }[] };
    };
    const whole = await numbers(`${YEAR}-03-01`, `${YEAR}-03-31`);
    const days = await numbers(`${YEAR}-03-01`, `${YEAR}-03-30`);
    expect({ minutes: whole.minutes, records: whole.records }).toEqual({
      minutes: await recountMinutes(places.daming, `${YEAR}-03`, `${YEAR}-03`),
      records: 3,
    });
    expect({ minutes: days.minutes, records: days.records }).toEqual({ minutes: whole.minutes, records: 3 });
    expect(days.topTeams).toEqual(whole.topTeams);
    const part = await numbers(`${YEAR}-03-06`, `${YEAR}-03-31`);
    expect({ minutes: part.minutes, records: part.records }).toEqual({ minutes: 180, records: 1 });
  });

  it('exports exchange files of the caller’s scope only: CSV with BOM and formulas neutralised, audited', async () => {
    const csv = await app.inject({
      url: '/api/statistics/exchange/volunteers?format=csv',
      headers: damingS.headers,
    });
    expect(csv.statusCode).toBe(200);
    const bytes = csv.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('张金豹');
    expect(text).not.toContain('馆陶志愿者');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    // Masked by default, whoever asks; phones are never exported in full.
    expect(text).not.toContain(damingIdCard);
    expect(text).toContain(`${damingIdCard.slice(0, 6)}********${damingIdCard.slice(-4)}`);
    expect(text).not.toContain('13900001111');
    expect(text).toContain('139****1111');

    // Full numbers: asked for explicitly, with a reason, by a city or county bureau only; audited with it.
    const noReason = await app.inject({
      url: '/api/statistics/exchange/volunteers?format=csv&reveal=1',
      headers: damingS.headers,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const township = await login(app, 'damingzhen');
    const notBureau = await app.inject({
      url: `/api/statistics/exchange/volunteers?format=csv&reveal=1&reason=${encodeURIComponent('报送全国系统')}`,
      headers: township.headers,
    });
    expect(notBureau.statusCode).toBe(403);
    const full = await app.inject({
      url: `/api/statistics/exchange/volunteers?format=csv&reveal=1&reason=${encodeURIComponent('报送全国系统')}`,
      headers: damingS.headers,
    });
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain(damingIdCard);
    expect(full.body).not.toContain('13900001111');

    const records = await app.inject({
      url: `/api/statistics/exchange/records?format=csv&from=${YEAR}-03-01&to=${YEAR}-03-31`,
      headers: damingS.headers,
    });
    const lines = records.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('活动名称,服务日期,服务地点,服务对象,服务内容,服务时长(小时)');
    expect(records.body).not.toContain('小桔灯');

    const xlsx = await app.inject({
      url: '/api/statistics/exchange/teams?format=xlsx',
      headers: guantaoS.headers,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names = (wb.worksheets[0]!.getColumn(2).values as unknown[]).slice(2);
    expect(names).toEqual(['小桔灯志愿服务队']);

    const audit = await db()
      .db.selectFrom('auditLog')
      .select(['detail', 'targetId'])
      .where('action', '=', 'statistics.exchange_export')
      .execute();
    expect(audit.length).toBe(4);
    expect(audit.map((a) => a.targetId).sort()).toEqual(['records', 'teams', 'volunteers', 'volunteers']);
    const revealed = audit.map((a) => JSON.parse(a.detail ?? '{}') as Record<string, unknown>);
    expect(revealed.filter((d) => d.personalData === 'full')).toEqual([
      expect.objectContaining({ kind: 'volunteers', reason: '报送全国系统' }),
    ]);
    expect(revealed.filter((d) => d.personalData === 'masked').length).toBe(3);
    const junxiu = await login(app, 'junxiu');
    const refused = await app.inject({ url: '/api/statistics/exchange/volunteers', headers: junxiu.headers });
    expect(refused.statusCode).toBe(403);
  });
  it('leaves the volunteer counters alone when an update changes none of their columns', async () => {
    const d = db().db;
    /** What the counters' rows look like to the database: PostgreSQL row versions, SQLite's change count. */
    const touched = async () =>
      dialect === 'postgres'
        ? (
            await sql<{ v: string }>`select string_agg(xmin::text, ',' order by len, area) as v
              from stat_volunteer_area where area = substr(${world.villageCode}, 1, len)`.execute(d)
          ).rows[0]!.v
        : String((await sql<{ n: number }>`select total_changes() as n`.execute(d)).rows[0]!.n);
    const before = await touched();
    await sql`update volunteers set star_level = star_level, skills = '助老' where id = ${ids.v1!}`.execute(
      d,
    );
    const after = await touched();
    if (dialect === 'postgres') expect(after).toBe(before);
    else expect(Number(after) - Number(before)).toBe(1);
    // A counted column that does change still moves the counters.
    await sql`update volunteers set is_veteran = 1 - is_veteran where id = ${ids.v1!}`.execute(d);
    const moved = await touched();
    if (dialect === 'postgres') expect(moved).not.toBe(after);
    else expect(Number(moved) - Number(after)).toBeGreaterThan(1);
    await sql`update volunteers set is_veteran = 1 - is_veteran where id = ${ids.v1!}`.execute(d);
  });

  it('keeps the rollups equal to a full recount through random operations', async () => {
    const f = statisticsFixtures(db().db, testCrypto);
    const teams = [ids.dmTeam!, ids.dmTeam2!, ids.gtTeam!];
    const volunteers = [ids.v1!, ids.v2!, ids.v3!, ids.g1!];
    const regionsFor = [world.villageCode, world.otherTownshipCode, guantaoVillage];
    let seed = dialect === 'sqlite' ? 7 : 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed >>> 12) % n;
    };
    const records: string[] = [];
    const activities = [ids.a1!, ids.a2!, ids.a3!, ids.a4!];
    for (let i = 0; i < 300; i++) {
      const op = rand(8);
      const date = `${YEAR - rand(2)}-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;
      if (op <= 1) {
        records.push(
          await f.record(
            volunteers[rand(volunteers.length)]!,
            teams[rand(teams.length)]!,
            date,
            1 + rand(600),
            rand(2) ? 'confirmed' : 'pending',
          ),
        );
      } else if (op === 2 && records.length) {
        const id = records[rand(records.length)]!;
        await db()
          .db.updateTable('serviceRecords')
          .set({ status: 'confirmed', confirmedAt: new Date().toISOString() })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      } else if (op === 3 && records.length) {
        // A correction: the old record is superseded and a new confirmed one replaces it.
        const id = records[rand(records.length)]!;
        const old = await db()
          .db.selectFrom('serviceRecords')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        if (old.status === 'confirmed') {
          await db()
            .db.transaction()
            .execute(async (tx) => {
              await tx
                .updateTable('serviceRecords')
                .set({ status: 'superseded' })
                .where('id', '=', id)
                .execute();
              await tx
                .insertInto('serviceRecords')
                .values({
                  ...old,
                  id: `${id.slice(0, 30)}c${i}`,
                  minutes: 1 + rand(300),
                  correctsId: id,
                  correctionReason: '时长有误',
                })
                .execute();
            });
          records.push(`${id.slice(0, 30)}c${i}`);
        }
      } else if (op === 4 && rand(3) === 0) {
        // A volunteer moves house, gains a star, or corrects a birth date.
        await db()
          .db.updateTable('volunteers')
          .set({
            residenceCode: regionsFor[rand(3)]!,
            starLevel: rand(6),
            birthDate: `19${50 + rand(40)}-03-01`,
          })
          .where('id', '=', volunteers[rand(volunteers.length)]!)
          .execute();
      } else if (op === 4) {
        volunteers.push(
          await f.volunteer(regionsFor[rand(3)]!, `新志愿者${i}`, {
            idCard: fakeIdCard('19660101', true, '130425'),
          }),
        );
      } else if (op === 5) {
        const t = activities.length ? activities[rand(activities.length)]! : null;
        if (t) {
          const statuses = ['draft', 'published', 'ongoing', 'completed', 'cancelled'] as const;
          await db()
            .db.updateTable('activities')
            .set({ status: statuses[rand(5)]! })
            .where('id', '=', t)
            .execute();
        }
      } else if (op === 6) {
        const team = rand(teams.length);
        activities.push(
          await f.activity(
            teams[team]!,
            regionsFor[team]!,
            `${date}T${String(rand(24)).padStart(2, '0')}:30:00.000Z`,
            rand(3) ? 'published' : 'draft',
          ),
        );
      } else if (op === 7 && rand(4) === 0) {
        // A team moves to another village: its hours follow it.
        const team = rand(teams.length);
        await db()
          .db.updateTable('teams')
          .set({ regionCode: regionsFor[rand(3)]! })
          .where('id', '=', teams[team]!)
          .execute();
      }
    }
    const rollup = await sql<{
      team_id: string;
      month: string;
      region_code: string;
      minutes: number | string;
      records: number | string;
    }>`
      select team_id, month, region_code, minutes, records from stat_team_month where records <> 0 or minutes <> 0 order by team_id, month`.execute(
      db().db,
    );
    const recount = await sql<{
      team_id: string;
      month: string;
      region_code: string;
      minutes: number | string;
      records: number | string;
    }>`
      select r.team_id, substr(r.service_date, 1, 7) as month, t.region_code, sum(r.minutes) as minutes, count(*) as records
      from service_records r join teams t on t.id = r.team_id where r.status = 'confirmed'
      group by r.team_id, substr(r.service_date, 1, 7), t.region_code order by r.team_id, month`.execute(
      db().db,
    );
    const norm = (
      rows: {
        team_id: string;
        month: string;
        region_code: string;
        minutes: number | string;
        records: number | string;
      }[],
    ) =>
      rows.map((r) => `${r.team_id}|${r.month}|${r.region_code}|${Number(r.minutes)}|${Number(r.records)}`);
    expect(recount.rows.length).toBeGreaterThan(5);
    expect(norm(rollup.rows)).toEqual(norm(recount.rows));

    const pairs = async (rollup: string, recount: string): Promise<[string[], string[]]> => {
      const [x, y] = await Promise.all([sql.raw(rollup).execute(db().db), sql.raw(recount).execute(db().db)]);
      const rows = (r: { rows: unknown[] }) =>
        (r.rows as { k: string; v: number | string }[]).map((row) => `${row.k}=${Number(row.v)}`).sort();
      return [rows(x), rows(y)];
    };
    const [years, yearsRecount] = await pairs(
      `select team_id || '|' || year || '|' || region_code || '|' || records as k, minutes as v from stat_team_year where records <> 0 or minutes <> 0`,
      `select r.team_id || '|' || substr(r.service_date, 1, 4) || '|' || t.region_code || '|' || count(*) as k, sum(r.minutes) as v
       from service_records r join teams t on t.id = r.team_id where r.status = 'confirmed'
       group by r.team_id, substr(r.service_date, 1, 4), t.region_code`,
    );
    expect(years).toEqual(yearsRecount);
    const [areas, areasRecount] = await pairs(
      `select len || '|' || area || '|' || month || '|' || records as k, minutes as v from stat_area_month where records <> 0 or minutes <> 0`,
      `select l.len || '|' || substr(t.region_code, 1, l.len) || '|' || substr(r.service_date, 1, 7) || '|' || count(*) as k, sum(r.minutes) as v
       from service_records r join teams t on t.id = r.team_id cross join stat_lengths l where r.status = 'confirmed'
       group by l.len, substr(t.region_code, 1, l.len), substr(r.service_date, 1, 7)`,
    );
    expect(areas.length).toBeGreaterThan(20);
    expect(areas).toEqual(areasRecount);
    const [vols, volsRecount] = await pairs(
      `select len || '|' || area as k, volunteers * 1000 + veterans as v from stat_volunteer_area where volunteers <> 0`,
      `select l.len || '|' || substr(v.residence_code, 1, l.len) as k, count(*) * 1000 + sum(v.is_veteran) as v
       from volunteers v cross join stat_lengths l group by l.len, substr(v.residence_code, 1, l.len)`,
    );
    expect(vols).toEqual(volsRecount);
    const [prof, profRecount] = await pairs(
      `select len || '|' || area || '|' || star_level || '|' || birth_year as k, volunteers as v from stat_volunteer_profile where volunteers <> 0`,
      `select l.len || '|' || substr(v.residence_code, 1, l.len) || '|' || v.star_level || '|' || cast(substr(v.birth_date, 1, 4) as integer) as k, count(*) as v
       from volunteers v cross join stat_lengths l
       group by l.len, substr(v.residence_code, 1, l.len), v.star_level, cast(substr(v.birth_date, 1, 4) as integer)`,
    );
    expect(prof.length).toBeGreaterThan(10);
    expect(prof).toEqual(profRecount);
    const month =
      dialect === 'postgres'
        ? `to_char(a.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM')`
        : `strftime('%Y-%m', a.starts_at, '+8 hours')`;
    const [acts, actsRecount] = await pairs(
      `select len || '|' || area || '|' || month || '|' || field_id as k, activities as v from stat_activity_area where activities <> 0`,
      `select l.len || '|' || substr(a.region_code, 1, l.len) || '|' || ${month} || '|' || coalesce(a.field_id, '') as k, count(*) as v
       from activities a cross join stat_lengths l where a.status in ('published', 'ongoing', 'completed')
       group by l.len, substr(a.region_code, 1, l.len), ${month}, coalesce(a.field_id, '')`,
    );
    expect(acts.length).toBeGreaterThan(10);
    expect(acts).toEqual(actsRecount);

    // And the dashboard shows the recount.
    const o = await overview(cityS, `year=${YEAR}&month=3`);
    expect(o.totals.minutesYear).toBe(await recountMinutes(city, `${YEAR}-01`, `${YEAR}-12`));
    const v = await db()
      .db.selectFrom('volunteers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('residenceCode', 'like', '1304%')
      .executeTakeFirstOrThrow();
    expect(o.totals.volunteers).toBe(Number(v.n));
  });
});
