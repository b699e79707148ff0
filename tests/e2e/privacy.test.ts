import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MyPrivacy } from '../../src/modules/privacy/privacy.schemas';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
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

async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${u} → ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('个人信息权利：浏览器', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    '志愿者在手机上（适老模式）用键盘下载本人数据、申请更正；县级工作人员办理；志愿者看到结果',
    async () => {
      const phone = await openSignedIn(h, 'volunteer', { width: 390, height: 844, elderly: true });
      const staff = await openSignedIn(h, 'daming');
      try {
        const me = phone.page;
        await me.goto('/me');
        await waitForContent(me);
        // From the home page, by keyboard.
        const link = me.getByRole('link', { name: /我的个人信息/ });
        await link.focus();
        await me.keyboard.press('Enter');
        await waitForContent(me, '我的个人信息');
        expect(new URL(me.url()).pathname).toBe('/me/privacy');
        expect(await seriousViolations(me, { enhancedContrast: true })).toEqual([]);
        // Nothing wider than the phone.
        expect(await me.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        const before = await apiGet<MyPrivacy>(me, '/api/me/privacy');

        // ---- 下载我的数据 (Excel) ----
        const excel = me.getByRole('link', { name: '下载 Excel 表格' });
        await excel.focus();
        const [download] = await Promise.all([me.waitForEvent('download'), me.keyboard.press('Enter')]);
        expect(download.suggestedFilename()).toMatch(/^我的数据-.*\.xlsx$/);
        const file = await download.path();
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
        expect(book.worksheets.map((s) => s.name)).toContain('服务记录');
        const cells = new Map<string, unknown>();
        book
          .getWorksheet('个人资料')!
          .eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
        expect(cells.get('姓名')).toBe(before.profile.name);
        expect(String(cells.get('身份证号'))).toMatch(/^\d{17}[\dX]$/);

        // ---- 申请更正 (keyboard only) ----
        const skills = me.getByLabel('特长技能', { exact: true });
        await skills.focus();
        await me.keyboard.press('ControlOrMeta+A');
        await me.keyboard.type('理论宣讲、应急救援');
        await me.keyboard.press('Tab');
        await expect.poll(() => me.evaluate(() => document.activeElement?.id)).toBe('rz-pr-reason');
        await me.keyboard.type('新学会了应急救援');
        await me.keyboard.press('Tab');
        await me.keyboard.press('Enter');
        const mine = me.locator('.rz-pr-requests li').first();
        await eventually(textOf(mine)).toContain('待处理');
        expect(await mine.textContent()).toContain('理论宣讲、应急救援');
        await screenshot(me, 'privacy-me.png', true);

        // ---- 县级：个人信息请求 ----
        const s = staff.page;
        await s.goto('/privacy-requests');
        await waitForContent(s, '个人信息请求');
        expect(await seriousViolations(s)).toEqual([]);
        const accept = s.getByRole('button', { name: `同意更正：${before.profile.name}` });
        await accept.focus();
        await s.keyboard.press('Enter');
        await s.locator('.ant-popconfirm').getByRole('button', { name: '同意更正' }).click();
        await eventually(async () =>
          s.getByRole('button', { name: `同意更正：${before.profile.name}` }).count(),
        ).toBe(0);
        await screenshot(s, 'privacy-staff.png', true);

        // ---- 志愿者看到结果 ----
        await me.reload();
        await waitForContent(me, '我的个人信息');
        await eventually(textOf(me.locator('.rz-pr-requests li').first())).toContain('已办理');
        const after = await apiGet<MyPrivacy>(me, '/api/me/privacy');
        expect(after.profile.skills).toBe('理论宣讲、应急救援');
        expect(after.profile.name).toBe(before.profile.name);
      } finally {
        await phone.context.close();
        await staff.context.close();
      }
    },
    TIMEOUT,
  );
});
