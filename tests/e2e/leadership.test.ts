import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  eventually,
  openSignedIn,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 240_000;

/** A day in Beijing, `days` from today, as YYYY-MM-DD (the browser contexts run in Asia/Shanghai). */
const beijingDay = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The task table's row for a task title (the first one). */
const rowOf = (page: Page, title: string) =>
  page.locator('.ant-table-tbody tr.ant-table-row', { hasText: title }).first();

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('组织领导：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '市级登记工作会议并向大名县安排任务；逾期任务两边都标出；县级报送进展；市级看到进展',
    async () => {
      const city = await openSignedIn(h, 'handan');
      const county = await openSignedIn(h, 'daming');
      try {
        const page = city.page;
        const year = beijingDay(0).slice(0, 4);
        await page.goto('/leadership/tasks');
        await waitForContent(page, '安排部署工作任务');

        // ---- 市级：工作会议与两项任务（一项已过完成时限） ----
        await page.getByRole('button', { name: '登记工作会议' }).click();
        const meeting = page.getByRole('dialog');
        await meeting.getByLabel('会议日期', { exact: true }).fill(`${year}-01-05`);
        await meeting.getByLabel('会议名称', { exact: true }).fill(`${year}年全市退役军人志愿服务工作会议`);
        await meeting.getByRole('button', { name: '保存' }).click();
        await meeting.waitFor({ state: 'hidden' });

        const assign = async (title: string, due: string) => {
          await page.getByRole('button', { name: '安排任务' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('任务内容', { exact: true }).fill(title);
          await dialog.getByLabel('对应举措', { exact: true }).fill('抓好特色品牌创建');
          await dialog.getByLabel('完成时限', { exact: true }).fill(due);
          await chooseOption(page, '承担的县(市、区)', '大名县', '大名');
          await dialog.getByLabel('任务内容', { exact: true }).click();
          await dialog.getByRole('button', { name: '保存' }).click();
          await dialog.waitFor({ state: 'hidden' });
          await rowOf(page, title).waitFor();
        };
        const current = '打造一个县级特色志愿服务品牌（本年新增）';
        const late = '完成退役军人志愿服务队伍统一登记（补充）';
        await assign(current, beijingDay(60));
        await assign(late, beijingDay(-1));
        await eventually(textOf(rowOf(page, late))).toContain('逾期');
        await eventually(textOf(rowOf(page, current))).not.toContain('逾期');
        await eventually(textOf(rowOf(page, current))).toContain('未开始');
        await screenshot(page, 'leadership-city-tasks.png', true);
        expect(await seriousViolations(page)).toEqual([]);

        // ---- 县级：看到本县任务（逾期也标出），报送进展 ----
        const cp = county.page;
        await cp.goto('/leadership/tasks');
        await waitForContent(cp, '工作任务');
        await eventually(textOf(rowOf(cp, late))).toContain('逾期');
        expect(await cp.getByRole('button', { name: '安排任务' }).count()).toBe(0);
        await rowOf(cp, current).getByRole('link', { name: current }).click();
        await waitForContent(cp, current);
        await chooseOption(cp, '状态', '推进中');
        await cp
          .getByLabel('进展情况与佐证', { exact: true })
          .fill('已召开专题会议，确定以“戎耀大名”为基础打造县级品牌，正在整理申报材料。');
        await cp.getByLabel('附件链接', { exact: true }).fill('https://example.org/daming/brand-plan.pdf');
        await cp.getByRole('button', { name: '报送进展' }).click();
        await eventually(textOf(cp.locator('.rz-lead-history'))).toContain('正在整理申报材料');
        await screenshot(cp, 'leadership-county-report.png', true);
        expect(await seriousViolations(cp)).toEqual([]);

        // ---- 市级：看到县里的进展 ----
        await page.reload();
        await waitForContent(page, '安排部署工作任务');
        await eventually(textOf(rowOf(page, current))).toContain('推进中');
        await rowOf(page, current).getByRole('link', { name: current }).click();
        await waitForContent(page, current);
        await eventually(textOf(page.locator('.rz-lead-history'))).toContain('正在整理申报材料');
        expect(
          await page.getByRole('link', { name: 'https://example.org/daming/brand-plan.pdf' }).count(),
        ).toBe(1);
        // The city does not report for a county.
        expect(await page.getByRole('button', { name: '报送进展' }).count()).toBe(0);
        await screenshot(page, 'leadership-city-sees-progress.png', true);
      } finally {
        await county.context.close();
        await city.context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '县级设立领导小组、增加成员；成员离任后留在历任名单',
    async () => {
      const { context, page } = await openSignedIn(h, 'daming');
      try {
        await page.goto('/leadership/groups');
        await waitForContent(page, '领导小组');
        await page.getByRole('button', { name: '设立领导小组' }).click();
        await page
          .getByRole('dialog')
          .getByLabel('领导小组名称', { exact: true })
          .fill('大名县退役军人志愿服务工作领导小组');
        await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
        await waitForContent(page, '大名县退役军人志愿服务工作领导小组');
        const add = async (name: string, post: string, role: string) => {
          await page.getByRole('button', { name: '增加成员' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('姓名', { exact: true }).fill(name);
          await dialog.getByLabel('职务', { exact: true }).fill(post);
          await chooseOption(page, '小组职务', role);
          await dialog.getByLabel('任职日期', { exact: true }).fill('2025-01-10');
          await dialog.getByRole('button', { name: '保存' }).click();
          await dialog.waitFor({ state: 'hidden' });
        };
        await add('刘振华', '县退役军人事务局局长', '组长');
        await add('张晓明', '县退役军人事务局副局长', '副组长');
        await eventually(textOf(page.locator('.rz-lead-current'))).toContain('张晓明');
        await page.getByRole('button', { name: '刘振华离任' }).click();
        await page.getByRole('dialog').getByLabel('离任日期', { exact: true }).fill(beijingDay(0));
        await page.getByRole('dialog').getByRole('button', { name: '离任' }).click();
        await eventually(textOf(page.locator('.rz-lead-former'))).toContain('刘振华');
        await eventually(textOf(page.locator('.rz-lead-current'))).not.toContain('刘振华');
        await screenshot(page, 'leadership-group.png', true);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
