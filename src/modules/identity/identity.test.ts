import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, TEST_PASSWORD, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { checkPasswordPolicy, generatePassword } from './passwords';
import { BACKGROUND_HEADER, defaultPasswordPolicy } from '../../shared/identity';

describe('password policy', () => {
  it('refuses short, single-class, common and username-bearing passwords', () => {
    const policy = defaultPasswordPolicy;
    expect(() => checkPasswordPolicy('Ab1!', policy)).toThrow(/至少8位/);
    expect(() => checkPasswordPolicy('abcdefghij', policy)).toThrow(/至少2种/);
    expect(() => checkPasswordPolicy('woaini1314', policy)).toThrow(/常见/);
    expect(() => checkPasswordPolicy('daming2026x', policy, { username: 'daming' })).toThrow(/用户名/);
    expect(() => checkPasswordPolicy('Zhang-2026!', policy)).not.toThrow();
  });

  it('generates passwords that pass even a strict policy', () => {
    const strict = { ...defaultPasswordPolicy, minLength: 12, requireCharClasses: 4 };
    for (let i = 0; i < 50; i++) expect(() => checkPasswordPolicy(generatePassword(), strict)).not.toThrow();
  });
});

describeEachDialect('identity and scope', (db) => {
  let app: FastifyInstance;
  let world: World;
  const audits = (action: string) =>
    db().db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
  });
  afterAll(async () => app.close());

  describe('logging in', () => {
    it('sets an HttpOnly SameSite=Strict session cookie and audits the login', async () => {
      // A township admin: no second factor required by default (twofactor.test.ts covers those who need one).
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi' },
        payload: { username: 'damingzhen', password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'rz_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
      expect(res.json().account).toMatchObject({ username: 'damingzhen', role: 'township_admin' });
      expect(res.json().capabilities).toContain('accounts.manage');
      const [row] = await audits('auth.login');
      expect(row).toMatchObject({
        accountId: world.ids.damingzhen,
        result: 'success',
        regionCode: places.damingzhen,
      });
    });

    it('says how many attempts remain and locks at the fifth wrong password', async () => {
      const attempt = (password: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'x-requested-with': 'rongzhi' },
          payload: { username: 'guantao', password },
        });
      for (let left = 4; left >= 1; left--) {
        const res = await attempt('wrong-password');
        expect(res.statusCode).toBe(401);
        expect(res.json().error).toMatchObject({
          code: 'INVALID_CREDENTIALS',
          message: `用户名或密码错误，还可尝试${left}次`,
        });
      }
      const fifth = await attempt('wrong-password');
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().error.message).toContain('已锁定15分钟');
      const evenRight = await attempt(TEST_PASSWORD);
      expect(evenRight.statusCode).toBe(423);
      const rows = (await audits('auth.login')).filter((r) => r.accountId === world.ids.guantao);
      expect(rows.map((r) => r.result)).toEqual([
        'denied',
        'failure',
        'failure',
        'failure',
        'failure',
        'failure',
      ]);

      // The security administrator unlocks it.
      const sec = await login(app, 'secadmin');
      const unlock = await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.guantao}/unlock`,
        headers: sec.headers,
      });
      expect(unlock.statusCode).toBe(200);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('treats an unknown name like a wrong password, and audits it', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi' },
        payload: { username: 'nobody', password: 'whatever-1' },
      });
      expect(res.statusCode).toBe(401);
      const [row] = await audits('auth.login');
      expect(row).toMatchObject({ username: 'nobody', accountId: null, result: 'failure' });
    });

    it('keeps an unknown mobile number typed at the login masked in the audit log', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi' },
        payload: { username: '13912345678', password: 'whatever-1' },
      });
      expect(res.statusCode).toBe(401);
      const [row] = await audits('auth.login');
      expect(row).toMatchObject({ username: '139****5678', accountId: null, result: 'failure' });
      expect(JSON.stringify(row)).not.toContain('13912345678');
    });

    it('lets a volunteer sign in with the mobile number, stored encrypted and shown masked', async () => {
      const s = await login(app, '13800138000');
      const me = (await app.inject({ url: '/api/auth/me', headers: s.headers })).json();
      expect(me.sessionKind).toBe('volunteer');
      expect(me.account.phone).toBe('138****8000');
      const row = await db()
        .db.selectFrom('accounts')
        .selectAll()
        .where('id', '=', world.ids.volunteer!)
        .executeTakeFirstOrThrow();
      expect(row.phoneEnc).not.toContain('13800138000');
      expect(testCrypto.decrypt(row.phoneEnc!)).toBe('13800138000');
      expect(row.phoneHash).toBe(testCrypto.hash('13800138000'));
    });

    it('renews the session id at login and ends it at logout', async () => {
      const first = await login(app, 'damingzhen');
      const relog = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: first.headers,
        payload: { username: 'damingzhen', password: TEST_PASSWORD },
      });
      const second = `rz_session=${relog.cookies.find((c) => c.name === 'rz_session')!.value}`;
      expect(second).not.toBe(first.cookie);
      expect((await app.inject({ url: '/api/auth/me', headers: first.headers })).statusCode).toBe(401);
      const headers = { cookie: second, 'x-requested-with': 'rongzhi' };
      expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401);
      expect((await audits('auth.logout'))[0]).toMatchObject({ accountId: world.ids.damingzhen });
    });

    it('ends an idle staff session after 30 minutes', async () => {
      const s = await login(app, 'village');
      const old = new Date(Date.now() - 31 * 60 * 1000).toISOString();
      await db()
        .db.updateTable('sessions')
        .set({ lastSeenAt: old })
        .where('accountId', '=', world.ids.village!)
        .execute();
      const res = await app.inject({ url: '/api/auth/me', headers: s.headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('SESSION_EXPIRED');
    });

    it("does not count the web app's background polling as activity for the idle limit", async () => {
      // Only this test's session: earlier tests left others of the same account behind.
      await db().db.deleteFrom('sessions').where('accountId', '=', world.ids.village!).execute();
      const s = await login(app, 'village');
      const lastSeen = async () =>
        (
          await db()
            .db.selectFrom('sessions')
            .select('lastSeenAt')
            .where('accountId', '=', world.ids.village!)
            .executeTakeFirstOrThrow()
        ).lastSeenAt;
      const old = new Date(Date.now() - 29 * 60 * 1000).toISOString();
      await db()
        .db.updateTable('sessions')
        .set({ lastSeenAt: old })
        .where('accountId', '=', world.ids.village!)
        .execute();
      const background = { ...s.headers, [BACKGROUND_HEADER]: '1' };
      const polled = await app.inject({ url: '/api/notifications/unread-count', headers: background });
      expect(polled.statusCode).toBe(200);
      expect(await lastSeen()).toBe(old);
      // A request the person made does count.
      expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
      expect(Date.parse(await lastSeen())).toBeGreaterThan(Date.parse(old));
    });

    it('refuses state changes without the anti-CSRF header or from another origin', async () => {
      const s = await login(app, 'daming');
      const body = { name: '大名县退役军人服务中心', address: '', contactName: '', contactPhone: '' };
      const bare = await app.inject({
        method: 'PUT',
        url: `/api/regions/${places.daming}/station`,
        headers: { cookie: s.cookie },
        payload: body,
      });
      expect(bare.statusCode).toBe(403);
      expect(bare.json().error.code).toBe('CSRF_REJECTED');
      const cross = await app.inject({
        method: 'PUT',
        url: `/api/regions/${places.daming}/station`,
        headers: { ...s.headers, origin: 'https://evil.example' },
        payload: body,
      });
      expect(cross.json().error.code).toBe('CSRF_REJECTED');
    });

    it('answers malformed JSON and unknown fields with 400 and changes nothing', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi', 'content-type': 'application/json' },
        payload: '{"username": ',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('INVALID_JSON');
      const extra = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi' },
        payload: { username: 'daming', password: TEST_PASSWORD, role: 'city_admin' },
      });
      expect(extra.json().error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'role' });
    });

    it('changes the password only with the current one, and ends the other sessions', async () => {
      const a = await login(app, 'junxiu');
      const b = await login(app, 'junxiu');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: a.headers,
        payload: { currentPassword: 'nope', newPassword: 'New-pass-2026' },
      });
      expect(wrong.json().error).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });
      const weak = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: a.headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword: '12345678' },
      });
      expect(weak.json().error).toMatchObject({ code: 'PASSWORD_POLICY', field: 'newPassword' });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: a.headers,
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'New-pass-2026' },
      });
      expect(ok.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers: a.headers })).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers: b.headers })).statusCode).toBe(401);
      await login(app, 'junxiu', 'New-pass-2026');
    });
  });

  describe('scope', () => {
    it('a 大名县 admin cannot list, read, count or change anything of 馆陶县', async () => {
      const s = await login(app, 'daming');
      const list = (await app.inject({ url: '/api/accounts?pageSize=100', headers: s.headers })).json();
      const names = list.items.map((a: { username: string }) => a.username);
      expect(names).toEqual(expect.arrayContaining(['daming', 'damingzhen', 'village']));
      expect(names).not.toContain('guantao');
      expect(names).not.toContain('city');
      expect(list.total).toBe(list.items.length);
      const search = (await app.inject({ url: '/api/accounts?q=guantao', headers: s.headers })).json();
      expect(search.total).toBe(0);

      const read = await app.inject({ url: `/api/accounts/${world.ids.guantao}`, headers: s.headers });
      expect(read.statusCode).toBe(403);
      expect(read.json().error.code).toBe('OUT_OF_SCOPE');
      const disable = await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.guantao}/disable`,
        headers: s.headers,
      });
      expect(disable.statusCode).toBe(403);
      const station = await app.inject({
        method: 'PUT',
        url: `/api/regions/${places.guantao}/station`,
        headers: s.headers,
        payload: { name: '篡改', address: '', contactName: '', contactPhone: '' },
      });
      expect(station.statusCode).toBe(403);
      const flag = await app.inject({
        method: 'PUT',
        url: `/api/regions/${places.guantaozhen}/veteran-secretary`,
        headers: s.headers,
        payload: { veteranSecretary: true },
      });
      expect(flag.statusCode).toBe(403);
      const create = await app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: s.headers,
        payload: {
          username: 'intruder',
          displayName: '越权账号',
          role: 'township_admin',
          regionCode: places.guantaozhen,
        },
      });
      expect(create.statusCode).toBe(403);
      expect(create.json().error.code).toBe('OUT_OF_SCOPE');

      const stationRow = await db()
        .db.selectFrom('serviceStations')
        .selectAll()
        .where('regionCode', '=', places.guantao)
        .executeTakeFirst();
      expect(stationRow).toBeUndefined();
      const denied = await db()
        .db.selectFrom('auditLog')
        .selectAll()
        .where('accountId', '=', world.ids.daming!)
        .where('result', '=', 'denied')
        .execute();
      expect(denied.length).toBeGreaterThanOrEqual(5);
      expect(denied.map((d) => d.targetId)).toEqual(
        expect.arrayContaining([world.ids.guantao, places.guantao, places.guantaozhen]),
      );
    });

    it('a county admin edits its own station and the audit row says so', async () => {
      const s = await login(app, 'daming');
      const res = await app.inject({
        method: 'PUT',
        url: `/api/regions/${places.daming}/station`,
        headers: s.headers,
        payload: {
          name: '大名县退役军人服务中心',
          address: '大名县府前街1号',
          contactName: '李主任',
          contactPhone: '0310-6551234',
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ address: '大名县府前街1号' });
      expect((await audits('region.station.update'))[0]).toMatchObject({
        accountId: world.ids.daming,
        targetId: places.daming,
        result: 'success',
      });
    });

    it('a township admin sees only its own villages', async () => {
      const s = await login(app, 'damingzhen');
      const items = (await app.inject({ url: '/api/accounts', headers: s.headers })).json().items;
      const seen = items.map((a: { username: string | null; role: string }) => a.username ?? a.role).sort();
      // Its own account, its village's station, and the volunteer living in that village.
      expect(seen).toEqual(['damingzhen', 'village', 'volunteer']);
      expect(items.every((a: { region: { code: string } }) => a.region.code.startsWith('130425100'))).toBe(
        true,
      );
      const ownVillage = await app.inject({
        method: 'PUT',
        url: `/api/regions/${world.villageCode}/veteran-secretary`,
        headers: s.headers,
        payload: { veteranSecretary: true },
      });
      expect(ownVillage.statusCode).toBe(200);
      expect(ownVillage.json().region.veteranSecretary).toBe(true);
      const otherTownship = await app.inject({
        method: 'PUT',
        url: `/api/regions/${world.otherTownshipCode}/station`,
        headers: s.headers,
        payload: { name: '别的乡镇服务站', address: '', contactName: '', contactPhone: '' },
      });
      expect(otherTownship.statusCode).toBe(403);
    });

    it('a village admin and a volunteer manage no accounts', async () => {
      for (const who of ['village', '13800138000']) {
        const s = await login(app, who);
        expect((await app.inject({ url: '/api/accounts', headers: s.headers })).statusCode).toBe(403);
      }
    });

    it('the system roles see no business data and do not do each other’s work', async () => {
      const sys = await login(app, 'sysadmin');
      const sec = await login(app, 'secadmin');
      const aud = await login(app, 'auditor');
      const stationBody = { name: '系统管理员改的', address: '', contactName: '', contactPhone: '' };
      for (const s of [sys, sec, aud]) {
        const res = await app.inject({
          method: 'PUT',
          url: `/api/regions/${places.daming}/station`,
          headers: s.headers,
          payload: stationBody,
        });
        expect(res.statusCode).toBe(403);
      }
      expect((await app.inject({ url: '/api/accounts', headers: aud.headers })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/audit', headers: sys.headers })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/audit', headers: sec.headers })).statusCode).toBe(403);
      expect(
        (await app.inject({ url: '/api/security/password-policy', headers: sys.headers })).statusCode,
      ).toBe(403);
      const disableBySys = await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.village}/disable`,
        headers: sys.headers,
      });
      expect(disableBySys.statusCode).toBe(403);
      const makeAuditor = await app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: sys.headers,
        payload: { username: 'auditor2', displayName: '第二审计员', role: 'auditor' },
      });
      expect(makeAuditor.json().error.code).toBe('ROLE_NOT_ALLOWED');
      const log = await app.inject({ url: '/api/audit?result=denied', headers: aud.headers });
      expect(log.statusCode).toBe(200);
      expect(log.json().items.length).toBeGreaterThan(0);
      expect(log.json().items.every((r: { result: string }) => r.result === 'denied')).toBe(true);
    });
  });

  describe('分级管理', () => {
    it('a county admin creates a township admin inside the county, with a one-time password', async () => {
      const s = await login(app, 'daming');
      const res = await app.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: s.headers,
        payload: {
          username: 'xiaozhen',
          displayName: '小镇管理员',
          role: 'township_admin',
          regionCode: world.otherTownshipCode,
        },
      });
      expect(res.statusCode).toBe(200);
      const { account, initialPassword } = res.json();
      expect(account).toMatchObject({ username: 'xiaozhen', role: 'township_admin' });
      expect(initialPassword).toMatch(/^.{14}$/);
      await login(app, 'xiaozhen', initialPassword);
      expect((await audits('account.create'))[0]).toMatchObject({
        accountId: world.ids.daming,
        targetId: account.id,
      });
    });

    it('only roles below one’s own, at the right level, with a policy-abiding password', async () => {
      const s = await login(app, 'daming');
      const post = (payload: object) =>
        app.inject({ method: 'POST', url: '/api/accounts', headers: s.headers, payload });
      expect(
        (
          await post({
            username: 'peer',
            displayName: '同级',
            role: 'county_admin',
            regionCode: places.daming,
          })
        ).json().error.code,
      ).toBe('ROLE_NOT_ALLOWED');
      const wrongLevel = await post({
        username: 'lvl',
        displayName: '层级错',
        role: 'township_admin',
        regionCode: places.daming,
      });
      expect(wrongLevel.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'regionCode' });
      const weak = await post({
        username: 'weak',
        displayName: '弱密码',
        role: 'village_admin',
        regionCode: world.villageCode,
        password: '123456',
      });
      expect(weak.json().error).toMatchObject({ code: 'PASSWORD_POLICY', field: 'password' });
      const dup = await post({
        username: 'daming',
        displayName: '重名',
        role: 'village_admin',
        regionCode: world.villageCode,
      });
      expect(dup.json().error.code).toBe('USERNAME_TAKEN');
      const count = await db()
        .db.selectFrom('accounts')
        .select(sql<number>`count(*)`.as('n'))
        .where('username', 'in', ['peer', 'lvl', 'weak'])
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('disabling an account ends its sessions; a role change is the security administrator’s', async () => {
      const victim = await login(app, 'village');
      const s = await login(app, 'damingzhen');
      const res = await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.village}/disable`,
        headers: s.headers,
        payload: { reason: '人员调动' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().account.status).toBe('disabled');
      expect((await app.inject({ url: '/api/auth/me', headers: victim.headers })).statusCode).toBe(401);
      const relogin = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi' },
        payload: { username: 'village', password: TEST_PASSWORD },
      });
      expect(relogin.json().error.code).toBe('ACCOUNT_DISABLED');

      const byCounty = await login(app, 'daming');
      const roleByCounty = await app.inject({
        method: 'PUT',
        url: `/api/accounts/${world.ids.damingzhen}/role`,
        headers: byCounty.headers,
        payload: { role: 'village_admin', regionCode: world.villageCode },
      });
      expect(roleByCounty.statusCode).toBe(403);
      const sec = await login(app, 'secadmin');
      const toSystem = await app.inject({
        method: 'PUT',
        url: `/api/accounts/${world.ids.damingzhen}/role`,
        headers: sec.headers,
        payload: { role: 'auditor' },
      });
      expect(toSystem.json().error.code).toBe('ROLE_NOT_ALLOWED');
    });
  });

  describe('the audit log', () => {
    it('refuses UPDATE and DELETE in the database itself', async () => {
      await expect(db().db.updateTable('auditLog').set({ result: 'success' }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(db().db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
      const n = await db()
        .db.selectFrom('auditLog')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBeGreaterThan(10);
    });
  });
});
