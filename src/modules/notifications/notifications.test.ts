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
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard, fakePhone } from '../../../tests/support/registry';
import { renderTemplate } from '../../shared/notifications';
import { provisionAccount } from '../accounts/provision';
import { notify } from './notifications.service';
import { runDueJobs, scheduleActivityReminders, startScheduler } from './scheduler';

const HOUR = 3_600_000;

it('fills templates in Chinese and leaves a missing value visible', () => {
  expect(
    renderTemplate('request_declined', { requestNo: 'DD1', team: '一队', reason: '人手不足' }).body,
  ).toBe('群众点单 DD1 被“一队”退回，原因：人手不足。请重新派单。');
  expect(renderTemplate('call_out', { title: '抢险' }).body).toContain('{place}');
});

describeEachDialect('站内消息、外发记录与定时提醒', (db) => {
  let app: FastifyInstance;
  let world: World;
  let county: Session;
  let teamId: string;
  const volunteers: string[] = [];
  let volunteerPhone: string;

  const post = (s: Session, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload });

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    const team = await post(county, '/api/teams', {
      name: '大名县提醒测试队',
      category: 'station',
      regionCode: places.daming,
      leaderName: '赵队长',
    });
    teamId = team.json().id;
    await post(county, `/api/teams/${teamId}/submit`);
    await post(county, `/api/teams/${teamId}/approve`);
    for (let i = 0; i < 3; i++) {
      const v = await post(county, '/api/volunteers', {
        name: `提醒队员${i}`,
        idCard: fakeIdCard('19610101'),
        phone: fakePhone(),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId,
      });
      volunteers.push(v.json().id);
    }
    volunteerPhone = fakePhone();
    await provisionAccount(
      db().db,
      testCrypto,
      {
        phone: volunteerPhone,
        role: 'volunteer',
        regionCode: world.villageCode,
        volunteerId: volunteers[0],
        displayName: '提醒队员0',
        password: TEST_PASSWORD,
      },
      'test',
    );
  }, 120_000);
  afterAll(async () => app.close());

  it('delivers to the inbox, counts unread, marks read only one’s own', async () => {
    await db()
      .db.transaction()
      .execute(async (tx) => {
        await notify(tx, {
          accountIds: [world.ids.daming!, world.ids.city!],
          template: 'request_overdue',
          params: { requestNo: 'DD20261128-AAAA', step: '派单' },
          link: '/requests',
        });
      });
    const inbox = (await app.inject({ url: '/api/notifications', headers: county.headers })).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0].body).toBe('群众点单 DD20261128-AAAA 派单已超时，请督办。');
    const city = await login(app, 'city');
    const cityItem = (await app.inject({ url: '/api/notifications', headers: city.headers })).json().items[0];
    // Marking someone else's message does nothing.
    expect((await post(county, '/api/notifications/read', { ids: [cityItem.id] })).json()).toEqual({
      marked: 0,
      unread: 1,
    });
    expect((await post(county, '/api/notifications/read', { all: true })).json()).toEqual({
      marked: 1,
      unread: 0,
    });
    const cityCount = (
      await app.inject({ url: '/api/notifications/unread-count', headers: city.headers })
    ).json();
    expect(cityCount.unread).toBe(1);
    // Staff messages do not go out by SMS.
    const out = await db()
      .db.selectFrom('outbox')
      .select('id')
      .where('template', '=', 'request_overdue')
      .execute();
    expect(out).toEqual([]);
  });

  it('shows the outbox to administrators only', async () => {
    expect((await app.inject({ url: '/api/outbox', headers: county.headers })).statusCode).toBe(200);
    const volunteer = await login(app, volunteerPhone);
    expect((await app.inject({ url: '/api/outbox', headers: volunteer.headers })).statusCode).toBe(403);
  });

  it('sends each reminder exactly once across a scheduler restart and two competing instances', async () => {
    const t0 = Date.now();
    const startsAt = new Date(t0 + 26 * HOUR);
    const created = await post(county, '/api/activities', {
      title: '重阳节敬老院慰问',
      kind: 'own',
      teamId,
      regionCode: places.daming,
      place: '大名县敬老院',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
      capacity: 10,
    });
    expect(created.statusCode, created.body).toBe(200);
    const activityId = created.json().id as string;
    await post(county, `/api/activities/${activityId}/publish`);
    expect(
      (await post(county, `/api/activities/${activityId}/signups`, { volunteerIds: volunteers })).statusCode,
    ).toBe(200);

    const stored = await scheduleActivityReminders(db().db, activityId, new Date(t0));
    expect(stored).toBe(6);
    // Scheduling again (e.g. after another sign-up) adds nothing twice.
    expect(await scheduleActivityReminders(db().db, activityId, new Date(t0))).toBe(0);

    const jobsOf = () =>
      db()
        .db.selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'activity_reminder')
        .where('dedupeKey', 'like', `%${activityId}%`)
        .execute();
    const settle = async (instances: ReturnType<typeof startScheduler>[], until: () => Promise<boolean>) => {
      for (let i = 0; i < 500 && !(await until()); i++) await new Promise((r) => setTimeout(r, 20));
      await Promise.all(instances.map((s) => s.stop()));
    };

    // Two instances (as two processes would) at the moment the day-before reminders are due.
    const atDayBefore = () => new Date(t0 + 3 * HOUR);
    const a = startScheduler({ database: db(), intervalMs: 10, now: atDayBefore });
    const b = startScheduler({ database: db(), intervalMs: 10, now: atDayBefore });
    await settle([a, b], async () => (await jobsOf()).filter((j) => j.status === 'done').length >= 3);
    let jobs = await jobsOf();
    expect(jobs.filter((j) => j.status === 'done').map((j) => JSON.parse(j.payload).which)).toEqual([
      'day',
      'day',
      'day',
    ]);
    expect(jobs.filter((j) => j.status === 'pending')).toHaveLength(3);

    // One instance dies holding a claim: its lock lapses and the job is taken over, not lost.
    const orphan = jobs.find((j) => j.status === 'pending')!;
    await db()
      .db.updateTable('jobs')
      .set({ status: 'running', lockedUntil: new Date(t0 + 20 * HOUR).toISOString(), attempts: 1 })
      .where('id', '=', orphan.id)
      .execute();

    // Restart: a new instance, when the two-hour reminders are due.
    const atTwoHoursBefore = () => new Date(t0 + 24.5 * HOUR);
    const c = startScheduler({ database: db(), intervalMs: 10, now: atTwoHoursBefore });
    await settle([c], async () => (await jobsOf()).every((j) => j.status === 'done'));
    jobs = await jobsOf();
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    // Nothing left to do: running again sends nothing.
    expect(await runDueJobs(db().db, atTwoHoursBefore())).toEqual({ done: 0, skipped: 0, failed: 0 });

    const sent = await db()
      .db.selectFrom('outbox')
      .select(['template', 'body'])
      .where('template', 'in', ['activity_reminder_day', 'activity_reminder_hours'])
      .where('body', 'like', '%重阳节敬老院慰问%')
      .execute();
    expect(sent.filter((s) => s.template === 'activity_reminder_day')).toHaveLength(3);
    expect(sent.filter((s) => s.template === 'activity_reminder_hours')).toHaveLength(3);
    // The volunteer with an account also has both in the inbox, once each.
    const volunteer = await login(app, volunteerPhone);
    const inbox = (await app.inject({ url: '/api/notifications', headers: volunteer.headers })).json();
    expect(inbox.items.map((n: { template: string }) => n.template).sort()).toEqual([
      'activity_reminder_day',
      'activity_reminder_hours',
    ]);
  });

  it('skips the reminder of a cancelled sign-up', async () => {
    const t0 = Date.now();
    const startsAt = new Date(t0 + 5 * HOUR);
    const created = await post(county, '/api/activities', {
      title: '社区义诊',
      kind: 'own',
      teamId,
      regionCode: places.daming,
      place: '大名镇卫生院',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
      capacity: 10,
    });
    const activityId = created.json().id as string;
    await post(county, `/api/activities/${activityId}/publish`);
    await post(county, `/api/activities/${activityId}/signups`, { volunteerIds: [volunteers[1]] });
    expect(await scheduleActivityReminders(db().db, activityId, new Date(t0))).toBe(2);
    await post(county, `/api/activities/${activityId}/signups/cancel`, { volunteerId: volunteers[1] });
    const result = await runDueJobs(db().db, new Date(t0 + 3.5 * HOUR));
    expect(result.skipped).toBe(2);
    const sent = await db()
      .db.selectFrom('outbox')
      .select('id')
      .where('body', 'like', '%社区义诊%')
      .execute();
    expect(sent).toEqual([]);
  });
});
