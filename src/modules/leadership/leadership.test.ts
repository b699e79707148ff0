import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { chinaToday } from '../../shared/dates';
import { isOverdue } from './leadership.service';

describeEachDialect('leadership groups and work tasks', (db) => {
  let app: FastifyInstance;
  let city: Session;
  let daming: Session;
  let guantao: Session;
  let town: Session;

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    city = await login(app, 'city');
    daming = await login(app, 'daming');
    guantao = await login(app, 'guantao');
    town = await login(app, 'damingzhen');
  });
  afterAll(async () => app.close());

  const post = (s: Session, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const get = (s: Session, url: string) => app.inject({ url, headers: s.headers });

  it('keeps city and county groups, each county seeing only its own', async () => {
    const cityGroup = await post(city, '/api/leadership/groups', {
      regionCode: places.handan,
      name: '邯郸市退役军人志愿服务工作领导小组',
      duties: '统筹全市工作',
    });
    expect(cityGroup.statusCode).toBe(200);
    const dm = await post(daming, '/api/leadership/groups', {
      regionCode: places.daming,
      name: '大名县领导小组',
    });
    expect(dm.statusCode).toBe(200);
    // A county cannot set up a group for another county; a township keeps none.
    const other = await post(daming, '/api/leadership/groups', {
      regionCode: places.guantao,
      name: '馆陶县领导小组',
    });
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const byTown = await post(town, '/api/leadership/groups', {
      regionCode: places.damingzhen,
      name: '乡镇小组',
    });
    expect(byTown.statusCode).toBe(403);
    // A second group for the same county is refused.
    const twice = await post(city, '/api/leadership/groups', { regionCode: places.daming, name: '重复小组' });
    expect(twice.json().error.code).toBe('CONFLICT');
    // The township level is not a place for a group.
    const atTown = await post(city, '/api/leadership/groups', {
      regionCode: places.damingzhen,
      name: '乡镇小组',
    });
    expect(atTown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'regionCode' });

    const cityList = (await get(city, '/api/leadership/groups')).json().items;
    expect(cityList.map((g: { regionCode: string }) => g.regionCode).sort()).toEqual([
      places.handan,
      places.daming,
    ]);
    const dmList = (await get(daming, '/api/leadership/groups')).json().items;
    expect(dmList.map((g: { regionCode: string }) => g.regionCode)).toEqual([places.daming]);
    expect((await get(guantao, '/api/leadership/groups')).json().items).toEqual([]);
    expect((await get(guantao, `/api/leadership/groups/${dm.json().id}`)).statusCode).toBe(404);
    expect((await get(daming, `/api/leadership/groups/${cityGroup.json().id}`)).statusCode).toBe(404);
  });

  it('keeps a member who leaves as history, with an end date', async () => {
    const group = (await get(daming, '/api/leadership/groups')).json().items[0];
    const add = (name: string, role: string, post: string) =>
      app.inject({
        method: 'POST',
        url: `/api/leadership/groups/${group.id}/members`,
        headers: daming.headers,
        payload: { name, post, role, fromDate: '2025-01-10' },
      });
    const leader = await add('刘振华', 'leader', '县退役军人事务局局长');
    expect(leader.statusCode).toBe(200);
    await add('张晓明', 'deputy', '县退役军人事务局副局长');
    const bad = await add('王', 'member', '科长');
    expect(bad.json().error.field).toBe('name');

    const early = await post(daming, `/api/leadership/members/${leader.json().id}/end`, {
      toDate: '2024-12-31',
    });
    expect(early.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'toDate' });
    const byOther = await post(guantao, `/api/leadership/members/${leader.json().id}/end`, {
      toDate: '2025-12-31',
    });
    expect(byOther.statusCode).toBe(404);
    const end = await post(daming, `/api/leadership/members/${leader.json().id}/end`, {
      toDate: '2025-12-31',
    });
    expect(end.statusCode).toBe(200);
    await add('赵新民', 'leader', '县退役军人事务局局长');

    const detail = (await get(daming, `/api/leadership/groups/${group.id}`)).json();
    expect(detail.members).toHaveLength(3);
    const former = detail.members.find((m: { name: string }) => m.name === '刘振华');
    expect(former).toMatchObject({ toDate: '2025-12-31', current: false, role: 'leader' });
    const current = detail.members.filter((m: { current: boolean }) => m.current);
    expect(current.map((m: { name: string }) => m.name)).toEqual(['赵新民', '张晓明']);
    const summary = (await get(daming, '/api/leadership/groups')).json().items[0];
    expect(summary).toMatchObject({ currentMembers: 2, leaderName: '赵新民' });
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'leadership.%')
      .execute();
    expect(audit.filter((a) => a.action === 'leadership.member.end')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'leadership.member.add')).toHaveLength(3);
  });

  it('lets the city assign tasks to several counties; counties report on their own share only', async () => {
    const year = Number(chinaToday().slice(0, 4));
    const byCounty = await post(daming, '/api/work-meetings', {
      year,
      heldOn: `${year}-02-20`,
      title: '县里的会',
    });
    expect(byCounty.statusCode).toBe(403);
    const meeting = await post(city, '/api/work-meetings', {
      year,
      heldOn: `${year - 1}-02-20`,
      title: '全市工作会议',
    });
    expect(meeting.json().error.field).toBe('heldOn');
    const m = await post(city, '/api/work-meetings', {
      year: year - 1,
      heldOn: `${year - 1}-02-20`,
      title: `${year - 1}年全市退役军人志愿服务工作会议`,
    });
    expect(m.statusCode).toBe(200);
    const meetingId = m.json().id;

    const countyAssigns = await post(daming, `/api/work-meetings/${meetingId}/tasks`, {
      title: '越权任务',
      dueDate: `${year}-12-31`,
      countyCodes: [places.daming],
    });
    expect(countyAssigns.statusCode).toBe(403);
    const toTown = await post(city, `/api/work-meetings/${meetingId}/tasks`, {
      title: '发给乡镇的任务',
      dueDate: `${year}-12-31`,
      countyCodes: [places.damingzhen],
    });
    expect(toTown.json().error.field).toBe('countyCodes');

    // One task already past its deadline, to both counties; one due far ahead, to 大名 only.
    const past = await post(city, `/api/work-meetings/${meetingId}/tasks`, {
      title: '完成队伍统一登记',
      measure: '健全组织体系',
      dueDate: `${year - 1}-03-31`,
      countyCodes: [places.daming, places.guantao],
    });
    expect(past.statusCode).toBe(200);
    const ahead = await post(city, `/api/work-meetings/${meetingId}/tasks`, {
      title: '打造县级特色品牌',
      dueDate: `${year + 1}-06-30`,
      countyCodes: [places.daming],
    });
    expect(ahead.statusCode).toBe(200);

    const cityView = (await get(city, `/api/work-tasks?meetingId=${meetingId}`)).json();
    expect(cityView.total).toBe(3);
    expect(cityView.overdue).toBe(2);
    const dmView = (await get(daming, `/api/work-tasks?meetingId=${meetingId}`)).json();
    expect(dmView.items.map((a: { countyCode: string }) => a.countyCode)).toEqual([
      places.daming,
      places.daming,
    ]);
    expect(dmView.overdue).toBe(1);
    const gtView = (await get(guantao, '/api/work-tasks')).json();
    expect(gtView.items).toHaveLength(1);
    expect(gtView.items[0]).toMatchObject({
      countyCode: places.guantao,
      overdue: true,
      status: 'not_started',
    });
    // A county sees the meeting that gave it tasks.
    expect((await get(guantao, '/api/work-meetings')).json().items.map((x: { id: string }) => x.id)).toEqual([
      meetingId,
    ]);

    const dmPast = dmView.items.find((a: { title: string }) => a.title === '完成队伍统一登记');
    // The city does not report; 馆陶 cannot report on 大名's share.
    expect(
      (
        await post(city, `/api/work-tasks/${dmPast.id}/reports`, {
          status: 'done',
          evidence: '已完成全部登记',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post(guantao, `/api/work-tasks/${dmPast.id}/reports`, {
          status: 'done',
          evidence: '已完成全部登记',
        })
      ).statusCode,
    ).toBe(404);
    const empty = await post(daming, `/api/work-tasks/${dmPast.id}/reports`, {
      status: 'in_progress',
      evidence: '',
    });
    expect(empty.json().error.field).toBe('evidence');
    const badLink = await post(daming, `/api/work-tasks/${dmPast.id}/reports`, {
      status: 'in_progress',
      evidence: '已登记大部分队伍',
      links: ['javascript:alert(1)'],
    });
    expect(badLink.statusCode).toBe(400);
    expect(
      (
        await post(daming, `/api/work-tasks/${dmPast.id}/reports`, {
          status: 'in_progress',
          evidence: '已登记大部分队伍',
          links: ['https://example.org/ledger.pdf'],
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await post(daming, `/api/work-tasks/${dmPast.id}/reports`, {
          status: 'done',
          evidence: '全部队伍完成登记',
        })
      ).statusCode,
    ).toBe(200);
    const back = await post(daming, `/api/work-tasks/${dmPast.id}/reports`, {
      status: 'in_progress',
      evidence: '重新打开',
    });
    expect(back.json().error.code).toBe('CONFLICT');

    const detail = (await get(city, `/api/work-tasks/${dmPast.id}`)).json();
    expect(detail).toMatchObject({ status: 'done', overdue: false, completedOn: chinaToday() });
    expect(detail.history.map((r: { status: string }) => r.status)).toEqual(['done', 'in_progress']);
    expect(detail.history[1].links).toEqual(['https://example.org/ledger.pdf']);
    // 馆陶's share of the same task is still overdue: progress is kept per county.
    const after = (await get(city, `/api/work-tasks?meetingId=${meetingId}&overdue=1`)).json();
    expect(after.items.map((a: { countyCode: string }) => a.countyCode)).toEqual([places.guantao]);
    expect((await get(guantao, `/api/work-tasks/${dmPast.id}`)).statusCode).toBe(404);
    const audit = await db()
      .db.selectFrom('auditLog')
      .select(['action', 'regionCode'])
      .where('action', 'in', ['work.task.assign', 'work.task.report', 'work.meeting.create'])
      .execute();
    expect(audit.filter((a) => a.action === 'work.task.report').map((a) => a.regionCode)).toEqual([
      places.daming,
      places.daming,
    ]);
    expect(audit.filter((a) => a.action === 'work.task.assign')).toHaveLength(2);
  });

  it('computes overdue from the deadline and the status', () => {
    expect(isOverdue('2026-03-31', 'in_progress', '2026-04-01')).toBe(true);
    expect(isOverdue('2026-03-31', 'not_started', '2026-03-31')).toBe(false);
    expect(isOverdue('2026-03-31', 'done', '2026-05-01')).toBe(false);
    // Handan's date turns over at 16:00 UTC.
    expect(chinaToday(new Date('2026-03-31T15:59:00Z'))).toBe('2026-03-31');
    expect(chinaToday(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });
});
