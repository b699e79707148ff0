import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { Database } from '../../src/db/database';
import { provisionAccount } from '../../src/modules/accounts/provision';
import { twoFactorRequired } from '../../src/modules/identity/auth.service';
import { SettingsRepo } from '../../src/modules/identity/settings.repo';
import { enrollTwoFactorNow } from '../../src/modules/identity/twoFactor.service';
import { OrganizationsRepo } from '../../src/modules/organizations/organizations.repo';
import type { Role } from '../../src/shared/identity';
import { testCrypto } from './app';

export const TEST_PASSWORD = 'Rz-test-2026!';

export const places = {
  handan: '130400000000',
  daming: '130425000000',
  guantao: '130433000000',
  damingzhen: '130425100000',
  guantaozhen: '130433100000',
} as const;

export interface World {
  ids: Record<string, string>;
  orgId: string;
  villageCode: string;
  otherTownshipCode: string;
}

/** One account per role at real places, all with TEST_PASSWORD. */
export async function seedWorld(database: Database): Promise<World> {
  const db = database.db;
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parentCode', '=', places.damingzhen)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const otherTownship = await db
    .selectFrom('regions')
    .select('code')
    .where('parentCode', '=', places.daming)
    .where('code', '!=', places.damingzhen)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  const org = await new OrganizationsRepo(db).ensure(
    '邯郸市军队离休退休干部第一休养所',
    'unit',
    places.handan,
    new Date().toISOString(),
  );
  const accounts: {
    username: string;
    role: Role;
    regionCode?: string;
    organizationId?: string;
    phone?: string;
  }[] = [
    { username: 'city', role: 'city_admin', regionCode: places.handan },
    { username: 'daming', role: 'county_admin', regionCode: places.daming },
    { username: 'guantao', role: 'county_admin', regionCode: places.guantao },
    { username: 'damingzhen', role: 'township_admin', regionCode: places.damingzhen },
    { username: 'village', role: 'village_admin', regionCode: village.code },
    { username: 'junxiu', role: 'org_admin', organizationId: org.id },
    { username: 'sysadmin', role: 'sys_admin' },
    { username: 'secadmin', role: 'sec_admin' },
    { username: 'auditor', role: 'auditor' },
  ];
  const ids: Record<string, string> = {};
  const policy = await new SettingsRepo(db).passwordPolicy();
  for (const a of accounts) {
    const displayName = `测试${a.username}`;
    ids[a.username] = await provisionAccount(
      db,
      testCrypto,
      { ...a, displayName, password: TEST_PASSWORD },
      'test',
    );
    // Like the demo seed: the roles that must use a second factor are enrolled at creation.
    if (twoFactorRequired(policy, a.role))
      await enrollTwoFactorNow(db, testCrypto, { id: ids[a.username]!, username: a.username, displayName });
  }
  ids.volunteer = await provisionAccount(
    db,
    testCrypto,
    {
      phone: '13800138000',
      role: 'volunteer',
      regionCode: village.code,
      displayName: '老兵张',
      password: TEST_PASSWORD,
    },
    'test',
  );
  return { ids, orgId: org.id, villageCode: village.code, otherTownshipCode: otherTownship.code };
}

export interface Session {
  cookie: string;
  /** Headers for any request: the session cookie and the required anti-CSRF header. */
  headers: Record<string, string>;
}

/** The current six-digit code of an account's authenticator, computed from its stored secret. */
export async function totpCodeOf(app: FastifyInstance, accountId: string): Promise<string> {
  const row = await app.database.db
    .selectFrom('accountTwoFactor')
    .select('secretEnc')
    .where('accountId', '=', accountId)
    .executeTakeFirstOrThrow();
  return generate({ secret: app.fieldCrypto.decrypt(row.secretEnc) });
}

const sessionOf = (res: { cookies: { name: string; value: string }[] }): Session => {
  const setCookie = res.cookies.find((c) => c.name === 'rz_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `rz_session=${setCookie.value}`;
  return { cookie, headers: { cookie, 'x-requested-with': 'rongzhi' } };
};

/**
 * Logs an account in through whatever factors it needs: the password, then the authenticator's code
 * (computed with otplib from the account's secret) or, for a role that must use one but has none yet,
 * the enrolment with the secret the server hands out.
 *
 * Tests sign the same account in many times a second, faster than authenticator codes change; the
 * refusal of a code used before is tested on its own (twofactor.test.ts), so this helper forgets the
 * last used time step before it answers.
 */
export async function login(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const headers = { 'x-requested-with': 'rongzhi' };
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers,
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  let body = res.json() as { pending?: { step: string; enrollment?: { secret: string } } };
  if (!body.pending) return sessionOf(res);
  const challenge = res.cookies.find((c) => c.name === 'rz_login');
  if (!challenge) throw new Error('no login challenge cookie');
  const withChallenge = { ...headers, cookie: `rz_login=${challenge.value}` };
  let last = res;
  if (body.pending.step === 'totp') {
    const account = await app.database.db
      .selectFrom('accounts')
      .select('id')
      .where((eb) =>
        eb.or([eb('username', '=', username), eb('phoneHash', '=', app.fieldCrypto.hash(username))]),
      )
      .executeTakeFirstOrThrow();
    await app.database.db
      .updateTable('accountTwoFactor')
      .set({ lastUsedStep: null })
      .where('accountId', '=', account.id)
      .execute();
    last = await app.inject({
      method: 'POST',
      url: '/api/auth/login/second-factor',
      headers: withChallenge,
      payload: { code: await totpCodeOf(app, account.id) },
    });
  } else if (body.pending.step === 'enroll') {
    last = await app.inject({
      method: 'POST',
      url: '/api/auth/login/enroll',
      headers: withChallenge,
      payload: { code: await generate({ secret: body.pending.enrollment!.secret }) },
    });
  }
  if (last.statusCode !== 200)
    throw new Error(`login ${username} step failed: ${last.statusCode} ${last.body}`);
  body = last.json();
  if (body.pending) throw new Error(`login ${username} still owes the step ${body.pending.step}`);
  return sessionOf(last);
}
