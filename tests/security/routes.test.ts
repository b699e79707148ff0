import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/server/app';
import { createTestApp } from '../support/app';
import { login, places, seedWorld, type Session, type World } from '../support/auth';
import { describeEachDialect } from '../support/db';
import { fakeIdCard, fakePhone } from '../support/registry';

/**
 * Attacks generated from the route table, so a new route is covered the day it is added:
 * - the routes open without sign-in are exactly the ones listed here (a new public route fails until
 *   someone decides it belongs on this list);
 * - every other API route answers 401 to a caller without a session, whatever its parameters;
 * - every state change is refused without the anti-CSRF header or from another origin, even signed in;
 * - the three system roles read no business data from any list, and no route answers 5xx to any role.
 */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/auth/login',
  'POST /api/auth/activate',
  // The steps between a right password and a session (second factor, forced enrolment, expired password).
  'POST /api/auth/login/second-factor',
  'POST /api/auth/login/enroll',
  'POST /api/auth/login/password',
  // The national division tree is public knowledge.
  'GET /api/regions/roots',
  'GET /api/regions/search',
  'GET /api/regions/:code',
  'GET /api/regions/:code/children',
  // Certificate verification (rate-limited) and the public portal.
  'GET /api/public/verify/:token',
  'GET /api/public/verify',
  'GET /api/public/brands',
  'GET /api/public/brands/coverage',
  'GET /api/public/portal/summary',
  'GET /api/public/portal/stations',
  'GET /api/public/stories',
  'GET /api/public/stories/:id',
  'GET /api/public/posters',
  'GET /api/public/posters/:id',
  'GET /api/public/media/:id',
  // Residents file a request and rate it by the link sent to their phone (rate-limited).
  'GET /api/public/requests/options',
  'POST /api/public/requests',
  'GET /api/public/requests/rate/:token',
  'POST /api/public/requests/rate/:token',
]);

const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A URL for a route pattern: parameters filled with well-formed values that point at nothing. */
function urlFor(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (/code$/i.test(name)) return '130425000000';
    if (/date$/i.test(name)) return '2026-05-01';
    if (/year$/i.test(name)) return '2026';
    if (/token$/i.test(name)) return 'A'.repeat(32);
    return '00000000-0000-4000-8000-000000000000';
  });
}

describeEachDialect('routes under attack', (db) => {
  let app: FastifyInstance;
  let world: World;
  const sessions: Record<string, Session> = {};
  const apiRoutes = () => app.routeTable.filter((r) => r.url.startsWith('/api/'));
  const secrets = { teamName: '矩阵测试保密小队', volunteerName: '矩阵测试老兵' };

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    for (const user of [
      'city',
      'daming',
      'guantao',
      'damingzhen',
      'village',
      'junxiu',
      'sysadmin',
      'secadmin',
      'auditor',
    ])
      sessions[user] = await login(app, user);
    const team = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: sessions.daming!.headers,
      payload: {
        name: secrets.teamName,
        category: 'station',
        regionCode: places.daming,
        leaderName: '钱队长',
      },
    });
    expect(team.statusCode).toBe(200);
    const volunteer = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: sessions.daming!.headers,
      payload: {
        name: secrets.volunteerName,
        idCard: fakeIdCard('19500301'),
        phone: fakePhone(),
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        branch: '陆军',
        serviceYears: 4,
        partyMember: false,
        skills: '',
      },
    });
    expect(volunteer.statusCode).toBe(200);
  });
  afterAll(async () => app.close());

  it('opens exactly the listed routes without sign-in', () => {
    const open = apiRoutes()
      .filter((r) => r.public)
      .map(key);
    const undeclared = open.filter((k) => !PUBLIC_ROUTES.has(k));
    expect(undeclared, '新的免登录接口须在此名单中登记').toEqual([]);
    expect(
      [...PUBLIC_ROUTES].filter((k) => !open.includes(k)),
      '名单中的接口应当存在',
    ).toEqual([]);
    expect(apiRoutes().length).toBeGreaterThan(60);
  });

  it('answers 401 to every other API route without a session', async () => {
    const leaks: string[] = [];
    for (const route of apiRoutes().filter((r) => !r.public)) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: urlFor(route.url),
        headers: { 'x-requested-with': 'rongzhi' },
        ...(UNSAFE.has(route.method) ? { payload: {} } : {}),
      });
      if (res.statusCode !== 401) leaks.push(`${key(route)} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every state change without the anti-CSRF header or from another site, even signed in', async () => {
    const passed: string[] = [];
    const cookie = sessions.city!.cookie;
    for (const route of apiRoutes().filter((r) => UNSAFE.has(r.method))) {
      for (const headers of [
        { cookie },
        { cookie, 'x-requested-with': 'rongzhi', origin: 'https://evil.example' },
        { cookie, 'x-requested-with': 'rongzhi', origin: 'null' },
      ]) {
        const res = await app.inject({
          method: route.method as 'POST',
          url: urlFor(route.url),
          headers,
          payload: {},
        });
        if (res.statusCode !== 403 || res.json().error?.code !== 'CSRF_REJECTED')
          passed.push(`${key(route)} ${JSON.stringify(headers.origin ?? 'no header')} → ${res.statusCode}`);
      }
    }
    expect(passed).toEqual([]);
  });

  it('gives the system roles no business data, and no route answers 5xx to any role', async () => {
    const leaks: string[] = [];
    const crashes: string[] = [];
    const lists = apiRoutes().filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.public);
    for (const [user, session] of Object.entries(sessions)) {
      for (const route of lists) {
        const res = await app.inject({ method: 'GET', url: route.url, headers: session.headers });
        if (res.statusCode >= 500) crashes.push(`${user} ${key(route)} → ${res.statusCode}`);
        const system = ['sysadmin', 'secadmin', 'auditor'].includes(user);
        if (system && (res.body.includes(secrets.teamName) || res.body.includes(secrets.volunteerName)))
          leaks.push(`${user} ${key(route)}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('keeps another county out of the registry lists and searches', async () => {
    const guantao = sessions.guantao!;
    const leaks: string[] = [];
    const lists = apiRoutes().filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.public);
    for (const route of lists) {
      const res = await app.inject({ method: 'GET', url: route.url, headers: guantao.headers });
      if (res.body.includes(secrets.teamName) || res.body.includes(secrets.volunteerName))
        leaks.push(key(route));
    }
    expect(leaks).toEqual([]);
    // The same lists do show them to the county that owns them: the probe can see a leak.
    const own = await app.inject({ method: 'GET', url: '/api/teams', headers: sessions.daming!.headers });
    expect(own.body).toContain(secrets.teamName);
  });
});
