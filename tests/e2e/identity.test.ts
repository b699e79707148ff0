import { existsSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/idcard';
import type { RegionChild } from '../../src/shared/regions';
import { describeWhen } from '../support/skip';
import {
  attrOf,
  CHROMIUM,
  chooseOption,
  codes,
  columnTexts,
  computedFontSize,
  demoLogin,
  demoPassword,
  eventually,
  menuLabels,
  openPage,
  openSignedIn,
  withSignedInPage,
  screenshot,
  seriousViolations,
  startHarness,
  submitLogin,
  submitSecondFactor,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 90_000;

/** The usernames in the accounts table of the page (one page of up to 20 is plenty for the demo data). */
async function listedUsernames(page: Page): Promise<string[]> {
  await page.locator('.rz-data-table .ant-table-row').first().waitFor();
  await page.waitForLoadState('networkidle');
  return columnTexts(page, '用户名');
}

async function accountRow(page: Page, username: string) {
  return page.locator('.rz-data-table .ant-table-row').filter({
    has: page.locator('td:first-child', { hasText: new RegExp(`^${username}$`) }),
  });
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('登录与账号：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '未登录时打开任何页面都转到登录页，登录后回到原来想去的页面',
    async () => {
      const { context, page } = await openPage(h);
      try {
        await page.goto('/accounts?q=daming');
        await page.waitForURL((url) => url.pathname === '/login');
        expect(new URL(page.url()).searchParams.get('next')).toBe('/accounts?q=daming');
        await waitForContent(page, '戎志退役军人志愿服务平台');
        await eventually(textOf(page.locator('.rz-login-card'))).toContain('账号登录');
        // The username field has the focus from the start.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe(
          'username',
        );
        await screenshot(page, 'login.png');

        // Empty form: the shared schema's messages, in Chinese, without a request.
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await eventually(textOf(page.locator('.rz-login-form'))).toContain('请输入用户名或手机号');

        await submitLogin(page, 'handan', demoPassword(h, 'handan'));
        await submitSecondFactor(page, h, 'handan');
        await page.waitForURL((url) => url.pathname === '/accounts');
        expect(new URL(page.url()).searchParams.get('q')).toBe('daming');
        await waitForContent(page, '账号管理');
        // q=daming matches 大名县's and 大名镇's usernames, and nothing else.
        expect((await listedUsernames(page)).sort()).toEqual(['daming', 'damingzhen']);

        // Logged in, /login goes straight back into the console.
        await page.goto('/login');
        await page.waitForURL((url) => url.pathname === '/');
        await waitForContent(page, '数据看板');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '市级管理员与馆陶县管理员看到的是各自辖区：账号、菜单和服务站编辑权限',
    async () => {
      const city = await openSignedIn(h, 'handan');
      const county = await openSignedIn(h, 'guantao');
      try {
        // The city finds 大名县's and 馆陶县's accounts.
        await city.page.goto('/accounts?q=daming');
        await waitForContent(city.page, '账号管理');
        expect(await listedUsernames(city.page)).toEqual(expect.arrayContaining(['daming', 'damingzhen']));
        await city.page.goto('/accounts?q=guantao');
        await waitForContent(city.page, '账号管理');
        expect(await listedUsernames(city.page)).toEqual(['guantao']);
        const cityMenu = await menuLabels(city.page);
        expect(cityMenu.slice(0, 2)).toEqual(['首页', '区划与服务站']);
        expect(cityMenu.slice(-3)).toEqual(['账号管理', '消息', '我的账号']);
        expect(cityMenu).not.toContain('审计日志');
        expect(cityMenu).not.toContain('安全策略');
        await eventually(textOf(city.page.locator('.rz-user-button'))).toContain('市级管理员 · 邯郸市');
        await city.page.goto('/accounts');
        await waitForContent(city.page, '账号管理');
        const cityList = await listedUsernames(city.page);
        expect(cityList).not.toContain('sysadmin');
        // Its own account is listed, without actions on itself.
        expect(cityList).toContain('handan');
        expect(await textOf((await accountRow(city.page, 'handan')).locator('td').last())()).toBe('—');
        await screenshot(city.page, 'accounts.png');

        // 馆陶县 sees only 馆陶县: itself, and nothing of 大名县 or the city.
        await county.page.goto('/accounts');
        await waitForContent(county.page, '账号管理');
        const countyList = await listedUsernames(county.page);
        expect(countyList).toContain('guantao');
        for (const other of ['handan', 'daming', 'damingzhen', 'cun', 'junxiu1', 'sysadmin'])
          expect(countyList).not.toContain(other);
        await county.page.getByLabel('搜索账号').fill('daming');
        await county.page.getByLabel('搜索账号').press('Enter');
        await eventually(textOf(county.page.locator('.rz-data-table .ant-table-tbody'))).toContain(
          '没有符合条件的账号',
        );
        await eventually(textOf(county.page.locator('.rz-user-button'))).toContain('馆陶县退役军人事务局');
        await eventually(textOf(county.page.locator('.rz-user-button'))).toContain('县(区)级管理员 · 馆陶县');
        // Its own account offers no actions on itself.
        await county.page.goto('/accounts?q=guantao');
        await waitForContent(county.page, '账号管理');
        await listedUsernames(county.page);
        expect(await textOf((await accountRow(county.page, 'guantao')).locator('td').last())()).toBe('—');

        // The county may edit its own centre, not 大名县's; the city may edit both.
        await county.page.goto(`/regions/${codes.daming}`);
        await waitForContent(county.page, '大名县');
        expect(await county.page.getByRole('button', { name: /^编辑/ }).count()).toBe(0);
        await county.page.goto(`/regions/${codes.guantao}`);
        await waitForContent(county.page, '馆陶县');
        await county.page.getByRole('button', { name: '编辑退役军人服务中心信息' }).waitFor();

        await city.page.goto(`/regions/${codes.daming}`);
        await waitForContent(city.page, '大名县');
        await city.page.getByRole('button', { name: '编辑退役军人服务中心信息' }).waitFor();
      } finally {
        await city.context.close();
        await county.context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '大名县管理员编辑服务中心信息、标记兵支书，刷新后仍然保存',
    async () => {
      await withSignedInPage(h, 'daming', async ({ page }) => {
        await page.goto(`/regions/${codes.daming}`);
        await waitForContent(page, '大名县');
        await page.getByRole('button', { name: '编辑退役军人服务中心信息' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await eventually(textOf(dialog.locator('.ant-modal-title'))).toBe('编辑大名县退役军人服务中心');

        // A bad phone number is refused in the browser with the shared schema's message.
        await dialog.getByLabel('联系电话').fill('abc');
        await dialog.getByRole('button', { name: '保存' }).click();
        await eventually(textOf(dialog)).toContain('联系电话格式不正确');

        await dialog.getByLabel('地址').fill('大名县大名镇府前街88号');
        await dialog.getByLabel('联系人').fill('李卫国');
        await dialog.getByLabel('联系电话').fill('0310-6521234');
        await screenshot(page, 'station-edit.png');
        await dialog.getByRole('button', { name: '保存' }).click();
        await dialog.waitFor({ state: 'detached' });
        const card = page.locator('.rz-station-card');
        await eventually(textOf(card)).toContain('李卫国');

        await page.reload();
        await waitForContent(page, '大名县');
        await eventually(textOf(card)).toContain('大名县大名镇府前街88号');
        await eventually(textOf(card)).toContain('0310-6521234');
        await eventually(textOf(card)).not.toContain('尚未维护');

        // 兵支书 on a village of the county: a switch, saved at once.
        const villages = (await (
          await fetch(`${h.baseUrl}/api/regions/${codes.damingTown}/children`)
        ).json()) as { items: RegionChild[] };
        const village = villages.items[1]!;
        await page.goto(`/regions/${village.code}`);
        await waitForContent(page, village.name);
        const flag = page.getByRole('switch', { name: '兵支书' });
        const before = await flag.getAttribute('aria-checked');
        const after = before === 'true' ? 'false' : 'true';
        await flag.click();
        await eventually(attrOf(flag, 'aria-checked')).toBe(after);
        await eventually(textOf(page.locator('.ant-message'))).toContain(
          after === 'true' ? '已标记为兵支书村' : '已取消兵支书标记',
        );
        await page.reload();
        await waitForContent(page, village.name);
        await eventually(attrOf(page.getByRole('switch', { name: '兵支书' }), 'aria-checked')).toBe(after);
      });
    },
    TIMEOUT,
  );

  it(
    '新建账号：用户名重复提示在字段上；系统生成的初始密码只显示一次，可用它登录',
    async () => {
      const { context, page } = await openSignedIn(h, 'handan');
      let initialPassword = '';
      try {
        await page.goto('/accounts');
        await waitForContent(page, '账号管理');
        await page.getByRole('button', { name: '新建账号' }).click();
        const drawer = page.locator('.rz-create-account');
        await drawer.getByRole('dialog').waitFor();

        await drawer.getByLabel('用户名', { exact: true }).fill('daming');
        await drawer.getByLabel('姓名/名称').fill('大名镇第二服务站');
        await chooseOption(page, '角色', '乡镇(街道)管理员');
        await chooseOption(page, '县(市、区)', '大名县', '大名');
        await chooseOption(page, '乡镇(街道)', '大名镇', '大名镇');
        await screenshot(page, 'accounts-create.png');
        await drawer.getByRole('button', { name: '创建账号' }).click();
        // The server's USERNAME_TAKEN lands on the username field.
        await eventually(textOf(drawer)).toContain('用户名已被使用');

        await drawer.getByLabel('用户名', { exact: true }).fill('dmzhen2');
        await drawer.getByRole('button', { name: '创建账号' }).click();
        const modal = page.getByRole('dialog', { name: '初始密码（只显示这一次）' });
        await modal.waitFor();
        initialPassword = (await textOf(modal.locator('.rz-otp-value'))()).trim();
        expect(initialPassword).toMatch(/^\S{12,}$/);
        await eventually(textOf(modal)).toContain('大名镇第二服务站（dmzhen2）');
        await screenshot(page, 'one-time-password.png');
        await modal.getByRole('button', { name: '我已记下，关闭' }).click();
        await modal.waitFor({ state: 'detached' });

        await page.getByLabel('搜索账号').fill('dmzhen2');
        await page.getByLabel('搜索账号').press('Enter');
        await eventually(() => columnTexts(page, '用户名')).toEqual(['dmzhen2']);
        await eventually(() => columnTexts(page, '所属区划/单位')).toEqual(['大名镇']);
        await eventually(() => columnTexts(page, '状态')).toEqual(['正常']);
      } finally {
        await context.close();
      }

      const fresh = await openPage(h);
      try {
        await fresh.page.goto('/login');
        await submitLogin(fresh.page, 'dmzhen2', initialPassword);
        await fresh.page.waitForURL((url) => url.pathname === '/');
        await eventually(textOf(fresh.page.locator('.rz-user-button'))).toContain(
          '乡镇(街道)管理员 · 大名镇',
        );
      } finally {
        await fresh.context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '修改密码：两次输入不一致先被拦下；改后其他会话退出，新密码可登录、旧密码不行',
    async () => {
      const oldPassword = demoPassword(h, 'junxiu1');
      const newPassword = 'Junxiu#2024-new';
      const first = await openSignedIn(h, 'junxiu1');
      const second = await openSignedIn(h, 'junxiu1');
      try {
        await second.page.goto('/regions');
        await waitForContent(second.page);
        const { page } = first;
        await page.goto('/account');
        await waitForContent(page, '我的账号');
        await eventually(textOf(page.locator('.ant-descriptions').first())).toContain('单位/社会组织管理员');
        await eventually(textOf(page.locator('.ant-descriptions').first())).toContain(
          '邯郸市军队离休退休干部第一休养所',
        );

        await page.getByLabel('当前密码').fill(oldPassword);
        await page.getByLabel('新密码', { exact: true }).fill(newPassword);
        await page.getByLabel('确认新密码').fill(`${newPassword}x`);
        await page.getByRole('button', { name: '修改密码' }).click();
        await eventually(textOf(page.locator('form[id="change-password"]'))).toContain(
          '两次输入的新密码不一致',
        );

        // A wrong current password is the server's WRONG_PASSWORD, shown on that field.
        await page.getByLabel('当前密码').fill('not-my-password');
        await page.getByLabel('确认新密码').fill(newPassword);
        await page.getByRole('button', { name: '修改密码' }).click();
        await eventually(textOf(page.locator('form[id="change-password"]'))).toContain('当前密码不正确');

        await page.getByLabel('当前密码').fill(oldPassword);
        await page.getByRole('button', { name: '修改密码' }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain('密码已修改');
        await screenshot(page, 'account.png');

        // This session goes on; the other one has ended and lands on the login page.
        await page.reload();
        await waitForContent(page, '我的账号');
        await second.page.reload();
        await second.page.waitForURL((url) => url.pathname === '/login');
        expect(new URL(second.page.url()).searchParams.get('next')).toBe(`/regions/${codes.handan}`);
      } finally {
        await first.context.close();
        await second.context.close();
      }

      const again = await openPage(h);
      try {
        await again.page.goto('/login');
        await submitLogin(again.page, 'junxiu1', oldPassword);
        await eventually(textOf(again.page.getByRole('alert'))).toContain('用户名或密码错误');
        await submitLogin(again.page, 'junxiu1', newPassword);
        await again.page.waitForURL((url) => url.pathname !== '/login');
        await eventually(textOf(again.page.locator('.rz-user-button'))).toContain('市军休一所');
      } finally {
        await again.context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '安全审计员只看到审计日志和我的账号；日志里有登录记录，可按用户和操作筛选',
    async () => {
      await withSignedInPage(h, 'auditor', async ({ page }) => {
        // The auditor starts at the audit log: no home page, no business data.
        await page.waitForURL((url) => url.pathname === '/audit');
        await waitForContent(page, '审计日志');
        expect(await menuLabels(page)).toEqual(['审计日志', '消息', '我的账号']);
        await page.locator('.rz-audit-table .ant-table-row').first().waitFor();
        expect(await columnTexts(page, '操作')).toEqual(
          expect.arrayContaining([expect.stringMatching(/^登录/)]),
        );

        await page.getByLabel('用户名', { exact: true }).fill('handan');
        await chooseOption(page, '操作', '登录', '登录');
        await page.getByRole('button', { name: '查询' }).click();
        await page.waitForURL((url) => url.searchParams.get('action') === 'auth.login');
        const distinct = (header: string) => async () => [...new Set(await columnTexts(page, header))];
        await eventually(distinct('用户名')).toEqual(['handan']);
        await eventually(distinct('操作')).toEqual(['登录auth.login']);
        expect(await distinct('结果')()).toEqual(['成功']);
        await screenshot(page, 'audit.png');

        // The URL keeps the filter: a reload shows the same rows.
        await page.reload();
        await waitForContent(page, '审计日志');
        await eventually(attrOf(page.getByLabel('用户名', { exact: true }), 'value')).toBe('handan');
        await eventually(distinct('用户名')).toEqual(['handan']);

        // Pages outside the auditor's role say so instead of showing anything.
        await page.goto('/accounts');
        await waitForContent(page, '没有访问权限');
        await page.goto('/regions');
        await waitForContent(page, '没有访问权限');
      });
    },
    TIMEOUT,
  );

  it(
    '会话超时：提交时被告知“登录已超时”，重新登录后回到原页面',
    async () => {
      await withSignedInPage(h, 'damingzhen', async ({ page }) => {
        await page.goto('/account');
        await waitForContent(page, '我的账号');
        // Half an hour without a request ends a staff session: age this one in the database.
        const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { fileMustExist: true });
        try {
          db.prepare(
            `update sessions set last_seen_at = '2000-01-01T00:00:00.000Z'
             where account_id = (select id from accounts where username = 'damingzhen')`,
          ).run();
        } finally {
          db.close();
        }
        await page.getByLabel('当前密码').fill(demoPassword(h, 'damingzhen'));
        await page.getByLabel('新密码', { exact: true }).fill('Another#Pass-2024');
        await page.getByLabel('确认新密码').fill('Another#Pass-2024');
        await page.getByRole('button', { name: '修改密码' }).click();

        await page.waitForURL((url) => url.pathname === '/login');
        const url = new URL(page.url());
        expect(url.searchParams.get('next')).toBe('/account');
        expect(url.searchParams.get('expired')).toBe('1');
        await eventually(textOf(page.locator('.rz-login-alerts'))).toContain('登录已超时，请重新登录');
        await screenshot(page, 'login-expired.png');

        // The password did not change: the old one still works, and we are back on 我的账号.
        await submitLogin(page, 'damingzhen', demoPassword(h, 'damingzhen'));
        await page.waitForURL((u) => u.pathname === '/account');
        await waitForContent(page, '我的账号');
      });
    },
    TIMEOUT,
  );

  it(
    '志愿者用手机号登录，进入“我的”，看不到管理页面',
    async () => {
      const { context, page } = await openPage(h);
      try {
        await page.goto('/login');
        const phone = demoLogin(h, 'volunteer');
        expect(phone).toMatch(/^1\d{10}$/);
        await submitLogin(page, phone, demoPassword(h, 'volunteer'));
        await page.waitForURL((url) => url.pathname === '/me');
        await page.locator('.ant-menu').first().getByText('我的服务').waitFor();
        expect(await menuLabels(page)).toEqual(['我的服务', '紧急召集', '消息', '我的账号']);
        await screenshot(page, 'my.png');
        await page.goto('/account');
        await waitForContent(page, '我的账号');
        // The phone is shown masked, as the server gives it.
        await eventually(textOf(page.locator('.ant-descriptions').first())).toContain(
          `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        );
        await page.goto('/accounts');
        await waitForContent(page, '没有访问权限');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '安全管理员修改锁定策略，刷新后仍然生效',
    async () => {
      await withSignedInPage(h, 'secadmin', async ({ page }) => {
        expect(await menuLabels(page)).toEqual(['账号管理', '安全策略', '消息', '我的账号']);
        await page.goto('/security');
        await waitForContent(page, '安全策略');
        const minutes = page.getByLabel('锁定时长（分钟）');
        await eventually(attrOf(minutes, 'value')).toBe('15');
        await minutes.fill('5000');
        await page.getByRole('button', { name: '保存策略' }).click();
        await eventually(textOf(page.locator('form[id="password-policy"]'))).toContain(
          '请输入 1 至 1440 之间的整数',
        );
        await minutes.fill('20');
        await page.getByRole('button', { name: '保存策略' }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain('安全策略已保存');
        await screenshot(page, 'security.png');
        await page.reload();
        await waitForContent(page, '安全策略');
        await eventually(attrOf(page.getByLabel('锁定时长（分钟）'), 'value')).toBe('20');
      });
    },
    TIMEOUT,
  );

  it(
    '只用键盘：Tab 与回车即可登录，再从账号菜单退出',
    async () => {
      const { context, page } = await openPage(h);
      try {
        await page.goto('/login');
        await waitForContent(page);
        // Tab through the page until the username field has the focus (it starts there).
        for (let i = 0; i < 6; i++) {
          const focused = await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'));
          if (focused === 'username') break;
          await page.keyboard.press('Tab');
        }
        await page.keyboard.type('damingzhen');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe(
          'current-password',
        );
        await page.keyboard.type(demoPassword(h, 'damingzhen'));
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.pathname === '/');
        await waitForContent(page, '数据看板');

        // The account menu, by keyboard: focus the button, open it, arrow to 退出登录, Enter.
        await page.locator('.rz-user-button').focus();
        await page.keyboard.press('Enter');
        const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden) [role="menu"]');
        await menu.waitFor();
        await eventually(attrOf(page.locator('.rz-user-button'), 'aria-expanded')).toBe('true');
        // The focus moves into the menu on its own; wait for it to land on an item before arrowing.
        const focusedItem = () =>
          page.evaluate(() => {
            const el = document.activeElement;
            return el?.getAttribute('role') === 'menuitem' ? (el.textContent ?? '') : '';
          });
        await eventually(focusedItem).not.toBe('');
        // One step at a time: each press waits until the focus has moved (on a loaded machine the menu
        // takes a while to move it, and presses sent meanwhile went past the item or were lost).
        for (let i = 0; i < 6; i++) {
          const current = await focusedItem();
          if (current.includes('退出登录')) break;
          await page.keyboard.press('ArrowDown');
          await eventually(focusedItem).not.toBe(current);
        }
        await eventually(focusedItem).toContain('退出登录');
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.pathname === '/login');
        await eventually(textOf(page.locator('.rz-login-alerts'))).toContain('您已安全退出');
        // Signed out for real: the console sends us back to the login page.
        await page.goto('/regions');
        await page.waitForURL((url) => url.pathname === '/login');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '登录页在手机宽度 390px 的适老模式下：不横向溢出，字号够大，错误提示醒目',
    async () => {
      const { context, page } = await openPage(h, { elderly: true, width: 390, height: 844 });
      try {
        await page.goto('/login');
        await waitForContent(page);
        await submitLogin(page, 'nobody-here', 'whatever-123');
        await eventually(textOf(page.getByRole('alert'))).toContain('用户名或密码错误');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await computedFontSize(page, '.rz-login-form input')).toBeGreaterThanOrEqual(18);
        expect(await computedFontSize(page, '.rz-login-form label')).toBeGreaterThanOrEqual(18);
        const button = await page
          .getByRole('button', { name: '登录', exact: true })
          .evaluate((el) => el.getBoundingClientRect().height);
        expect(button).toBeGreaterThanOrEqual(48);
        await screenshot(page, 'login-elderly-390.png', true);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '审计员按区划（含下级）筛选日志，并把筛选结果导出为 Excel',
    async () => {
      // A login in 大名县 and one in 馆陶县, so the filter has something to keep and something to drop.
      await withSignedInPage(h, 'daming', async () => undefined);
      await withSignedInPage(h, 'guantao', async () => undefined);
      await withSignedInPage(h, 'auditor', async ({ page }) => {
        await page.goto('/audit');
        await waitForContent(page, '审计日志');
        await chooseOption(page, '操作', '登录', '登录');
        await page.getByLabel('区划（含下级）', { exact: true }).click();
        const menu = page.locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden)');
        await menu.locator('.ant-cascader-menu-item[title="邯郸市"]').click();
        await menu.locator('.ant-cascader-menu-item[title="大名县"]').click();
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: '查询' }).click();
        await page.waitForURL((url) => url.searchParams.get('regionCode') === codes.daming);
        await page.locator('.rz-audit-table .ant-table-row').first().waitFor();
        const distinct = (header: string) => async () => [...new Set(await columnTexts(page, header))];
        await eventually(distinct('操作')).toEqual(['登录auth.login']);
        const regions = await columnTexts(page, '区划代码');
        expect(regions.length).toBeGreaterThan(0);
        expect(regions.every((code) => code.startsWith('130425'))).toBe(true);
        expect(await columnTexts(page, '用户名')).toContain('daming');
        expect(await columnTexts(page, '用户名')).not.toContain('guantao');
        await screenshot(page, 'audit-region.png');

        // The export takes the same filter: every row of the file is a login in 大名县 or below.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: /导出Excel/ }).click(),
        ]);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
        const sheet = workbook.getWorksheet('审计日志')!;
        const rows: { action: string; region: string; user: string }[] = [];
        sheet.eachRow((row, n) => {
          if (n > 1)
            rows.push({
              action: String(row.getCell(4).value),
              region: String(row.getCell(8).value),
              user: String(row.getCell(3).value),
            });
        });
        expect(rows.length).toBe(regions.length);
        expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['auth.login']));
        expect(rows.every((r) => r.region.startsWith('130425'))).toBe(true);
        expect(rows.map((r) => r.user)).toContain('daming');
        expect(rows.map((r) => r.user)).not.toContain('guantao');
      });
    },
    TIMEOUT,
  );

  it(
    '志愿者凭激活单上的激活码在登录页“激活账号”，设好密码后直接进入',
    async () => {
      // The county registers a volunteer with a phone number and prints the activation slip (its code).
      const phone = '13912340083';
      const code = await withSignedInPage(h, 'daming', async ({ page }) =>
        page.evaluate(
          async ({ idCard, phone, residenceCode }) => {
            const headers = { 'content-type': 'application/json', 'x-requested-with': 'rongzhi' };
            const created = await fetch('/api/volunteers', {
              method: 'POST',
              headers,
              body: JSON.stringify({ name: '孙建军', idCard, phone, residenceCode, isVeteran: true }),
            });
            if (!created.ok) throw new Error(`register: ${created.status} ${await created.text()}`);
            const { id } = (await created.json()) as { id: string };
            const slip = await fetch(`/api/volunteers/${id}/activation`, {
              method: 'POST',
              headers,
              body: '{}',
            });
            if (!slip.ok) throw new Error(`activation: ${slip.status} ${await slip.text()}`);
            return ((await slip.json()) as { code: string }).code;
          },
          {
            idCard: withCheckDigit(`${codes.daming.slice(0, 6)}19600531083`),
            phone,
            residenceCode: codes.damingTown,
          },
        ),
      );
      expect(code).toMatch(/^\d{8}$/);
      const wrong = code === '00000000' ? '11111111' : '00000000';

      const { context, page } = await openPage(h, { elderly: true, width: 390, height: 844 });
      try {
        await page.goto('/login');
        await waitForContent(page);
        await page.getByRole('button', { name: '激活账号' }).click();
        await page.waitForURL((url) => url.searchParams.get('activate') === '1');
        await page.getByLabel('手机号', { exact: true }).waitFor();
        expect(await computedFontSize(page, '.rz-activate-form input')).toBeGreaterThanOrEqual(18);
        expect(await computedFontSize(page, '.rz-activate-form label')).toBeGreaterThanOrEqual(18);
        expect(await seriousViolations(page, { enhancedContrast: true })).toEqual([]);

        const fill = async (values: { code: string; password: string; confirm: string }) => {
          await page.getByLabel('手机号', { exact: true }).fill(phone);
          await page.getByLabel('激活码', { exact: true }).fill(values.code);
          await page.getByLabel('设置密码', { exact: true }).fill(values.password);
          await page.getByLabel('再输一次密码', { exact: true }).fill(values.confirm);
          await page.getByRole('button', { name: '激活并登录' }).click();
        };
        const alert = page.locator('.rz-login-alerts').getByRole('alert');

        // Two different passwords: said in the browser, nothing sent.
        await fill({ code, password: 'Jianjun-1960', confirm: 'Jianjun-1961' });
        await eventually(textOf(page.locator('.ant-form-item-explain-error'))).toBe(
          '两次输入的密码不一样，请重新输入',
        );
        // A wrong code: the server's message, above the form and on the code field.
        await fill({ code: wrong, password: 'Jianjun-1960', confirm: 'Jianjun-1960' });
        await eventually(textOf(alert)).toBe('激活码无效或已过期，请向服务站重新领取');
        await eventually(textOf(page.locator('.ant-form-item-explain-error'))).toBe(
          '激活码无效或已过期，请向服务站重新领取',
        );
        await screenshot(page, 'activate-error-390.png', true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);

        // The right code and a good password: activated and signed in, away from the login page.
        await fill({ code, password: 'Jianjun-1960', confirm: 'Jianjun-1960' });
        await page.waitForURL((url) => url.pathname !== '/login');
        await waitForContent(page);
        const me = await page.evaluate(async () => {
          const res = await fetch('/api/auth/me');
          return (await res.json()) as { account: { displayName: string; role: string } };
        });
        expect(me.account).toMatchObject({ displayName: '孙建军', role: 'volunteer' });
        await screenshot(page, 'activate-signed-in-390.png');
      } finally {
        await context.close();
      }

      // The code was for one use: the same slip no longer activates.
      const again = await fetch(`${h.baseUrl}/api/auth/activate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'rongzhi' },
        body: JSON.stringify({ phone, code, newPassword: 'Another-2026x' }),
      });
      expect(again.status).toBe(400);
    },
    TIMEOUT,
  );
});
