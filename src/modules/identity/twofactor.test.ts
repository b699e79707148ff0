import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, TEST_PASSWORD, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { defaultPasswordPolicy, type PasswordPolicy } from '../../shared/identity';
import { provisionAccount } from '../accounts/provision';
import { checkPasswordPolicy } from './passwords';
import { checkTotp, newRecoveryCodes } from './totp';

const H = { 'x-requested-with': 'rongzhi' };

describe('TOTP codes', () => {
  it('accepts the current code once, refuses it again and refuses a wrong one', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = new Date('2026-11-29T04:00:10Z');
    const code = await generate({ secret, epoch: now.getTime() / 1000 });
    const first = await checkTotp(secret, code, null, now);
    expect(first.ok).toBe(true);
    const step = first.ok ? first.step : -1;
    expect(await checkTotp(secret, code, step, now)).toEqual({ ok: false, reused: true });
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await checkTotp(secret, wrong, null, now)).toEqual({ ok: false, reused: false });
    // A code from two minutes ago is too old.
    const old = await generate({ secret, epoch: now.getTime() / 1000 - 120 });
    expect((await checkTotp(secret, old, null, now)).ok).toBe(false);
  });

  it('hands out ten distinct recovery codes like AB3CD-EF5GH', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  });

  it('applies the configurable parts of the password policy', () => {
    const off = { ...defaultPasswordPolicy, checkCommonPasswords: false };
    expect(() => checkPasswordPolicy('password123', defaultPasswordPolicy)).toThrow(/常见/);
    expect(() => checkPasswordPolicy('password123', off)).not.toThrow();
  });
});

