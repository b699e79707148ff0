import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, seedWorld, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { STAFF_IDLE_MS as SERVER_IDLE_MS } from '../identity/sessions.repo';
import { minutesLeftToWarn, STAFF_IDLE_MS as WEB_IDLE_MS } from '../../web/layout/idle';

describe('the idle-session warning in the web shell', () => {
  it("knows the server's idle limit and warns a few minutes before the earliest end", () => {
    expect(WEB_IDLE_MS).toBe(SERVER_IDLE_MS);
    const t = Date.UTC(2026, 10, 29, 8, 0, 0);
    expect(minutesLeftToWarn(t, t + 20 * 60_000)).toBeNull();
    // The server notes activity once a minute: the session may end at 29 minutes.
    expect(minutesLeftToWarn(t, t + 26 * 60_000)).toBe(3);
    expect(minutesLeftToWarn(t, t + 28 * 60_000 + 1)).toBe(1);
    expect(minutesLeftToWarn(t, t + 29 * 60_000)).toBe(0);
  });
});

describeEachDialect('personal preferences (适老模式)', (db) => {
  let app: FastifyInstance;
  let world: World;

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
  });
  afterAll(async () => app.close());

  const get = (headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/api/me/preferences', headers });
  const put = (headers: Record<string, string>, payload: unknown) =>
    app.inject({ method: 'PUT', url: '/api/me/preferences', headers, payload: payload as object });

  it('is unset until chosen, then follows the account into every new session', async () => {
    const first = await login(app, '13800138000');
    expect((await get(first.headers)).json()).toEqual({ elderly: null });

    const set = await put(first.headers, { elderly: true });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ elderly: true });

    // Another device: a new session of the same account.
    const second = await login(app, '13800138000');
    expect((await get(second.headers)).json()).toEqual({ elderly: true });
    // Someone else's account is untouched.
    const staff = await login(app, 'daming');
    expect((await get(staff.headers)).json()).toEqual({ elderly: null });

    expect((await put(second.headers, { elderly: false })).json()).toEqual({ elderly: false });
    expect((await get(first.headers)).json()).toEqual({ elderly: false });
  });

  it('audits each change (not a repeat of the same choice) and refuses bad input', async () => {
    const staff = await login(app, 'damingzhen');
    const count = async () =>
      (
        await db()
          .db.selectFrom('auditLog')
          .select(['targetId', 'detail'])
          .where('action', '=', 'account.preferences.update')
          .where('accountId', '=', world.ids.damingzhen!)
          .execute()
      ).length;
    expect(await count()).toBe(0);
    await put(staff.headers, { elderly: true });
    await put(staff.headers, { elderly: true });
    expect(await count()).toBe(1);
    await put(staff.headers, { elderly: false });
    expect(await count()).toBe(2);

    const bad = await put(staff.headers, { elderly: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const extra = await put(staff.headers, { elderly: true, accountId: world.ids.daming });
    expect(extra.statusCode).toBe(400);
  });

  it('needs a session', async () => {
    expect((await get({})).statusCode).toBe(401);
    expect((await put({ 'x-requested-with': 'rongzhi' }, { elderly: true })).statusCode).toBe(401);
  });

  it('is listed in the OpenAPI document with its response schema', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/me/preferences'];
    expect(Object.keys(path).sort()).toEqual(['get', 'put']);
    expect(path.get.responses['200'].content['application/json'].schema.properties).toHaveProperty('elderly');
  });
});
