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
import { provisionAccount } from '../accounts/provision';

describeEachDialect('群众点单、派单、接单、评单与紧急召集', (db) => {
  let app: FastifyInstance;
  let world: World;
  let county: Session;
  let township: Session;
  let village: Session;
  let guantao: Session;
  let fieldA: string;
  let fieldB: string;
  const team: Record<string, string> = {};
  const members: Record<string, string[]> = {};
  let ipSeq = 0;
  const nextIp = () => `10.9.${Math.floor(++ipSeq / 200)}.${ipSeq % 200}`;

  const post = (s: Session | null, url: string, payload?: object, remoteAddress?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: s ? s.headers : { 'x-requested-with': 'rongzhi' },
      payload,
      remoteAddress,
    });
  const get = (s: Session | null, url: string) => app.inject({ url, headers: s?.headers ?? {} });

  const makeTeam = async (key: string, name: string, regionCode: string, fieldIds: string[], size = 2) => {
    const res = await post(county, '/api/teams', {
      name,
      category: 'station',
      regionCode,
      leaderName: '王队长',
      fieldIds,
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id as string;
    await post(county, `/api/teams/${id}/submit`);
    await post(county, `/api/teams/${id}/approve`);
    team[key] = id;
    members[key] = [];
    for (let i = 0; i < size; i++) {
      const v = await post(county, '/api/volunteers', {
        name: `${name.slice(0, 4)}队员${i}`,
        idCard: fakeIdCard('19620101'),
        phone: fakePhone(),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId: id,
      });
      expect(v.statusCode, v.body).toBe(200);
      members[key].push(v.json().id);
    }
    return id;
  };

  const villageCode = () => world.villageCode;
  const requestBody = (over: Record<string, unknown> = {}) => ({
    fieldId: fieldA,
    regionCode: villageCode(),
    address: '幸福街12号',
    wantedAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    description: '老人独居，需要上门帮忙修理漏水的水管',
    contactName: '李大娘',
    phone: fakePhone(),
    ...over,
  });
  const submit = async (over: Record<string, unknown> = {}) => {
    const res = await post(null, '/api/public/requests', requestBody(over), nextIp());
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; requestNo: string };
  };

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    township = await login(app, 'damingzhen');
    village = await login(app, 'village');
    guantao = await login(app, 'guantao');
    const fields = await db().db.selectFrom('serviceFields').select('id').orderBy('sort').execute();
    fieldA = fields[0]!.id;
    fieldB = fields[1]!.id;
    const otherTownVillage = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('parentCode', '=', world.otherTownshipCode)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await makeTeam('village', '本村老兵服务队', world.villageCode, [fieldA]);
    await makeTeam('town', '大名镇老兵服务队', places.damingzhen, [fieldA]);
    await makeTeam('countyBusy', '大名县甲服务队', places.daming, [fieldA]);
    await makeTeam('countyFree', '大名县乙服务队', otherTownVillage.code, [fieldA]);
    await makeTeam('wrongField', '本村文艺队', world.villageCode, [fieldB]);
    // A team of the field in the neighbouring county, registered by its own bureau.
    const g = await post(guantao, '/api/teams', {
      name: '馆陶县应急服务队',
      category: 'station',
      regionCode: places.guantao,
      leaderName: '孙队长',
      fieldIds: [fieldA],
    });
    expect(g.statusCode, g.body).toBe(200);
    team.guantao = g.json().id;
    await post(guantao, `/api/teams/${team.guantao}/submit`);
    await post(guantao, `/api/teams/${team.guantao}/approve`);
    const gv = await post(guantao, '/api/volunteers', {
      name: '馆陶队员',
      idCard: fakeIdCard('19640101', true, '130433'),
      residenceCode: places.guantao,
      isVeteran: true,
      veteranKind: 'soldier',
      teamId: team.guantao,
    });
    expect(gv.statusCode, gv.body).toBe(200);
    members.guantao = [gv.json().id];
    for (const [key, username] of [
      ['village', 'leadervillage'],
      ['town', 'leadertown'],
    ] as const) {
      await provisionAccount(
        db().db,
        testCrypto,
        {
          username,
          role: 'team_leader',
          teamId: team[key],
          regionCode: key === 'village' ? world.villageCode : places.damingzhen,
          displayName: `${key}队长`,
          password: TEST_PASSWORD,
        },
        'test',
      );
    }
    // The busy county team already has one open assignment.
    const busy = await submit();
    expect(
      (await post(county, `/api/requests/${busy.id}/dispatch`, { teamId: team.countyBusy })).statusCode,
    ).toBe(200);
  }, 180_000);
  afterAll(async () => app.close());

  it('stores the phone only encrypted and shows it masked', async () => {
    const phone = '13912345678';
    const { id, requestNo } = await submit({ phone });
    expect(requestNo).toMatch(/^DD\d{8}-[0-9A-F]{4}$/);
    const raw = await db()
      .db.selectFrom('serviceRequests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(raw.phoneEnc).not.toContain(phone);
    expect(JSON.stringify(raw)).not.toContain('12345678');
    expect(testCrypto.decrypt(raw.phoneEnc)).toBe(phone);
    expect(raw.phoneHash).toBe(testCrypto.hash(phone));
    const detail = await get(township, `/api/requests/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().phone).toBe('139****5678');
    expect(detail.body).not.toContain(phone);
    const list = await get(county, '/api/requests');
    expect(list.body).not.toContain(phone);
    // The requester was told by SMS (the development outbox), the number masked there too.
    const sms = await db()
      .db.selectFrom('outbox')
      .selectAll()
      .where('body', 'like', `%${requestNo}%`)
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.recipient).toBe('139****5678');
  });

  it('refuses an unknown place, a place above village level and a missing phone, changing nothing', async () => {
    const before = await db().db.selectFrom('serviceRequests').select('id').execute();
    const unknown = await post(
      null,
      '/api/public/requests',
      requestBody({ regionCode: '130425999999' }),
      nextIp(),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('regionCode');
    const township = await post(
      null,
      '/api/public/requests',
      requestBody({ regionCode: places.damingzhen }),
      nextIp(),
    );
    expect(township.statusCode).toBe(400);
    expect(township.json().error.field).toBe('regionCode');
    const { phone: _phone, ...noPhone } = requestBody();
    void _phone;
    const missing = await post(null, '/api/public/requests', noPhone, nextIp());
    expect(missing.statusCode).toBe(400);
    const after = await db().db.selectFrom('serviceRequests').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('limits submissions per phone and per address', async () => {
    const phone = fakePhone();
    for (let i = 0; i < 3; i++) {
      expect((await post(null, '/api/public/requests', requestBody({ phone }), nextIp())).statusCode).toBe(
        200,
      );
    }
    const fourth = await post(null, '/api/public/requests', requestBody({ phone }), nextIp());
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe('RATE_LIMITED');
    const ip = '10.77.0.1';
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await post(null, '/api/public/requests', requestBody({ phone: fakePhone() }), ip)).statusCode,
      );
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('lets only dispatchers whose region holds the request dispatch it', async () => {
    const { id } = await submit();
    expect((await get(guantao, `/api/requests/${id}`)).statusCode).toBe(403);
    expect((await post(guantao, `/api/requests/${id}/dispatch`, { teamId: team.guantao })).statusCode).toBe(
      403,
    );
    // A village station may see and file requests, not dispatch them.
    expect((await get(village, `/api/requests/${id}`)).json().canDispatch).toBe(false);
    expect((await post(village, `/api/requests/${id}/dispatch`, { teamId: team.village })).statusCode).toBe(
      403,
    );
    // Not to a team of another county.
    const away = await post(township, `/api/requests/${id}/dispatch`, { teamId: team.guantao });
    expect(away.statusCode).toBe(400);
    expect(away.json().error.field).toBe('teamId');
    const ok = await post(township, `/api/requests/${id}/dispatch`, { teamId: team.village });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('dispatched');
  });

  it('suggests the village team first, then township, then county teams with the fewest open assignments', async () => {
    const { id } = await submit();
    const res = await get(township, `/api/requests/${id}/suggestions`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      teamId: string;
      tier: string;
      reason: string;
      openAssignments: number;
    }[];
    const order = items.map((s) => s.teamId);
    expect(order.indexOf(team.village!)).toBe(0);
    expect(order.indexOf(team.town!)).toBe(1);
    expect(order.indexOf(team.countyFree!)).toBeLessThan(order.indexOf(team.countyBusy!));
    expect(order).not.toContain(team.wrongField);
    expect(order).not.toContain(team.guantao);
    expect(items[0]!.tier).toBe('village');
    expect(items[0]!.reason).toContain('同村');
    expect(items.find((s) => s.teamId === team.countyBusy)!.openAssignments).toBe(1);
  });

  it('decline → re-dispatch → accept makes an activity; completion sends a single-use rating link', async () => {
    const { id } = await submit();
    expect((await post(township, `/api/requests/${id}/dispatch`, { teamId: team.village })).statusCode).toBe(
      200,
    );
    const leaderVillage = await login(app, 'leadervillage');
    const leaderTown = await login(app, 'leadertown');
    // The other team cannot answer for it.
    expect((await post(leaderTown, `/api/requests/${id}/accept`, {})).statusCode).toBe(403);
    const noReason = await post(leaderVillage, `/api/requests/${id}/decline`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const declined = await post(leaderVillage, `/api/requests/${id}/decline`, {
      reason: '队员外出培训，人手不足',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().status).toBe('submitted');
    expect(declined.json().assignments[0]).toMatchObject({
      status: 'declined',
      reason: '队员外出培训，人手不足',
    });
    const sugg = (await get(township, `/api/requests/${id}/suggestions`)).json().items as {
      teamId: string;
    }[];
    expect(sugg.map((s) => s.teamId)).not.toContain(team.village);
    // The dispatcher hears of it in the inbox.
    const inbox = (await get(township, '/api/notifications')).json();
    expect(inbox.items.some((n: { template: string }) => n.template === 'request_declined')).toBe(true);

    expect((await post(township, `/api/requests/${id}/dispatch`, { teamId: team.town })).statusCode).toBe(
      200,
    );
    const accepted = await post(leaderTown, `/api/requests/${id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const detail = accepted.json();
    expect(detail.status).toBe('accepted');
    expect(detail.teamId).toBe(team.town);
    const activity = await db()
      .db.selectFrom('activities')
      .selectAll()
      .where('id', '=', detail.activityId)
      .executeTakeFirstOrThrow();
    expect(activity.teamId).toBe(team.town);
    expect(activity.regionCode).toBe(world.villageCode);
    expect(activity.status).toBe('published');
    expect(activity.fieldId).toBe(fieldA);

    // A rating before completion is impossible: there is no link yet.
    const completed = await post(leaderTown, `/api/requests/${id}/complete`);
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().status).toBe('completed');
    expect(completed.json().activityStatus).toBe('completed');
    const sms = await db()
      .db.selectFrom('outbox')
      .select('body')
      .where('template', '=', 'requester_rate')
      .where('body', 'like', `%${detail.requestNo}%`)
      .executeTakeFirstOrThrow();
    const token = /\/request\/rate\/([A-Za-z0-9_-]+)/.exec(sms.body)![1]!;
    const page = await get(null, `/api/public/requests/rate/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ rated: false, teamName: '大名镇老兵服务队' });
    const bad = await post(null, `/api/public/requests/rate/${token}`, { rating: 6 });
    expect(bad.statusCode).toBe(400);
    const rated = await post(null, `/api/public/requests/rate/${token}`, {
      rating: 5,
      comment: '来得很及时，谢谢',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    const again = await post(null, `/api/public/requests/rate/${token}`, { rating: 1, comment: '再来一次' });
    expect(again.statusCode).toBe(409);
    const row = await db()
      .db.selectFrom('serviceRequests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.rating).toBe(5);
    expect(row.status).toBe('rated');
    expect((await post(null, `/api/public/requests/rate/${'x'.repeat(32)}`, { rating: 3 })).statusCode).toBe(
      404,
    );

    const figures = (await get(county, `/api/requests/figures?teamId=${team.town}`)).json();
    expect(figures.satisfaction).toBe(5);
    expect(figures.rated).toBe(1);
    expect(figures.closed).toBe(1);
    expect(figures.avgAcceptHours).not.toBeNull();
  });

  it('flags requests past the dispatch deadline to the county', async () => {
    const { id } = await submit();
    await db()
      .db.updateTable('serviceRequests')
      .set({ dispatchDueAt: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', id)
      .execute();
    const list = (await get(county, '/api/requests?overdue=1')).json().items as {
      id: string;
      overdue: string;
    }[];
    expect(list.find((r) => r.id === id)?.overdue).toBe('dispatch');
    expect((await get(county, '/api/requests/overdue-count')).json().count).toBeGreaterThanOrEqual(1);
    expect((await get(guantao, '/api/requests?overdue=1')).json().items).toEqual([]);
  });

  it('a call-out reaches only the members of matching teams, and shows their answers', async () => {
    const startsAt = new Date(Date.now() + 3 * 3600_000).toISOString();
    const body = {
      title: '漳河汛情抢险',
      fieldId: fieldA,
      countyCode: places.daming,
      includeNeighbours: false,
      place: '大名县金滩镇漳河大堤',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 6 * 3600_000).toISOString(),
    };
    expect((await post(township, '/api/callouts', body)).statusCode).toBe(403);
    expect((await post(county, '/api/callouts', { ...body, countyCode: places.guantao })).statusCode).toBe(
      403,
    );
    const res = await post(county, '/api/callouts', body);
    expect(res.statusCode, res.body).toBe(200);
    const callOut = res.json();
    const reached = await db()
      .db.selectFrom('callOutMembers')
      .select('volunteerId')
      .where('callOutId', '=', callOut.id)
      .execute();
    const expected = [...members.village!, ...members.town!, ...members.countyBusy!, ...members.countyFree!];
    expect(reached.map((r) => r.volunteerId).sort()).toEqual([...expected].sort());
    const sms = await db()
      .db.selectFrom('outbox')
      .select('recipient')
      .where('template', '=', 'call_out')
      .execute();
    expect(sms).toHaveLength(expected.length);

    const wide = (await post(county, '/api/callouts', { ...body, includeNeighbours: true })).json();
    const wideIds = (
      await db()
        .db.selectFrom('callOutMembers')
        .select('volunteerId')
        .where('callOutId', '=', wide.id)
        .execute()
    ).map((r) => r.volunteerId);
    expect(wideIds).toContain(members.guantao![0]);
    expect(wideIds).not.toContain(members.wrongField![0]);

    // Two members answer from their phones.
    const answerer = members.village![0]!;
    const phone = fakePhone();
    await provisionAccount(
      db().db,
      testCrypto,
      {
        phone,
        role: 'volunteer',
        regionCode: world.villageCode,
        volunteerId: answerer,
        displayName: '队员',
        password: TEST_PASSWORD,
      },
      'test',
    );
    const me = await login(app, phone);
    const mine = (await get(me, '/api/callouts/mine')).json().items as { id: string }[];
    expect(mine.map((m) => m.id)).toContain(callOut.id);
    expect((await post(me, `/api/callouts/${callOut.id}/answer`, { available: true })).statusCode).toBe(200);
    const outsiderPhone = fakePhone();
    await provisionAccount(
      db().db,
      testCrypto,
      {
        phone: outsiderPhone,
        role: 'volunteer',
        regionCode: world.villageCode,
        volunteerId: members.wrongField![0],
        displayName: '文艺队员',
        password: TEST_PASSWORD,
      },
      'test',
    );
    const outsider = await login(app, outsiderPhone);
    expect((await post(outsider, `/api/callouts/${callOut.id}/answer`, { available: true })).statusCode).toBe(
      404,
    );
    const tally = (await get(county, `/api/callouts/${callOut.id}`)).json();
    expect(tally.available).toBe(1);
    expect(tally.reached).toBe(expected.length);
    expect(tally.members[0]).toMatchObject({ volunteerId: answerer, answer: 'available' });

    // It becomes an activity with the one who is coming signed up.
    const made = await post(county, `/api/callouts/${callOut.id}/activity`);
    expect(made.statusCode, made.body).toBe(200);
    const activityId = made.json().activityId as string;
    const signups = await db()
      .db.selectFrom('signups')
      .select(['volunteerId', 'status'])
      .where('activityId', '=', activityId)
      .execute();
    expect(signups).toEqual([{ volunteerId: answerer, status: 'accepted' }]);
    // Reminders for the coming member are scheduled.
    const jobs = await db()
      .db.selectFrom('jobs')
      .select('dedupeKey')
      .where('kind', '=', 'activity_reminder')
      .execute();
    expect(jobs.some((j) => j.dedupeKey.includes(activityId) && j.dedupeKey.includes(answerer))).toBe(true);
  });
});
