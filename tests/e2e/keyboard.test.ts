import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VolunteerSummary } from '../../src/shared/registry';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  codes,
  demoLogin,
  demoPassword,
  eventually,
  openPage,
  openSignedIn,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

/**
 * Keyboard only: no mouse click anywhere in these tests. Login, a list (filter, open a row), a form
 * with mistakes (announced, marked, focused) and a dialog (focus in, Esc, focus back).
 */

const TIMEOUT = 120_000;

/** What has the focus: tag, id, accessible-ish name, and whether it sits in a dialog. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: '', id: '', name: '', inDialog: false, label: '' };
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
      label: (labelled?.textContent ?? '').trim(),
      inDialog: !!el.closest('[role="dialog"]'),
    };
  });
}

/** Press Tab until `wanted` holds for the focused element; the number of presses (fails after `max`). */
async function tabUntil(
  page: Page,
  wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  what: string,
  max = 60,
): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return presses;
  }
  throw new Error(
    `Tab never reached ${what} in ${max} presses (now on ${JSON.stringify(await focused(page))})`,
  );
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('只用键盘：登录、列表、表单与对话框', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '登录：Tab 到各字段，密码错误有提示（role=alert），回车登录',
    async () => {
      const { context, page } = await openPage(h, { width: 390, height: 844, elderly: true });
      try {
        await page.goto('/login');
        await waitForContent(page);
        await tabUntil(page, (f) => f.label === '用户名/手机号', '用户名/手机号');
        await page.keyboard.type(demoLogin(h, 'volunteer'));
        await tabUntil(page, (f) => f.label === '密码', '密码', 5);
        await page.keyboard.type('not-the-password-1');
        await page.keyboard.press('Enter');
        await eventually(textOf(page.getByRole('alert'))).toContain('用户名或密码错误');

        await page.getByLabel('密码', { exact: true }).focus();
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type(demoPassword(h, 'volunteer'));
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.pathname.startsWith('/me'));
        await waitForContent(page);
        // The three big buttons of 我的服务 are reachable with Tab and open with Enter.
        await tabUntil(page, (f) => f.name === '我的时长', '我的时长');
        await page.keyboard.press('Enter');
        await waitForContent(page, '我的时长');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '列表：跳到主要内容，在筛选框输入姓名回车查询，Tab 到结果行的姓名回车打开',
    async () => {
      const { context, page } = await openSignedIn(h, 'daming');
      try {
        const list = await page.evaluate(async () => {
          const res = await fetch('/api/volunteers?pageSize=5', { headers: { Accept: 'application/json' } });
          return (await res.json()) as { items: VolunteerSummary[] };
        });
        const wanted = list.items[0]!;
        await page.goto('/volunteers');
        await waitForContent(page);

        // The first Tab reaches the skip link; Enter moves on to the page's own content.
        await page.keyboard.press('Tab');
        expect((await focused(page)).name).toBe('跳到主要内容');
        await page.keyboard.press('Enter');
        await eventually(async () => (await focused(page)).id).toBe('rz-main');

        await tabUntil(page, (f) => f.id === 'rz-vol-filter-q', '姓名/编号/手机号');
        await page.keyboard.type(wanted.name);
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('q') === wanted.name);
        const rowLink = page.locator('.rz-data-table tbody a.rz-reg-strong-link');
        await eventually(async () => {
          const names = (await rowLink.allTextContents()).map((s) => s.trim());
          return names.length > 0 && names.every((n) => n.includes(wanted.name));
        }).toBe(true);

        await tabUntil(page, (f) => f.tag === 'a' && f.name === wanted.name, `the row of ${wanted.name}`);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/volunteers\/[0-9a-f-]{36}$/);
        await waitForContent(page);
        await eventually(textOf(page.locator('h1').first())).toContain(wanted.name);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '表单：回车提交空表单，错误被读出（role=alert），出错的字段标为 aria-invalid 并获得焦点',
    async () => {
      const { context, page } = await openSignedIn(h, 'daming', { elderly: true });
      try {
        await page.goto('/activities/new');
        await waitForContent(page, '新建活动');
        await tabUntil(page, (f) => f.label === '活动名称', '活动名称');
        // Enter in a text field sends the form, as in any web form.
        await page.keyboard.press('Enter');
        const announcer = page.locator('.rz-form-error-announcer[role="alert"]');
        await eventually(textOf(announcer)).toMatch(/^有\d+处需要修改。第一处：/);
        const title = page.getByLabel('活动名称', { exact: true });
        expect(await title.getAttribute('aria-invalid')).toBe('true');
        await eventually(async () => (await focused(page)).label).toBe('活动名称');
        // The field's own message is tied to it, so it is read when the field gets the focus.
        const describedBy = (await title.getAttribute('aria-describedby')) ?? '';
        const explained = await page.evaluate(
          (ids) =>
            ids
              .split(/\s+/)
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' '),
          describedBy,
        );
        expect(explained).toContain('活动名称');

        // Fixed by typing: the focus goes on to the next field still wrong.
        await page.keyboard.type('键盘测试活动');
        await page.keyboard.press('Enter');
        await eventually(async () => (await focused(page)).label).not.toBe('活动名称');
        await eventually(async () => (await title.getAttribute('aria-invalid')) ?? 'false').toBe('false');
        const now = await focused(page);
        const invalid = await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'));
        expect(invalid, JSON.stringify(now)).toBe('true');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '对话框：回车打开，焦点进入对话框且不会跑到页面上，Esc 关闭后焦点回到打开它的按钮',
    async () => {
      const { context, page } = await openSignedIn(h, 'handan');
      try {
        await page.goto(`/regions/${codes.daming}`);
        await waitForContent(page);
        const opener = '编辑退役军人服务中心信息';
        await tabUntil(page, (f) => f.name === opener, opener, 80);
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        await eventually(async () => (await focused(page)).inDialog).toBe(true);
        // Tab stays inside the open dialog.
        for (let i = 0; i < 3; i++) {
          await page.keyboard.press('Tab');
          const now = await focused(page);
          // Past the dialog's last button Chromium may hand the focus to its own controls (body); from there
          // the next Tab comes back into the dialog. The page behind never gets it.
          expect(now.inDialog || now.tag === 'body', `${now.tag}#${now.id} ${now.name.slice(0, 40)}`).toBe(
            true,
          );
        }
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        expect(await page.getByRole('dialog').count()).toBe(0);
        // The focus goes back to the button that opened the dialog.
        await eventually(async () => (await focused(page)).name).toBe(opener);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
