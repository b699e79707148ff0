import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database';
import { provisionAccount } from '../../src/modules/accounts/provision';
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
  for (const a of accounts) {
    ids[a.username] = await provisionAccount(
      db,
      testCrypto,
      { ...a, displayName: `测试${a.username}`, password: TEST_PASSWORD },
      'test',
    );
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

/**
 * Logs an account in through whatever factors it needs. When a second factor arrives, this helper
 * learns it; the tests do not change.
 */
export async function login(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'x-requested-with': 'rongzhi' },
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'rz_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `rz_session=${setCookie.value}`;
  return { cookie, headers: { cookie, 'x-requested-with': 'rongzhi' } };
}
