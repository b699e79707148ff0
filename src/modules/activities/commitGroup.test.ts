import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { AppError } from '../../server/errors';
import { verifyAuditChain } from '../audit/chain';
import type { Actor } from '../identity/actor';
import { TeamsService } from '../teams/teams.service';
import { ActivitiesService } from './activities.service';
import { codeAt } from './checkinCode';
import { CommitGroup } from '../audit/commitGroup';

describeEachDialect('check-ins written in groups (one commit for many)', (db) => {
  let app: FastifyInstance;
  let world: World;
  let county: Session;
  let teamId: string;
  const volunteerIds: string[] = [];
  const context = { accountId: null, username: null, ip: '127.0.0.1' };

  const post = (s: Session, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload });
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

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    teamId = (
      await post(county, '/api/teams', {
        name: '大名县签到服务队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '钱队长',
      })
    ).json().id;
    await post(county, `/api/teams/${teamId}/submit`);
    await post(county, `/api/teams/${teamId}/approve`);
    for (let i = 0; i < 20; i++) {
      const v = await post(county, '/api/volunteers', {
        name: `签到队员${i}`,
        idCard: fakeIdCard('19620101'),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId,
      });
      volunteerIds.push(v.json().id);
    }
  }, 120_000);
  afterAll(async () => app.close());

  it('answers 20 simultaneous check-ins (each sent twice) once each, with one audit entry each, chain intact', async () => {
    const start = Date.now() - 10 * 60_000;
    const activity = (
      await post(county, '/api/activities', {
        title: '集中签到演练',
        kind: 'own',
        teamId,
        regionCode: places.daming,
        place: '大名县人民广场',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3 * 3600_000).toISOString(),
        capacity: 50,
        serviceObject: '社区群众',
        theme: '签到',
      })
    ).json();
    await post(county, `/api/activities/${activity.id}/publish`);
    const service = new ActivitiesService(db().db, new TeamsService(db().db, testCrypto));
    for (const v of volunteerIds) await service.signUp(volunteerActor(v), activity.id, undefined, context);
    const { checkinSecret } = await db()
      .db.selectFrom('activities')
      .select('checkinSecret')
      .where('id', '=', activity.id)
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const code = codeAt(checkinSecret, now);
    const actors = volunteerIds.map(volunteerActor);
    const results = await Promise.allSettled(
      [...actors, ...actors].map((a) => service.checkWithCode(a, activity.id, code, 'in', context, now)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(20);
    expect(new Set(ok.map((r) => r.value.volunteerId))).toEqual(new Set(volunteerIds));
    expect(ok.every((r) => r.value.checkInAt === new Date(now).toISOString())).toBe(true);
    expect(refused).toHaveLength(20);
    expect(refused.map((r) => (r.reason as AppError).message)).toEqual(Array(20).fill('已经签到过了'));
    const rows = await db()
      .db.selectFrom('attendance')
      .select('volunteerId')
      .where('activityId', '=', activity.id)
      .execute();
    expect(rows).toHaveLength(20);
    const audited = await db()
      .db.selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'attendance.check_in')
      .where('targetId', '=', activity.id)
      .where('result', '=', 'success')
      .execute();
    expect(audited).toHaveLength(20);
    expect(await verifyAuditChain(db().db)).toMatchObject({ ok: true });

    // Check-out in a group too; a second check-out is refused, the first is kept.
    const outs = await Promise.allSettled(
      [actors[0]!, actors[0]!, actors[1]!].map((a) =>
        service.checkWithCode(a, activity.id, code, 'out', context, now + 60_000),
      ),
    );
    expect(outs.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(outs.filter((r) => r.status === 'rejected').map((r) => (r.reason as AppError).message)).toEqual([
      '已经签退过了',
    ]);
  });

  it('commits the other units of a group when one fails unexpectedly, and none of the failed one', async () => {
    const group = new CommitGroup(db().db);
    const marker = randomUUID();
    const unit = (n: number, fail: boolean) =>
      group.run(async (tx) => {
        await tx
          .insertInto('settings')
          .values({
            key: `group-test-${marker}-${n}`,
            value: String(n),
            updatedAt: new Date().toISOString(),
            updatedBy: null,
          })
          .execute();
        if (fail) throw new Error('unexpected');
        return {
          value: n,
          audit: { context, event: { action: 'test.group', result: 'success' as const, targetId: marker } },
        };
      });
    const results = await Promise.allSettled([unit(1, false), unit(2, true), unit(3, false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const kept = await db()
      .db.selectFrom('settings')
      .select('key')
      .where('key', 'like', `group-test-${marker}-%`)
      .orderBy('key')
      .execute();
    expect(kept.map((k) => k.key)).toEqual([`group-test-${marker}-1`, `group-test-${marker}-3`]);
    const audited = await db()
      .db.selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'test.group')
      .where('targetId', '=', marker)
      .execute();
    expect(audited).toHaveLength(2);
    expect(await verifyAuditChain(db().db)).toMatchObject({ ok: true });
  });
});
