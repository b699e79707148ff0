import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { ensureDemoOrganizations } from '../../server/demo';
import { seedDemoRegistry } from '../../server/demoRegistry';

describeEachDialect('brands', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await seedWorld(db());
    await ensureDemoOrganizations(db());
    await seedDemoRegistry(db(), testCrypto, 'small');
    app = await createTestApp(db());
  }, 60_000);
  afterAll(async () => app.close());

  it('shows the report’s brands publicly, by county', async () => {
    const res = await app.inject({ url: '/api/public/brands' });
    expect(res.statusCode).toBe(200);
    const byName = new Map(
      res.json().items.map((b: { name: string; countyName: string }) => [b.name, b.countyName]),
    );
    expect(byName.get('小桔灯')).toBe('馆陶县');
    expect(byName.get('情系太行')).toBe('武安市');
  });

  it('counts 一县一品牌、一个品牌一个亮点 as the database has them', async () => {
    const cov = (await app.inject({ url: '/api/public/brands/coverage' })).json();
    const counties = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('level', '=', 'county')
      .where('code', 'like', '1304%')
      .execute();
    const brandCounties = await db().db.selectFrom('brands').select('countyCode').distinct().execute();
    const highlighted = await db().db.selectFrom('brandHighlights').select('brandId').distinct().execute();
    const brands = await db().db.selectFrom('brands').select('id').execute();
    expect(cov.counties).toBe(counties.length);
    expect(cov.countiesWithBrand).toBe(brandCounties.length);
    expect(cov.brands).toBe(brands.length);
    expect(cov.brandsWithHighlight).toBe(highlighted.length);
    expect(cov.countiesWithoutBrand).toHaveLength(counties.length - brandCounties.length);
    expect(cov.brandsWithoutHighlight.map((b: { name: string }) => b.name)).toEqual(['邱县无偿献血']);
  });

  it('lets a county keep its own brand only', async () => {
    const daming = await login(app, 'daming');
    const own = await app.inject({
      method: 'POST',
      url: '/api/brands',
      headers: daming.headers,
      payload: { name: '大名老兵帮扶', countyCode: places.daming },
    });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({
      method: 'POST',
      url: '/api/brands',
      headers: daming.headers,
      payload: { name: '越权品牌', countyCode: places.guantao },
    });
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const town = await login(app, 'damingzhen');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/brands',
          headers: town.headers,
          payload: { name: '乡镇品牌', countyCode: places.daming },
        })
      ).statusCode,
    ).toBe(403);
    const hl = await app.inject({
      method: 'POST',
      url: `/api/brands/${own.json().id}/highlights`,
      headers: daming.headers,
      payload: { title: '结对帮扶困难老兵100户' },
    });
    expect(hl.statusCode).toBe(200);
    const cov = (await app.inject({ url: '/api/public/brands/coverage' })).json();
    expect(cov.brandsWithoutHighlight.map((b: { name: string }) => b.name)).toEqual(['邱县无偿献血']);
  });
});
