import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { ensureDemoOrganizations } from '../../server/demo';
import { seedLeadershipDemo } from '../../server/demo/leadership';
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

  it('shows a brand with its results from its teams’ confirmed records and activity outputs', async () => {
    const city = await login(app, 'city');
    const brand = await db()
      .db.selectFrom('brands')
      .select(['id', 'countyCode'])
      .where('name', '=', '小桔灯')
      .executeTakeFirstOrThrow();
    const team = await db()
      .db.selectFrom('brandTeams')
      .select('teamId')
      .where('brandId', '=', brand.id)
      .executeTakeFirstOrThrow();
    const volunteer = await db().db.selectFrom('volunteers').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const activityId = randomUUID();
    await db()
      .db.insertInto('activities')
      .values({
        id: activityId,
        title: '献血活动',
        kind: 'own',
        teamId: team.teamId,
        regionCode: brand.countyCode,
        fieldId: null,
        place: '献血屋',
        startsAt: now,
        endsAt: new Date(Date.parse(now) + 3600_000).toISOString(),
        capacity: 10,
        status: 'completed',
        cancelReason: null,
        checkinSecret: 's',
        fixedCode: '123456',
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await db()
      .db.insertInto('activityOutputs')
      .values([
        { id: randomUUID(), activityId, kind: 'blood_ml', quantity: 400 },
        { id: randomUUID(), activityId, kind: 'people_helped', quantity: 3 },
      ])
      .execute();
    const record = (minutes: number, status: 'confirmed' | 'pending') => ({
      id: randomUUID(),
      volunteerId: volunteer.id,
      teamId: team.teamId,
      activityId: status === 'confirmed' ? activityId : null,
      activityName: '献血活动',
      serviceDate: now.slice(0, 10),
      place: '献血屋',
      serviceObject: '群众',
      content: '献血',
      minutes,
      personInCharge: '队长',
      recorderId: volunteer.id,
      recorderName: '记录人',
      status,
      confirmedBy: null,
      confirmedAt: null,
      correctsId: null,
      correctionReason: null,
      createdAt: now,
    });
    await db()
      .db.insertInto('serviceRecords')
      .values([record(90, 'confirmed'), record(600, 'pending')])
      .execute();
    const res = await app.inject({ url: `/api/brands/${brand.id}`, headers: city.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toMatchObject({
      confirmedMinutes: 90,
      records: 1,
      volunteers: 1,
      activities: 1,
    });
    expect(res.json().results.outputs).toEqual([
      { kind: 'blood_ml', quantity: 400 },
      { kind: 'people_helped', quantity: 3 },
    ]);
    expect((await app.inject({ url: `/api/brands/${brand.id}` })).statusCode).toBe(401);
  });

  it('lets a county edit its own brand and highlight, not another county’s', async () => {
    const daming = await login(app, 'daming');
    const guantao = await login(app, 'guantao');
    const brand = await db()
      .db.selectFrom('brands')
      .select('id')
      .where('name', '=', '戎耀大名')
      .executeTakeFirstOrThrow();
    const put = (s: { headers: Record<string, string> }, payload: object) =>
      app.inject({ method: 'PUT', url: `/api/brands/${brand.id}`, headers: s.headers, payload });
    expect((await put(guantao, { name: '戎耀大名', description: '改' })).json().error.code).toBe(
      'OUT_OF_SCOPE',
    );
    expect((await put(daming, { name: '小桔灯', description: '' })).json().error).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    });
    const guantaoTeam = await db()
      .db.selectFrom('teams')
      .select('id')
      .where('regionCode', 'like', '130433%')
      .executeTakeFirstOrThrow();
    expect((await put(daming, { name: '戎耀大名', teamIds: [guantaoTeam.id] })).json().error.field).toBe(
      'teamIds',
    );
    expect((await put(daming, { name: '戎耀大名', description: '老兵理论宣讲进万家' })).statusCode).toBe(200);
    const detail = (await app.inject({ url: `/api/brands/${brand.id}`, headers: daming.headers })).json();
    expect(detail.description).toBe('老兵理论宣讲进万家');
    expect(detail.teams).toEqual([]);
    const hl = detail.highlights[0];
    const edit = await app.inject({
      method: 'PUT',
      url: `/api/brands/highlights/${hl.id}`,
      headers: daming.headers,
      payload: { title: hl.title, body: '古城疏导游客十万人次' },
    });
    expect(edit.statusCode).toBe(200);
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', brand.id)
      .where('result', '=', 'success')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['brand.highlight.update', 'brand.update']);
  });

  it('keeps a library of typical cases: drafts for the county, published ones for all, searchable', async () => {
    const daming = await login(app, 'daming');
    const guantao = await login(app, 'guantao');
    const hl = await db()
      .db.selectFrom('brandHighlights')
      .innerJoin('brands', 'brands.id', 'brandHighlights.brandId')
      .select(['brandHighlights.id'])
      .where('brands.name', '=', '金戈公益·暖冬粥')
      .executeTakeFirstOrThrow();
    const field = await db()
      .db.selectFrom('serviceFields')
      .select('id')
      .where('name', '=', '助老助困')
      .executeTakeFirstOrThrow();
    const body = {
      highlightId: hl.id,
      title: '暖冬粥：一碗热粥暖人心',
      fieldId: field.id,
      background: '冬季清晨环卫工人缺少热食。',
      actions: '每年入冬起在固定点位免费施粥，志愿者轮流值守。',
      results: '吸纳志愿者1500余名。',
    };
    expect(
      (
        await app.inject({ method: 'POST', url: '/api/cases', headers: guantao.headers, payload: body })
      ).json().error.code,
    ).toBe('OUT_OF_SCOPE');
    const short = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: daming.headers,
      payload: { ...body, actions: '施粥' },
    });
    expect(short.json().error.field).toBe('actions');
    const made = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: daming.headers,
      payload: body,
    });
    expect(made.statusCode).toBe(200);
    const id = made.json().id;
    const titles = async (s: { headers: Record<string, string> }, q = '') =>
      (await app.inject({ url: `/api/cases${q}`, headers: s.headers }))
        .json()
        .items.map((c: { title: string }) => c.title);
    expect(await titles(daming)).toContain(body.title);
    expect(await titles(guantao)).not.toContain(body.title);
    expect((await app.inject({ url: `/api/cases/${id}`, headers: guantao.headers })).statusCode).toBe(404);
    const publish = await app.inject({
      method: 'POST',
      url: `/api/cases/${id}/status`,
      headers: daming.headers,
      payload: { status: 'published' },
    });
    expect(publish.statusCode).toBe(200);
    expect(await titles(guantao)).toContain(body.title);
    expect(await titles(guantao, `?q=${encodeURIComponent('热粥')}`)).toContain(body.title);
    expect(await titles(guantao, `?q=${encodeURIComponent('献血')}`)).not.toContain(body.title);
    expect(await titles(guantao, `?fieldId=${field.id}`)).toContain(body.title);
    const other = await db()
      .db.selectFrom('serviceFields')
      .select('id')
      .where('name', '=', '护卫国旗')
      .executeTakeFirstOrThrow();
    expect(await titles(guantao, `?fieldId=${other.id}`)).not.toContain(body.title);
    const detail = (await app.inject({ url: `/api/cases/${id}`, headers: guantao.headers })).json();
    expect(detail).toMatchObject({
      brandName: '金戈公益·暖冬粥',
      fieldName: '助老助困',
      status: 'published',
    });
    expect(detail.brandOutputs).toHaveProperty('confirmedMinutes');
  });

  it('seeds demo leadership groups, tasks to every county and typical cases, once', async () => {
    await seedLeadershipDemo(db(), () => {});
    await seedLeadershipDemo(db(), () => {});
    const counties = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('level', '=', 'county')
      .where('parentCode', '=', places.handan)
      .execute();
    const groups = await db().db.selectFrom('leadershipGroups').select('regionCode').execute();
    expect(groups.filter((g) => g.regionCode === places.handan)).toHaveLength(1);
    const meetings = await db().db.selectFrom('workMeetings').select('id').execute();
    expect(meetings).toHaveLength(1);
    const assigned = await db()
      .db.selectFrom('workTaskAssignments')
      .select('countyCode')
      .distinct()
      .execute();
    expect(assigned).toHaveLength(counties.length);
    const city = await login(app, 'city');
    const view = (await app.inject({ url: '/api/work-tasks', headers: city.headers })).json();
    expect(view.done).toBeGreaterThan(0);
    const published = (
      await app.inject({ url: '/api/cases?status=published', headers: city.headers })
    ).json();
    expect(published.items.length).toBeGreaterThanOrEqual(3);
  });
});
