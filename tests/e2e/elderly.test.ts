import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activities';
import type { TeamSummary, VolunteerSummary } from '../../src/shared/registry';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  eventually,
  logIn,
  openPage,
  openSignedIn,
  screenshot,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

/**
 * 适老化 (MIIT 2021 适老化通用设计规范, WCAG 2.2): the volunteer's three core tasks within three taps,
 * measured type and target sizes in 适老模式 at phone size, the mode remembered for the account, a
 * volunteer who cannot scan (six digits typed, or checked in by name), and phone screenshots.
 */

const TIMEOUT = 180_000;
const PHONE = { width: 390, height: 844 };
const TEAM = '“戎耀大名”老兵理论宣讲志愿服务队';
const TITLE = '适老化测试：重阳节敬老志愿服务';

/** A request from inside a signed-in page (its session cookie and the anti-CSRF header go along). */
async function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ m, u, b }) => {
      const res = await fetch(u, {
        method: m,
        headers: {
          Accept: 'application/json',
          'X-Requested-With': 'rongzhi',
          ...(b === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      if (!res.ok) throw new Error(`${m} ${u} → ${res.status} ${await res.text()}`);
      return (await res.json()) as unknown;
    },
    { m: method, u: url, b: body },
  ) as Promise<T>;
}

/** Every visible piece of text on the page whose font is smaller than `min` px (text, size, element). */
async function smallText(page: Page, min: number, within = 'body'): Promise<string[]> {
  return page.evaluate(
    ({ minimum, root }) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.querySelector(root)!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!text || !el) continue;
        const rect = el.getBoundingClientRect();
        const style = window.getComputedStyle(el);
        if (rect.width < 2 || rect.height < 2 || style.visibility === 'hidden') continue;
        if (el.closest('[aria-hidden="true"], .rz-visually-hidden, .rz-skip-link')) continue;
        const size = Number.parseFloat(style.fontSize);
        if (size < minimum)
          found.push(
            `${text.slice(0, 20)} (${size}px, <${el.tagName.toLowerCase()} class="${el.className}">)`,
          );
      }
      return found;
    },
    { minimum: min, root: within },
  );
}

