import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../tests/support/db';
import { createTestApp, testCrypto } from '../../tests/support/app';
import { buildApp } from './app';
import { loadConfig } from './config';

describeEachDialect('HTTP conventions', (db, dialect) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(db());
  });
  afterAll(async () => app.close());

  it('reports health and the dialect', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: dialect });
  });

  it('serves OpenAPI generated from the route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/regions/{code}', '/api/regions/search']),
    );
    expect(doc.paths['/api/regions/search'].get.parameters.map((p: { name: string }) => p.name)).toContain(
      'q',
    );
  });

  it('sends the security headers, and no-store on API answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const tls = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    // Without a trusted proxy the forwarded protocol is not believed.
    expect(tls.headers['strict-transport-security']).toBeUndefined();
  });

  it('believes a configured reverse proxy: the visitor’s protocol and address', async () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RONGZHI_TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ RONGZHI_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    const proxied = await buildApp({
      database: db(),
      fieldCrypto: testCrypto,
      logger: false,
      trustProxy: true,
    });
    try {
      const tls = await proxied.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=/);
      // A wrong password seen through the proxy is counted against the visitor, not the proxy.
      await proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-requested-with': 'rongzhi', 'x-forwarded-for': '203.0.113.9' },
        payload: { username: 'nobody-behind-proxy', password: 'whatever-1' },
      });
      const row = await db()
        .db.selectFrom('auditLog')
        .select('ip')
        .where('username', '=', 'nobody-behind-proxy')
        .executeTakeFirstOrThrow();
      expect(row.ip).toBe('203.0.113.9');
    } finally {
      await proxied.close();
    }
  });

  it('refuses a NUL character anywhere in the input, naming the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/regions/search?q=%E5%A4%A7%00' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    const body = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-requested-with': 'rongzhi' },
      payload: { username: 'a\u0000b', password: 'x' },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.field).toBe('username');
  });

  it('answers an unknown API route with 404 JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: '请求的接口不存在' } });
  });

  it('rejects a malformed code with the field named, in Chinese', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/regions/12ab' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.field).toBe('code');
    expect(body.error.message).toContain('区划代码应为12位数字');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects an unknown query field and a missing search term', async () => {
    const extra = await app.inject({ method: 'GET', url: '/api/regions/search?q=大名&role=admin' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'role' });
    const empty = await app.inject({ method: 'GET', url: '/api/regions/search?q=' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    expect(empty.json().error.message).toContain('请输入要搜索的地名');
  });

  it('answers an unknown region with 404 and a Chinese message', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/regions/130499999999' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'REGION_NOT_FOUND' });
  });

  it('drills from the city to a village over HTTP', async () => {
    const roots = (await app.inject({ url: '/api/regions/roots' })).json().items;
    expect(roots[0].name).toBe('邯郸市');
    const counties = (await app.inject({ url: `/api/regions/${roots[0].code}/children` })).json().items;
    const daming = counties.find((c: { name: string }) => c.name === '大名县');
    const townships = (await app.inject({ url: `/api/regions/${daming.code}/children` })).json().items;
    const villages = (await app.inject({ url: `/api/regions/${townships[0].code}/children` })).json().items;
    const detail = (await app.inject({ url: `/api/regions/${villages[0].code}` })).json();
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual([
      '邯郸市',
      '大名县',
      townships[0].name,
    ]);
    expect(detail.region.level).toBe('village');
  });

  it('searches across levels with paths', async () => {
    const res = await app.inject({ url: `/api/regions/search?q=${encodeURIComponent('大名')}` });
    const names = res.json().items.map((h: { name: string }) => h.name);
    expect(names).toEqual(expect.arrayContaining(['大名县', '大名镇']));
  });
});
