import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';

describeEachDialect('plans, key dates and working days', (db) => {
  let app: FastifyInstance;
  let county: Session;
  let city: Session;

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    city = await login(app, 'city');
  });
  afterAll(async () => app.close());

  it('computes lunar festivals and solar terms for any year', async () => {
    const res = (
      await app.inject({ url: '/api/calendar/key-dates?year=2026', headers: county.headers })
    ).json().items;
    const byName = new Map(res.map((d: { name: string; date: string }) => [d.name, d.date]));
    expect(byName.get('春节')).toBe('2026-02-17');
    expect(byName.get('清明节')).toBe('2026-04-05');
    expect(byName.get('学雷锋纪念日')).toBe('2026-03-05');
    expect(byName.get('八一建军节')).toBe('2026-08-01');
    expect(byName.get('重阳节')).toBe('2026-10-18');
    const next = (
      await app.inject({ url: '/api/calendar/key-dates?year=2027', headers: county.headers })
    ).json().items;
    expect(next.find((d: { name: string }) => d.name === '春节').date).toBe('2027-02-06');
  });

  it('counts working days from the bureau’s holiday table', async () => {
    // 2026-09-30 is a Wednesday; without a table three working days later is 2026-10-05 (Monday).
    const plain = (
      await app.inject({
        url: '/api/calendar/add-working-days?from=2026-09-30&days=3',
        headers: county.headers,
      })
    ).json();
    expect(plain.date).toBe('2026-10-05');
    const byCounty = await app.inject({
      method: 'PUT',
      url: '/api/calendar/working-days/2026-10-01',
      headers: county.headers,
      payload: { isWorkday: false, note: '国庆节' },
    });
    expect(byCounty.statusCode).toBe(403);
    for (const d of ['01', '02', '05', '06', '07']) {
      await app.inject({
        method: 'PUT',
        url: `/api/calendar/working-days/2026-10-${d}`,
        headers: city.headers,
        payload: { isWorkday: false, note: '国庆节' },
      });
    }
    await app.inject({
      method: 'PUT',
      url: '/api/calendar/working-days/2026-10-10',
      headers: city.headers,
      payload: { isWorkday: true, note: '国庆调休上班' },
    });
    const withTable = (
      await app.inject({
        url: '/api/calendar/add-working-days?from=2026-09-30&days=3',
        headers: county.headers,
      })
    ).json();
    // 10-01..07 off except the weekend rule is overridden; 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休) are the three.
    expect(withTable.date).toBe('2026-10-10');
  });

  it('keeps a team’s annual plan and flags teams with nothing arranged or done in a month', async () => {
    const mk = async (name: string) => {
      const t = (
        await app.inject({
          method: 'POST',
          url: '/api/teams',
          headers: county.headers,
          payload: { name, category: 'station', regionCode: places.daming, leaderName: '队长' },
        })
      ).json();
      await app.inject({ method: 'POST', url: `/api/teams/${t.id}/submit`, headers: county.headers });
      await app.inject({ method: 'POST', url: `/api/teams/${t.id}/approve`, headers: county.headers });
      return t.id as string;
    };
    const planned = await mk('有计划的队伍');
    const idle = await mk('没有安排的队伍');
    const plan = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: county.headers,
      payload: {
        regionCode: places.daming,
        teamId: planned,
        year: 2026,
        title: '2026年度志愿服务计划',
        goals: '每月至少一次活动',
        items: [{ month: 3, title: '学雷锋义诊', theme: '学雷锋', keyDate: '2026-03-05' }],
      },
    });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().items).toHaveLength(1);
    const march = (
      await app.inject({ url: '/api/plans/compliance?year=2026&month=3', headers: county.headers })
    ).json();
    const flaggedIds = march.flagged.map((f: { id: string }) => f.id);
    expect(flaggedIds).toContain(idle);
    expect(flaggedIds).not.toContain(planned);
    expect(march.arranged).toBe(1);
    const guantao = await login(app, 'guantao');
    expect(
      (
        await app.inject({
          url: `/api/plans/compliance?year=2026&month=3&regionCode=${places.daming}`,
          headers: guantao.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: '/api/plans?year=2026', headers: guantao.headers })).json().items,
    ).toEqual([]);
  });
});
