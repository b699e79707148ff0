import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard, fakePhone } from '../../../tests/support/registry';
import { parseIdCard, withCheckDigit } from '../../shared/idcard';
import { maskIdCard, maskPhone } from '../../server/security/mask';

describe('ID-card numbers', () => {
  it('checks length, region, birth date and the GB 11643 check digit', () => {
    const good = withCheckDigit('13042519500101123');
    expect(parseIdCard(good)).toEqual({ normalized: good, birthDate: '1950-01-01', gender: 'M' });
    expect(parseIdCard('1304251950010112')).toMatchObject({ error: expect.stringContaining('18位') });
    expect(parseIdCard(withCheckDigit('99042519500101123'))).toMatchObject({
      error: expect.stringContaining('地区码'),
    });
    expect(parseIdCard(withCheckDigit('13042519500230123'))).toMatchObject({
      error: expect.stringContaining('出生日期'),
    });
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    expect(parseIdCard(wrong)).toMatchObject({ error: expect.stringContaining('校验位') });
    // The published example number from GB 11643.
    expect(parseIdCard('11010519491231002X')).toMatchObject({ gender: 'F', birthDate: '1949-12-31' });
  });

  it('masks as the bureau expects', () => {
    expect(maskIdCard('130425195001011234')).toBe('130425********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describeEachDialect('volunteers', (db) => {
  let app: FastifyInstance;
  let world: World;
  let county: Session;
  let guantao: Session;
  let teamId: string;

  const body = (over: Record<string, unknown> = {}) => ({
    name: '李老兵',
    idCard: fakeIdCard('19480315'),
    phone: fakePhone(),
    residenceCode: world.villageCode,
    isVeteran: true,
    veteranKind: 'soldier',
    branch: '陆军',
    serviceYears: 5,
    partyMember: true,
    skills: '宣讲',
    ...over,
  });

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    guantao = await login(app, 'guantao');
    const team = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: {
        name: '大名县老兵宣讲队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '赵队长',
      },
    });
    teamId = team.json().id;
  });
  afterAll(async () => app.close());

  it('registers a person with derived birth date and gender, stored encrypted and shown masked', async () => {
    const input = body();
    const res = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: input,
    });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v).toMatchObject({
      name: '李老兵',
      gender: 'M',
      birthDate: '1948-03-15',
      volunteerNo: expect.stringMatching(/^RZ\d{8}$/),
    });
    expect(v.idCard).toBe(maskIdCard(input.idCard));
    expect(v.phone).toBe(maskPhone(input.phone));
    const row = await db()
      .db.selectFrom('volunteers')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row.idCardEnc).not.toContain(input.idCard.slice(6, 14));
    expect(testCrypto.decrypt(row.idCardEnc)).toBe(input.idCard);
    expect(JSON.stringify(res.json())).not.toContain(input.idCard);
  });

  it('rejects a bad ID number with the field and a Chinese reason, and writes nothing', async () => {
    const before = await db().db.selectFrom('volunteers').select('id').execute();
    const bad = fakeIdCard();
    const res = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: body({ idCard: bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0') }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ field: 'idCard', message: expect.stringContaining('校验位') });
    expect(await db().db.selectFrom('volunteers').select('id').execute()).toHaveLength(before.length);
  });

  it('reveals the full number only to a role that may see it, with an audit row', async () => {
    const input = body();
    const v = (
      await app.inject({ method: 'POST', url: '/api/volunteers', headers: county.headers, payload: input })
    ).json();
    const reveal = await app.inject({
      method: 'POST',
      url: `/api/volunteers/${v.id}/reveal`,
      headers: county.headers,
      payload: { field: 'idCard' },
    });
    expect(reveal.json().value).toBe(input.idCard);
    const audit = await db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'volunteer.reveal')
      .where('targetId', '=', v.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('idCard');
    const sec = await login(app, 'secadmin');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/volunteers/${v.id}/reveal`,
          headers: sec.headers,
          payload: { field: 'phone' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/volunteers/${v.id}/reveal`,
          headers: guantao.headers,
          payload: { field: 'phone' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('one person, one record: a duplicate in scope points at the record, one elsewhere says only 已在其他地区登记', async () => {
    const input = body({ residenceCode: places.guantaozhen });
    const there = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: guantao.headers,
      payload: input,
    });
    expect(there.statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: guantao.headers,
      payload: { ...input, phone: fakePhone() },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'VOLUNTEER_EXISTS',
      details: { volunteerId: there.json().id },
    });

    const here = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: { ...input, phone: fakePhone(), name: '别的名字', residenceCode: world.villageCode },
    });
    expect(here.statusCode).toBe(409);
    expect(here.json()).toEqual({
      error: { code: 'VOLUNTEER_ELSEWHERE', message: '已在其他地区登记', field: 'idCard' },
    });

    // The join request: 大名县 asks, 馆陶县 (which holds the record) approves, then 大名县 sees the person.
    const request = await app.inject({
      method: 'POST',
      url: '/api/join-requests',
      headers: county.headers,
      payload: { idCard: input.idCard, teamId, role: 'member' },
    });
    expect(request.json().status).toBe('pending');
    expect(
      (await app.inject({ url: `/api/volunteers/${there.json().id}`, headers: county.headers })).statusCode,
    ).toBe(403);
    const incoming = (await app.inject({ url: '/api/join-requests', headers: guantao.headers })).json().items;
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ teamName: '大名县老兵宣讲队', volunteerName: input.name });
    expect(
      (await app.inject({ url: '/api/join-requests', headers: county.headers })).json().items,
    ).toHaveLength(0);
    const decide = await app.inject({
      method: 'POST',
      url: `/api/join-requests/${request.json().id}/decide`,
      headers: guantao.headers,
      payload: { approve: true },
    });
    expect(decide.json().status).toBe('approved');
    const seen = await app.inject({ url: `/api/volunteers/${there.json().id}`, headers: county.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().teams.map((t: { name: string }) => t.name)).toEqual(['大名县老兵宣讲队']);
  });

  it('lists with filters and sorting, inside the scope only', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: body({
        name: '年轻志愿者',
        idCard: fakeIdCard('19950101', false),
        isVeteran: false,
        veteranKind: null,
      }),
    });
    const all = (await app.inject({ url: '/api/volunteers?pageSize=100', headers: county.headers })).json();
    expect(
      all.items.every(
        (v: { residence: { code: string }; teams: { name: string }[] }) =>
          v.residence.code.startsWith('130425') || v.teams.length > 0,
      ),
    ).toBe(true);
    const old = (
      await app.inject({ url: '/api/volunteers?minAge=70&pageSize=100', headers: county.headers })
    ).json();
    expect(old.items.length).toBeGreaterThan(0);
    expect(old.items.every((v: { age: number }) => v.age >= 70)).toBe(true);
    const young = (await app.inject({ url: '/api/volunteers?maxAge=40', headers: county.headers })).json();
    expect(young.items.map((v: { name: string }) => v.name)).toEqual(['年轻志愿者']);
    const nonVeterans = (
      await app.inject({ url: '/api/volunteers?isVeteran=false', headers: county.headers })
    ).json();
    expect(nonVeterans.total).toBe(1);
    const byAge = (
      await app.inject({ url: '/api/volunteers?sort=age&order=desc&pageSize=100', headers: county.headers })
    ).json().items;
    expect(byAge.map((v: { age: number }) => v.age)).toEqual(
      [...byAge.map((v: { age: number }) => v.age)].sort((a, b) => b - a),
    );
    const g = (await app.inject({ url: '/api/volunteers', headers: guantao.headers })).json();
    expect(g.items.every((v: { residence: { code: string } }) => v.residence.code.startsWith('130433'))).toBe(
      true,
    );
    const town = await login(app, 'damingzhen');
    const t = (await app.inject({ url: '/api/volunteers?pageSize=100', headers: town.headers })).json();
    expect(
      t.items.every((v: { residence: { code: string } }) => v.residence.code.startsWith('130425100')),
    ).toBe(true);
  });

  it('finds by phone through the keyed hash', async () => {
    const phone = fakePhone();
    await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: body({ name: '手机查找', phone }),
    });
    const hit = (await app.inject({ url: `/api/volunteers?q=${phone}`, headers: county.headers })).json();
    expect(hit.items.map((v: { name: string }) => v.name)).toEqual(['手机查找']);
  });

  it('hands the volunteer a one-time activation code that sets the first password', async () => {
    const phone = fakePhone();
    const v = (
      await app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: county.headers,
        payload: body({ name: '激活老兵', phone }),
      })
    ).json();
    const before = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: { username: phone, password: 'anything-1' },
    });
    expect(before.statusCode).toBe(401);
    const slip = (
      await app.inject({ method: 'POST', url: `/api/volunteers/${v.id}/activation`, headers: county.headers })
    ).json();
    expect(slip.code).toMatch(/^\d{8}$/);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: {
        phone,
        code: slip.code === '00000000' ? '11111111' : '00000000',
        newPassword: 'Laobing-2026',
      },
    });
    expect(wrong.json().error.code).toBe('ACTIVATION_INVALID');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: { phone, code: slip.code, newPassword: 'Laobing-2026' },
    });
    expect(ok.statusCode).toBe(200);
    const s = await login(app, phone, 'Laobing-2026');
    const me = (await app.inject({ url: '/api/auth/me', headers: s.headers })).json();
    expect(me).toMatchObject({
      sessionKind: 'volunteer',
      account: { role: 'volunteer', displayName: '激活老兵' },
    });
    // Used once: the same code does not work again.
    const reuse = await app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: { phone, code: slip.code, newPassword: 'Another-2026' },
    });
    expect(reuse.json().error.code).toBe('ACTIVATION_INVALID');
    // The volunteer sees themselves and their teams only.
    const mine = (await app.inject({ url: '/api/volunteers', headers: s.headers })).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual([v.id]);
  });
});
