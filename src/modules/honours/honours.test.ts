import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { chinaToday } from '../../shared/dates';

const CITY_PERSON = 'handan-xianjin-geren';
const PROVINCE_TEAM = 'hebei-sigeyibai-zuzhi';
const GOVERNANCE = 'jiceng-zhili';

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return ymd(d);
};
const dayBefore = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return ymd(d);
};

describeEachDialect('honours: nominations, 公示, awards and the annual commendation', (db) => {
  let app: FastifyInstance;
  let world: World;
  let city: Session;
  let daming: Session;
  let guantao: Session;
  let town: Session;
  let volunteer: Session;
  let teamId: string;
  let v1: string;
  let v2: string;
  let v3: string;

  const post = (s: Session, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload });
  const detail = async (s: Session, id: string) =>
    (await app.inject({ url: `/api/honours/nominations/${id}`, headers: s.headers })).json();
  /** 公示 ended yesterday, as if its days had passed. */
  const passNotice = async (id: string) =>
    db()
      .db.updateTable('nominations')
      .set({ noticeEndsOn: dayBefore(chinaToday()) })
      .where('id', '=', id)
      .execute();

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    city = await login(app, 'city');
    daming = await login(app, 'daming');
    guantao = await login(app, 'guantao');
    town = await login(app, 'damingzhen');
    volunteer = await login(app, '13800138000');
    const team = await post(daming, '/api/teams', {
      name: '大名县老兵志愿服务队',
      category: 'station',
      regionCode: places.daming,
      leaderName: '赵队长',
    });
    teamId = team.json().id;
    const mkVolunteer = async (s: Session, name: string, residenceCode: string, prefix: string) => {
      const res = await post(s, '/api/volunteers', {
        name,
        idCard: fakeIdCard('19550101', true, prefix),
        residenceCode,
        isVeteran: true,
        veteranKind: 'soldier',
        ...(s === daming ? { teamId } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as string;
    };
    v1 = await mkVolunteer(daming, '李卫国', world.villageCode, '130425');
    v2 = await mkVolunteer(guantao, '王建军', places.guantaozhen, '130433');
    v3 = await mkVolunteer(daming, '孙志强', world.villageCode, '130425');
    await db()
      .db.updateTable('volunteers')
      .set({ confirmedMinutes: 3600, starLevel: 3 })
      .where('id', '=', v1)
      .execute();
  });
  afterAll(async () => app.close());

  it('seeds the catalogue with levels, what each honours and whether the city reports it up', async () => {
    const items = (await app.inject({ url: '/api/honours/catalogue', headers: town.headers })).json().items;
    const byName = new Map(items.map((k: { name: string }) => [k.name, k]));
    expect(byName.get('最美退役军人')).toMatchObject({
      level: 'national',
      honours: 'volunteer',
      reportsUp: true,
    });
    expect(byName.get('学雷锋志愿服务"四个100"·最美志愿服务村(社区)')).toMatchObject({ honours: 'village' });
    expect(byName.get('邯郸市退役军人志愿服务先进个人')).toMatchObject({ level: 'city', reportsUp: false });
    expect(byName.get('推荐参加农村、社区基层社会治理锻炼')).toMatchObject({ outcome: 'role' });
    expect(items.length).toBeGreaterThanOrEqual(13);
  });

  it('refuses a nominee outside the proposer’s scope and a proposer without the right', async () => {
    const out = await post(town, '/api/honours/nominations', {
      honourId: CITY_PERSON,
      year: 2026,
      nomineeKind: 'volunteer',
      nomineeId: v2,
      deeds: '长期坚持走访慰问困难老兵，带头参加志愿服务。',
    });
    expect(out.statusCode).toBe(403);
    expect(out.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'nomineeId' });
    const byVolunteer = await post(volunteer, '/api/honours/nominations', {
      honourId: CITY_PERSON,
      year: 2026,
      nomineeKind: 'volunteer',
      nomineeId: v1,
      deeds: '长期坚持走访慰问困难老兵，带头参加志愿服务。',
    });
    expect(byVolunteer.json().error.code).toBe('FORBIDDEN');
    const wrongKind = await post(town, '/api/honours/nominations', {
      honourId: PROVINCE_TEAM,
      year: 2026,
      nomineeKind: 'volunteer',
      nomineeId: v1,
      deeds: '长期坚持走访慰问困难老兵，带头参加志愿服务。',
    });
    expect(wrongKind.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'nomineeKind' });
    expect(await db().db.selectFrom('nominations').select('id').execute()).toHaveLength(0);
  });

  it('runs a city honour through county and city review, 公示 in working days, objections, to an award', async () => {
    const created = await post(town, '/api/honours/nominations', {
      honourId: CITY_PERSON,
      year: 2026,
      nomineeKind: 'volunteer',
      nomineeId: v1,
      deeds: '扎根乡村二十年，组织老兵义务巡逻、助老送餐，累计服务六十小时。',
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as string;
    let d = await detail(town, id);
    expect(d.status).toBe('county_review');
    expect(d.facts).toMatchObject({ confirmedMinutes: 3600, starLevel: 3, honoursHeld: [] });

    // Wrong level, wrong step, out of scope, missing reason: all refused, nothing moves.
    const byCity = await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'county',
      decision: 'approve',
      reason: '同意',
    });
    expect(byCity.statusCode).toBe(403);
    expect(byCity.json().error).toMatchObject({ code: 'FORBIDDEN', field: 'level' });
    const cityStep = await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '同意',
    });
    expect(cityStep.json().error.code).toBe('CONFLICT');
    const otherCounty = await post(guantao, `/api/honours/nominations/${id}/review`, {
      level: 'county',
      decision: 'approve',
      reason: '同意推荐',
    });
    expect(otherCounty.statusCode).toBe(404);
    const noReason = await post(daming, `/api/honours/nominations/${id}/review`, {
      level: 'county',
      decision: 'approve',
      reason: '',
    });
    expect(noReason.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    expect((await detail(town, id)).status).toBe('county_review');

    expect(
      (
        await post(daming, `/api/honours/nominations/${id}/review`, {
          level: 'county',
          decision: 'approve',
          reason: '事迹属实，同意推荐',
        })
      ).statusCode,
    ).toBe(200);
    expect((await detail(town, id)).status).toBe('city_review');

    // The bureau's table: the next three calendar days are holidays, and the second Saturday ahead is a 调休 workday.
    const today = chinaToday();
    const overrides = new Map<string, boolean>();
    let day = today;
    for (let i = 0; i < 3; i++) overrides.set((day = nextDay(day)), false);
    for (let i = 0; i < 14; i++) {
      day = nextDay(day);
      if (new Date(`${day}T00:00:00Z`).getUTCDay() === 6) {
        overrides.set(day, true);
        break;
      }
    }
    for (const [date, work] of overrides)
      await db()
        .db.insertInto('workingDays')
        .values({ date, isWorkday: work ? 1 : 0, note: work ? '调休上班' : '节假日' })
        .execute();
    let expected = today;
    for (let left = 5; left > 0;) {
      expected = nextDay(expected);
      const wd = new Date(`${expected}T00:00:00Z`).getUTCDay();
      if (overrides.get(expected) ?? (wd !== 0 && wd !== 6)) left--;
    }

    expect(
      (
        await post(city, `/api/honours/nominations/${id}/review`, {
          level: 'city',
          decision: 'approve',
          reason: '经市级评审，同意授予',
        })
      ).statusCode,
    ).toBe(200);
    d = await detail(city, id);
    expect(d.status).toBe('notice');
    expect(d.noticeDays).toBe(5);
    expect(d.noticeStartsOn).toBe(today);
    expect(d.noticeEndsOn).toBe(expected);
    expect(d.noticeWorkingDaysLeft).toBe(5);
    expect(d.can.finalize).toBe(false);

    const early = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示无异议',
    });
    expect(early.json().error.code).toBe('CONFLICT');

    // Staff who can see the nomination may object during 公示; its last day still counts.
    await db()
      .db.updateTable('nominations')
      .set({ noticeStartsOn: dayBefore(dayBefore(today)), noticeEndsOn: today })
      .where('id', '=', id)
      .execute();
    // 公示 ends on a working day: make today one (a 调休 Saturday or Sunday when the test runs at the weekend).
    await db().db.insertInto('workingDays').values({ date: today, isWorkday: 1, note: '调休上班' }).execute();
    d = await detail(city, id);
    expect(d.noticeWorkingDaysLeft).toBe(1);
    expect(d.noticeOver).toBe(false);
    expect(d.can.finalize).toBe(false);
    const lastDay = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示无异议',
    });
    expect(lastDay.json().error.code).toBe('CONFLICT');
    const objection = await post(town, `/api/honours/nominations/${id}/objections`, {
      content: '其服务时长中有重复登记的情况，请核实。',
    });
    expect(objection.statusCode, objection.body).toBe(200);
    const objectionId = objection.json().id as string;

    // The end of 公示 moved to yesterday in the database, as if the days had passed.
    await db()
      .db.updateTable('nominations')
      .set({ noticeEndsOn: dayBefore(today) })
      .where('id', '=', id)
      .execute();
    d = await detail(city, id);
    expect(d.noticeWorkingDaysLeft).toBe(0);
    expect(d.noticeOver).toBe(true);
    const tooLate = await post(daming, `/api/honours/nominations/${id}/objections`, {
      content: '公示期后提出的异议，应当不被受理。',
    });
    expect(tooLate.json().error.code).toBe('CONFLICT');
    const blocked = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示期满',
    });
    expect(blocked.json().error).toMatchObject({ code: 'CONFLICT' });
    expect(blocked.json().error.message).toContain('异议');
    const countyResolves = await post(
      daming,
      `/api/honours/nominations/${id}/objections/${objectionId}/resolve`,
      {
        outcome: 'dismissed',
        resolution: '经核查不属实',
      },
    );
    expect(countyResolves.statusCode).toBe(403);
    expect(
      (
        await post(city, `/api/honours/nominations/${id}/objections/${objectionId}/resolve`, {
          outcome: 'dismissed',
          resolution: '经核查服务记录，无重复登记，异议不成立',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await post(city, `/api/honours/nominations/${id}/finalize`, {
          awarded: true,
          reason: '公示期满，授予荣誉',
        })
      ).statusCode,
    ).toBe(200);
    const again = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '重复提交',
    });
    expect(again.json().error.code).toBe('CONFLICT');

    d = await detail(town, id);
    expect(d.status).toBe('awarded');
    expect(d.events.map((e: { action: string }) => e.action)).toEqual([
      'propose',
      'county_approve',
      'city_approve',
      'notice_start',
      'objection',
      'objection_dismissed',
      'award',
    ]);
    // Who objected is shown to the city bureau only; others see where it came from.
    expect(d.objections).toHaveLength(1);
    expect(d.objections[0]).toMatchObject({ status: 'dismissed', source: 'staff', raisedBy: null });
    expect((await detail(daming, id)).objections[0].raisedBy).toBeNull();
    const objectionEvent = (x: { events: { action: string; actorName: string | null }[] }) =>
      x.events.find((e) => e.action === 'objection');
    expect(objectionEvent(await detail(daming, id))?.actorName).toBeNull();
    expect(objectionEvent(await detail(city, id))?.actorName).toBe('测试damingzhen');
    expect((await detail(city, id)).objections[0].raisedBy).toBe('测试damingzhen');

    const held = await app.inject({
      url: `/api/honours/held?kind=volunteer&id=${v1}`,
      headers: daming.headers,
    });
    expect(held.json().items).toEqual([
      { name: '邯郸市退役军人志愿服务先进个人', level: 'city', year: 2026, source: 'pipeline' },
    ]);
    const outside = await app.inject({
      url: `/api/honours/held?kind=volunteer&id=${v1}`,
      headers: guantao.headers,
    });
    expect(outside.statusCode).toBe(403);

    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', id)
      .where('result', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'honour.nominate',
      'honour.review.county',
      'honour.review.city',
      'honour.objection.add',
      'honour.objection.resolve',
      'honour.finalize',
    ]);
  });

  it('ends the city step of a provincial honour in 推荐上报, then takes the outside result by hand', async () => {
    const created = await post(daming, '/api/honours/nominations', {
      honourId: PROVINCE_TEAM,
      year: 2026,
      nomineeKind: 'team',
      nomineeId: teamId,
      deeds: '队伍常年开展助老、助学、应急志愿服务，形成了县域品牌。',
    });
    const id = created.json().id as string;
    // A county proposing has done the county's review itself.
    expect((await detail(daming, id)).status).toBe('city_review');
    await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '同意向省里推荐',
    });
    let d = await detail(city, id);
    expect(d.status).toBe('reported');
    expect(d.can.enterOutsideResult).toBe(true);
    const byCounty = await post(daming, `/api/honours/nominations/${id}/outside-result`, {
      selected: true,
      note: '冀文明办〔2026〕1号',
    });
    expect(byCounty.statusCode).toBe(403);
    // 公示 cannot be skipped.
    const noNotice = await post(city, `/api/honours/nominations/${id}/outside-result`, {
      selected: true,
      note: '河北省文明办公布入选名单（冀文明办〔2026〕1号）',
      noticeDays: 0,
    });
    expect(noNotice.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'noticeDays' });
    expect((await detail(city, id)).status).toBe('reported');
    await post(city, `/api/honours/nominations/${id}/outside-result`, {
      selected: true,
      note: '河北省文明办公布入选名单（冀文明办〔2026〕1号）',
      noticeDays: 1,
    });
    d = await detail(city, id);
    expect(d.status).toBe('notice');
    expect(d.noticeStartsOn).toBe(chinaToday());
    expect(d.can.finalize).toBe(false);
    await passNotice(id);
    d = await detail(city, id);
    expect(d.can.finalize).toBe(true);
    await post(city, `/api/honours/nominations/${id}/finalize`, { awarded: true, reason: '公示期满无异议' });
    const held = (
      await app.inject({ url: `/api/honours/held?kind=team&id=${teamId}`, headers: daming.headers })
    ).json();
    expect(held.items.map((h: { name: string }) => h.name)).toEqual(['河北省"四个一百"·最佳志愿服务组织']);
  });

  it('rejects with a reason at the county, and then nothing more moves', async () => {
    const id = (
      await post(town, '/api/honours/nominations', {
        honourId: CITY_PERSON,
        year: 2026,
        nomineeKind: 'volunteer',
        nomineeId: v3,
        deeds: '参加志愿服务多次，表现积极。请审核。',
      })
    ).json().id;
    await post(daming, `/api/honours/nominations/${id}/review`, {
      level: 'county',
      decision: 'reject',
      reason: '服务时长不足，暂不推荐',
    });
    const d = await detail(town, id);
    expect(d.status).toBe('rejected');
    expect(d.events.at(-1)).toMatchObject({ action: 'county_reject', reason: '服务时长不足，暂不推荐' });
    const late = await post(daming, `/api/honours/nominations/${id}/review`, {
      level: 'county',
      decision: 'approve',
      reason: '同意',
    });
    expect(late.json().error.code).toBe('CONFLICT');
  });

  it('records the post taken up for a grassroots-governance recommendation, which is not an honour held', async () => {
    const id = (
      await post(daming, '/api/honours/nominations', {
        honourId: GOVERNANCE,
        year: 2026,
        nomineeKind: 'volunteer',
        nomineeId: v3,
        deeds: '熟悉村情民意，热心调解邻里纠纷，推荐参加基层治理锻炼。',
      })
    ).json().id;
    await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '同意',
      noticeDays: 1,
    });
    await passNotice(id);
    const noRole = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示期满',
    });
    expect(noRole.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'roleTaken' });
    await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示期满',
      roleTaken: '网格员',
    });
    expect((await detail(city, id)).roleTaken).toBe('网格员');
    const held = (
      await app.inject({ url: `/api/honours/held?kind=volunteer&id=${v3}`, headers: city.headers })
    ).json();
    expect(held.items).toEqual([]);
  });

  it('keeps dossier files with type and size checks', async () => {
    const id = (
      await post(daming, '/api/honours/nominations', {
        honourId: CITY_PERSON,
        year: 2027,
        nomineeKind: 'volunteer',
        nomineeId: v1,
        deeds: '继续坚持志愿服务，带动身边老兵参与。',
      })
    ).json().id;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const ok = await post(daming, `/api/honours/nominations/${id}/attachments`, {
      fileName: '事迹照片.png',
      mimeType: 'image/png',
      dataBase64: png.toString('base64'),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const fake = await post(daming, `/api/honours/nominations/${id}/attachments`, {
      fileName: '事迹.pdf',
      mimeType: 'application/pdf',
      dataBase64: Buffer.from('not a pdf').toString('base64'),
    });
    expect(fake.json().error.code).toBe('FILE_REJECTED');
    const exe = await post(daming, `/api/honours/nominations/${id}/attachments`, {
      fileName: 'a.exe',
      mimeType: 'application/x-msdownload',
      dataBase64: 'TVo=',
    });
    expect(exe.statusCode).toBe(400);
    const d = await detail(daming, id);
    expect(d.attachments).toEqual([
      { id: ok.json().id, fileName: '事迹照片.png', mimeType: 'image/png', size: png.length },
    ]);
    const back = await app.inject({
      url: `/api/honours/nominations/${id}/attachments/${ok.json().id}`,
      headers: daming.headers,
    });
    expect(back.rawPayload.equals(png)).toBe(true);
    const downloads = await db()
      .db.selectFrom('auditLog')
      .select(['targetId', 'username'])
      .where('action', '=', 'honour.attachment.download')
      .execute();
    expect(downloads).toContainEqual({ targetId: id, username: 'daming' });
  });

  it('enters an outside recognition with evidence and shows it among the honours held', async () => {
    const town2 = await post(town, '/api/honours/external', {
      name: '新时代"枫桥经验"典型案例',
      level: 'national',
      issuer: '退役军人事务部',
      year: 2025,
      holderKind: 'team',
      holderId: teamId,
      evidence: '退役军人事务部公布的典型案例名单',
    });
    expect(town2.statusCode).toBe(403);
    const res = await post(daming, '/api/honours/external', {
      name: '新时代"枫桥经验"典型案例',
      level: 'national',
      issuer: '退役军人事务部',
      year: 2025,
      holderKind: 'team',
      holderId: teamId,
      evidence: '退役军人事务部公布的典型案例名单',
    });
    expect(res.statusCode, res.body).toBe(200);
    const held = (
      await app.inject({ url: `/api/honours/held?kind=team&id=${teamId}`, headers: city.headers })
    ).json();
    expect(held.items).toContainEqual({
      name: '新时代"枫桥经验"典型案例',
      level: 'national',
      year: 2025,
      source: 'external',
    });
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', res.json().id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['honour.external.add']);
  });

  it('builds the annual commendation from the year’s awards and prints it as a PDF', async () => {
    expect(
      (await app.inject({ url: '/api/honours/commendations/2026', headers: daming.headers })).statusCode,
    ).toBe(403);
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/honours/commendations/2026',
      headers: city.headers,
      payload: {
        title: '2026年度邯郸市退役军人志愿服务表彰大会',
        heldOn: '2026-12-05',
        place: '邯郸市会展中心',
        notes: '各县(市、区)组织受表彰代表参会。',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const c = (await app.inject({ url: '/api/honours/commendations/2026', headers: city.headers })).json();
    expect(c.individuals.map((i: { name: string }) => i.name)).toEqual(['李卫国']);
    expect(c.units.map((u: { name: string }) => u.name)).toEqual(['大名县老兵志愿服务队']);
    const pdf = await app.inject({ url: '/api/honours/commendations/2026/pdf', headers: city.headers });
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const downloads = await db()
      .db.selectFrom('auditLog')
      .select(['targetId', 'username'])
      .where('action', '=', 'honour.commendation.download')
      .execute();
    expect(downloads).toContainEqual({ targetId: '2026', username: 'city' });
    const dir = mkdtempSync(path.join(tmpdir(), 'rz-commendation-'));
    const file = path.join(dir, 'c.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('2026年度邯郸市退役军人志愿服务表彰大会');
    expect(text).toContain('邯郸市会展中心');
    expect(text).toMatch(/先进个人（1）[\s\S]*李卫国/);
    expect(text).toMatch(/先进单位（1）[\s\S]*大名县老兵志愿服务队/);
    expect(text).not.toContain('孙志强');
  });

  it('sends a nomination for a holder registered at the city itself straight to the city', async () => {
    const team = await post(city, '/api/teams', {
      name: '市红十字毅臻救援队',
      category: 'station',
      regionCode: places.handan,
      leaderName: '钱队长',
    });
    expect(team.statusCode, team.body).toBe(200);
    // The team belongs to the organisation whose admin proposes it.
    await db()
      .db.updateTable('teams')
      .set({ organizationId: world.orgId })
      .where('id', '=', team.json().id)
      .execute();
    const org = await login(app, 'junxiu');
    const created = await post(org, '/api/honours/nominations', {
      honourId: PROVINCE_TEAM,
      year: 2026,
      nomineeKind: 'team',
      nomineeId: team.json().id,
      deeds: '常年开展应急救援和防溺水志愿服务，多次参加抢险救灾。',
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as string;
    expect((await detail(city, id)).status).toBe('city_review');
    expect((await detail(city, id)).can.review).toBe('city');
    const moved = await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '同意向省里推荐',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await detail(city, id)).status).toBe('reported');
  });

  it('refuses a second live nomination of the same holder for the same honour and year', async () => {
    const body = {
      honourId: CITY_PERSON,
      year: 2028,
      nomineeKind: 'volunteer',
      nomineeId: v2,
      deeds: '常年组织老兵开展助老助残志愿服务。',
    };
    expect((await post(guantao, '/api/honours/nominations', body)).statusCode).toBe(200);
    const again = await post(guantao, '/api/honours/nominations', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', field: 'nomineeId' });
    // The database holds the line too, whatever the service checked first.
    const row = await db()
      .db.selectFrom('nominations')
      .selectAll()
      .where('nomineeId', '=', v2)
      .where('year', '=', 2028)
      .executeTakeFirstOrThrow();
    await expect(
      db()
        .db.insertInto('nominations')
        .values({ ...row, id: '00000000-0000-4000-8000-000000000001' })
        .execute(),
    ).rejects.toThrow();
    expect(
      await db().db.selectFrom('nominations').select('id').where('year', '=', 2028).execute(),
    ).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous decisions through', async () => {
    const propose = async (year: number) =>
      (
        await post(guantao, '/api/honours/nominations', {
          honourId: CITY_PERSON,
          year,
          nomineeKind: 'volunteer',
          nomineeId: v2,
          deeds: '常年组织老兵开展助老助残志愿服务。',
        })
      ).json().id as string;
    const id = await propose(2029);
    const reviews = await Promise.all([
      post(city, `/api/honours/nominations/${id}/review`, {
        level: 'city',
        decision: 'approve',
        reason: '经市级评审，同意授予',
      }),
      post(city, `/api/honours/nominations/${id}/review`, {
        level: 'city',
        decision: 'reject',
        reason: '事迹材料不足',
      }),
    ]);
    expect(reviews.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const events = await db()
      .db.selectFrom('nominationEvents')
      .select('action')
      .where('nominationId', '=', id)
      .where('action', 'in', ['city_approve', 'city_reject'])
      .execute();
    expect(events).toHaveLength(1);

    const id2 = await propose(2030);
    await post(city, `/api/honours/nominations/${id2}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '经市级评审，同意授予',
    });
    await passNotice(id2);
    const finals = await Promise.all([
      post(city, `/api/honours/nominations/${id2}/finalize`, { awarded: true, reason: '公示期满无异议' }),
      post(city, `/api/honours/nominations/${id2}/finalize`, { awarded: false, reason: '不予授予' }),
    ]);
    expect(finals.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const decided = await db()
      .db.selectFrom('nominationEvents')
      .select('action')
      .where('nominationId', '=', id2)
      .where('action', 'in', ['award', 'not_award'])
      .execute();
    expect(decided).toHaveLength(1);
  });

  it('takes objections only from business accounts that can see the nomination; an upheld one blocks the award', async () => {
    const id = (
      await post(guantao, '/api/honours/nominations', {
        honourId: CITY_PERSON,
        year: 2031,
        nomineeKind: 'volunteer',
        nomineeId: v2,
        deeds: '常年组织老兵开展助老助残志愿服务。',
      })
    ).json().id as string;
    await post(city, `/api/honours/nominations/${id}/review`, {
      level: 'city',
      decision: 'approve',
      reason: '经市级评审，同意授予',
    });
    const content = { content: '该同志事迹中有夸大之处，请核实。' };
    for (const name of ['sysadmin', 'secadmin', 'auditor']) {
      const s = await login(app, name);
      const res = await post(s, `/api/honours/nominations/${id}/objections`, content);
      expect(res.statusCode, name).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const hidden = await post(daming, `/api/honours/nominations/${id}/objections`, content);
    const missing = await post(
      daming,
      '/api/honours/nominations/00000000-0000-4000-8000-00000000abcd/objections',
      content,
    );
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.json().error).toEqual(missing.json().error);
    expect(
      await db().db.selectFrom('nominationObjections').select('id').where('nominationId', '=', id).execute(),
    ).toHaveLength(0);

    const raised = await post(guantao, `/api/honours/nominations/${id}/objections`, content);
    expect(raised.statusCode, raised.body).toBe(200);
    await post(city, `/api/honours/nominations/${id}/objections/${raised.json().id}/resolve`, {
      outcome: 'upheld',
      resolution: '经核查，部分事迹与记录不符',
    });
    await passNotice(id);
    const award = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: true,
      reason: '公示期满',
    });
    expect(award.statusCode).toBe(409);
    expect(award.json().error.message).toContain('异议');
    expect((await detail(city, id)).status).toBe('notice');
    const notAwarded = await post(city, `/api/honours/nominations/${id}/finalize`, {
      awarded: false,
      reason: '异议成立，不予授予',
    });
    expect(notAwarded.statusCode, notAwarded.body).toBe(200);
    expect((await detail(city, id)).status).toBe('not_awarded');
  });

  it('shows a brand’s honours to every county', async () => {
    const brandId = '00000000-0000-4000-8000-00000000b001';
    await db()
      .db.insertInto('externalHonours')
      .values({
        id: '00000000-0000-4000-8000-00000000e001',
        name: '全国学雷锋志愿服务"四个100"最佳志愿服务项目',
        level: 'national',
        issuer: '中央文明办',
        year: 2024,
        holderKind: 'brand',
        holderId: brandId,
        holderName: '戎耀帮办团',
        regionCode: places.daming,
        evidence: '中央文明办公布名单',
        createdBy: null,
        createdAt: new Date().toISOString(),
      })
      .execute();
    const missing = await app.inject({
      url: `/api/honours/held?kind=brand&id=${brandId}`,
      headers: guantao.headers,
    });
    expect(missing.statusCode).toBe(404);
    const now = new Date().toISOString();
    await db()
      .db.insertInto('brands')
      .values({
        id: brandId,
        name: '戎耀帮办团',
        countyCode: places.daming,
        description: '',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    // Guantao holds no scope over a Daming brand, yet reads its honours as the brand page shows them.
    const other = await app.inject({
      url: `/api/honours/held?kind=brand&id=${brandId}`,
      headers: guantao.headers,
    });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().items).toEqual([
      {
        name: '全国学雷锋志愿服务"四个100"最佳志愿服务项目',
        level: 'national',
        year: 2024,
        source: 'external',
      },
    ]);
    // Other holders stay inside the scope.
    const team = await app.inject({
      url: `/api/honours/held?kind=team&id=${teamId}`,
      headers: guantao.headers,
    });
    expect(team.statusCode).toBe(403);
  });
});
