import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import {
  login,
  places,
  seedWorld,
  TEST_PASSWORD,
  type Session,
  type World,
} from '../../../tests/support/auth';
import { provisionAccount } from '../accounts/provision';
import { describeEachDialect } from '../../../tests/support/db';
import { seedPlansDemo } from '../../server/demo/plans';
import { addWorkingDays, countWorkingDays } from './calendar';

describeEachDialect('plans, key dates and working days', (db) => {
  let app: FastifyInstance;
  let county: Session;
  let city: Session;

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    city = await login(app, 'city');
  });
  afterAll(async () => app.close());

  it('computes lunar festivals and solar terms for any year', async () => {
    const res = (
      await app.inject({ url: '/api/calendar/key-dates?year=2026', headers: county.headers })
    ).json().items;
    const byName = new Map(res.map((d: { name: string; date: string }) => [d.name, d.date]));
    expect(byName.get('春节')).toBe('2026-02-17');
    expect(byName.get('清明节')).toBe('2026-04-05');
    expect(byName.get('学雷锋纪念日')).toBe('2026-03-05');
    expect(byName.get('八一建军节')).toBe('2026-08-01');
    expect(byName.get('重阳节')).toBe('2026-10-18');
    const next = (
      await app.inject({ url: '/api/calendar/key-dates?year=2027', headers: county.headers })
    ).json().items;
    expect(next.find((d: { name: string }) => d.name === '春节').date).toBe('2027-02-06');
  });

  it('counts working days from the bureau’s holiday table', async () => {
    // 2026-09-30 is a Wednesday; without a table three working days later is 2026-10-05 (Monday).
    const plain = (
      await app.inject({
        url: '/api/calendar/add-working-days?from=2026-09-30&days=3',
        headers: county.headers,
      })
    ).json();
    expect(plain.date).toBe('2026-10-05');
    const byCounty = await app.inject({
      method: 'PUT',
      url: '/api/calendar/working-days/2026-10-01',
      headers: county.headers,
      payload: { isWorkday: false, note: '国庆节' },
    });
    expect(byCounty.statusCode).toBe(403);
    for (const d of ['01', '02', '05', '06', '07']) {
      await app.inject({
        method: 'PUT',
        url: `/api/calendar/working-days/2026-10-${d}`,
        headers: city.headers,
        payload: { isWorkday: false, note: '国庆节' },
      });
    }
    await app.inject({
      method: 'PUT',
      url: '/api/calendar/working-days/2026-10-10',
      headers: city.headers,
      payload: { isWorkday: true, note: '国庆调休上班' },
    });
    const withTable = (
      await app.inject({
        url: '/api/calendar/add-working-days?from=2026-09-30&days=3',
        headers: county.headers,
      })
    ).json();
    // 10-01..07 off except the weekend rule is overridden; 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休) are the three.
    expect(withTable.date).toBe('2026-10-10');

    // Counting, both ends included: 09-28 (Mon) .. 10-11 (Sun) has ten weekdays; five are holidays and
    // the Saturday 10-10 is a 调休 workday: 09-28, 09-29, 09-30, 10-08, 10-09, 10-10.
    expect(await countWorkingDays(db().db, '2026-09-28', '2026-10-11')).toBe(6);
    expect(await countWorkingDays(db().db, '2026-10-10', '2026-10-10')).toBe(1);
    expect(await countWorkingDays(db().db, '2026-10-03', '2026-10-04')).toBe(0);
    expect(await countWorkingDays(db().db, '2026-10-11', '2026-10-10')).toBe(0);
    // A year of plain weeks (no table entries in 2025): 261 weekdays.
    expect(await countWorkingDays(db().db, '2025-01-01', '2025-12-31')).toBe(261);
    // Consistent with addWorkingDays: n working days after a date end on the n-th counted day.
    for (const n of [1, 3, 7, 12]) {
      const end = await addWorkingDays(db().db, '2026-09-25', n);
      expect(await countWorkingDays(db().db, '2026-09-26', end)).toBe(n);
    }
  });

  it('keeps a team’s annual plan and flags teams with nothing arranged or done in a month', async () => {
    const mk = async (name: string) => {
      const t = (
        await app.inject({
          method: 'POST',
          url: '/api/teams',
          headers: county.headers,
          payload: { name, category: 'station', regionCode: places.daming, leaderName: '队长' },
        })
      ).json();
      await app.inject({ method: 'POST', url: `/api/teams/${t.id}/submit`, headers: county.headers });
      await app.inject({ method: 'POST', url: `/api/teams/${t.id}/approve`, headers: county.headers });
      return t.id as string;
    };
    const planned = await mk('有计划的队伍');
    const idle = await mk('没有安排的队伍');
    const joined = await mk('参加集中活动的队伍');
    const early = await mk('四月一日清晨活动的队伍');
    const drafty = await mk('只有草稿活动的队伍');
    const plan = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: county.headers,
      payload: {
        regionCode: places.daming,
        teamId: planned,
        year: 2026,
        title: '2026年度志愿服务计划',
        goals: '每月至少一次活动',
        items: [{ month: 3, title: '学雷锋义诊', theme: '学雷锋', keyDate: '2026-03-05' }],
      },
    });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().items).toHaveLength(1);

    const activity = async (teamId: string, kind: 'central' | 'own', startsAt: string, status: string) => {
      const id = randomUUID();
      const at = new Date(startsAt).toISOString();
      await db()
        .db.insertInto('activities')
        .values({
          id,
          title: '测试活动',
          kind,
          teamId,
          regionCode: places.daming,
          fieldId: null,
          place: '大名县城',
          startsAt: at,
          endsAt: new Date(Date.parse(at) + 2 * 3600_000).toISOString(),
          capacity: 20,
          status: status as 'published',
          cancelReason: null,
          checkinSecret: 'secret',
          fixedCode: randomUUID().slice(0, 6),
          createdBy: null,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      return id;
    };
    // A 集中统一活动 organised by the planned team, with another team taking part.
    const central = await activity(planned, 'central', '2026-03-20T09:00:00+08:00', 'completed');
    await db().db.insertInto('activityTeams').values({ activityId: central, teamId: joined }).execute();
    // 07:00 on 1 April in Beijing is still 31 March in UTC: it belongs to April.
    const earlyActivity = await activity(early, 'own', '2026-04-01T07:00:00+08:00', 'published');
    // A draft never took place.
    await activity(drafty, 'own', '2026-03-10T09:00:00+08:00', 'draft');

    // Linking an arrangement to an activity: the team's own, in the arrangement's month.
    const planId = plan.json().id as string;
    const itemId = plan.json().items[0].id as string;
    const link = (activityId: string, month?: number) =>
      app.inject({
        method: 'PUT',
        url: `/api/plans/${planId}/items/${itemId}`,
        headers: county.headers,
        payload: { activityId, ...(month && { month, keyDate: null }) },
      });
    const otherTeams = await link(earlyActivity);
    expect(otherTeams.statusCode).toBe(400);
    expect(otherTeams.json().error.field).toBe('activityId');
    const linked = await link(central);
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().items[0]).toMatchObject({ activityId: central, activityTitle: '测试活动' });
    // Moving the arrangement to April while it points at a March activity is refused; nothing changes.
    const moved = await link(central, 4);
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.field).toBe('activityId');
    const kept = await app.inject({ url: `/api/plans/${planId}`, headers: county.headers });
    expect(kept.json().items[0]).toMatchObject({ month: 3, activityId: central });

    const month = async (m: number) =>
      (
        await app.inject({
          url: `/api/plans/compliance/regions?year=2026&month=${m}&regionCode=${places.daming}`,
          headers: county.headers,
        })
      ).json();
    const march = await month(3);
    expect(march.total).toEqual({ teams: 5, arranged: 1, active: 2, flagged: 3 });
    expect(march.flagged.map((f: { id: string }) => f.id).sort()).toEqual([idle, early, drafty].sort());
    const own = march.rows.find((r: { own: boolean }) => r.own);
    expect(own).toMatchObject({ code: places.daming, teams: 5, flagged: 3 });
    const april = await month(4);
    expect(april.total).toEqual({ teams: 5, arranged: 0, active: 1, flagged: 4 });
    expect(april.flagged.map((f: { id: string }) => f.id)).not.toContain(early);

    // The old one-month endpoint is gone (the path is read as a plan id now).
    expect(
      (await app.inject({ url: '/api/plans/compliance?year=2026&month=3', headers: county.headers }))
        .statusCode,
    ).not.toBe(200);
    const guantao = await login(app, 'guantao');
    expect(
      (
        await app.inject({
          url: `/api/plans/compliance/regions?year=2026&month=3&regionCode=${places.daming}`,
          headers: guantao.headers,
        })
      ).statusCode,
    ).toBe(403);
    // Roles without the statistics view (an organisation's staff) are refused.
    const junxiu = await login(app, 'junxiu');
    expect(
      (await app.inject({ url: '/api/plans/compliance/regions?year=2026&month=3', headers: junxiu.headers }))
        .statusCode,
    ).toBe(403);
    const others = await app.inject({ url: '/api/plans?year=2026', headers: guantao.headers });
    expect(others.json()).toMatchObject({ items: [], total: 0 });
  });
});

