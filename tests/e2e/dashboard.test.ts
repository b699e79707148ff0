import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import { CHROMIUM, codes, screenshot, startHarness, withSignedInPage, type Harness } from './browser';

const TIMEOUT = 120_000;

interface Expected {
  teams: number;
  volunteers: number;
  veterans: number;
  hoursYear: number;
}

const bounds = (code: string) => {
  const prefix = code.replace(/0+$/, '');
  const p = prefix.length <= 4 ? code.slice(0, 4) : prefix.length <= 6 ? code.slice(0, 6) : code.slice(0, 9);
  return [p.padEnd(12, '0'), p.padEnd(12, '9')] as const;
};

/** The figures, counted straight from the tables with SQL (not through the rollups). */
function countInDatabase(db: Database.Database, code: string, year: string): Expected {
  const [lo, hi] = bounds(code);
  const one = (q: string, ...args: unknown[]) => Number((db.prepare(q).get(...args) as { n: number }).n ?? 0);
  const minutes = one(
    `select coalesce(sum(r.minutes), 0) as n from service_records r join teams t on t.id = r.team_id
     where r.status = 'confirmed' and t.region_code between ? and ? and substr(r.service_date, 1, 4) = ?`,
    lo,
    hi,
    year,
  );
  return {
    teams: one(
      `select count(*) as n from teams where status = 'approved' and region_code between ? and ?`,
      lo,
      hi,
    ),
    volunteers: one(`select count(*) as n from volunteers where residence_code between ? and ?`, lo, hi),
    veterans: one(
      `select count(*) as n from volunteers where is_veteran = 1 and residence_code between ? and ?`,
      lo,
      hi,
    ),
    hoursYear: Math.round((minutes / 60) * 10) / 10,
  };
}

async function kpi(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-kpi="${key}"] .ant-statistic-content-value`).textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

async function readKpis(page: Page): Promise<Expected> {
  return {
    teams: await kpi(page, 'teams'),
    volunteers: await kpi(page, 'volunteers'),
    veterans: await kpi(page, 'veterans'),
    hoursYear: await kpi(page, 'hoursYear'),
  };
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('数据看板：浏览器', () => {
  let h: Harness;
  let db: Database.Database;
  const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);

  beforeAll(async () => {
    h = await startHarness();
    db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'));
    db.pragma('busy_timeout = 5000');
    // Confirmed service records for teams in 大名县 and 馆陶县, written as any other writer would: the
    // database's triggers keep the dashboard's rollups.
    const teamIn = (code: string) =>
      db
        .prepare(
          `select t.id, m.volunteer_id from teams t join memberships m on m.team_id = t.id
           where t.status = 'approved' and t.region_code between ? and ? and m.left_on is null limit 3`,
        )
        .all(...bounds(code)) as { id: string; volunteer_id: string }[];
    const insert =
      db.prepare(`insert into service_records (id, volunteer_id, team_id, activity_name, service_date,
      place, service_object, content, minutes, person_in_charge, recorder_id, recorder_name, status, confirmed_at,
      created_at) values (?, ?, ?, '暖冬粥', ?, '大名古城', '环卫工人', '送粥', ?, '张队长', 'e2e', '记录员', ?, ?, ?)`);
    const now = new Date().toISOString();
    let minutes = 95;
    for (const code of [codes.daming, codes.guantao])
      for (const m of teamIn(code)) {
        insert.run(randomUUID(), m.volunteer_id, m.id, `${year}-01-15`, minutes, 'confirmed', now, now);
        insert.run(randomUUID(), m.volunteer_id, m.id, `${year}-01-16`, 30, 'pending', null, now);
        minutes += 65;
      }
  }, TIMEOUT);
  afterAll(async () => {
    db?.close();
    await h?.close();
  });

  it(
    'shows the city administrator the whole city, drillable to a county, with figures that match the database',
    async () => {
      await withSignedInPage(h, 'handan', async ({ page }) => {
        await page.goto('/dashboard');
        await page.locator('[data-kpi="teams"]').waitFor();
        const city = countInDatabase(db, codes.handan, year);
        expect(city.teams).toBeGreaterThan(0);
        expect(city.hoursYear).toBeGreaterThan(0);
        expect(await readKpis(page)).toEqual(city);
        const menu = await page
          .getByRole('navigation', { name: '主导航' })
          .getByRole('menuitem')
          .allTextContents();
        expect(menu.map((s) => s.trim())).toContain('数据看板');
        await page.waitForTimeout(600);
        await screenshot(page, 'dashboard-city.png', true);

        // Drill down: the table view of 按区划, the row of 大名县.
        const card = page.locator('[data-figure="byRegion"]');
        await card.getByText('表格', { exact: true }).click();
        await card.locator('tr', { hasText: '大名县' }).first().click();
        await page.waitForURL((url) => url.searchParams.get('region') === codes.daming);
        await expect
          .poll(async () => (await page.locator('.rz-dashboard-path').textContent())?.replace(/\s/g, ''))
          .toBe('邯郸市/大名县');
        await expect.poll(() => readKpis(page)).toEqual(countInDatabase(db, codes.daming, year));
        // And back up by the breadcrumb.
        await page.locator('.rz-dashboard-path').getByText('邯郸市').click();
        await expect.poll(() => kpi(page, 'teams')).toBe(city.teams);
      });
    },
    TIMEOUT,
  );

  it(
    'shows the 大名县 administrator 大名县 only, on the home page too',
    async () => {
      await withSignedInPage(h, 'daming', async ({ page }) => {
        await page.goto('/');
        await page.locator('[data-kpi="teams"]').waitFor();
        const daming = countInDatabase(db, codes.daming, year);
        expect(daming.hoursYear).toBeGreaterThan(0);
        expect(await readKpis(page)).toEqual(daming);
        expect((await page.locator('.rz-dashboard-path').textContent())?.trim()).toBe('大名县');
        const rows = page.locator('[data-figure="byRegion"]');
        await rows.getByText('表格', { exact: true }).click();
        const names = await rows.locator('tbody tr.ant-table-row td:first-child').allTextContents();
        expect(names).toContain('大名镇');
        expect(names).not.toContain('馆陶镇');
        await screenshot(page, 'dashboard-daming.png', true);

        const other = await page.evaluate(async (code) => {
          const res = await fetch(`/api/statistics/overview?regionCode=${code}`);
          return res.status;
        }, codes.guantao);
        expect(other).toBe(403);

        await page.goto('/reports');
        await page.getByRole('heading', { name: '工作情况报告' }).waitFor();
        await page.locator('.ant-descriptions').waitFor();
        await screenshot(page, 'reports-daming.png', true);
      });
    },
    TIMEOUT,
  );
});