describeEachDialect('two-factor login, sessions and the password policy', (db) => {
  let app: FastifyInstance;
  let world: World;
  const audits = (action: string, accountId?: string) => {
    let q = db().db.selectFrom('auditLog').selectAll().where('action', '=', action);
    if (accountId) q = q.where('targetId', '=', accountId);
    return q.orderBy('id', 'desc').execute();
  };
  const secretOf = async (accountId: string) => {
    const row = await db()
      .db.selectFrom('accountTwoFactor')
      .selectAll()
      .where('accountId', '=', accountId)
      .executeTakeFirstOrThrow();
    return testCrypto.decrypt(row.secretEnc);
  };
  const codeOf = async (accountId: string) => generate({ secret: await secretOf(accountId) });
  const forgetLastStep = (accountId: string) =>
    db()
      .db.updateTable('accountTwoFactor')
      .set({ lastUsedStep: null })
      .where('accountId', '=', accountId)
      .execute();

  /** The password step: the answer, and headers that carry its challenge cookie. */
  async function password(username: string, pw = TEST_PASSWORD) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: H,
      payload: { username, password: pw },
    });
    const challenge = res.cookies.find((c) => c.name === 'rz_login');
    return {
      res,
      body: res.json(),
      challenge,
      headers: { ...H, cookie: challenge ? `rz_login=${challenge.value}` : '' },
    };
  }
  const second = (headers: Record<string, string>, payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/auth/login/second-factor', headers, payload });
  const sessionCookie = (res: { cookies: { name: string; value: string; httpOnly?: boolean }[] }) =>
    res.cookies.find((c) => c.name === 'rz_session');
  const setPolicy = async (changes: Partial<PasswordPolicy>) => {
    const sec = await login(app, 'secadmin');
    const res = await app.inject({
      method: 'PUT',
      url: '/api/security/password-policy',
      headers: sec.headers,
      payload: { ...defaultPasswordPolicy, ...changes },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as PasswordPolicy;
  };

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
  });
  afterAll(async () => app.close());

  describe('second factor at login', () => {
    it('answers a right password with a pending step, not a session; the code then opens one', async () => {
      await forgetLastStep(world.ids.daming!);
      const step1 = await password('daming');
      expect(step1.res.statusCode).toBe(200);
      expect(step1.body.pending).toMatchObject({ step: 'totp', displayName: '测试daming' });
      expect(sessionCookie(step1.res)).toBeUndefined();
      expect(step1.challenge).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/login' });
      // The pending challenge is no session.
      const me = await app.inject({
        url: '/api/auth/me',
        headers: { cookie: `rz_session=${step1.challenge!.value}` },
      });
      expect(me.statusCode).toBe(401);
      const ok = await second(step1.headers, { code: await codeOf(world.ids.daming!) });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().account).toMatchObject({ username: 'daming' });
      expect(sessionCookie(ok)?.httpOnly).toBe(true);
      // The challenge is gone once used.
      const again = await second(step1.headers, { code: await codeOf(world.ids.daming!) });
      expect(again.json().error.code).toBe('LOGIN_CHALLENGE_EXPIRED');
      expect((await audits('auth.login.challenge', world.ids.daming))[0]).toMatchObject({
        result: 'success',
      });
      expect((await audits('auth.two_factor.verify', world.ids.daming))[0]).toMatchObject({
        result: 'success',
      });
      expect((await audits('auth.login', world.ids.daming))[0]).toMatchObject({ result: 'success' });
    });

    it('refuses a code used before (the last time step is remembered)', async () => {
      await forgetLastStep(world.ids.city!);
      const code = await codeOf(world.ids.city!);
      const a = await password('city');
      expect((await second(a.headers, { code })).statusCode).toBe(200);
      const b = await password('city');
      const replay = await second(b.headers, { code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error).toMatchObject({ code: 'TWO_FACTOR_REUSED', field: 'code' });
      expect(sessionCookie(replay)).toBeUndefined();
      expect((await audits('auth.two_factor.verify', world.ids.city))[0]).toMatchObject({
        result: 'failure',
        detail: JSON.stringify({ reason: 'reused' }),
      });
    });

    it('counts wrong codes toward the lockout, even across fresh passwords', async () => {
      const id = world.ids.sysadmin!;
      await forgetLastStep(id);
      const right = await codeOf(id);
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      let step = await password('sysadmin');
      for (const left of [4, 3]) {
        const res = await second(step.headers, { code: wrong });
        expect(res.json().error).toMatchObject({
          code: 'TWO_FACTOR_INVALID',
          message: `验证码错误，还可尝试${left}次`,
        });
      }
      // The right password again does not reset the count.
      step = await password('sysadmin');
      expect(step.body.pending.step).toBe('totp');
      for (const left of [2, 1]) {
        const res = await second(step.headers, { code: wrong });
        expect(res.json().error.message).toBe(`验证码错误，还可尝试${left}次`);
      }
      const fifth = await second(step.headers, { code: wrong });
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().error.message).toContain('验证码连续错误5次');
      // Locked: even the password and the right code are refused now.
      expect((await password('sysadmin')).res.statusCode).toBe(423);
      const sec = await login(app, 'secadmin');
      await app.inject({ method: 'POST', url: `/api/accounts/${id}/unlock`, headers: sec.headers });
      await login(app, 'sysadmin');
    });

    it('checks no more codes than the lockout allows, even in a burst of parallel guesses', async () => {
      const id = await provisionAccount(
        db().db,
        testCrypto,
        {
          username: 'burstcity',
          displayName: '并发猜码',
          role: 'city_admin',
          regionCode: places.handan,
          password: TEST_PASSWORD,
        },
        'test',
      );
      await login(app, 'burstcity'); // enrols
      const right = await codeOf(id);
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      const step = await password('burstcity');
      expect(step.body.pending.step).toBe('totp');
      // From an address of its own, so the per-IP throttle of the other tests' address is left alone.
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          app.inject({
            method: 'POST',
            url: '/api/auth/login/second-factor',
            headers: step.headers,
            payload: { code: wrong },
            remoteAddress: '10.20.30.40',
          }),
        ),
      );
      const codes = answers.map((r) => r.json().error.code as string);
      // Four tries say how many are left, then the account locks: every other guess was never checked.
      expect(codes.filter((c) => c === 'TWO_FACTOR_INVALID').length).toBeLessThanOrEqual(4);
      // The rest were refused unchecked: locked, or their challenge ended with the lockout.
      expect(
        codes.filter((c) => !['TWO_FACTOR_INVALID', 'ACCOUNT_LOCKED', 'LOGIN_CHALLENGE_EXPIRED'].includes(c)),
      ).toEqual([]);
      expect(answers.some((r) => sessionCookie(r))).toBe(false);
      expect(
        (
          await db()
            .db.selectFrom('accounts')
            .select('lockedUntil')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).lockedUntil,
      ).not.toBeNull();
    });

    it('never shows an enrolment secret twice, and a password reset ends a login still pending', async () => {
      const id = await provisionAccount(
        db().db,
        testCrypto,
        {
          username: 'twicecity',
          displayName: '两次登记',
          role: 'city_admin',
          regionCode: places.handan,
          password: TEST_PASSWORD,
        },
        'test',
      );
      const first = await password('twicecity');
      const second_ = await password('twicecity');
      const s1 = first.body.pending.enrollment.secret as string;
      const s2 = second_.body.pending.enrollment.secret as string;
      expect(s1).not.toBe(s2);
      // Whoever holds the first secret cannot confirm it any more: it was replaced.
      const stale = await app.inject({
        method: 'POST',
        url: '/api/auth/login/enroll',
        headers: first.headers,
        payload: { code: await generate({ secret: s1 }) },
      });
      expect(stale.json().error.code).toBe('TWO_FACTOR_INVALID');
      // The account manager resets the password: the login begun with the old one cannot finish.
      const sys = await login(app, 'sysadmin');
      const reset = await app.inject({
        method: 'POST',
        url: `/api/accounts/${id}/reset-password`,
        headers: sys.headers,
      });
      expect(reset.statusCode).toBe(200);
      const late = await app.inject({
        method: 'POST',
        url: '/api/auth/login/enroll',
        headers: second_.headers,
        payload: { code: await generate({ secret: s2 }) },
      });
      expect(late.json().error.code).toBe('LOGIN_CHALLENGE_EXPIRED');
      expect(sessionCookie(late)).toBeUndefined();
    });

    it('accepts each recovery code once instead of the authenticator code', async () => {
      const secret = await secretOf(world.ids.auditor!);
      const step = await password('auditor');
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login/second-factor',
        headers: step.headers,
        payload: { code: await generate({ secret }) },
      });
      expect(res.statusCode).toBe(200);
      // New recovery codes for the auditor, with a fresh code.
      await forgetLastStep(world.ids.auditor!);
      const session = { cookie: `rz_session=${sessionCookie(res)!.value}` };
      const codes = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/recovery-codes',
        headers: { ...H, ...session },
        payload: { code: await generate({ secret }) },
      });
      expect(codes.statusCode).toBe(200);
      const [first] = codes.json().recoveryCodes as string[];
      const stored = await db()
        .db.selectFrom('recoveryCodes')
        .select('codeHash')
        .where('accountId', '=', world.ids.auditor!)
        .execute();
      expect(stored).toHaveLength(10);
      expect(stored.map((r) => r.codeHash).join()).not.toContain(first!.replace('-', ''));
      const a = await password('auditor');
      const used = await second(a.headers, { recoveryCode: first!.toLowerCase() });
      expect(used.statusCode).toBe(200);
      expect((await audits('auth.two_factor.recovery', world.ids.auditor))[0]).toMatchObject({
        result: 'success',
      });
      const b = await password('auditor');
      const twice = await second(b.headers, { recoveryCode: first! });
      expect(twice.json().error).toMatchObject({ code: 'RECOVERY_CODE_INVALID', field: 'recoveryCode' });
      await db()
        .db.updateTable('accounts')
        .set({ failedAttempts: 0 })
        .where('id', '=', world.ids.auditor!)
        .execute();
    });

    it('lets a pending challenge expire', async () => {
      const step = await password('guantao');
      await db()
        .db.updateTable('loginChallenges')
        .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const res = await second(step.headers, { code: await codeOf(world.ids.guantao!) });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('LOGIN_CHALLENGE_EXPIRED');
      const none = await second(H, { code: '123456' });
      expect(none.json().error.code).toBe('LOGIN_CHALLENGE_EXPIRED');
    });
  });

  describe('forced enrolment', () => {
    it('enrols a required role at its first login before any session, with ten recovery codes shown once', async () => {
      const id = await provisionAccount(
        db().db,
        testCrypto,
        {
          username: 'newcity',
          displayName: '新市级账号',
          role: 'city_admin',
          regionCode: places.handan,
          password: TEST_PASSWORD,
        },
        'test',
      );
      const step = await password('newcity');
      expect(step.body.pending.step).toBe('enroll');
      expect(sessionCookie(step.res)).toBeUndefined();
      const { secret, uri, qr } = step.body.pending.enrollment;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
      // Stored encrypted, not yet confirmed.
      const row = await db()
        .db.selectFrom('accountTwoFactor')
        .selectAll()
        .where('accountId', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.secretEnc).not.toContain(secret);
      expect(testCrypto.decrypt(row.secretEnc)).toBe(secret);
      expect(row.confirmedAt).toBeNull();
      // Skipping enrolment gets nothing: the second-factor step is not this one.
      const skip = await second(step.headers, { code: await generate({ secret }) });
      expect(skip.json().error.code).toBe('LOGIN_STEP_MISMATCH');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/login/enroll',
        headers: step.headers,
        payload: { code: '000000' === (await generate({ secret })) ? '111111' : '000000' },
      });
      expect(wrong.json().error.code).toBe('TWO_FACTOR_INVALID');
      const ok = await app.inject({
        method: 'POST',
        url: '/api/auth/login/enroll',
        headers: step.headers,
        payload: { code: await generate({ secret }) },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().account.username).toBe('newcity');
      expect(ok.json().recoveryCodes).toHaveLength(10);
      expect(sessionCookie(ok)).toBeDefined();
      expect((await audits('auth.two_factor.enroll', id)).map((r) => r.result)).toEqual([
        'success',
        'failure',
      ]);
      // From now on the login asks for a code.
      expect((await password('newcity')).body.pending.step).toBe('totp');
    });

    it('keeps the required-role set in the security policy; a newly required role signs in again', async () => {
      const before = await login(app, 'damingzhen');
      await setPolicy({ twoFactorRoles: [...defaultPasswordPolicy.twoFactorRoles, 'township_admin'] });
      // Its session without a second factor has ended.
      expect((await app.inject({ url: '/api/auth/me', headers: before.headers })).statusCode).toBe(401);
      expect((await password('damingzhen')).body.pending.step).toBe('enroll');
      await setPolicy({});
      const plain = await password('damingzhen');
      expect(plain.body.pending).toBeUndefined();
      expect(sessionCookie(plain.res)).toBeDefined();
    });
  });

  describe('我的账号 › 两步验证', () => {
    it('lets an optional account turn it on and off; a required role cannot turn it off', async () => {
      const s = await login(app, 'village');
      const status = await app.inject({ url: '/api/auth/two-factor', headers: s.headers });
      expect(status.json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
      const setup = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/setup',
        headers: s.headers,
      });
      const { secret } = setup.json();
      const confirm = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/confirm',
        headers: s.headers,
        payload: { code: await generate({ secret }) },
      });
      expect(confirm.json().recoveryCodes).toHaveLength(10);
      expect((await app.inject({ url: '/api/auth/two-factor', headers: s.headers })).json()).toMatchObject({
        enabled: true,
        recoveryCodesLeft: 10,
      });
      expect((await password('village')).body.pending.step).toBe('totp');
      const other = await login(app, 'village');
      await forgetLastStep(world.ids.village!);
      const off = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/disable',
        headers: s.headers,
        payload: { password: TEST_PASSWORD, code: await generate({ secret }) },
      });
      expect(off.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers: other.headers })).statusCode).toBe(401);
      expect((await password('village')).body.pending).toBeUndefined();
      expect((await audits('account.two_factor.disable', world.ids.village))[0]).toMatchObject({
        result: 'success',
      });

      const county = await login(app, 'daming');
      const refused = await app.inject({
        method: 'POST',
        url: '/api/auth/two-factor/disable',
        headers: county.headers,
        payload: { password: TEST_PASSWORD, code: await codeOf(world.ids.daming!) },
      });
      expect(refused.json().error.code).toBe('TWO_FACTOR_REQUIRED');
    });
  });

  describe('the security administrator', () => {
    it('resets an account’s second factor: audited, its sessions end, it enrols again', async () => {
      const victim = await login(app, 'guantao');
      const sec = await login(app, 'secadmin');
      const county = await login(app, 'daming');
      const forbidden = await app.inject({
        method: 'POST',
        url: `/api/security/accounts/${world.ids.guantao}/two-factor/reset`,
        headers: county.headers,
        payload: { reason: '手机丢失' },
      });
      expect(forbidden.statusCode).toBe(403);
      const res = await app.inject({
        method: 'POST',
        url: `/api/security/accounts/${world.ids.guantao}/two-factor/reset`,
        headers: sec.headers,
        payload: { reason: '手机丢失，本人电话确认' },
      });
      expect(res.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers: victim.headers })).statusCode).toBe(401);
      expect((await audits('security.two_factor.reset', world.ids.guantao))[0]).toMatchObject({
        result: 'success',
        accountId: world.ids.secadmin,
      });
      expect((await password('guantao')).body.pending.step).toBe('enroll');
      await login(app, 'guantao');
    });

    it('sees active sessions and ends one or all of an account’s', async () => {
      const a = await login(app, 'junxiu');
      const b = await login(app, 'junxiu');
      const sec = await login(app, 'secadmin');
      const list = await app.inject({ url: '/api/security/sessions?q=junxiu', headers: sec.headers });
      expect(list.statusCode).toBe(200);
      const items = list.json().items as {
        ref: string;
        username: string;
        roleLabel: string;
        ip: string;
        createdAt: string;
        lastSeenAt: string;
      }[];
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items[0]).toMatchObject({
        username: 'junxiu',
        roleLabel: '单位/社会组织管理员',
        ip: '127.0.0.1',
        current: false,
      });
      expect(JSON.stringify(list.json())).not.toMatch(/idHash|[0-9a-f]{64}/);
      expect((await app.inject({ url: '/api/security/sessions', headers: a.headers })).statusCode).toBe(403);

      const one = await app.inject({
        method: 'POST',
        url: `/api/security/sessions/${items[0]!.ref}/end`,
        headers: sec.headers,
      });
      expect(one.statusCode).toBe(200);
      const alive = await Promise.all(
        [a, b].map(async (s) => (await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode),
      );
      expect(alive.sort()).toEqual([200, 401]);
      expect((await audits('security.session.end', world.ids.junxiu))[0]).toMatchObject({
        result: 'success',
      });

      const all = await app.inject({
        method: 'POST',
        url: `/api/security/accounts/${world.ids.junxiu}/sessions/end`,
        headers: sec.headers,
      });
      expect(all.json()).toEqual({ ended: 1 });
      for (const s of [a, b])
        expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      expect((await audits('security.session.end_all', world.ids.junxiu))[0]).toMatchObject({
        result: 'success',
      });
    });
  });

  describe('sessions end on the server', () => {
    it('when codes are guessed inside a session: the account locks and every session of it ends', async () => {
      const a = await login(app, 'daming');
      const b = await login(app, 'daming');
      const right = await codeOf(world.ids.daming!);
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      const threshold = defaultPasswordPolicy.lockoutThreshold;
      const codes: string[] = [];
      for (let i = 0; i < threshold; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/two-factor/recovery-codes',
          headers: a.headers,
          payload: { code: wrong },
        });
        codes.push(res.json().error.code);
      }
      expect(codes.slice(0, -1).every((c) => c === 'TWO_FACTOR_INVALID')).toBe(true);
      expect(codes.at(-1)).toBe('ACCOUNT_LOCKED');
      for (const s of [a, b])
        expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      const account = await db()
        .db.selectFrom('accounts')
        .select(['lockedUntil', 'failedAttempts'])
        .where('id', '=', world.ids.daming!)
        .executeTakeFirstOrThrow();
      expect(Date.parse(account.lockedUntil!)).toBeGreaterThan(Date.now());
      expect(Number(account.failedAttempts)).toBe(0);
      const [locked] = await audits('account.two_factor.recovery_codes');
      expect(JSON.parse(locked!.detail!)).toMatchObject({ reason: 'locked_now' });
      expect((await password('daming')).body.error.code).toBe('ACCOUNT_LOCKED');
      await db()
        .db.updateTable('accounts')
        .set({ lockedUntil: null, failedAttempts: 0 })
        .where('id', '=', world.ids.daming!)
        .execute();
    });

    it('at logout the old cookie no longer works', async () => {
      const s = await login(app, 'damingzhen');
      const count = async () =>
        (
          await db()
            .db.selectFrom('sessions')
            .select('idHash')
            .where('accountId', '=', world.ids.damingzhen!)
            .execute()
        ).length;
      const before = await count();
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
      expect((await app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      expect(await count()).toBe(before - 1);
    });

    it('at a role change and at disabling, every session of the account', async () => {
      const a = await login(app, 'village');
      const sec = await login(app, 'secadmin');
      const role = await app.inject({
        method: 'PUT',
        url: `/api/accounts/${world.ids.village}/role`,
        headers: sec.headers,
        payload: { role: 'village_admin', regionCode: world.villageCode },
      });
      expect(role.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/auth/me', headers: a.headers })).statusCode).toBe(401);
      const b = await login(app, 'village');
      await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.village}/disable`,
        headers: sec.headers,
        payload: { reason: '调离' },
      });
      expect((await app.inject({ url: '/api/auth/me', headers: b.headers })).statusCode).toBe(401);
      await app.inject({
        method: 'POST',
        url: `/api/accounts/${world.ids.village}/enable`,
        headers: sec.headers,
      });
    });
  });

  describe('password policy', () => {
    it('keeps today’s defaults and accepts a policy without the new fields', async () => {
      const sec = await login(app, 'secadmin');
      const got = (await app.inject({ url: '/api/security/password-policy', headers: sec.headers })).json();
      expect(got).toEqual(defaultPasswordPolicy);
      const old = await app.inject({
        method: 'PUT',
        url: '/api/security/password-policy',
        headers: sec.headers,
        payload: { minLength: 8, requireCharClasses: 2, lockoutThreshold: 5, lockoutMinutes: 15 },
      });
      expect(old.json()).toEqual(defaultPasswordPolicy);
    });

    it('refuses the last N passwords when history is on', async () => {
      await setPolicy({ historyCount: 2 });
      const s = await login(app, 'junxiu');
      const change = (currentPassword: string, newPassword: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: s.headers,
          payload: { currentPassword, newPassword },
        });
      expect((await change(TEST_PASSWORD, 'Second-pass-1')).statusCode).toBe(200);
      expect((await change('Second-pass-1', 'Third-pass-1')).statusCode).toBe(200);
      const back = await change('Third-pass-1', TEST_PASSWORD);
      expect(back.json().error).toMatchObject({
        code: 'PASSWORD_POLICY',
        field: 'newPassword',
        message: '新密码不能与最近2次用过的密码相同',
      });
      expect((await change('Third-pass-1', 'Fourth-pass-1')).statusCode).toBe(200);
      // Now the test password is three back, outside the last two.
      expect((await change('Fourth-pass-1', 'Second-pass-1')).statusCode).toBe(400);
      expect((await change('Fourth-pass-1', TEST_PASSWORD)).statusCode).toBe(200);
      await setPolicy({});
    });

    it('makes an expired password be changed at login before anything else', async () => {
      await setPolicy({ expiryDays: 30 });
      const long = new Date(Date.now() - 40 * 86_400_000).toISOString();
      await db()
        .db.updateTable('accounts')
        .set({ passwordChangedAt: long })
        .where('id', '=', world.ids.damingzhen!)
        .execute();
      const step = await password('damingzhen');
      expect(step.body.pending.step).toBe('password');
      expect(sessionCookie(step.res)).toBeUndefined();
      const same = await app.inject({
        method: 'POST',
        url: '/api/auth/login/password',
        headers: step.headers,
        payload: { newPassword: TEST_PASSWORD },
      });
      expect(same.json().error).toMatchObject({ code: 'PASSWORD_POLICY', field: 'newPassword' });
      const ok = await app.inject({
        method: 'POST',
        url: '/api/auth/login/password',
        headers: step.headers,
        payload: { newPassword: 'Renewed-2026!' },
      });
      expect(ok.statusCode).toBe(200);
      expect(sessionCookie(ok)).toBeDefined();
      expect((await audits('auth.password.expired_change', world.ids.damingzhen))[0]).toMatchObject({
        result: 'success',
      });
      // A required role: the code first, then the password.
      await db()
        .db.updateTable('accounts')
        .set({ passwordChangedAt: long })
        .where('id', '=', world.ids.daming!)
        .execute();
      await forgetLastStep(world.ids.daming!);
      const two = await password('daming');
      expect(two.body.pending.step).toBe('totp');
      const after = await second(two.headers, { code: await codeOf(world.ids.daming!) });
      expect(after.json().pending.step).toBe('password');
      expect(sessionCookie(after)).toBeUndefined();
      const done = await app.inject({
        method: 'POST',
        url: '/api/auth/login/password',
        headers: two.headers,
        payload: { newPassword: 'Renewed-2026!' },
      });
      expect(done.statusCode).toBe(200);
      await setPolicy({});
      await login(app, 'daming', 'Renewed-2026!');
    });
  });
});
