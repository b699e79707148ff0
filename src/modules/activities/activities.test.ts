import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { starLevelFor } from '../../shared/activities';
import type { Actor } from '../identity/actor';
import { TeamsService } from '../teams/teams.service';
import { ActivitiesService } from './activities.service';
import { codeAt, rotatingCodeMatches } from './checkinCode';

describe('star levels and check-in codes', () => {
  it('gives 1–5 stars at 100 / 300 / 600 / 1,000 / 1,500 hours', () => {
    expect([0, 99, 100, 299, 300, 600, 999, 1000, 1500, 5000].map((h) => starLevelFor(h * 60))).toEqual([
      0, 0, 1, 1, 2, 3, 3, 4, 5, 5,
    ]);
  });

  it('rotates the code every minute and accepts the previous one', () => {
    const secret = 'ab'.repeat(32);
    const t = Date.UTC(2026, 10, 28, 10, 0, 30);
    expect(codeAt(secret, t)).toMatch(/^\d{6}$/);
    expect(codeAt(secret, t)).not.toBe(codeAt(secret, t + 60_000));
    expect(rotatingCodeMatches(secret, codeAt(secret, t), t + 60_000)).toBe(true);
    expect(rotatingCodeMatches(secret, codeAt(secret, t), t + 120_000)).toBe(false);
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
    await post(county, `/api/activities/${activity.id}/complete`);
    const attendance = await db()
      .db.selectFrom('attendance')
      .selectAll()
      .where('activityId', '=', activity.id)
      .where('volunteerId', '=', elder!)
      .executeTakeFirstOrThrow();
    expect(attendance).toMatchObject({ autoClosed: 1 });

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
