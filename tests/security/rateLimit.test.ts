import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORTS_PER_MINUTE, RateLimiter } from '../../src/server/rateLimit';
import { createTestApp } from '../support/app';
import { seedWorld, type World } from '../support/auth';
import { describeEachDialect } from '../support/db';
import { sessionFor } from './matrixWorld';

describe('rate limiter', () => {
  it('allows `limit` uses inside the window, refuses the next, and allows again as the window moves on', () => {
    const limiter = new RateLimiter(3, 1000);
    expect([0, 10, 20, 30].map((t) => limiter.take('a', t))).toEqual([true, true, true, false]);
    // Another key has its own budget.
    expect(limiter.take('b', 30)).toBe(true);
    // Refused uses are not counted: the first use leaves the window at 1000.
    expect(limiter.take('a', 999)).toBe(false);
    expect(limiter.take('a', 1000)).toBe(true);
    expect(limiter.take('a', 1001)).toBe(false);
    expect(limiter.take('a', 1020)).toBe(true);
  });
});

describeEachDialect('export rate limit', (db) => {
  let app: FastifyInstance;
  let world: World;

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
  });
  afterAll(async () => app.close());

  it(`lets one account export ${EXPORTS_PER_MINUTE} times a minute, then answers 429 with a clear message, on every export route`, async () => {
    const county = await sessionFor(db(), world.ids.daming!);
    const get = (url: string, headers = county.headers) => app.inject({ method: 'GET', url, headers });
    const exports = [
      '/api/exports/teams.xlsx',
      '/api/exports/volunteers.xlsx',
      '/api/statistics/exchange/teams',
    ];
    for (let i = 0; i < EXPORTS_PER_MINUTE; i++) {
      const res = await get(exports[i % exports.length]!);
      expect(res.statusCode, `第 ${i + 1} 次导出`).toBe(200);
    }
    for (const url of [
      ...exports,
      '/api/statistics/overview.xlsx',
      '/api/statistics/reports/annual.xlsx?year=2026',
      '/api/statistics/reports/monthly.xlsx?year=2026&month=3',
      '/api/statistics/reports/work.docx?from=2026-01-01&to=2026-03-31',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(429);
      expect(res.json().error.code).toBe('RATE_LIMITED');
      expect(res.json().error.message).toContain(`每分钟最多导出 ${EXPORTS_PER_MINUTE} 次`);
    }
    // The ordinary pages are not limited, and a colleague has their own budget.
    expect((await get('/api/teams')).statusCode).toBe(200);
    const township = await sessionFor(db(), world.ids.damingzhen!);
    expect((await get('/api/exports/teams.xlsx', township.headers)).statusCode).toBe(200);
  });

  it('limits the auditor’s audit-log export the same way', async () => {
    const auditor = await sessionFor(db(), world.ids.auditor!);
    const codes: number[] = [];
    for (let i = 0; i <= EXPORTS_PER_MINUTE; i++)
      codes.push(
        (await app.inject({ method: 'GET', url: '/api/audit/export.xlsx', headers: auditor.headers }))
          .statusCode,
      );
    expect(codes.slice(0, EXPORTS_PER_MINUTE).every((c) => c === 200)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
