import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RegionChild } from '../../src/shared/regions';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  codes,
  logIn,
  openPage,
  screenshot,
  seriousViolations,
  startHarness,
  waitForContent,
  type AxeProblem,
  type DemoUser,
  type Harness,
} from './browser';

const TIMEOUT = 60_000;

interface Check {
  name: string;
  url: string;
  /** Signed in as this demo account; none: signed out (only the login page). */
  user?: DemoUser;
  /** Wait for this selector before checking. */
  ready?: string;
  /** Bring the page into the state to check (open a drawer or a dialog). */
  prepare?: (page: Page) => Promise<void>;
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)(
  '各页面无障碍（axe）：外壳、区划、登录与账号',
  () => {
    let h: Harness;
    let villageCode: string;

    beforeAll(async () => {
      h = await startHarness();
      const res = await fetch(`${h.baseUrl}/api/regions/${codes.damingTown}/children`);
      const body = (await res.json()) as { items: RegionChild[] };
      const village = body.items[0];
      if (!village) throw new Error('大名镇 has no villages in the seed');
      villageCode = village.code;
    });

    afterAll(async () => {
      await h?.close();
    });

    const pages = (): Check[] => [
      { name: 'login', url: '/login' },
      { name: 'home', user: 'handan', url: '/' },
      { name: 'region-root', user: 'handan', url: '/regions' },
      // The city may edit 大名县's centre and the village's 兵支书 flag: the edit button and the switch are checked too.
      { name: 'county', user: 'handan', url: `/regions/${codes.daming}` },
      // A township lists its villages, with the 兵支书 flag of those the demo data marks.
      { name: 'township', user: 'handan', url: `/regions/${codes.damingTown}` },
      { name: 'village', user: 'handan', url: `/regions/${villageCode}` },
      {
        name: 'search',
        user: 'handan',
        url: `/regions/${codes.handan}?q=${encodeURIComponent('大名')}`,
        ready: '.rz-search-hit',
      },
      {
        name: 'station-edit',
        user: 'handan',
        url: `/regions/${codes.daming}`,
        prepare: async (page) => {
          await page.getByRole('button', { name: '编辑退役军人服务中心信息' }).click();
          await page.getByRole('dialog').waitFor();
        },
      },
      { name: 'not-found', user: 'handan', url: '/no-such-page' },
      { name: 'region-not-found', user: 'handan', url: '/regions/139999999999' },
      { name: 'account', user: 'handan', url: '/account' },
      {
        name: 'user-menu',
        user: 'handan',
        url: '/account',
        prepare: async (page) => {
          await page.locator('.rz-user-button').click();
          await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) [role="menu"]').waitFor();
        },
      },
      { name: 'accounts', user: 'handan', url: '/accounts', ready: '.rz-data-table .ant-table-row' },
      {
        name: 'accounts-create',
        user: 'handan',
        url: '/accounts',
        ready: '.rz-data-table .ant-table-row',
        prepare: async (page) => {
          await page.getByRole('button', { name: '新建账号' }).click();
          await page.locator('.rz-create-account').getByRole('dialog').waitFor();
          // With a region role chosen, the cascading region picker shows as well.
          await chooseOption(page, '角色', '村(社区)管理员');
          await chooseOption(page, '县(市、区)', '大名县', '大名');
          await page.getByLabel('乡镇(街道)', { exact: true }).waitFor();
          // Submitting empty shows every field's error message: those must be accessible too.
          await page.getByRole('button', { name: '创建账号' }).click();
          await page.locator('.rz-create-account .ant-form-item-explain-error').first().waitFor();
        },
      },
      {
        name: 'accounts-disable',
        user: 'handan',
        url: '/accounts?q=daming',
        ready: '.rz-data-table .ant-table-row',
        prepare: async (page) => {
          await page.getByRole('button', { name: '停用：大名县退役军人事务局（daming）' }).click();
          await page.getByRole('dialog').waitFor();
        },
      },
      { name: 'security', user: 'secadmin', url: '/security', ready: 'form#password-policy' },
      {
        name: 'accounts-role',
        user: 'secadmin',
        url: '/accounts?q=daming',
        ready: '.rz-data-table .ant-table-row',
        prepare: async (page) => {
          await page.getByRole('button', { name: '修改角色：大名县退役军人事务局（daming）' }).click();
          await page.getByRole('dialog').waitFor();
        },
      },
      { name: 'audit', user: 'auditor', url: '/audit', ready: '.rz-audit-table .ant-table-row' },
      { name: 'forbidden', user: 'auditor', url: '/regions' },
    ];

    for (const elderly of [false, true]) {
      const mode = elderly ? '适老模式（含 AAA 7:1 对比度）' : '普通模式';
      it(
        `${mode}下各页面没有严重或致命的无障碍问题`,
        async () => {
          const failures: Record<string, AxeProblem[]> = {};
          // One browser context per person, logged in once.
          const byUser = new Map<DemoUser | undefined, Check[]>();
          for (const p of pages()) byUser.set(p.user, [...(byUser.get(p.user) ?? []), p]);
          for (const [user, checks] of byUser) {
            const { context, page } = await openPage(h, { elderly });
            try {
              if (user) await logIn(page, h, user);
              for (const p of checks) {
                await page.goto(p.url);
                await waitForContent(page);
                if (p.ready) await page.locator(p.ready).first().waitFor();
                if (p.prepare) await p.prepare(page);
                if (elderly) expect(await page.locator('html').getAttribute('data-elderly')).toBe('true');
                const problems = await seriousViolations(page, { enhancedContrast: elderly });
                if (problems.length > 0) failures[p.name] = problems;
                await screenshot(page, `a11y-${p.name}${elderly ? '-elderly' : ''}.png`, true);
              }
            } finally {
              await context.close();
            }
          }
          if (Object.keys(failures).length > 0) console.error(JSON.stringify(failures, null, 2));
          expect(failures).toEqual({});
        },
        TIMEOUT * 6,
      );
    }
  },
);