/** Every visible interactive element whose box is smaller than `min` × `min` px. */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((minimum) => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="switch"], [role="link"], [role="menuitem"], [tabindex]:not([tabindex="-1"])';
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest('.rz-skip-link') || el.classList.contains('rz-skip-link')) continue;
      const rect = el.getBoundingClientRect();
      const style = window.getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
      // A control drawn inside a larger clickable label (antd checkbox, radio) counts by its label.
      const label = el.closest('label');
      const box = label ? label.getBoundingClientRect() : rect;
      if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 20);
        found.push(
          `${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return found;
  }, min);
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)(
  '适老化：三次点按、字号与点按尺寸、偏好随账号、截图',
  () => {
    let h: Harness;
    let activityId: string;

    beforeAll(async () => {
      h = await startHarness();
      // An activity under way now, with the demo volunteer signed up: something to check in to.
      const staff = await openSignedIn(h, 'daming');
      const phone = await openSignedIn(h, 'volunteer', PHONE);
      try {
        const teams = await apiCall<{ items: TeamSummary[] }>(
          staff.page,
          'GET',
          '/api/teams?status=approved&pageSize=200',
        );
        const team = teams.items.find((x) => x.name === TEAM);
        if (!team) throw new Error(`${TEAM} should be an approved demo team`);
        const self = (await apiCall<{ items: VolunteerSummary[] }>(phone.page, 'GET', '/api/volunteers'))
          .items[0]!;
        const now = Date.now();
        const created = await apiCall<Activity>(staff.page, 'POST', '/api/activities', {
          title: TITLE,
          kind: 'own',
          teamId: team.id,
          regionCode: team.region.code,
          place: '大名镇敬老院',
          startsAt: new Date(now - 5 * 60_000).toISOString(),
          endsAt: new Date(now + 3 * 3600_000).toISOString(),
          capacity: 10,
          serviceObject: '敬老院老人',
          theme: '陪伴与义诊',
        });
        activityId = created.id;
        await apiCall(staff.page, 'POST', `/api/activities/${activityId}/publish`, {});
        await apiCall(staff.page, 'POST', `/api/activities/${activityId}/signups`, {
          volunteerIds: [self.id],
        });
      } finally {
        await staff.context.close();
        await phone.context.close();
      }
    });

    afterAll(async () => {
      await h?.close();
    });

    it(
      '志愿者从打开“我的服务”起：看下一个活动、签到、看时长，各不超过三次点按',
      async () => {
        const staff = await openSignedIn(h, 'daming');
        const { context, page } = await openSignedIn(h, 'volunteer', { ...PHONE, elderly: true });
        try {
          const counted = async (
            task: (tap: (act: () => Promise<void>) => Promise<void>) => Promise<void>,
          ) => {
            let taps = 0;
            await page.goto('/me');
            await waitForContent(page);
            await task(async (act) => {
              taps++;
              await act();
            });
            return taps;
          };

          // 1. 我的下一个活动: its title, time and place.
          const nextTaps = await counted(async (tap) => {
            await tap(() => page.getByRole('link', { name: '我的下一个活动' }).click());
            await waitForContent(page, '我的下一个活动');
            await page.locator('.rz-me-card-title').waitFor();
            expect(await page.locator('.rz-me-card-title').isVisible()).toBe(true);
            expect(await textOf(page.locator('.rz-me-facts'))()).toContain('地点');
          });
          expect(nextTaps).toBeLessThanOrEqual(3);

          // 2. 签到 by the six digits on the screen, typed (a volunteer who cannot scan a QR code).
          const { code } = await apiCall<{ code: string }>(
            staff.page,
            'GET',
            `/api/activities/${activityId}/checkin-code`,
          );
          const checkinTaps = await counted(async (tap) => {
            await tap(() => page.getByRole('link', { name: '签到', exact: true }).click());
            await waitForContent(page, '签到');
            expect(await textOf(page.locator('.rz-me-for strong'))()).toBe(TITLE);
            const input = page.getByLabel('签到码（6位数字）');
            expect(await input.getAttribute('inputmode')).toBe('numeric');
            // Typed one digit at a time, as slowly as anyone likes: nothing on the page times out.
            await input.pressSequentially(code);
            await tap(() => page.getByRole('button', { name: '签到', exact: true }).click());
            await eventually(textOf(page.locator('.rz-me-done'))).toContain('签到成功');
            expect(await page.locator('.rz-me-done').getAttribute('role')).toBe('status');
          });
          expect(checkinTaps).toBeLessThanOrEqual(3);

          // 3. 我的时长: the total, in large type.
          const hoursTaps = await counted(async (tap) => {
            await tap(() => page.getByRole('link', { name: '我的时长' }).click());
            await waitForContent(page, '我的时长');
            await page.locator('.rz-me-hours-number').waitFor();
            expect(await textOf(page.locator('.rz-me-hours-number'))()).toMatch(/^\d+(\.\d+)?$/);
            expect(await textOf(page.locator('.rz-me-minutes'))()).toMatch(/^共\d+分钟$/);
          });
          expect(hoursTaps).toBeLessThanOrEqual(3);

          // A wrong code is announced and marks the field, which keeps the focus for a second try.
          await page.goto('/me/checkin');
          await waitForContent(page, '签到');
          const input = page.getByLabel('签到码（6位数字）');
          await input.pressSequentially('12');
          await page.getByRole('button', { name: '签退', exact: true }).click();
          await eventually(textOf(page.getByRole('alert'))).toBe('请输入6位数字');
          expect(await input.getAttribute('aria-invalid')).toBe('true');
          expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
        } finally {
          await context.close();
          await staff.context.close();
        }
      },
      TIMEOUT,
    );

    it(
      '不能扫码的老兵：队长在活动页按姓名为其代签到',
      async () => {
        const { context, page } = await openSignedIn(h, 'daming', { ...PHONE, elderly: true });
        try {
          const volunteer = await openSignedIn(h, 'volunteer', PHONE);
          const self = (
            await apiCall<{ items: VolunteerSummary[] }>(volunteer.page, 'GET', '/api/volunteers')
          ).items[0]!;
          await volunteer.context.close();
          // Another member of the team, signed up by the leader: they have no smartphone.
          const activity = await apiCall<Activity>(page, 'GET', `/api/activities/${activityId}`);
          const teamMembers = await apiCall<{ items: VolunteerSummary[] }>(
            page,
            'GET',
            `/api/volunteers?teamId=${activity.teamId}&pageSize=200`,
          );
          const other = teamMembers.items.find((v) => v.id !== self.id && v.name !== self.name);
          expect(other).toBeTruthy();
          await apiCall(page, 'POST', `/api/activities/${activityId}/signups`, { volunteerIds: [other!.id] });

          await page.goto(`/activities/${activityId}`);
          await waitForContent(page, TITLE);
          const label = `${other!.name}（${other!.volunteerNo}）`;
          await page.getByLabel('查找队员').fill(other!.name);
          await page.getByRole('button', { name: `代签到：${label}`, exact: true }).click();
          await eventually(textOf(page.locator('.ant-message'))).toContain(`已为${other!.name}代签到`);
          await screenshot(page, 'elderly-proxy-checkin-390.png', true);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );

    it(
      '适老模式（390×844）：工作人员页面正文不小于18px，志愿者页面不小于20px且每个可点按目标不小于48×48px',
      async () => {
        const problems: Record<string, string[]> = {};
        const staff = await openSignedIn(h, 'daming', { ...PHONE, elderly: true });
        try {
          for (const url of [
            '/activities',
            '/volunteers',
            '/teams',
            `/activities/${activityId}`,
            '/account',
          ]) {
            await staff.page.goto(url);
            await waitForContent(staff.page);
            expect(await staff.page.locator('html').getAttribute('data-elderly')).toBe('true');
            const body = await staff.page.evaluate(() =>
              Number.parseFloat(window.getComputedStyle(document.body).fontSize),
            );
            expect(body, url).toBeGreaterThanOrEqual(18);
            const small = await smallText(staff.page, 18);
            if (small.length) problems[`text ${url}`] = small;
          }
        } finally {
          await staff.context.close();
        }
        const phone = await openSignedIn(h, 'volunteer', { ...PHONE, elderly: true });
        try {
          for (const url of ['/me', '/me/next', '/me/checkin', '/me/hours', '/me/activities']) {
            await phone.page.goto(url);
            await waitForContent(phone.page);
            const main = await phone.page.evaluate(() =>
              Number.parseFloat(window.getComputedStyle(document.querySelector('.rz-me')!).fontSize),
            );
            expect(main, url).toBeGreaterThan(18);
            // The page's own text is larger still; the shell around it follows the staff rule.
            const small = [
              ...(await smallText(phone.page, 20, '.rz-me')),
              ...(await smallText(phone.page, 18)),
            ];
            if (small.length) problems[`text ${url}`] = small;
            const targets = await smallTargets(phone.page, 48);
            if (targets.length) problems[`targets ${url}`] = targets;
          }
        } finally {
          await phone.context.close();
        }
        expect(problems).toEqual({});
      },
      TIMEOUT,
    );

    it(
      '适老模式随账号保存：开启后退出，在另一个浏览器登录仍是适老模式；关闭后同样生效',
      async () => {
        const first = await openPage(h, PHONE);
        try {
          await logIn(first.page, h, 'cun');
          expect(await first.page.locator('html').getAttribute('data-elderly')).toBeNull();
          const saved = first.page.waitForResponse(
            (r) => r.url().endsWith('/api/me/preferences') && r.request().method() === 'PUT',
          );
          await first.page.getByRole('switch', { name: '适老模式' }).click();
          expect((await saved).status()).toBe(200);
          await eventually(() => first.page.locator('html').getAttribute('data-elderly')).toBe('true');
          await first.page.locator('.rz-user-button').click();
          await first.page.getByRole('menuitem', { name: '退出登录' }).click();
          await first.page.waitForURL('**/login');
        } finally {
          await first.context.close();
        }

        // A new browser: nothing in its storage.
        const second = await openPage(h);
        try {
          await second.page.goto('/login');
          expect(await second.page.locator('html').getAttribute('data-elderly')).toBeNull();
          await logIn(second.page, h, 'cun');
          await eventually(() => second.page.locator('html').getAttribute('data-elderly')).toBe('true');
          expect(
            await second.page.getByRole('switch', { name: '适老模式' }).getAttribute('aria-checked'),
          ).toBe('true');
          // Turned off here, it is off on the next device too.
          const saved = second.page.waitForResponse(
            (r) => r.url().endsWith('/api/me/preferences') && r.request().method() === 'PUT',
          );
          await second.page.getByRole('switch', { name: '适老模式' }).click();
          expect((await saved).status()).toBe(200);
        } finally {
          await second.context.close();
        }
        const third = await openPage(h, { elderly: true });
        try {
          await logIn(third.page, h, 'cun');
          await eventually(() => third.page.locator('html').getAttribute('data-elderly')).toBeNull();
        } finally {
          await third.context.close();
        }
      },
      TIMEOUT,
    );

    it(
      '员工会话即将因空闲结束时给出不遮挡页面的提示，点“继续使用”即可延长',
      async () => {
        const { context, page } = await openPage(h, { elderly: true });
        try {
          await page.clock.install();
          // The bell's poll for unread messages is activity too (it keeps the session alive): away with
          // it, as when the tab sits in the background.
          await page.route('**/api/notifications/unread-count', (route) => route.abort());
          await logIn(page, h, 'daming');
          await page.goto('/activities');
          await waitForContent(page, '活动管理');
          const warning = page.locator('.rz-idle-warning');
          expect(await warning.count()).toBe(0);
          // 27 idle minutes pass (the page's clock only: the server's session is still fresh).
          await page.clock.fastForward('27:00');
          await warning.waitFor();
          expect(await textOf(warning.getByRole('alert'))()).toContain('自动退出登录');
          // Non-modal: the page behind stays usable.
          expect(await page.getByRole('dialog').count()).toBe(0);
          await page.getByRole('button', { name: '新建活动' }).focus();
          await page.getByRole('button', { name: '继续使用' }).click();
          await warning.waitFor({ state: 'detached' });
          expect(page.url()).toContain('/activities');
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );

    it(
      '生成适老模式下志愿者主要页面的手机截图（390×844，整页）',
      async () => {
        const { context, page } = await openSignedIn(h, 'volunteer', { ...PHONE, elderly: true });
        try {
          const shots: [string, string, string][] = [
            ['/me', '', 'elderly-me-home-390.png'],
            ['/me/next', '我的下一个活动', 'elderly-me-next-390.png'],
            [`/me/checkin?activity=${activityId}&dir=out`, '签到', 'elderly-me-checkin-390.png'],
            ['/me/hours', '我的时长', 'elderly-me-hours-390.png'],
          ];
          for (const [url, heading, file] of shots) {
            await page.goto(url);
            await waitForContent(page, heading || undefined);
            expect(await page.locator('html').getAttribute('data-elderly')).toBe('true');
            await screenshot(page, file, true);
          }
          // The certificate: issued from 我的时长, with its download link.
          // The answer to the issuing request is checked first, so that a refusal says why.
          const issued = page.waitForResponse(
            (r) => r.request().method() === 'POST' && /\/api\/volunteers\/[^/]+\/certificates$/.test(r.url()),
          );
          await page.getByRole('button', { name: '开具证明' }).click();
          const answer = await issued;
          expect(answer.status(), await answer.text()).toBe(200);
          await page.locator('.rz-me-issued').waitFor();
          await page.locator('.rz-me-issued').scrollIntoViewIfNeeded();
          await screenshot(page, 'elderly-me-certificate-390.png', true);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  },
);
