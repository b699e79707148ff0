import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  columnTexts,
  demoPassword,
  eventually,
  openPage,
  withSignedInPage,
  screenshot,
  submitLogin,
  submitSecondFactor,
  textOf,
  waitForContent,
  type Harness,
  startHarness,
} from './browser';

const TIMEOUT = 90_000;

// A file of its own: it locks 馆陶县's account, which no other test may then need.
describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('连续输错密码锁定账号', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '第五次输错锁定账号，此后正确密码也被拒绝；安全管理员解锁后可再登录',
    async () => {
      const { context, page } = await openPage(h);
      try {
        await page.goto('/login');
        await waitForContent(page);
        const alert = page.locator('.rz-login-alerts').getByRole('alert');

        // Four wrong passwords: the server counts down what is left.
        for (const left of [4, 3, 2, 1]) {
          await submitLogin(page, 'guantao', `wrong-password-${left}`);
          await eventually(textOf(alert)).toBe(`用户名或密码错误，还可尝试${left}次`);
          // The password is cleared for the next try, with the cursor in it, and the name kept.
          expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
          await eventually(() =>
            page.evaluate(() => document.activeElement?.getAttribute('autocomplete')),
          ).toBe('current-password');
          expect(await page.getByLabel('用户名/手机号').inputValue()).toBe('guantao');
        }

        // The fifth locks the account.
        await submitLogin(page, 'guantao', 'wrong-password-0');
        await eventually(textOf(alert)).toContain('密码连续错误5次，账号已锁定15分钟');
        await screenshot(page, 'lockout.png');

        // Now even the right password is refused while the lock lasts.
        await submitLogin(page, 'guantao', demoPassword(h, 'guantao'));
        await eventually(textOf(alert)).toMatch(/^账号已被锁定，请1[45]分钟后再试/);
        expect(new URL(page.url()).pathname).toBe('/login');
      } finally {
        await context.close();
      }

      // The security administrator sees the lock and lifts it, giving a reason.
      await withSignedInPage(h, 'secadmin', async ({ page }) => {
        await page.goto('/accounts?q=guantao');
        await waitForContent(page, '账号管理');
        await eventually(() => columnTexts(page, '状态')).toEqual(['已锁定']);
        await screenshot(page, 'accounts-locked.png');
        await page.getByRole('button', { name: '解锁：馆陶县退役军人事务局（guantao）' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('解锁原因（选填）').fill('本人电话确认，忘记密码后多次尝试');
        await dialog.getByRole('button', { name: '确认解锁' }).click();
        await dialog.waitFor({ state: 'detached' });
        await eventually(() => columnTexts(page, '状态')).toEqual(['正常']);
      });

      const again = await openPage(h);
      try {
        await again.page.goto('/login');
        await submitLogin(again.page, 'guantao', demoPassword(h, 'guantao'));
        await submitSecondFactor(again.page, h, 'guantao');
        await again.page.waitForURL((url) => url.pathname === '/');
        await eventually(textOf(again.page.locator('.rz-user-button'))).toContain('馆陶县退役军人事务局');
      } finally {
        await again.context.close();
      }
    },
    TIMEOUT,
  );
});
