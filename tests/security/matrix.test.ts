import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tableDigests } from '../../src/db/backup';
import type { Database } from '../../src/db/database';
import { isRegionWithin } from '../../src/modules/identity/scope';
import type { RouteEntry } from '../../src/server/app';
import { exportLimiter } from '../../src/server/rateLimit';
import { createTestApp } from '../support/app';
import { describeEachDialect } from '../support/db';
import { EXPECTATIONS, type Expectation } from './matrix.expectations';
import { bodyText, fillFixedParams, operations, queryFor, sampleOf, type Operation } from './matrixProbe';
import {
  buildMatrixWorld,
  CALLERS,
  DISCLOSURES,
  SYSTEM_CALLERS,
  type Caller,
  type MatrixWorld,
  type Target,
} from './matrixWorld';

/**
 * The authorization matrix, generated from the route table: every route × every caller (the four
 * levels of region staff, a team leader, a volunteer, an organisation, the three system roles) × the
 * target's place relative to the caller. Expectations are declared per route in matrix.expectations.ts
 * and per row in matrixWorld.ts; scope.ts is what is being checked, not what the checks are made of.
 */
const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Tables a refused request may touch: the audit of the refusal and the session's last-seen time. */
const MAY_CHANGE_ON_REFUSAL = ['audit_log', 'sessions', 'regions'];
const REGION_CALLERS: Partial<Record<Caller, keyof MatrixWorld['regions']>> = {
  city: 'city',
  county: 'county',
  township: 'township',
  village: 'village',
};
const refused = (status: number) => status === 403 || status === 404;
/** The route's path with the target's parameters filled in (`:id` is the row itself unless named). */
const urlOf = (pattern: string, target: Target) =>
  pattern.replace(
    /:([A-Za-z]+)/g,
    (m, name: string) => target.params?.[name] ?? (name === 'id' ? target.id : m),
  );