describeEachDialect(
  'plans: editing and scope, local dates, working-day table, templates, compliance by region',
  (db) => {
    let app: FastifyInstance;
    let county: Session;
    let otherCounty: Session;
    let township: Session;
    let city: Session;
    let world: World;

    const audits = (action: string) =>
      db().db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute();
    const call = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        headers: s.headers,
        ...(payload !== undefined && { payload: payload as object }),
      });

    beforeAll(async () => {
      world = await seedWorld(db());
      app = await createTestApp(db());
      county = await login(app, 'daming');
      otherCounty = await login(app, 'guantao');
      township = await login(app, 'damingzhen');
      city = await login(app, 'city');
    });
    afterAll(async () => app.close());

    it('edits a plan and its monthly arrangements; another county can neither see nor change it', async () => {
      const created = await call(county, 'POST', '/api/plans', {
        regionCode: places.daming,
        year: 2026,
        title: '大名县2026年度志愿服务计划',
        goals: '每月至少开展一次主题活动',
        items: [
          { month: 3, title: '学雷锋集中服务', theme: '学雷锋', keyDate: '2026-03-05' },
          { month: 8, title: '八一走访慰问', keyDate: '2026-08-01' },
        ],
      });
      expect(created.statusCode).toBe(200);
      const plan = created.json();
      expect(plan.regionName).toBe('大名县');
      expect(plan.items.map((i: { month: number }) => i.month)).toEqual([3, 8]);

      // Another county: not listed, not readable, not editable; nothing changes.
      expect((await call(otherCounty, 'GET', '/api/plans?year=2026')).json().items).toEqual([]);
      const peek = await call(otherCounty, 'GET', `/api/plans/${plan.id}`);
      expect(peek.statusCode).toBe(403);
      expect(peek.json().error.code).toBe('OUT_OF_SCOPE');
      expect(
        (await call(otherCounty, 'PUT', `/api/plans/${plan.id}`, { title: '篡改的标题' })).statusCode,
      ).toBe(403);
      expect(
        (
          await call(otherCounty, 'POST', `/api/plans/${plan.id}/items`, {
            month: 5,
            title: '不该出现的安排',
          })
        ).statusCode,
      ).toBe(403);
      expect((await call(otherCounty, 'DELETE', `/api/plans/${plan.id}`)).statusCode).toBe(403);
      // The city sees it in its list, with the number of arrangements.
      const cityList = (await call(city, 'GET', '/api/plans?year=2026')).json().items;
      expect(cityList.find((p: { id: string }) => p.id === plan.id)?.itemCount).toBe(2);

      // Edit the head.
      const edited = await call(county, 'PUT', `/api/plans/${plan.id}`, { goals: '每月至少两次' });
      expect(edited.json().goals).toBe('每月至少两次');
      expect(edited.json().title).toBe('大名县2026年度志愿服务计划');

      // Add, mark done, move, remove arrangements.
      const added = await call(county, 'POST', `/api/plans/${plan.id}/items`, {
        month: 10,
        title: '重阳敬老',
        theme: '敬老助老',
      });
      expect(added.statusCode).toBe(200);
      const oct = added.json().items.find((i: { month: number }) => i.month === 10);
      const done = await call(county, 'PUT', `/api/plans/${plan.id}/items/${oct.id}`, { done: true });
      expect(done.json().items.find((i: { id: string }) => i.id === oct.id).done).toBe(true);
      const march = plan.items[0];
      // A key date outside the arrangement's month is refused, with the field, and nothing changes.
      const wrong = await call(county, 'PUT', `/api/plans/${plan.id}/items/${march.id}`, { month: 4 });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.field).toBe('keyDate');
      const wrongYear = await call(county, 'POST', `/api/plans/${plan.id}/items`, {
        month: 3,
        title: '跨年的安排',
        keyDate: '2027-03-05',
      });
      expect(wrongYear.statusCode).toBe(400);
      const shortTitle = await call(county, 'POST', `/api/plans/${plan.id}/items`, {
        month: 13,
        title: '好',
      });
      expect(shortTitle.statusCode).toBe(400);
      expect(['month', 'title']).toContain(shortTitle.json().error.field);
      const after = (await call(county, 'GET', `/api/plans/${plan.id}`)).json();
      expect(after.items).toHaveLength(3);
      expect(after.items.find((i: { id: string }) => i.id === march.id).month).toBe(3);

      const removed = await call(county, 'DELETE', `/api/plans/${plan.id}/items/${oct.id}`);
      expect(removed.json().items).toHaveLength(2);
      expect(await audits('plan.item.create')).toHaveLength(1);
      expect(await audits('plan.item.update')).toHaveLength(1);
      expect(await audits('plan.item.delete')).toHaveLength(1);
      expect(await audits('plan.update')).toHaveLength(1);

      // A county cannot plan for another county's region.
      const foreign = await call(county, 'POST', '/api/plans', {
        regionCode: places.guantao,
        year: 2026,
        title: '替馆陶县定的计划',
      });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().error.field).toBe('regionCode');
      // A code inside the county that names no region is refused as such, and nothing is written.
      const before = await db().db.selectFrom('plans').select('id').execute();
      const nowhere = await call(county, 'POST', '/api/plans', {
        regionCode: '130425999999',
        year: 2026,
        title: '不存在的区划的计划',
      });
      expect(nowhere.statusCode).toBe(400);
      expect(nowhere.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: '区划不存在',
        field: 'regionCode',
      });
      expect(await db().db.selectFrom('plans').select('id').execute()).toHaveLength(before.length);
    });

    it('keeps local key dates at the city only, audited, and shows them in the calendar', async () => {
      const byCounty = await call(county, 'POST', '/api/calendar/local-key-dates', {
        date: '2026-06-18',
        name: '中考',
        theme: '爱心送考',
      });
      expect(byCounty.statusCode).toBe(403);
      const badDate = await call(city, 'POST', '/api/calendar/local-key-dates', {
        date: '2026-02-30',
        name: '中考',
      });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json().error.field).toBe('date');
      const added = await call(city, 'POST', '/api/calendar/local-key-dates', {
        date: '2026-06-18',
        name: '中考',
        theme: '爱心送考',
      });
      expect(added.statusCode).toBe(200);
      const id = added.json().id;
      const dup = await call(city, 'POST', '/api/calendar/local-key-dates', {
        date: '2026-06-18',
        name: '中考',
      });
      expect(dup.statusCode).toBe(409);
      const cal = (await call(county, 'GET', '/api/calendar/key-dates?year=2026')).json().items;
      expect(cal.find((d: { name: string }) => d.name === '中考')).toMatchObject({
        id,
        date: '2026-06-18',
        kind: 'local',
      });
      expect(
        (
          await call(county, 'PUT', `/api/calendar/local-key-dates/${id}`, {
            date: '2026-06-19',
            name: '中考',
          })
        ).statusCode,
      ).toBe(403);
      const moved = await call(city, 'PUT', `/api/calendar/local-key-dates/${id}`, {
        date: '2026-06-19',
        name: '中考',
        theme: '爱心送考、护航中考',
      });
      expect(moved.json().date).toBe('2026-06-19');
      // Moving another date onto the same day and name is refused, and it stays where it was.
      const other = (
        await call(city, 'POST', '/api/calendar/local-key-dates', { date: '2026-06-20', name: '中考' })
      ).json();
      const clash = await call(city, 'PUT', `/api/calendar/local-key-dates/${other.id}`, {
        date: '2026-06-19',
        name: '中考',
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.field).toBe('name');
      expect(
        (await call(city, 'GET', '/api/calendar/local-key-dates?year=2026'))
          .json()
          .items.map((d: { date: string }) => d.date),
      ).toEqual(['2026-06-19', '2026-06-20']);
      expect((await call(city, 'DELETE', `/api/calendar/local-key-dates/${other.id}`)).statusCode).toBe(200);
      expect((await call(county, 'DELETE', `/api/calendar/local-key-dates/${id}`)).statusCode).toBe(403);
      expect((await call(city, 'DELETE', `/api/calendar/local-key-dates/${id}`)).statusCode).toBe(200);
      expect((await call(city, 'GET', '/api/calendar/local-key-dates?year=2026')).json().items).toEqual([]);
      expect(await audits('calendar.key_date.create')).toHaveLength(2);
      expect(await audits('calendar.key_date.update')).toHaveLength(1);
      expect(await audits('calendar.key_date.delete')).toHaveLength(2);
    });

    it('lists the working-day table by year; only the city edits it; bad entries are refused', async () => {
      expect(
        (
          await call(city, 'PUT', '/api/calendar/working-days/2026-10-01', {
            isWorkday: false,
            note: '国庆节',
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await call(city, 'PUT', '/api/calendar/working-days/2026-09-20', {
            isWorkday: true,
            note: '国庆调休上班',
          })
        ).statusCode,
      ).toBe(200);
      // 2026-09-21 is a Monday: already a working day.
      const weekday = await call(city, 'PUT', '/api/calendar/working-days/2026-09-21', { isWorkday: true });
      expect(weekday.statusCode).toBe(400);
      expect(weekday.json().error.field).toBe('isWorkday');
      expect(
        (await call(city, 'PUT', '/api/calendar/working-days/2026-13-01', { isWorkday: false })).statusCode,
      ).toBe(400);
      expect(
        (await call(township, 'PUT', '/api/calendar/working-days/2026-10-02', { isWorkday: false }))
          .statusCode,
      ).toBe(403);
      expect((await call(county, 'DELETE', '/api/calendar/working-days/2026-10-01')).statusCode).toBe(403);
      const list = (await call(county, 'GET', '/api/calendar/working-days?year=2026')).json();
      expect(list.items).toEqual([
        { date: '2026-09-20', isWorkday: true, note: '国庆调休上班' },
        { date: '2026-10-01', isWorkday: false, note: '国庆节' },
      ]);
      expect((await call(county, 'GET', '/api/calendar/working-days?year=2027')).json().items).toEqual([]);
      expect((await call(city, 'DELETE', '/api/calendar/working-days/2026-09-20')).statusCode).toBe(200);
      expect((await call(city, 'DELETE', '/api/calendar/working-days/2026-09-20')).statusCode).toBe(404);
      expect((await call(county, 'GET', '/api/calendar/working-days?year=2026')).json().items).toHaveLength(
        1,
      );
      expect(await audits('calendar.working_day.delete')).toHaveLength(1);
    });

    it('keeps themed activity templates attached to key dates, with the contract the activity form reads', async () => {
      const field = await db()
        .db.selectFrom('serviceFields')
        .select(['id', 'name'])
        .orderBy('sort')
        .executeTakeFirstOrThrow();
      const created = await call(city, 'POST', '/api/activity-templates', {
        title: '学雷锋志愿服务集中行动',
        theme: '学雷锋',
        content: '义诊、义剪、家电维修进社区',
        serviceFieldId: field.id,
        keyDateName: '学雷锋纪念日',
      });
      expect(created.statusCode).toBe(200);
      const id = created.json().id;
      const read = await call(county, 'GET', `/api/activity-templates/${id}`);
      expect(read.json()).toEqual({
        id,
        title: '学雷锋志愿服务集中行动',
        theme: '学雷锋',
        content: '义诊、义剪、家电维修进社区',
        serviceFieldId: field.id,
        keyDateName: '学雷锋纪念日',
      });
      const ownByGuantao = (
        await call(otherCounty, 'POST', '/api/activity-templates', {
          title: '馆陶重阳敬老',
          keyDateName: '重阳节',
        })
      ).json();
      expect(ownByGuantao.serviceFieldId).toBeNull();
      // 大名 sees the city's template but not 馆陶's; the city sees both.
      expect((await call(county, 'GET', `/api/activity-templates/${ownByGuantao.id}`)).statusCode).toBe(404);
      const cityList = (await call(city, 'GET', '/api/activity-templates'))
        .json()
        .items.map((t: { id: string }) => t.id);
      expect(cityList).toEqual(expect.arrayContaining([id, ownByGuantao.id]));
      const byKeyDate = (await call(county, 'GET', '/api/activity-templates?keyDateName=学雷锋纪念日')).json()
        .items;
      expect(byKeyDate.map((t: { id: string }) => t.id)).toEqual([id]);
      // A township cannot write templates; a county cannot delete the city's; bad input is refused.
      expect(
        (await call(township, 'POST', '/api/activity-templates', { title: '乡镇模板' })).statusCode,
      ).toBe(403);
      expect((await call(county, 'DELETE', `/api/activity-templates/${id}`)).statusCode).toBe(403);
      const noField = await call(city, 'POST', '/api/activity-templates', {
        title: '模板',
        serviceFieldId: 'nope',
      });
      expect(noField.statusCode).toBe(400);
      expect(noField.json().error.field).toBe('serviceFieldId');
      expect((await call(city, 'POST', '/api/activity-templates', { title: '' })).statusCode).toBe(400);
      expect((await call(city, 'DELETE', `/api/activity-templates/${ownByGuantao.id}`)).statusCode).toBe(200);
      expect((await call(city, 'GET', `/api/activity-templates/${ownByGuantao.id}`)).statusCode).toBe(404);
      expect(await audits('activity_template.create')).toHaveLength(2);
      expect(await audits('activity_template.delete')).toHaveLength(1);
    });

    it('aggregates monthly compliance per child region, drillable, with zeros for empty regions', async () => {
      const mk = async (name: string) => {
        const t = (
          await call(county, 'POST', '/api/teams', {
            name,
            category: 'station',
            regionCode: places.damingzhen,
            leaderName: '队长',
          })
        ).json();
        await call(county, 'POST', `/api/teams/${t.id}/submit`);
        await call(county, 'POST', `/api/teams/${t.id}/approve`);
        return t.id as string;
      };
      const planned = await mk('五月有安排的队伍');
      const idle = await mk('五月无安排的队伍');
      await call(county, 'POST', '/api/plans', {
        regionCode: places.daming,
        teamId: planned,
        year: 2026,
        title: '队伍年度计划',
        items: [{ month: 5, title: '五四青年节红色宣讲' }],
      });
      const top = (await call(city, 'GET', '/api/plans/compliance/regions?year=2026&month=5')).json();
      expect(top.region.code).toBe(places.handan);
      const children = (await app.inject({ url: `/api/regions/${places.handan}/children` })).json().items;
      // Every county appears, the empty ones with zeros.
      const childRows = top.rows.filter((r: { own: boolean }) => !r.own);
      expect(childRows.map((r: { code: string }) => r.code)).toEqual(
        children.map((c: { code: string }) => c.code),
      );
      const sum = (k: string) => top.rows.reduce((n: number, r: Record<string, number>) => n + r[k]!, 0);
      expect(sum('teams')).toBe(top.total.teams);
      expect(sum('flagged')).toBe(top.total.flagged);
      const daming = top.rows.find((r: { code: string }) => r.code === places.daming);
      const guantao = top.rows.find((r: { code: string }) => r.code === places.guantao);
      expect(daming.drillable).toBe(true);
      // Only the two teams this test registered exist in the city.
      expect(daming).toMatchObject({ teams: 2, arranged: 1, active: 0, flagged: 1 });
      expect(guantao).toMatchObject({ teams: 0, arranged: 0, active: 0, flagged: 0 });
      expect(top.total).toEqual({ teams: 2, arranged: 1, active: 0, flagged: 1 });
      // Drill into 大名县: its townships, the breadcrumb, and the flagged team listed.
      const down = (
        await call(city, 'GET', `/api/plans/compliance/regions?year=2026&month=5&regionCode=${places.daming}`)
      ).json();
      expect(down.path.map((p: { code: string }) => p.code)).toEqual([places.handan, places.daming]);
      const town = down.rows.find((r: { code: string }) => r.code === places.damingzhen);
      expect(town).toMatchObject({ teams: 2, arranged: 1, active: 0, flagged: 1 });
      const flaggedIds = down.flagged.map((f: { id: string }) => f.id);
      expect(flaggedIds).toContain(idle);
      expect(flaggedIds).not.toContain(planned);
      expect(down.total.teams).toBe(daming.teams);
      // The county sees its own; another county's is out of scope; a team leader's scope has no region view.
      expect(
        (await call(county, 'GET', '/api/plans/compliance/regions?year=2026&month=5')).json().region.code,
      ).toBe(places.daming);
      const other = await call(
        otherCounty,
        'GET',
        `/api/plans/compliance/regions?year=2026&month=5&regionCode=${places.daming}`,
      );
      expect(other.statusCode).toBe(403);
      expect((await call(city, 'GET', '/api/plans/compliance/regions?year=2026&month=13')).statusCode).toBe(
        400,
      );
    });

    it('lets a team leader and an organisation keep their own teams’ plans, and pages the list', async () => {
      const team = async (s: Session, name: string, regionCode: string, organizationId?: string) => {
        const t = await call(s, 'POST', '/api/teams', {
          name,
          category: organizationId ? 'unit' : 'station',
          regionCode,
          leaderName: '队长',
          ...(organizationId && { organizationId }),
        });
        expect(t.statusCode, t.body).toBe(200);
        await call(s, 'POST', `/api/teams/${t.json().id}/submit`);
        await call(s, 'POST', `/api/teams/${t.json().id}/approve`);
        return t.json().id as string;
      };
      const mine = await team(county, '大名县计划测试一队', places.daming);
      const neighbour = await team(county, '大名县计划测试二队', places.daming);
      const orgTeam = await team(city, '军休所志愿服务队', places.handan, world.orgId);
      await provisionAccount(
        db().db,
        testCrypto,
        {
          username: 'planleader',
          role: 'team_leader',
          teamId: mine,
          regionCode: places.daming,
          displayName: '计划队长',
          password: TEST_PASSWORD,
        },
        'test',
      );
      const leader = await login(app, 'planleader');
      const byLeader = await call(leader, 'POST', '/api/plans', {
        regionCode: places.daming,
        teamId: mine,
        year: 2027,
        title: '一队2027年度计划',
        items: [{ month: 1, title: '新春走访慰问' }],
      });
      expect(byLeader.statusCode, byLeader.body).toBe(200);
      expect(byLeader.json()).toMatchObject({ teamId: mine, regionCode: places.daming });
      const notMine = await call(leader, 'POST', '/api/plans', {
        regionCode: places.daming,
        teamId: neighbour,
        year: 2027,
        title: '替二队定的计划',
      });
      expect(notMine.statusCode).toBe(403);
      expect(notMine.json().error.field).toBe('teamId');
      const byCounty = await call(county, 'POST', '/api/plans', {
        regionCode: places.daming,
        teamId: neighbour,
        year: 2027,
        title: '二队2027年度计划',
      });
      expect(byCounty.statusCode).toBe(200);
      expect((await call(leader, 'GET', `/api/plans/${byCounty.json().id}`)).statusCode).toBe(403);
      const leaderList = (await call(leader, 'GET', '/api/plans?year=2027')).json();
      expect(leaderList.total).toBe(1);
      expect(leaderList.items.map((p: { id: string }) => p.id)).toEqual([byLeader.json().id]);
      expect(leaderList.items[0]).toMatchObject({ itemCount: 1, doneCount: 0 });

      const org = await login(app, 'junxiu');
      const byOrg = await call(org, 'POST', '/api/plans', {
        regionCode: places.handan,
        teamId: orgTeam,
        year: 2027,
        title: '军休所2027年度计划',
      });
      expect(byOrg.statusCode, byOrg.body).toBe(200);
      expect(
        (await call(org, 'POST', '/api/plans', { regionCode: places.handan, year: 2027, title: '全市计划' }))
          .statusCode,
      ).toBe(403);
      const orgList = (await call(org, 'GET', '/api/plans?year=2027')).json();
      expect(orgList.items.map((p: { id: string }) => p.id)).toEqual([byOrg.json().id]);

      // The city pages through all three: two on the first page, one on the second, counted exactly.
      const rows = await db().db.selectFrom('plans').select('id').where('year', '=', 2027).execute();
      expect(rows).toHaveLength(3);
      const first = (await call(city, 'GET', '/api/plans?year=2027&pageSize=2')).json();
      const second = (await call(city, 'GET', '/api/plans?year=2027&pageSize=2&page=2')).json();
      expect(first.total).toBe(3);
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(1);
      expect([...first.items, ...second.items].map((p: { id: string }) => p.id).sort()).toEqual(
        rows.map((r) => r.id).sort(),
      );
    });

    it('seeds the demo plans, templates and the 2026 holiday table once', async () => {
      const lines: string[] = [];
      await seedPlansDemo(db(), (l) => lines.push(l));
      await seedPlansDemo(db(), (l) => lines.push(l));
      expect(lines[0]).not.toContain('新增年度计划 0 份');
      expect(lines[1]).toContain('新增年度计划 0 份');
      const table = (await call(county, 'GET', '/api/calendar/working-days?year=2026')).json().items;
      const byDate = new Map(table.map((d: { date: string; isWorkday: boolean }) => [d.date, d.isWorkday]));
      expect(byDate.get('2026-02-17')).toBe(false);
      expect(byDate.get('2026-02-28')).toBe(true);
      expect(byDate.get('2026-10-10')).toBe(true);
      // 2026-09-30 (Wed) + 3 working days over the 国庆 holiday: 10-08, 10-09, 10-10 (调休).
      const due = await call(county, 'GET', '/api/calendar/add-working-days?from=2026-09-30&days=3');
      expect(due.json().date).toBe('2026-10-10');
      const year = new Date().getUTCFullYear();
      const cityPlans = (await call(city, 'GET', `/api/plans?year=${year}`)).json().items;
      const titles = cityPlans.map((p: { title: string }) => p.title);
      expect(titles).toContain(`邯郸市${year}年度退役军人志愿服务工作计划`);
      expect(titles.filter((t: string) => t === `大名县${year}年度退役军人志愿服务计划`)).toHaveLength(1);
      const templates = (await call(county, 'GET', '/api/activity-templates')).json().items;
      expect(templates.map((t: { keyDateName: string }) => t.keyDateName)).toEqual(
        expect.arrayContaining(['学雷锋纪念日', '八一建军节', '重阳节']),
      );
      const keyDates = (await call(county, 'GET', `/api/calendar/key-dates?year=${year}`)).json().items;
      expect(
        keyDates.some((d: { name: string; kind: string }) => d.name === '中考' && d.kind === 'local'),
      ).toBe(true);
    });
  },
);
