import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { subtreeBounds } from '../../src/modules/identity/scope';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  codes,
  columnTexts,
  eventually,
  openSignedIn,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 180_000;

/**
 * 大名县's compliance rows as the database has them: per township the approved teams registered in it
 * or below it, and the county's own (本级) teams when there are any.
 */
function approvedTeamsByRow(h: Harness): Record<string, number> {
  const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    const rows: Record<string, number> = {};
    const own = count(
      "select count(*) as n from teams where status = 'approved' and region_code = ?",
      codes.daming,
    );
    if (own) rows['大名县（本级）'] = own;
    const towns = db
      .prepare('select code, name from regions where parent_code = ? order by code')
      .all(codes.daming) as { code: string; name: string }[];
    for (const town of towns) {
      const { lo, hi } = subtreeBounds(town.code);
      rows[town.name] = count(
        "select count(*) as n from teams where status = 'approved' and region_code between ? and ?",
        lo,
        hi,
      );
    }
    return rows;
  } finally {
    db.close();
  }
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('计划安排：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '市级新建年度计划并添加两项月度安排；登记节假日并计算期限；落实情况逐级下钻到县',
    async () => {
      const { context, page } = await openSignedIn(h, 'handan');
      try {
        const year = new Date().getFullYear();

        // ---- 菜单：计划安排 ----
        await page.goto('/');
        await page.getByRole('menuitem', { name: '计划安排' }).click();
        await page.getByRole('menuitem', { name: '年度计划' }).click();
        await waitForContent(page, '年度计划');

        // ---- 新建年度计划 ----
        await page.getByRole('button', { name: '新建年度计划' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('计划名称').fill(`邯郸市${year}年度志愿服务测试计划`);
        await dialog.getByLabel('年度目标').fill('每月至少开展一次主题活动');
        await dialog.getByRole('button', { name: '保存' }).click();
        await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
        await waitForContent(page, `邯郸市${year}年度志愿服务测试计划`);
        const planUrl = page.url();

        // ---- 两项月度安排：一项挂学雷锋纪念日，一项八月 ----
        const addItem = async (month: string, title: string, keyDate?: string) => {
          await page.getByRole('button', { name: '添加月度安排' }).click();
          const d = page.getByRole('dialog');
          await d.waitFor();
          await chooseOption(page, '月份', month);
          // Let the month list close before opening the next one (it would take the click).
          await page
            .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
            .first()
            .waitFor({ state: 'hidden' });
          if (keyDate) await chooseOption(page, '重要节点', keyDate);
          await d.getByLabel('安排内容').fill(title);
          await d.getByRole('button', { name: '保存' }).click();
          await d.waitFor({ state: 'detached' });
        };
        // Empty title: a clear error in the form, nothing saved.
        await page.getByRole('button', { name: '添加月度安排' }).click();
        await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
        await eventually(textOf(page.locator('.ant-form-item-explain-error').first())).toBe('请填写安排内容');
        await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached' });

        await addItem('3月', '学雷锋集中志愿服务', '3月5日 学雷锋纪念日');
        await addItem('8月', '八一走访慰问困难老兵');
        await eventually(() => columnTexts(page, '安排内容', page.locator('.ant-table').last())).toEqual([
          '学雷锋集中志愿服务',
          '八一走访慰问困难老兵',
        ]);
        expect(await columnTexts(page, '重要节点', page.locator('.ant-table').last())).toEqual([
          '3月5日',
          '—',
        ]);
        await screenshot(page, 'plans-detail.png', true);

        // The list shows it with two arrangements.
        await page.goto('/plans');
        await waitForContent(page, '年度计划');
        const row = page.locator('.ant-table-row', { hasText: `邯郸市${year}年度志愿服务测试计划` });
        await eventually(textOf(row)).toContain('2 项（已落实 0 项）');
        await screenshot(page, 'plans-list.png', true);
        await page.getByRole('link', { name: `邯郸市${year}年度志愿服务测试计划` }).click();
        await page.waitForURL(planUrl);

        // ---- 节假日与调休：登记一天，再算期限 ----
        // 2027: the demo enters only the 2026 table, so this year starts empty.
        await page.goto('/plans/working-days?year=2027');
        await waitForContent(page, '节假日与调休');
        await page.getByRole('button', { name: '登记日期' }).click();
        const dayDialog = page.getByRole('dialog');
        await dayDialog.getByLabel('日期').fill('2027-10-01');
        await dayDialog.getByLabel('说明').fill('国庆节');
        await dayDialog.getByRole('button', { name: '保存' }).click();
        await dayDialog.waitFor({ state: 'detached' });
        await eventually(() => columnTexts(page, '说明')).toEqual(['国庆节']);
        expect(await columnTexts(page, '类别')).toEqual(['放假']);
        // 2027-09-30 (Thu) + 1 working day: 10-01 (Fri) is now a holiday, so Monday 10-04.
        await page.getByLabel('起算日期').fill('2027-09-30');
        await page.getByLabel('工作日数').fill('1');
        await page.getByRole('button', { name: '计算' }).click();
        await eventually(textOf(page.locator('.rz-plan-calc-result'))).toContain('2027-10-04');
        await screenshot(page, 'plans-working-days.png', true);

        // ---- 重要节点：推算的节点、新建挂在学雷锋纪念日上的模板、按模板创建活动的链接 ----
        await page.goto('/plans/key-dates?year=2026');
        await waitForContent(page, '重要节点');
        await eventually(() => columnTexts(page, '节点')).toEqual(
          expect.arrayContaining(['春节', '学雷锋纪念日']),
        );
        const dates = await columnTexts(page, '日期');
        expect(dates[(await columnTexts(page, '节点')).indexOf('春节')]).toBe('2月17日');
        const useLinks = page.getByRole('link', { name: '按此模板创建活动' });
        const linksBefore = await useLinks.count();
        await page.getByRole('button', { name: '新建模板' }).click();
        const tplDialog = page.getByRole('dialog');
        await tplDialog.getByLabel('模板名称').fill('学雷锋义诊进社区');
        await chooseOption(page, '挂接节点', '学雷锋纪念日');
        await chooseOption(page, '服务领域', '文明生活');
        await tplDialog.getByLabel('建议内容').fill('义诊、义剪、家电维修');
        await tplDialog.getByRole('button', { name: '保存' }).click();
        await tplDialog.waitFor({ state: 'detached' });
        // One link on the key date's row, one in the templates table.
        await eventually(() => useLinks.count()).toBe(linksBefore + 2);
        const tplRow = page.locator('.ant-table-row', { hasText: '学雷锋义诊进社区' }).last();
        const href = await tplRow.getByRole('link', { name: '按此模板创建活动' }).getAttribute('href');
        expect(href).toMatch(/^\/activities\/new\?template=[0-9a-f-]{36}$/);
        await screenshot(page, 'plans-key-dates.png', true);
        // The activity form takes the template's title, content and service field.
        await page.goto(href!);
        await eventually(() => page.getByLabel('活动名称', { exact: true }).inputValue()).toBe(
          '学雷锋义诊进社区',
        );
        const fieldItem = page
          .locator('.ant-form-item')
          .filter({ has: page.getByText('服务领域', { exact: true }) });
        await eventually(textOf(fieldItem)).toContain('文明生活');

        // ---- 落实情况：全市各县区，再下钻到大名县 ----
        await page.goto(`/plans/compliance?year=${year}&month=3`);
        await waitForContent(page, '落实情况');
        // Every county and district of Handan is listed (18), empty or not.
        await eventually(async () => (await columnTexts(page, '区划')).length).toBeGreaterThanOrEqual(18);
        expect(await columnTexts(page, '区划')).toContain('大名县');
        await screenshot(page, 'plans-compliance-city.png', true);
        await page.getByRole('link', { name: '大名县', exact: true }).click();
        await eventually(async () => page.url()).toContain(`region=${codes.daming}`);
        await eventually(textOf(page.locator('.ant-breadcrumb [aria-current="page"]'))).toBe('大名县');
        await eventually(async () => (await columnTexts(page, '区划')).includes('大名镇')).toBe(true);
        // Each row's team count is the number of approved teams registered in that region's subtree.
        const names = await columnTexts(page, '区划');
        const teams = (await columnTexts(page, '队伍数')).map(Number);
        expect(Object.fromEntries(names.map((n, i) => [n, teams[i]]))).toEqual(approvedTeamsByRow(h));
        await screenshot(page, 'plans-compliance-county.png', true);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