describeEachDialect('authorization matrix', (db) => {
  let app: FastifyInstance;
  let world: MatrixWorld;
  let ops: Map<string, Operation>;
  const apiRoutes = () => app.routeTable.filter((r) => r.url.startsWith('/api/'));
  const routesWith = (rule: Expectation['rule']) =>
    apiRoutes().filter((r) => !r.public && EXPECTATIONS[key(r)]?.rule === rule);

  const call = (caller: Caller, method: string, url: string, payload?: unknown) => {
    // The matrix asks each export dozens of times a minute; the limit itself is tested in rateLimit.test.ts.
    exportLimiter.forget(world.accountIds[caller]);
    return app.inject({
      method: method as 'GET',
      url,
      headers: world.sessions[caller].headers,
      ...(UNSAFE.has(method) ? { payload: (payload ?? {}) as object } : {}),
    });
  };
  const bodyFor = (route: RouteEntry) => sampleOf(ops.get(key(route))?.body, 'body', world) ?? {};
  /** The unseen rows whose name or id shows in a response. */
  const leaksIn = (caller: Caller, text: string | null, route: string) =>
    text === null
      ? []
      : world.targets
          .filter((t) => t.scan !== false && !t.seenBy.has(caller))
          .filter((t) => text.includes(t.marker) || text.includes(t.id))
          .filter(
            (t) =>
              !DISCLOSURES.some(
                (d) => d.target === t.key && d.callers.includes(caller) && d.routes.test(route),
              ),
          )
          .map((t) => `${t.key}（${t.place}）`);
  const digests = async (database: Database) => tableDigests(database, { except: MAY_CHANGE_ON_REFUSAL });

  beforeAll(async () => {
    app = await createTestApp(db());
    world = await buildMatrixWorld(db());
    ops = operations(app.swagger());
  }, 300_000);
  afterAll(async () => app.close());

  it('has one declared expectation for every API route, and none for a route that does not exist', () => {
    const missing = apiRoutes()
      .filter((r) => !r.public && !EXPECTATIONS[key(r)])
      .map(key);
    expect(missing, `以下接口没有授权矩阵条目，请在 tests/security/matrix.expectations.ts 中登记`).toEqual(
      [],
    );
    const wronglyPublic = apiRoutes()
      .filter((r) => !r.public && EXPECTATIONS[key(r)]?.rule === 'public')
      .map(key);
    expect(wronglyPublic, '登记为公开的接口实际需要登录').toEqual([]);
    const existing = new Set(apiRoutes().map(key));
    expect(
      Object.keys(EXPECTATIONS).filter((k) => !existing.has(k)),
      '条目所指的接口不存在',
    ).toEqual([]);
    // The world can tell a leak from a non-leak: no marker hides inside another.
    const nested = world.targets.flatMap((a) =>
      world.targets.filter((b) => a !== b && b.marker.includes(a.marker)).map((b) => `${a.key} ⊂ ${b.key}`),
    );
    expect(nested).toEqual([]);
  });

  it('answers a read by id exactly for the callers who may see the target, in every place', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('read')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'read' }>;
      const suffix = queryFor(ops.get(key(route)), world);
      for (const target of world.targets.filter((t) => t.resource === e.resource)) {
        const url = urlOf(route.url, target) + suffix;
        for (const caller of CALLERS) {
          const res = await call(caller, route.method, url);
          const may = target.seenBy.has(caller);
          const answered = e.exact === true || (Array.isArray(e.exact) && e.exact.includes(caller));
          if (res.statusCode >= 500) wrong.push(`${key(route)} ${caller} → ${target.key} ${res.statusCode}`);
          else if (!may && !refused(res.statusCode))
            wrong.push(`泄露 ${key(route)} ${caller} → ${target.key}（${target.place}）${res.statusCode}`);
          else if (may && answered && res.statusCode !== 200)
            wrong.push(
              `误拒 ${key(route)} ${caller} → ${target.key}（${target.place}）${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          if (res.statusCode === 200) {
            const leaks = leaksIn(caller, await bodyText(res), key(route));
            if (leaks.length)
              wrong.push(`泄露 ${key(route)} ${caller} → ${target.key} 含 ${leaks.join('、')}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('refuses a state change on a target the caller may not see, in every place, and the refusal changes nothing', async () => {
    const wrong: string[] = [];
    const unreached: string[] = [];
    for (const route of routesWith('act')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'act' }>;
      const payload = bodyFor(route);
      const suffix = queryFor(ops.get(key(route)), world);
      const before = await digests(db());
      for (const target of world.targets.filter((t) => t.resource === e.resource)) {
        const url = urlOf(route.url, target) + suffix;
        const allowed = target.actedBy ?? target.seenBy;
        for (const caller of CALLERS.filter((c) => !allowed.has(c))) {
          const res = await call(caller, route.method, url, payload);
          if (res.statusCode === 400) unreached.push(`${key(route)} ${caller}: ${res.body.slice(0, 100)}`);
          else if (!refused(res.statusCode))
            wrong.push(
              `越权 ${key(route)} ${caller} → ${target.key}（${target.place}）${res.statusCode} ${res.body.slice(0, 120)}`,
            );
        }
      }
      const after = await digests(db());
      const changed = after.filter((d, i) => d.sha256 !== before[i]?.sha256).map((d) => d.table);
      if (changed.length) wrong.push(`${key(route)} 被拒绝却改变了 ${changed.join('、')}`);
    }
    expect(wrong).toEqual([]);
    // Bodies are built from each route's schema so that the scope check, not validation, answers.
    expect(unreached, '请求未通过校验，未能检验范围').toEqual([]);
  }, 600_000);

  it('shows no row from outside the caller’s scope in any list, count, search, report or export', async () => {
    const leaks: string[] = [];
    const crashes: string[] = [];
    let scanned = 0;
    for (const route of routesWith('list')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'list' }>;
      for (const path of fillFixedParams(route.url, world)) {
        const url = path + queryFor(ops.get(key(route)), world);
        for (const caller of CALLERS) {
          const res = await call(caller, 'GET', url);
          if (res.statusCode >= 500) crashes.push(`${key(route)} ${caller} → ${res.statusCode}`);
          if (res.statusCode !== 200 || e.scan === false) continue;
          const text = await bodyText(res);
          if (text !== null) scanned++;
          const found = leaksIn(caller, text, key(route));
          if (found.length) leaks.push(`${key(route)} ${caller} 看到 ${found.join('、')}`);
        }
      }
    }
    expect(crashes).toEqual([]);
    expect(leaks).toEqual([]);
    expect(scanned).toBeGreaterThan(100);
  }, 600_000);

  it('can see a leak: the same lists and exports do show the rows to callers who may see them', async () => {
    const shown = async (caller: Caller, url: string) =>
      (await bodyText(await call(caller, 'GET', url))) ?? '';
    const markersOf = (resource: string, caller: Caller) =>
      world.targets.filter((t) => t.resource === resource && t.seenBy.has(caller)).map((t) => t.marker);
    const missing: string[] = [];
    for (const caller of ['city', 'county', 'township', 'village', 'org'] as const) {
      for (const [url, resource] of [
        ['/api/teams?pageSize=100', 'team'],
        ['/api/volunteers?pageSize=100', 'volunteer'],
        ['/api/exports/teams.xlsx', 'team'],
        ['/api/exports/volunteers.xlsx', 'volunteer'],
        ['/api/activities', 'activity'],
        ['/api/plans?year=2026', 'plan'],
      ] as const) {
        const text = await shown(caller, url);
        for (const marker of markersOf(resource, caller))
          if (!text.includes(marker)) missing.push(`${caller} ${url} 缺 ${marker}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuses a region parameter outside the caller’s subtree (counts, reports, exports, lists)', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('list').filter(
      (r) => (EXPECTATIONS[key(r)] as { regionParam?: boolean }).regionParam,
    )) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'list' }>;
      for (const [caller, anchor] of Object.entries(REGION_CALLERS) as [
        Caller,
        keyof MatrixWorld['regions'],
      ][]) {
        for (const [place, code] of Object.entries(world.regions)) {
          const url = route.url + queryFor(ops.get(key(route)), world, code);
          const res = await call(caller, 'GET', url);
          const inside = isRegionWithin(code, world.regions[anchor]);
          if (res.statusCode >= 500) wrong.push(`${key(route)} ${caller} ${place} → ${res.statusCode}`);
          else if (!inside && res.statusCode === 200) {
            if (e.aggregate) wrong.push(`越权 ${key(route)} ${caller} 查询 ${place}（${code}）→ 200`);
            else {
              const found = leaksIn(caller, await bodyText(res), key(route));
              if (found.length)
                wrong.push(`泄露 ${key(route)} ${caller} 查询 ${place} 看到 ${found.join('、')}`);
            }
          } else if (inside && e.aggregate && res.statusCode !== 200 && place !== 'city')
            wrong.push(
              `误拒 ${key(route)} ${caller} 查询本辖区 ${place} → ${res.statusCode} ${res.body.slice(0, 100)}`,
            );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('reserves the restricted routes to their roles', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('only')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'only' }>;
      const before = UNSAFE.has(route.method) ? await digests(db()) : null;
      for (const url of fillFixedParams(route.url, world)) {
        for (const caller of CALLERS.filter((c) => !e.callers.includes(c))) {
          const res = await call(
            caller,
            route.method,
            url + queryFor(ops.get(key(route)), world),
            bodyFor(route),
          );
          if (res.statusCode !== 403) wrong.push(`${key(route)} ${caller} → ${res.statusCode}`);
        }
      }
      if (before) {
        const after = await digests(db());
        const changed = after.filter((d, i) => d.sha256 !== before[i]?.sha256).map((d) => d.table);
        if (changed.length) wrong.push(`${key(route)} 被拒绝却改变了 ${changed.join('、')}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('refuses every caller an id that exists nowhere, for the kinds of row the world does not hold', async () => {
    const wrong: string[] = [];
    const before = await digests(db());
    for (const route of routesWith('unseeded')) {
      for (const url of fillFixedParams(route.url, world)) {
        for (const caller of CALLERS) {
          const res = await call(
            caller,
            route.method,
            url + queryFor(ops.get(key(route)), world),
            bodyFor(route),
          );
          if (res.statusCode < 400 || res.statusCode >= 500)
            wrong.push(`${key(route)} ${caller} → ${res.statusCode}`);
        }
      }
    }
    const after = await digests(db());
    expect(after.filter((d, i) => d.sha256 !== before[i]?.sha256).map((d) => d.table)).toEqual([]);
    expect(wrong).toEqual([]);
  }, 600_000);

  it('answers the signed-in routes to every caller without a 5xx and without another’s rows', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('signed-in').filter((r) => r.method === 'GET')) {
      for (const caller of CALLERS) {
        const res = await call(caller, 'GET', route.url + queryFor(ops.get(key(route)), world));
        if (res.statusCode >= 500) wrong.push(`${key(route)} ${caller} → ${res.statusCode}`);
        const found = res.statusCode === 200 ? leaksIn(caller, await bodyText(res), key(route)) : [];
        if (found.length) wrong.push(`${key(route)} ${caller} 看到 ${found.join('、')}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  // Last: the creations allowed here add rows the other tests do not expect.
  it('refuses a creation in a region outside the caller’s subtree, and writes nothing', async () => {
    const wrong: string[] = [];
    for (const route of routesWith('create')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'create' }>;
      for (const [place, code] of Object.entries(world.regions)) {
        for (const caller of CALLERS) {
          const anchor = REGION_CALLERS[caller];
          const system = SYSTEM_CALLERS.includes(caller);
          if (!system && (!anchor || isRegionWithin(code, world.regions[anchor]))) continue;
          const before = await digests(db());
          const res = await call(caller, route.method, route.url, e.body(code));
          if (res.statusCode < 400 || res.statusCode >= 500)
            wrong.push(`越权 ${key(route)} ${caller} 在 ${place}（${code}）→ ${res.statusCode}`);
          else if (res.statusCode === 400)
            wrong.push(`未检验 ${key(route)} ${caller} 在 ${place}: ${res.body.slice(0, 100)}`);
          const after = await digests(db());
          const changed = after.filter((d, i) => d.sha256 !== before[i]?.sha256).map((d) => d.table);
          if (changed.length) wrong.push(`${key(route)} ${caller} 被拒绝却改变了 ${changed.join('、')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The probe can fail: the same bodies are accepted from the city for places of its own.
    const spareCounty = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('parentCode', '=', world.regions.city)
      .where('code', 'not in', [world.regions.county, world.regions.otherCounty])
      .orderBy('code')
      .executeTakeFirstOrThrow();
    for (const route of routesWith('create')) {
      const e = EXPECTATIONS[key(route)] as Extract<Expectation, { rule: 'create' }>;
      const codes = [];
      for (const code of [spareCounty.code, world.regions.village])
        codes.push((await call('city', route.method, route.url, e.body(code))).statusCode);
      expect(codes, key(route)).toContain(200);
    }
  }, 600_000);
});
