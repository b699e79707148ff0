import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { seedDemo } from '../../server/demo';
import { seedActivitiesDemo } from '../../server/demo/activities';
import { starLevelFor } from '../../shared/activities';
import type { Actor } from '../identity/actor';
import { TeamsService } from '../teams/teams.service';
import { ActivitiesService, CheckinCodeThrottle } from './activities.service';
import { RecordsService } from './records.service';
import { codeAt, rotatingCodeMatches } from './checkinCode';

describe('star levels and check-in codes', () => {
  it('gives 1–5 stars at 100 / 300 / 600 / 1,000 / 1,500 hours', () => {
    expect([0, 99, 100, 299, 300, 600, 999, 1000, 1500, 5000].map((h) => starLevelFor(h * 60))).toEqual([
      0, 0, 1, 1, 2, 3, 3, 4, 5, 5,
    ]);
  });

  it('rotates the code every minute and accepts the two before it (slow typists)', () => {
    const secret = 'ab'.repeat(32);
    const t = Date.UTC(2026, 10, 28, 10, 0, 30);
    expect(codeAt(secret, t)).toMatch(/^\d{6}$/);
    expect(codeAt(secret, t)).not.toBe(codeAt(secret, t + 60_000));
    expect(rotatingCodeMatches(secret, codeAt(secret, t), t + 60_000)).toBe(true);
    expect(rotatingCodeMatches(secret, codeAt(secret, t), t + 120_000)).toBe(true);
    expect(rotatingCodeMatches(secret, codeAt(secret, t), t + 180_000)).toBe(false);
  });
});

