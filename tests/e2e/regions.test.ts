import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  attrOf,
  CHROMIUM,
  codes,
  computedFontSize,
  eventually,
  logIn,
  openPage,
  withSignedInPage,
  screenshot,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 60_000;

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('区划与服务站：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '逐级下钻：邯郸市 → 大名县 → 乡镇 → 村，再由面包屑返回',
    async () => {
      await withSignedInPage(h, 'handan', async ({ page }) => {
        await page.goto('/');
        await waitForContent(page);
        await page.getByRole('navigation', { name: '主导航' }).getByText('区划与服务站').click();

        // /regions goes straight to the one root, 邯郸市.
        await page.waitForURL(`**/regions/${codes.handan}`);
        await waitForContent(page, '邯郸市');
        await eventually(textOf(page.locator('.rz-counts'))).toContain('5,835');

        await page.getByRole('link', { name: '大名县', exact: true }).click();
        await page.waitForURL(`**/regions/${codes.daming}`);
        await waitForContent(page, '大名县');
        await eventually(textOf(page.locator('.rz-station-card'))).toContain('大名县退役军人服务中心');
        await screenshot(page, 'region-browser.png');

        await page.getByRole('link', { name: '大名镇', exact: true }).click();
        await page.waitForURL(`**/regions/${codes.damingTown}`);
        await waitForContent(page, '大名镇');
        await eventually(textOf(page.locator('.rz-station-card'))).toContain('退役军人服务站');

        const village = page.locator('.rz-region-table a.rz-region-link').first();
        const villageName = (await village.textContent()) ?? '';
        expect(villageName).not.toBe('');
        await village.click();
        await page.waitForURL(new RegExp(`/regions/${codes.damingTown.slice(0, 9)}\\d{3}$`));
        await waitForContent(page, villageName);
        await eventually(textOf(page.locator('.rz-village-card'))).toContain('兵支书');
        await eventually(textOf(page.locator('.rz-village-card'))).toContain('否');
        await eventually(() => page.locator('.rz-region-table').count()).toBe(0);

        const crumbs = page.getByRole('navigation', { name: '当前位置' });
        await eventually(textOf(crumbs)).toContain(`邯郸市/大名县/大名镇/${villageName}`);
        await screenshot(page, 'region-village.png');

        await crumbs.getByRole('link', { name: '大名县' }).click();
        await page.waitForURL(`**/regions/${codes.daming}`);
        await waitForContent(page, '大名县');
      });
    },
    TIMEOUT,
  );

  it(
    '搜索“大名”列出大名县和大名镇及其完整路径，点击跳转',
    async () => {
      await withSignedInPage(h, 'handan', async ({ page }) => {
        await page.goto('/regions');
        await waitForContent(page);
        await page.getByLabel('搜索地名').fill('大名');
        await page.getByLabel('搜索地名').press('Enter');

        const hits = page.locator('.rz-search-hit');
        await hits.first().waitFor();
        const county = hits.filter({ has: page.locator('.rz-search-hit-name', { hasText: /^大名县$/ }) });
        const town = hits.filter({ has: page.locator('.rz-search-hit-name', { hasText: /^大名镇$/ }) });
        await eventually(textOf(county.locator('.rz-search-hit-path'))).toBe('邯郸市 / 大名县');
        await eventually(textOf(town.locator('.rz-search-hit-path'))).toBe('邯郸市 / 大名县 / 大名镇');
        expect(page.url()).toContain('q=');
        await screenshot(page, 'region-search.png');

        // The query is in the URL: a reload keeps the results.
        await page.reload();
        await eventually(textOf(town.locator('.rz-search-hit-path'))).toBe('邯郸市 / 大名县 / 大名镇');

        await town.getByRole('link').click();
        await page.waitForURL(`**/regions/${codes.damingTown}`);
        await waitForContent(page, '大名镇');
        await eventually(() => page.locator('.rz-search-hit').count()).toBe(0);
      });
    },
    TIMEOUT,
  );

  it(
    '适老模式：开关后字号变大，刷新后仍然保持',
    async () => {
      const { context, page } = await openPage(h);
      // Record the mode as it was when the parser reached #root, before any app code ran:
      // 适老模式 must apply from the first paint, not flash in small type first.
      await context.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.getElementById('root')) return;
          document.documentElement.dataset.elderlyBeforeApp = String(
            document.documentElement.hasAttribute('data-elderly'),
          );
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      try {
        await logIn(page, h, 'handan');
        await page.goto(`/regions/${codes.daming}`);
        await waitForContent(page);
        const html = page.locator('html');
        expect(await html.getAttribute('data-elderly-before-app')).toBe('false');
        await eventually(attrOf(html, 'data-elderly')).toBeNull();
        expect(await computedFontSize(page, 'body')).toBeLessThan(18);

        const toggle = page.getByRole('switch', { name: '适老模式' });
        await eventually(attrOf(toggle, 'aria-checked')).toBe('false');
        await toggle.click();
        await eventually(attrOf(toggle, 'aria-checked')).toBe('true');
        await eventually(attrOf(html, 'data-elderly')).toBe('true');

        await page.reload();
        await waitForContent(page);
        expect(await html.getAttribute('data-elderly-before-app')).toBe('true');
        await eventually(attrOf(html, 'data-elderly')).toBe('true');
        await eventually(attrOf(page.getByRole('switch', { name: '适老模式' }), 'aria-checked')).toBe('true');
        expect(await page.evaluate(() => window.localStorage.getItem('rongzhi.elderly'))).toBe('1');
        expect(await computedFontSize(page, 'body')).toBeGreaterThanOrEqual(18);
        expect(await computedFontSize(page, '.rz-region-table td')).toBeGreaterThanOrEqual(18);
        expect(
          await computedFontSize(page, '.rz-station-card .ant-descriptions-item-content'),
        ).toBeGreaterThanOrEqual(18);
        const inputHeight = await page
          .locator('.rz-search-box .ant-input-affix-wrapper, .rz-search-box input')
          .first()
          .evaluate((el) => el.getBoundingClientRect().height);
        expect(inputHeight).toBeGreaterThanOrEqual(48);
        await screenshot(page, 'region-browser-elderly.png');

        // And off again, also remembered.
        await page.getByRole('switch', { name: '适老模式' }).click();
        await page.reload();
        await waitForContent(page);
        await eventually(attrOf(html, 'data-elderly')).toBeNull();
        expect(await computedFontSize(page, 'body')).toBeLessThan(18);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '手机宽度 390px（适老模式）：不横向溢出，可经抽屉菜单导航',
    async () => {
      await withSignedInPage(
        h,
        'handan',
        async ({ page }) => {
          await page.goto(`/regions/${codes.daming}`);
          await waitForContent(page);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          await screenshot(page, 'phone-390-elderly.png');

          await page.getByRole('button', { name: '打开导航菜单' }).click();
          const drawerNav = page.locator('.ant-drawer').getByRole('navigation', { name: '主导航' });
          await drawerNav.waitFor();
          await eventually(attrOf(page.getByRole('button', { name: '打开导航菜单' }), 'aria-expanded')).toBe(
            'true',
          );
          await screenshot(page, 'phone-390-menu.png');
          await drawerNav.getByText('首页').click();
          await page.waitForURL((url) => url.pathname === '/');
          await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
          await waitForContent(page, '数据看板');
          const homeOverflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(homeOverflow).toBeLessThanOrEqual(0);
          await screenshot(page, 'phone-390-home-elderly.png');
        },
        { elderly: true, width: 390, height: 844 },
      );
    },
    TIMEOUT,
  );
});
