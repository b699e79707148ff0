import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
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

/** Every page of the work areas (plans, honours, brands, leadership, publicity, statistics, requests), the
 * volunteer's phone pages and the public portal, in both modes. */
const pages: { name: string; url: string; user?: DemoUser; phone?: boolean }[] = [
  { name: 'portal', url: '/portal', phone: true },
  { name: 'public-request', url: '/request', phone: true },
  { name: 'verify', url: '/verify', phone: true },
  { name: 'dashboard', user: 'handan', url: '/dashboard' },
  { name: 'reports', user: 'daming', url: '/reports' },
  { name: 'plans', user: 'handan', url: '/plans' },
  { name: 'key-dates', user: 'handan', url: '/plans/key-dates' },
  { name: 'working-days', user: 'handan', url: '/plans/working-days' },
  { name: 'compliance', user: 'handan', url: '/plans/compliance' },
  { name: 'activities', user: 'daming', url: '/activities' },
  { name: 'record-requests', user: 'daming', url: '/activities/record-requests' },
  { name: 'honours-catalogue', user: 'handan', url: '/honours/catalogue' },
  { name: 'nominations', user: 'handan', url: '/honours/nominations' },
  { name: 'external-honours', user: 'handan', url: '/honours/external' },
  { name: 'commendation', user: 'handan', url: '/honours/commendation' },
  { name: 'brands', user: 'handan', url: '/brands' },
  { name: 'cases', user: 'daming', url: '/cases' },
  { name: 'leadership-groups', user: 'handan', url: '/leadership/groups' },
  { name: 'work-tasks', user: 'daming', url: '/leadership/tasks' },
  { name: 'stories', user: 'daming', url: '/publicity/stories' },
  { name: 'posters', user: 'daming', url: '/publicity/posters' },
  { name: 'requests', user: 'damingzhen', url: '/requests' },
  { name: 'callouts', user: 'daming', url: '/callouts' },
  { name: 'inbox', user: 'daming', url: '/inbox' },
  { name: 'outbox', user: 'daming', url: '/outbox' },
  { name: 'privacy-requests', user: 'daming', url: '/privacy-requests' },
  { name: 'me', user: 'volunteer', url: '/me', phone: true },
  { name: 'me-hours', user: 'volunteer', url: '/me/hours', phone: true },
  { name: 'me-next', user: 'volunteer', url: '/me/next', phone: true },
  { name: 'me-checkin', user: 'volunteer', url: '/me/checkin', phone: true },
  { name: 'me-activities', user: 'volunteer', url: '/me/activities', phone: true },
  { name: 'me-callouts', user: 'volunteer', url: '/me/callouts', phone: true },
  { name: 'me-privacy', user: 'volunteer', url: '/me/privacy', phone: true },
];

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('各业务页面无障碍（axe）', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const elderly of [false, true]) {
    const mode = elderly ? '适老模式（含 AAA 7:1 对比度）' : '普通模式';
    it(
      `${mode}下计划、荣誉、品牌、组织、宣传、统计、点单、志愿者与门户页面没有严重或致命的无障碍问题`,
      async () => {
        const failures: Record<string, AxeProblem[]> = {};
        const groups = new Map<string, typeof pages>();
        for (const p of pages) {
          const key = `${p.user ?? ''}|${p.phone ? 'phone' : 'desk'}`;
          groups.set(key, [...(groups.get(key) ?? []), p]);
        }
        for (const checks of groups.values()) {
          const first = checks[0]!;
          const { context, page } = await openPage(h, {
            elderly,
            ...(first.phone ? { width: 390, height: 844 } : {}),
          });
          try {
            if (first.user) await logIn(page, h, first.user);
            for (const p of checks) {
              await page.goto(p.url);
              await waitForContent(page);
              const problems = await seriousViolations(page, { enhancedContrast: elderly });
              if (problems.length > 0) failures[p.name] = problems;
              await screenshot(page, `a11y-${p.name}${elderly ? '-elderly' : ''}.png`, true);
            }
          } finally {
            await context.close();
          }
        }
        if (Object.keys(failures).length > 0) console.error(JSON.stringify(failures, null, 2));
        expect(Object.keys(failures)).toEqual([]);
      },
      TIMEOUT * 10,
    );
  }
});