describeEachDialect('activities and service records', (db) => {
  let app: FastifyInstance;
  let world: World;
  let county: Session;
  let teamId: string;
  const volunteerIds: string[] = [];

  const post = (s: Session, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload });

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    const team = (
      await post(county, '/api/teams', {
        name: '大名县老兵服务队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '赵队长',
      })
    ).json();
    teamId = team.id;
    await post(county, `/api/teams/${teamId}/submit`);
    await post(county, `/api/teams/${teamId}/approve`);
    for (let i = 0; i < 50; i++) {
      const v = await post(county, '/api/volunteers', {
        name: `队员${i}`,
        idCard: fakeIdCard('19600101'),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId,
      });
      volunteerIds.push(v.json().id);
    }
  }, 120_000);
  afterAll(async () => app.close());

  const activityBody = (capacity: number, start = Date.now() - 10 * 60_000, hours = 3) => ({
    title: '学雷锋纪念日义诊',
    kind: 'own',
    teamId,
    regionCode: places.daming,
    place: '大名县人民广场',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + hours * 3600_000).toISOString(),
    capacity,
    serviceObject: '社区群众',
    theme: '义诊与健康咨询',
  });

  const volunteerActor = (volunteerId: string): Actor => ({
    accountId: randomUUID(),
    username: null,
    displayName: '志愿者',
    role: 'volunteer',
    regionCode: world.villageCode,
    organizationId: null,
    teamId: null,
    volunteerId,
    sessionKind: 'volunteer',
  });

  it('50 simultaneous sign-ups for 10 places: exactly 10 accepted, the rest waitlisted in order, promoted on cancel', async () => {
    const created = (await post(county, '/api/activities', activityBody(10))).json();
    await post(county, `/api/activities/${created.id}/publish`);
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const context = { accountId: null, username: null, ip: '127.0.0.1' };
    const results = await Promise.allSettled(
      volunteerIds.map((v) => service.signUp(volunteerActor(v), created.id, undefined, context)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await db()
      .db.selectFrom('signups')
      .selectAll()
      .where('activityId', '=', created.id)
      .orderBy('seq')
      .execute();
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.status === 'accepted')).toHaveLength(10);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(50);
    // The first ten by arrival are the accepted ones.
    expect(rows.slice(0, 10).every((r) => r.status === 'accepted')).toBe(true);
    const firstWaiting = rows.find((r) => r.status === 'waitlisted')!;
    const leaving = rows.find((r) => r.status === 'accepted')!;
    await service.cancelSignUp(volunteerActor(leaving.volunteerId), created.id, undefined, context);
    const list = (
      await app.inject({ url: `/api/activities/${created.id}/signups`, headers: county.headers })
    ).json().items;
    expect(list).toHaveLength(49);
    expect(list.filter((s: { status: string }) => s.status === 'accepted')).toHaveLength(10);
    expect(list.find((s: { status: string }) => s.status === 'waitlisted').position).toBe(1);
    expect(
      (
        await app.inject({
          url: `/api/activities/${created.id}/signups`,
          headers: (await login(app, 'guantao')).headers,
        })
      ).statusCode,
    ).toBe(403);
    const promoted = await db()
      .db.selectFrom('signups')
      .selectAll()
      .where('id', '=', firstWaiting.id)
      .executeTakeFirstOrThrow();
    expect(promoted.status).toBe('accepted');
    expect(promoted.promotedAt).not.toBeNull();
    const accepted = await db()
      .db.selectFrom('signups')
      .select('id')
      .where('activityId', '=', created.id)
      .where('status', '=', 'accepted')
      .execute();
    expect(accepted).toHaveLength(10);
  });

  it('runs the loop: sign-up (one by proxy), check-in by code and by proxy, records, confirmation, hours and stars, correction', async () => {
    const activity = (
      await post(county, '/api/activities', activityBody(5, Date.now() - 2 * 3600_000, 2.5))
    ).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const [self, elder] = volunteerIds;
    // A leader signs up an elderly member; the other signs up through the service as a volunteer would.
    const byLeader = await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [elder] });
    expect(byLeader.json().results).toEqual([{ volunteerId: elder, status: 'accepted' }]);
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const context = { accountId: null, username: null, ip: null };
    await service.signUp(volunteerActor(self!), activity.id, undefined, context);

    const { checkinSecret, fixedCode } = await db()
      .db.selectFrom('activities')
      .select(['checkinSecret', 'fixedCode'])
      .where('id', '=', activity.id)
      .executeTakeFirstOrThrow();
    const inAt = Date.now() - 2 * 3600_000 + 60_000;
    await expect(
      service.checkWithCode(
        volunteerActor(self!),
        activity.id,
        '000000' === codeAt(checkinSecret, inAt) ? '111111' : '000000',
        'in',
        context,
        inAt,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await service.checkWithCode(
      volunteerActor(self!),
      activity.id,
      codeAt(checkinSecret, inAt),
      'in',
      context,
      inAt,
    );
    const out = await service.checkWithCode(
      volunteerActor(self!),
      activity.id,
      fixedCode,
      'out',
      context,
      inAt + 90 * 60_000,
    );
    expect(out.needsConfirmation).toBe(1);
    const proxyIn = await post(county, `/api/activities/${activity.id}/proxy-check`, {
      volunteerId: elder,
      direction: 'in',
    });
    expect(proxyIn.json()).toMatchObject({ method: 'proxy' });
    const outsider = volunteerIds[40]!;
    const notSigned = await post(county, `/api/activities/${activity.id}/proxy-check`, {
      volunteerId: outsider,
      direction: 'in',
    });
    expect(notSigned.statusCode).toBe(409);

    const early = await post(county, `/api/activities/${activity.id}/records`);
    expect(early.json().error.code).toBe('CONFLICT');
    // As if the elder had been checked in 40 minutes ago; the activity is completed half an hour early.
    await db()
      .db.updateTable('attendance')
      .set({ checkInAt: new Date(Date.now() - 40 * 60_000).toISOString() })
      .where('activityId', '=', activity.id)
      .where('volunteerId', '=', elder!)
      .execute();
    const completedAt = Date.now();
    await post(county, `/api/activities/${activity.id}/complete`);
    const attendance = await db()
      .db.selectFrom('attendance')
      .selectAll()
      .where('activityId', '=', activity.id)
      .where('volunteerId', '=', elder!)
      .executeTakeFirstOrThrow();
    expect(attendance).toMatchObject({ autoClosed: 1 });
    // Closed when the activity was completed, not at its planned end half an hour later.
    expect(Date.parse(attendance.checkOutAt!)).toBeGreaterThanOrEqual(completedAt - 1000);
    expect(Date.parse(attendance.checkOutAt!)).toBeLessThan(Date.parse(activity.endsAt));

    // Both check-ins wait for the leader: one checked out with the printed code, one closed at the end.
    const waiting = (
      await app.inject({ url: `/api/activities/${activity.id}/attendance`, headers: county.headers })
    ).json().items;
    expect(waiting.map((r: { outcome: string }) => r.outcome)).toEqual([
      'awaiting_review',
      'awaiting_review',
    ]);
    expect((await post(county, `/api/activities/${activity.id}/records`)).json().items).toEqual([]);
    const reviewed = await post(county, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [self, elder],
      decision: 'confirm',
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json().items.map((r: { outcome: string }) => r.outcome)).toEqual(['ready', 'ready']);
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', activity.id)
      .where('action', '=', 'attendance.confirm')
      .execute();
    expect(audit).toHaveLength(1);

    const records = (await post(county, `/api/activities/${activity.id}/records`)).json().items;
    expect(records).toHaveLength(2);
    const mine = records.find((r: { volunteerId: string }) => r.volunteerId === self)!;
    expect(mine).toMatchObject({
      minutes: 90,
      status: 'pending',
      activityName: '学雷锋纪念日义诊',
      place: '大名县人民广场',
      serviceObject: '社区群众',
    });
    const guantao = await login(app, 'guantao');
    const foreign = await post(guantao, '/api/service-records/confirm', { ids: [mine.id] });
    expect(foreign.statusCode).toBe(403);
    // Earlier service, confirmed long ago: 99 hours 50 minutes, so this activity crosses 100 hours.
    await db().db.updateTable('volunteers').set({ confirmedMinutes: 5990 }).where('id', '=', self!).execute();
    const confirmed = await post(county, '/api/service-records/confirm', {
      ids: records.map((r: { id: string }) => r.id),
    });
    expect(confirmed.statusCode).toBe(200);
    const v = await db()
      .db.selectFrom('volunteers')
      .select(['confirmedMinutes', 'starLevel'])
      .where('id', '=', self!)
      .executeTakeFirstOrThrow();
    expect(v).toEqual({ confirmedMinutes: 6080, starLevel: 1 });
    const stars = await db()
      .db.selectFrom('starHistory')
      .selectAll()
      .where('volunteerId', '=', self!)
      .execute();
    expect(stars.map((s) => [s.fromLevel, s.toLevel, s.totalMinutes])).toEqual([[0, 1, 6080]]);

    // A confirmed record never changes: the database refuses, and a correction is a new linked record.
    await expect(
      db().db.updateTable('serviceRecords').set({ minutes: 600 }).where('id', '=', mine.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().db.deleteFrom('serviceRecords').where('id', '=', mine.id).execute()).rejects.toThrow(
      /cannot be deleted/,
    );
    const fixed = await post(county, `/api/service-records/${mine.id}/correct`, {
      minutes: 60,
      reason: '签退时间登记有误',
    });
    expect(fixed.statusCode).toBe(200);
    const chain = await db()
      .db.selectFrom('serviceRecords')
      .selectAll()
      .where('volunteerId', '=', self!)
      .orderBy('createdAt')
      .execute();
    expect(chain.map((r) => r.status)).toEqual(['superseded', 'confirmed']);
    expect(chain[1]).toMatchObject({
      correctsId: mine.id,
      minutes: 60,
      correctionReason: '签退时间登记有误',
    });
    // Totals follow each correction (still over 100 hours here).
    const after = await db()
      .db.selectFrom('volunteers')
      .select(['confirmedMinutes', 'starLevel'])
      .where('id', '=', self!)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ confirmedMinutes: 6050, starLevel: 1 });
    const again = await post(county, `/api/service-records/${chain[1]!.id}/correct`, {
      minutes: 30,
      reason: '再次核对',
    });
    expect(again.statusCode).toBe(200);
    const last = await db()
      .db.selectFrom('volunteers')
      .select(['confirmedMinutes', 'starLevel'])
      .where('id', '=', self!)
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ confirmedMinutes: 6020, starLevel: 1 });
    const superseded = await post(county, `/api/service-records/${mine.id}/correct`, {
      minutes: 30,
      reason: '重复更正',
    });
    expect(superseded.json().error.code).toBe('CONFLICT');
  });

  it('shows the volunteer their hours, star level and records, and keeps activity outputs', async () => {
    const [self] = volunteerIds;
    const phone = '13700001111';
    await db()
      .db.updateTable('volunteers')
      .set({ phoneEnc: testCrypto.encrypt(phone), phoneHash: testCrypto.hash(phone) })
      .where('id', '=', self!)
      .execute();
    const slip = (await post(county, `/api/volunteers/${self}/activation`)).json();
    await app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: { phone, code: slip.code, newPassword: 'Laobing-2026' },
    });
    const me = await login(app, phone, 'Laobing-2026');
    const mine = (await app.inject({ url: '/api/me/service', headers: me.headers })).json();
    expect(mine).toMatchObject({ confirmedMinutes: 6020, starLevel: 1, nextStarHours: 300 });
    expect(mine.records.map((r: { status: string }) => r.status).sort()).toEqual([
      'confirmed',
      'superseded',
      'superseded',
    ]);
    expect((await app.inject({ url: '/api/me/service', headers: county.headers })).statusCode).toBe(403);

    const activity = (await app.inject({ url: '/api/activities', headers: county.headers })).json().items[0];
    const outputs = await app.inject({
      method: 'PUT',
      url: `/api/activities/${activity.id}/outputs`,
      headers: county.headers,
      payload: {
        outputs: [
          { kind: 'people_helped', quantity: 120 },
          { kind: 'meals', quantity: 80 },
        ],
      },
    });
    expect(outputs.statusCode).toBe(200);
    const stored = await db()
      .db.selectFrom('activityOutputs')
      .select(['kind', 'quantity'])
      .where('activityId', '=', activity.id)
      .orderBy('kind')
      .execute();
    expect(stored).toEqual([
      { kind: 'meals', quantity: 80 },
      { kind: 'people_helped', quantity: 120 },
    ]);
    const bad = await app.inject({
      method: 'PUT',
      url: `/api/activities/${activity.id}/outputs`,
      headers: county.headers,
      payload: { outputs: [{ kind: 'gold', quantity: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a volunteer ask for a correction; staff accept it (new linked record) or reject it with a reason', async () => {
    const [self] = volunteerIds;
    const me = await login(app, '13700001111', 'Laobing-2026');
    const before = (await app.inject({ url: '/api/me/service', headers: me.headers })).json();
    const current = before.records.find((r: { status: string }) => r.status === 'confirmed');
    expect(current).toBeTruthy();
    const ask = (payload: object, s: Session = me) =>
      app.inject({ method: 'POST', url: '/api/me/record-requests', headers: s.headers, payload });

    const same = await ask({ recordId: current.id, minutes: current.minutes, reason: '时长不对' });
    expect(same.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'minutes' });
    const superseded = before.records.find((r: { status: string }) => r.status === 'superseded');
    expect((await ask({ recordId: superseded.id, minutes: 50, reason: '时长不对' })).json().error.code).toBe(
      'CONFLICT',
    );
    expect((await ask({ recordId: current.id, minutes: 45, reason: '时长不对' }, county)).statusCode).toBe(
      403,
    );
    const made = await ask({ recordId: current.id, minutes: 45, reason: '签退时忘了扫码，实际服务到11点' });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ status: 'pending', minutes: 45, currentMinutes: current.minutes });
    expect((await ask({ recordId: current.id, minutes: 50, reason: '再申请一次' })).json().error.code).toBe(
      'CONFLICT',
    );

    // Staff of another county neither see nor decide it.
    const guantao = await login(app, 'guantao');
    expect(
      (await app.inject({ url: '/api/record-requests?status=pending', headers: guantao.headers })).json()
        .items,
    ).toEqual([]);
    const foreign = await post(guantao, `/api/record-requests/${made.json().id}/accept`);
    expect(foreign.statusCode).toBe(403);

    const pending = (
      await app.inject({
        url: `/api/record-requests?status=pending&activityId=${current.activityId}`,
        headers: county.headers,
      })
    ).json().items;
    expect(pending.map((r: { id: string }) => r.id)).toEqual([made.json().id]);
    const accepted = await post(county, `/api/record-requests/${made.json().id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    const newRecord = await db()
      .db.selectFrom('serviceRecords')
      .selectAll()
      .where('id', '=', accepted.json().newRecordId)
      .executeTakeFirstOrThrow();
    expect(newRecord).toMatchObject({ correctsId: current.id, minutes: 45, status: 'confirmed' });
    expect(newRecord.correctionReason).toContain('签退时忘了扫码');
    const v = await db()
      .db.selectFrom('volunteers')
      .select('confirmedMinutes')
      .where('id', '=', self!)
      .executeTakeFirstOrThrow();
    expect(v.confirmedMinutes).toBe(before.confirmedMinutes - current.minutes + 45);
    expect(
      (await post(county, `/api/record-requests/${made.json().id}/reject`, { reason: '重复处理' })).json()
        .error.code,
    ).toBe('CONFLICT');

    const second = await ask({ recordId: newRecord.id, minutes: 600, reason: '我记得是整整十个小时' });
    const noReason = await post(county, `/api/record-requests/${second.json().id}/reject`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const rejected = await post(county, `/api/record-requests/${second.json().id}/reject`, {
      reason: '与签到记录不符',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: '与签到记录不符' });
    const after = (await app.inject({ url: '/api/me/service', headers: me.headers })).json();
    expect(after.confirmedMinutes).toBe(v.confirmedMinutes);
    expect(
      after.requests
        .map((r: { status: string; decisionNote: string | null }) => [r.status, r.decisionNote])
        .sort(),
    ).toEqual([
      ['accepted', null],
      ['rejected', '与签到记录不符'],
    ]);
    const actions = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'records.request%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'records.request',
      'records.request.accept',
      'records.request',
      'records.request.reject',
    ]);
  });

  it('waits for confirmation of fixed-code check-ins, can reject them, and says why no record was made', async () => {
    const activity = (
      await post(county, '/api/activities', activityBody(10, Date.now() - 3600_000, 2))
    ).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const [, , a, b, c] = volunteerIds;
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [a, b, c] });
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const context = { accountId: null, username: null, ip: null };
    const { checkinSecret, fixedCode } = await db()
      .db.selectFrom('activities')
      .select(['checkinSecret', 'fixedCode'])
      .where('id', '=', activity.id)
      .executeTakeFirstOrThrow();
    const t0 = Date.now() - 50 * 60_000;
    // a: printed code in and out; b: screen code in and out (no confirmation needed); c: in and out at once.
    await service.checkWithCode(volunteerActor(a!), activity.id, fixedCode, 'in', context, t0);
    await service.checkWithCode(volunteerActor(a!), activity.id, fixedCode, 'out', context, t0 + 40 * 60_000);
    await service.checkWithCode(
      volunteerActor(b!),
      activity.id,
      codeAt(checkinSecret, t0),
      'in',
      context,
      t0,
    );
    const bOut = t0 + 30 * 60_000;
    await service.checkWithCode(
      volunteerActor(b!),
      activity.id,
      codeAt(checkinSecret, bOut),
      'out',
      context,
      bOut,
    );
    await post(county, `/api/activities/${activity.id}/proxy-check`, { volunteerId: c, direction: 'in' });
    await post(county, `/api/activities/${activity.id}/proxy-check`, { volunteerId: c, direction: 'out' });
    await post(county, `/api/activities/${activity.id}/complete`);

    const list = async () =>
      Object.fromEntries(
        (await app.inject({ url: `/api/activities/${activity.id}/attendance`, headers: county.headers }))
          .json()
          .items.map((r: { volunteerId: string; outcome: string }) => [r.volunteerId, r.outcome]),
      );
    expect(await list()).toEqual({ [a!]: 'awaiting_review', [b!]: 'ready', [c!]: 'too_short' });
    const noNote = await post(county, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [a],
      decision: 'reject',
    });
    expect(noNote.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'note' });
    const notNeeded = await post(county, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [b],
      decision: 'confirm',
    });
    expect(notNeeded.json().error.code).toBe('CONFLICT');
    const guantao = await login(app, 'guantao');
    const foreign = await post(guantao, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [a],
      decision: 'confirm',
    });
    expect(foreign.statusCode).toBe(403);
    const rejected = await post(county, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [a],
      decision: 'reject',
      note: '当天未见到本人',
    });
    expect(rejected.statusCode).toBe(200);
    expect(await list()).toEqual({ [a!]: 'rejected', [b!]: 'ready', [c!]: 'too_short' });

    const records = (await post(county, `/api/activities/${activity.id}/records`)).json().items;
    expect(records.map((r: { volunteerId: string; minutes: number }) => [r.volunteerId, r.minutes])).toEqual([
      [b, 30],
    ]);
    expect(await list()).toEqual({ [a!]: 'rejected', [b!]: 'recorded', [c!]: 'too_short' });
    // Once recorded, a decision no longer changes; a rejected one can still be reconsidered.
    const late = await post(county, `/api/activities/${activity.id}/attendance/review`, {
      volunteerIds: [a],
      decision: 'confirm',
    });
    expect(late.statusCode).toBe(200);
    const again = (await post(county, `/api/activities/${activity.id}/records`)).json().items;
    expect(again.map((r: { volunteerId: string }) => r.volunteerId).sort()).toEqual([a, b].sort());
    const rows = await db()
      .db.selectFrom('attendance')
      .select(['reviewResult', 'reviewedAt'])
      .where('activityId', '=', activity.id)
      .where('volunteerId', '=', a!)
      .executeTakeFirstOrThrow();
    expect(rows.reviewResult).toBe('confirmed');
    expect(rows.reviewedAt).not.toBeNull();
  });

  it('keeps participating teams of a 集中统一活动; each team leader confirms their own members only', async () => {
    const second = (
      await post(county, '/api/teams', {
        name: '大名县爱心车队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '钱队长',
      })
    ).json();
    await post(county, `/api/teams/${second.id}/submit`);
    await post(county, `/api/teams/${second.id}/approve`);
    const guest = (
      await post(county, '/api/volunteers', {
        name: '车队队员',
        idCard: fakeIdCard('19650505'),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId: second.id,
      })
    ).json().id;
    const own = await post(county, '/api/activities', {
      ...activityBody(10),
      participatingTeamIds: [second.id],
    });
    expect(own.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'participatingTeamIds' });
    const created = await post(county, '/api/activities', {
      ...activityBody(10, Date.now() - 3600_000, 2),
      kind: 'central',
      title: '八一建军节慰问老兵',
      participatingTeamIds: [second.id],
    });
    expect(created.statusCode).toBe(200);
    const activity = (
      await app.inject({ url: `/api/activities/${created.json().id}`, headers: county.headers })
    ).json();
    expect(activity.participatingTeamIds).toEqual([teamId, second.id]);
    expect(activity.participatingTeams.map((t: { name: string }) => t.name)).toEqual([
      '大名县老兵服务队',
      '大名县爱心车队',
    ]);
    await post(county, `/api/activities/${activity.id}/publish`);
    const member = volunteerIds[10]!;
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [member, guest] });
    for (const v of [member, guest]) {
      await post(county, `/api/activities/${activity.id}/proxy-check`, { volunteerId: v, direction: 'in' });
    }
    await db()
      .db.updateTable('attendance')
      .set({
        checkInAt: new Date(Date.now() - 50 * 60_000).toISOString(),
        checkOutAt: new Date().toISOString(),
      })
      .where('activityId', '=', activity.id)
      .execute();
    await post(county, `/api/activities/${activity.id}/complete`);
    const records = (await post(county, `/api/activities/${activity.id}/records`)).json().items;
    expect(records).toHaveLength(2);
    const byVolunteer = (v: string) => records.find((r: { volunteerId: string }) => r.volunteerId === v);
    expect(byVolunteer(guest).teamId).toBe(second.id);
    expect(byVolunteer(member).teamId).toBe(teamId);

    const leader: Actor = {
      accountId: randomUUID(),
      username: 'chedui',
      displayName: '钱队长',
      role: 'team_leader',
      regionCode: places.daming,
      organizationId: null,
      teamId: second.id,
      volunteerId: null,
      sessionKind: 'staff',
    };
    const records2 = new RecordsService(
      db().db,
      new ActivitiesService(db().db, new TeamsService(db().db, testCrypto)),
    );
    const context = { accountId: leader.accountId, username: 'chedui', ip: null };
    await expect(records2.confirm(leader, [byVolunteer(member).id], context)).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    await records2.confirm(leader, [byVolunteer(guest).id], context);
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const seen = await service.attendance(leader, activity.id);
    expect(seen.map((r) => r.volunteerId)).toEqual([guest]);
    const status = await db()
      .db.selectFrom('serviceRecords')
      .select(['volunteerId', 'status'])
      .where('activityId', '=', activity.id)
      .execute();
    expect(Object.fromEntries(status.map((r) => [r.volunteerId, r.status]))).toEqual({
      [guest]: 'confirmed',
      [member]: 'pending',
    });
  });

  it("lets staff cancel a member's sign-up; the promoted volunteer sees it; waitlist places in one go", async () => {
    const activity = (await post(county, '/api/activities', activityBody(1))).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const [first, second, third] = volunteerIds.slice(20, 23);
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [first] });
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [second] });
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [third] });
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const before = await service.get(volunteerActor(third!), activity.id);
    expect(before.mySignup).toEqual({ status: 'waitlisted', position: 2, promoted: false });
    const guantao = await login(app, 'guantao');
    expect(
      (await post(guantao, `/api/activities/${activity.id}/signups/cancel`, { volunteerId: first }))
        .statusCode,
    ).toBe(403);
    const cancelled = await post(county, `/api/activities/${activity.id}/signups/cancel`, {
      volunteerId: first,
    });
    expect(cancelled.json()).toMatchObject({ accepted: 1, waitlisted: 1 });
    const promoted = await service.get(volunteerActor(second!), activity.id);
    expect(promoted.mySignup).toEqual({ status: 'accepted', position: null, promoted: true });
    const list = await service.list(volunteerActor(third!), { mine: true });
    expect(list.find((x) => x.id === activity.id)?.mySignup).toEqual({
      status: 'waitlisted',
      position: 1,
      promoted: false,
    });
    expect(
      (await service.list(volunteerActor(first!), { mine: true })).some((x) => x.id === activity.id),
    ).toBe(false);
  });

  it('reads outputs back and adds them up per team, region and year within scope', async () => {
    const activity = (await post(county, '/api/activities', activityBody(5))).json();
    const draft = await app.inject({
      method: 'PUT',
      url: `/api/activities/${activity.id}/outputs`,
      headers: county.headers,
      payload: { outputs: [{ kind: 'meals', quantity: 1 }] },
    });
    expect(draft.json().error.code).toBe('CONFLICT');
    await post(county, `/api/activities/${activity.id}/publish`);
    await post(county, `/api/activities/${activity.id}/complete`);
    const put = (outputs: object[]) =>
      app.inject({
        method: 'PUT',
        url: `/api/activities/${activity.id}/outputs`,
        headers: county.headers,
        payload: { outputs },
      });
    expect(
      (
        await put([
          { kind: 'meals', quantity: 40 },
          { kind: 'meals', quantity: 2 },
        ])
      ).statusCode,
    ).toBe(400);
    await put([
      { kind: 'meals', quantity: 40 },
      { kind: 'rides', quantity: 12 },
    ]);
    // Edited after completion: the later values replace the earlier ones.
    const edited = await put([
      { kind: 'meals', quantity: 50 },
      { kind: 'blood_ml', quantity: 400 },
    ]);
    expect(edited.json().outputs).toEqual([
      { kind: 'meals', quantity: 50 },
      { kind: 'blood_ml', quantity: 400 },
    ]);
    const read = (
      await app.inject({ url: `/api/activities/${activity.id}/outputs`, headers: county.headers })
    ).json();
    expect(read.outputs).toEqual(edited.json().outputs);

    const totals = async (query: string, s: Session = county) =>
      (await app.inject({ url: `/api/activity-outputs/totals?${query}`, headers: s.headers })).json();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const byTeam = await totals(`teamId=${teamId}&year=${year}`);
    // Earlier in this file: 80 meals and 120 people helped on another activity of the team.
    const quantity = (t: { totals: { kind: string; quantity: number }[] }, k: string) =>
      t.totals.find((x) => x.kind === k)?.quantity ?? 0;
    expect(quantity(byTeam, 'meals')).toBe(130);
    expect(quantity(byTeam, 'people_helped')).toBe(120);
    expect(quantity(byTeam, 'blood_ml')).toBe(400);
    expect(quantity(byTeam, 'rides')).toBe(0);
    expect(byTeam.year).toBe(year);
    const byRegion = await totals(`regionCode=${places.daming}`);
    expect(quantity(byRegion, 'meals')).toBe(130);
    expect(quantity(await totals(`teamId=${teamId}&year=${year - 1}`), 'meals')).toBe(0);
    const city = await login(app, 'city');
    expect(quantity(await totals(`regionCode=${places.daming}`, city), 'meals')).toBe(130);
    const guantao = await login(app, 'guantao');
    expect(quantity(await totals(`regionCode=${places.daming}`, guantao), 'meals')).toBe(0);
    const foreignTeam = await app.inject({
      url: `/api/activity-outputs/totals?teamId=${teamId}`,
      headers: guantao.headers,
    });
    expect(foreignTeam.statusCode).toBe(403);
  });

  it('shows a volunteer their own service records only, not their teammates’', async () => {
    const [self, teammate] = volunteerIds;
    const teammateRecords = await db()
      .db.selectFrom('serviceRecords')
      .select('id')
      .where('volunteerId', '=', teammate!)
      .execute();
    expect(teammateRecords.length).toBeGreaterThan(0);
    const me = await login(app, '13700001111', 'Laobing-2026');
    const listed = (await app.inject({ url: '/api/service-records', headers: me.headers })).json().items;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((r: { volunteerId: string }) => r.volunteerId === self)).toBe(true);
    const asked = (
      await app.inject({ url: `/api/service-records?volunteerId=${teammate}`, headers: me.headers })
    ).json().items;
    expect(asked).toEqual([]);
  });

  it('cuts off guessing check-in codes after five misses and audits every miss', async () => {
    const activity = (await post(county, '/api/activities', activityBody(5))).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const volunteer = volunteerIds[46]!;
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [volunteer] });
    const { checkinSecret } = await db()
      .db.selectFrom('activities')
      .select('checkinSecret')
      .where('id', '=', activity.id)
      .executeTakeFirstOrThrow();
    const service = new ActivitiesService(
      db().db,
      new TeamsService(db().db, testCrypto),
      new CheckinCodeThrottle(),
    );
    const actor = volunteerActor(volunteer);
    const context = { accountId: actor.accountId, username: null, ip: '10.0.0.9' };
    const now = Date.now();
    const right = codeAt(checkinSecret, now);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await expect(
        service.checkWithCode(actor, activity.id, wrong, 'in', context, now),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    // Blocked now, even with the right code.
    await expect(service.checkWithCode(actor, activity.id, right, 'in', context, now)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    const misses = await db()
      .db.selectFrom('auditLog')
      .select(['result', 'detail'])
      .where('targetId', '=', activity.id)
      .where('action', '=', 'attendance.check_in')
      .execute();
    expect(misses.filter((m) => m.result === 'failure')).toHaveLength(6);
    // Another volunteer is not held back by someone else's misses.
    const other = volunteerIds[47]!;
    await post(county, `/api/activities/${activity.id}/signups`, { volunteerIds: [other] });
    const ok = await service.checkWithCode(volunteerActor(other), activity.id, right, 'in', context, now);
    expect(ok.method).toBe('code');
  });

  it('lets a participating team’s leader act for their own members only; records are made by the organiser', async () => {
    const third = (
      await post(county, '/api/teams', {
        name: '大名县助老服务队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '孙队长',
      })
    ).json();
    await post(county, `/api/teams/${third.id}/submit`);
    await post(county, `/api/teams/${third.id}/approve`);
    const guest = (
      await post(county, '/api/volunteers', {
        name: '助老队员',
        idCard: fakeIdCard('19660606'),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId: third.id,
      })
    ).json().id as string;
    const member = volunteerIds[31]!;
    const created = (
      await post(county, '/api/activities', {
        ...activityBody(10, Date.now() - 3600_000, 2),
        kind: 'central',
        title: '重阳节敬老慰问',
        participatingTeamIds: [third.id],
      })
    ).json();
    const leader: Actor = {
      accountId: randomUUID(),
      username: 'zhulao',
      displayName: '孙队长',
      role: 'team_leader',
      regionCode: places.daming,
      organizationId: null,
      teamId: third.id,
      volunteerId: null,
      sessionKind: 'staff',
    };
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    const records = new RecordsService(db().db, service);
    const context = { accountId: leader.accountId, username: 'zhulao', ip: null };
    // A draft is not open for check-in, even for the organiser.
    const draftCheck = await post(county, `/api/activities/${created.id}/proxy-check`, {
      volunteerId: member,
      direction: 'in',
    });
    expect(draftCheck.json().error.code).toBe('CONFLICT');
    await post(county, `/api/activities/${created.id}/publish`);

    await expect(service.signUp(leader, created.id, [member], context)).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    const signed = await service.signUp(leader, created.id, [guest], context);
    expect(signed.results).toEqual([{ volunteerId: guest, status: 'accepted' }]);
    await post(county, `/api/activities/${created.id}/signups`, { volunteerIds: [member] });
    await expect(service.cancelSignUp(leader, created.id, member, context)).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    await expect(service.proxyCheck(leader, created.id, member, 'in', context)).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    expect((await service.proxyCheck(leader, created.id, guest, 'in', context)).method).toBe('proxy');
    await post(county, `/api/activities/${created.id}/proxy-check`, { volunteerId: member, direction: 'in' });
    await db()
      .db.updateTable('attendance')
      .set({
        checkInAt: new Date(Date.now() - 50 * 60_000).toISOString(),
        checkOutAt: new Date().toISOString(),
      })
      .where('activityId', '=', created.id)
      .execute();
    await post(county, `/api/activities/${created.id}/complete`);
    // After completion nobody checks in any more.
    const late = await post(county, `/api/activities/${created.id}/proxy-check`, {
      volunteerId: member,
      direction: 'out',
    });
    expect(late.json().error.code).toBe('CONFLICT');

    // 谁组织谁记录: neither a participating team's leader nor a village admin makes the records.
    await expect(records.recordFromAttendance(leader, created.id, context)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const village = await login(app, 'village');
    expect((await post(village, `/api/activities/${created.id}/records`)).statusCode).toBe(403);
    const made = (await post(county, `/api/activities/${created.id}/records`)).json().items;
    expect(made).toHaveLength(2);

    // Each leader confirms their own members; the audit entry names the team's region and the records.
    const guestRecord = made.find((r: { volunteerId: string }) => r.volunteerId === guest);
    await records.confirm(leader, [guestRecord.id], context);
    const audit = await db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'records.confirm')
      .where('targetId', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(audit.regionCode).toBe(places.daming);
    expect(JSON.parse(audit.detail!)).toMatchObject({ recordIds: [guestRecord.id], teamId: third.id });
  });

  it('adds minutes from confirmations at the same time without losing any, and confirms a record once', async () => {
    const volunteer = volunteerIds[45]!;
    const before = await db()
      .db.selectFrom('volunteers')
      .select('confirmedMinutes')
      .where('id', '=', volunteer)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const pending = Array.from({ length: 21 }, (_, i) => ({
      id: randomUUID(),
      volunteerId: volunteer,
      teamId,
      activityId: null,
      activityName: `入户走访${i + 1}`,
      // Different months, so nothing else (monthly figures) makes the confirmations wait for each other.
      serviceDate: `${2000 + i}-06-15`,
      place: '大名县',
      serviceObject: '孤寡老人',
      content: '入户走访',
      minutes: 10 + i,
      quality: '',
      personInCharge: '赵队长',
      recorderId: world.ids.daming!,
      recorderName: '赵队长',
      status: 'pending' as const,
      confirmedBy: null,
      confirmedAt: null,
      correctsId: null,
      correctionReason: null,
      createdAt: now,
    }));
    await db().db.insertInto('serviceRecords').values(pending).execute();
    const countyActor: Actor = {
      accountId: world.ids.daming!,
      username: 'daming',
      displayName: '大名县',
      role: 'county_admin',
      regionCode: places.daming,
      organizationId: null,
      teamId: null,
      volunteerId: null,
      sessionKind: 'staff',
    };
    const context = { accountId: countyActor.accountId, username: 'daming', ip: null };
    const records = () =>
      new RecordsService(db().db, new ActivitiesService(db().db, new TeamsService(db().db, testCrypto)));
    // Twenty records confirmed one by one at the same time, the last one twice at the same time.
    const results = await Promise.allSettled([
      ...pending.slice(0, 20).map((r) => records().confirm(countyActor, [r.id], context)),
      records().confirm(countyActor, [pending[20]!.id], context),
      records().confirm(countyActor, [pending[20]!.id], context),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const after = await db()
      .db.selectFrom('volunteers')
      .select('confirmedMinutes')
      .where('id', '=', volunteer)
      .executeTakeFirstOrThrow();
    const added = pending.reduce((n, r) => n + r.minutes, 0);
    expect(after.confirmedMinutes).toBe(before.confirmedMinutes + added);
  });

  it('changes an activity’s status once when two people press the same button', async () => {
    const activity = (await post(county, '/api/activities', activityBody(5))).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const results = await Promise.all([
      post(county, `/api/activities/${activity.id}/complete`),
      post(county, `/api/activities/${activity.id}/complete`),
      post(county, `/api/activities/${activity.id}/cancel`, { reason: '天气原因' }),
    ]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(2);
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', activity.id)
      .where('action', 'in', ['activity.complete', 'activity.cancel'])
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps activities to their scope', async () => {
    const guantao = await login(app, 'guantao');
    const list = (await app.inject({ url: '/api/activities', headers: guantao.headers })).json();
    expect(list.items).toEqual([]);
    const mine = (await app.inject({ url: '/api/activities', headers: county.headers })).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    const one = await app.inject({ url: `/api/activities/${mine.items[0].id}`, headers: guantao.headers });
    expect(one.statusCode).toBe(403);
    const code = await app.inject({
      url: `/api/activities/${mine.items[0].id}/checkin-code`,
      headers: guantao.headers,
    });
    expect(code.statusCode).toBe(403);
  });
});

describeEachDialect('activities demo data', (db) => {
  const lines: string[] = [];
  beforeAll(async () => {
    await seedDemo(
      db(),
      testCrypto,
      mkdtempSync(path.join(tmpdir(), 'rongzhi-act-demo-')),
      (line) => lines.push(line),
      'small',
    );
    await seedActivitiesDemo(db(), (line) => lines.push(line));
  }, 120_000);

  it('gives the demo teams a year of activities with confirmed records, stars and outputs that agree', async () => {
    const d = db().db;
    const count = async (table: 'activities' | 'serviceRecords' | 'activityOutputs') =>
      Number(
        (
          await d
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const activities = await count('activities');
    const records = await count('serviceRecords');
    expect(activities).toBeGreaterThan(50);
    expect(records).toBeGreaterThan(500);
    // Other areas' demo data may add activities of their own on top of these.
    const made = Number(/已生成 (\d+) 项活动/.exec(lines.join('\n'))?.[1]);
    expect(made).toBeGreaterThan(50);
    expect(activities).toBeGreaterThanOrEqual(made);
    const titles = (await d.selectFrom('activities').select('title').distinct().execute()).map(
      (r) => r.title,
    );
    for (const t of [
      '学雷锋纪念日志愿服务集中行动',
      '清明祭扫烈士陵园',
      '庆八一慰问困难老兵',
      '重阳敬老进养老院',
      '老兵餐厅爱心午餐',
      '“小桔灯”无偿献血进社区',
    ])
      expect(titles).toContain(t);
    expect(titles.some((t) => t.includes('爱心车队') || t.includes('送考'))).toBe(true);

    // Every volunteer's confirmed minutes equal their confirmed records; star levels follow.
    const sums = new Map(
      (
        await d
          .selectFrom('serviceRecords')
          .select(['volunteerId', (eb) => eb.fn.sum<number>('minutes').as('m')])
          .where('status', '=', 'confirmed')
          .groupBy('volunteerId')
          .execute()
      ).map((r) => [r.volunteerId, Number(r.m)]),
    );
    const volunteers = await d
      .selectFrom('volunteers')
      .select(['id', 'confirmedMinutes', 'starLevel'])
      .execute();
    const wrong = volunteers.filter(
      (v) => v.confirmedMinutes !== (sums.get(v.id) ?? 0) || v.starLevel !== starLevelFor(v.confirmedMinutes),
    );
    expect(wrong).toEqual([]);
    const starred = volunteers.filter((v) => v.starLevel > 0);
    expect(starred.length).toBeGreaterThan(0);
    const history = await d.selectFrom('starHistory').select(['volunteerId', 'toLevel']).execute();
    expect(history.length).toBe(starred.length);

    // Outputs add up for the brands' teams.
    const city = {
      accountId: randomUUID(),
      username: 'handan',
      displayName: '邯郸市',
      role: 'city_admin',
      regionCode: '130400000000',
      organizationId: null,
      teamId: null,
      volunteerId: null,
      sessionKind: 'staff',
    } satisfies Actor;
    const service = new ActivitiesService(d, new TeamsService(d, testCrypto));
    const team = async (name: string) =>
      (await d.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const meals = await service.outputTotals(city, { teamId: await team('“光辉岁月老兵餐厅”志愿服务队') });
    expect(meals.totals.find((t) => t.kind === 'meals')?.quantity).toBeGreaterThan(1000);
    const blood = await service.outputTotals(city, { regionCode: '130433000000' });
    expect(blood.totals.find((t) => t.kind === 'blood_ml')?.quantity).toBeGreaterThan(0);

    // Running it again changes nothing.
    await seedActivitiesDemo(db(), () => {});
    expect(await count('activities')).toBe(activities);
  });
});
