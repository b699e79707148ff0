import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  eventually,
  menuLabels,
  openSignedIn,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 240_000;

interface Counted {
  counties: number;
  countiesWithBrand: number;
  brands: number;
  brandsWithHighlight: number;
  countiesWithout: string[];
  brandsWithout: string[];
}

/** 一县一品牌、一个品牌一个亮点, counted straight from the database file with SQL. */
function countInDatabase(h: Harness): Counted {
  const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      counties: n(`select count(*) as n from regions where level = 'county' and code like '1304%'`),
      countiesWithBrand: n(
        `select count(*) as n from regions r where r.level = 'county' and r.code like '1304%'
         and exists (select 1 from brands b where b.county_code = r.code)`,
      ),
      brands: n(`select count(*) as n from brands where county_code like '1304%'`),
      brandsWithHighlight: n(
        `select count(*) as n from brands b where b.county_code like '1304%'
         and exists (select 1 from brand_highlights h where h.brand_id = b.id)`,
      ),
      countiesWithout: (
        db
          .prepare(
            `select name from regions r where r.level = 'county' and r.code like '1304%'
             and not exists (select 1 from brands b where b.county_code = r.code) order by code`,
          )
          .all() as { name: string }[]
      ).map((r) => r.name),
      brandsWithout: (
        db
          .prepare(
            `select name from brands b where b.county_code like '1304%'
             and not exists (select 1 from brand_highlights h where h.brand_id = b.id) order by county_code, name`,
          )
          .all() as { name: string }[]
      ).map((r) => r.name),
    };
  } finally {
    db.close();
  }
}

/** What the 品牌一览 page shows for the coverage. */
async function shownCoverage(page: Page) {
  const stat = async (id: string) =>
    ((await page.locator(`[data-testid="${id}"] .ant-statistic-content`).textContent()) ?? '').replace(
      /\s/g,
      '',
    );
  const [withBrand, counties] = (await stat('coverage-counties')).split('/').map(Number);
  const [withHighlight, brands] = (await stat('coverage-brands')).split('/').map(Number);
  const tags = async (id: string) =>
    (await page.locator(`[data-testid="${id}"] .ant-tag`).allTextContents()).map((s) => s.trim());
  return {
    counties,
    countiesWithBrand: withBrand,
    brands,
    brandsWithHighlight: withHighlight,
    countiesWithout: (await tags('counties-without-brand')).filter((s) => s !== '全部覆盖'),
    brandsWithout: (await tags('brands-without-highlight'))
      .filter((s) => s !== '全部覆盖')
      .map((s) => s.replace(/（.*）$/, '')),
  };
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('品牌建设：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '品牌一览的覆盖情况与数据库一致；新建品牌后随之变化；亮点写成典型案例并发布后可检索',
    async () => {
      const { context, page } = await openSignedIn(h, 'handan');
      try {
        expect(await menuLabels(page)).toEqual(expect.arrayContaining(['品牌建设', '组织领导']));
        await page.goto('/brands');
        await waitForContent(page, '品牌一览');
        await page.locator('[data-testid="coverage-counties"]').waitFor();
        const before = countInDatabase(h);
        expect(before.countiesWithout.length).toBeGreaterThan(0);
        await eventually(() => shownCoverage(page)).toEqual(before);
        await screenshot(page, 'brands-coverage.png', true);
        expect(await seriousViolations(page)).toEqual([]);

        // The city sets up a brand for a county that has none: the page and the database move together.
        const county = before.countiesWithout[0]!;
        await page.getByRole('button', { name: '新建品牌' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('品牌名称', { exact: true }).fill('老兵护学岗');
        await chooseOption(page, '所属县(市、区)', county, county);
        await dialog
          .getByLabel('品牌简介', { exact: true })
          .fill('退役军人在上下学时段护卫校园周边交通安全。');
        await dialog.getByRole('button', { name: '保存' }).click();
        await waitForContent(page, '老兵护学岗');
        // No highlight yet; add one from the brand page.
        await page.getByRole('button', { name: '添加亮点' }).click();
        await page.getByRole('dialog').getByLabel('亮点标题', { exact: true }).fill('护学岗覆盖全县中小学');
        await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
        await page.getByRole('heading', { name: '护学岗覆盖全县中小学' }).waitFor();
        // The honours section is there whether or not the honours service knows the brand.
        await page.locator('[data-testid="brand-honours"]').waitFor();
        await eventually(textOf(page.locator('[data-testid="brand-honours"]'))).toMatch(
          /暂无荣誉记录|荣誉信息暂不可用|获得荣誉.+/,
        );
        await page.locator('[data-testid="brand-results"]').waitFor();
        await screenshot(page, 'brands-detail.png', true);

        await page.goto('/brands');
        await waitForContent(page, '品牌一览');
        const after = countInDatabase(h);
        expect(after.countiesWithBrand).toBe(before.countiesWithBrand + 1);
        expect(after.brandsWithHighlight).toBe(before.brandsWithHighlight + 1);
        await eventually(() => shownCoverage(page)).toEqual(after);

        // A highlight of a report brand written up as a typical case, published, then found by text and field.
        await page.getByRole('link', { name: '小桔灯' }).first().click();
        await waitForContent(page, '小桔灯');
        await page.getByRole('button', { name: '写成典型案例' }).first().click();
        await waitForContent(page, '新建典型案例');
        await page.getByLabel('案例标题', { exact: true }).fill('小桔灯：冬奥血液保障中的退役军人');
        await chooseOption(page, '服务领域', '血液保障', '血液');
        await page.getByLabel('背景', { exact: true }).fill('冬奥会期间血液保障任务重。');
        await page
          .getByLabel('主要做法', { exact: true })
          .fill('组织退役军人成批次献血，建立应急献血队伍名册，联合血站开展宣传。');
        await page.getByLabel('取得成效', { exact: true }).fill('入选全国学雷锋志愿服务“四个100”。');
        await page.getByRole('button', { name: '保存草稿' }).click();
        await waitForContent(page, '小桔灯：冬奥血液保障中的退役军人');
        await page.getByRole('button', { name: '发布' }).click();
        await page.getByRole('button', { name: '撤回为草稿' }).waitFor();
        await screenshot(page, 'cases-detail.png', true);

        await page.goto('/cases');
        await waitForContent(page, '典型案例');
        await page.getByLabel('搜索案例、品牌').fill('冬奥');
        await page.getByLabel('搜索案例、品牌').press('Enter');
        await eventually(textOf(page.locator('.ant-table-tbody'))).toContain(
          '小桔灯：冬奥血液保障中的退役军人',
        );
        await page.getByLabel('搜索案例、品牌').fill('暖冬');
        await page.getByLabel('搜索案例、品牌').press('Enter');
        await eventually(textOf(page.locator('.ant-table-tbody'))).not.toContain('冬奥血液保障');
        await page.goto('/cases');
        await waitForContent(page, '典型案例');
        await chooseOption(page, '服务领域', '血液保障', '血液');
        await eventually(async () => page.url()).toContain('fieldId=');
        await eventually(textOf(page.locator('.rz-brand-filters .ant-select').first())).toBe('血液保障');
        await eventually(textOf(page.locator('.ant-table-tbody'))).toContain(
          '小桔灯：冬奥血液保障中的退役军人',
        );
        await screenshot(page, 'cases-list.png');
        await chooseOption(page, '服务领域', '护卫国旗', '国旗');
        await eventually(textOf(page.locator('.ant-table-tbody'))).toContain('没有符合条件的案例');
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
