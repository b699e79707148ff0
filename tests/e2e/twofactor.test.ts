import { existsSync } from 'node:fs';
import { generate } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  attrOf,
  demoCode,
  demoPassword,
  eventually,
  forgetLastCodeStep,
  openPage,
  screenshot,
  seriousViolations,
  startHarness,
  submitLogin,
  textOf,
  waitForContent,
  withSignedInPage,
  type Harness,
} from './browser';

const TIMEOUT = 120_000;

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('两步验证登录', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '市级管理员密码正确后须输入6位验证码；错误的验证码计入锁定次数，正确的才进入系统',
    async () => {
      const { context, page } = await openPage(h);
      try {
        await page.goto('/login');
        await waitForContent(page);
        await submitLogin(page, 'handan', demoPassword(h, 'handan'));
        const field = page.getByLabel('验证码', { exact: true });
        await field.waitFor();
        await eventually(textOf(page.locator('.rz-login-card h2'))).toBe('两步验证');
        expect(await field.getAttribute('inputmode')).toBe('numeric');
        expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
        // The cursor is already in the code field; no session yet.
        await eventually(() =>
          page.evaluate(() => document.activeElement?.getAttribute('autocomplete')),
        ).toBe('one-time-code');
        expect((await context.cookies()).map((c) => c.name)).not.toContain('rz_session');
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'login-second-factor.png');

        forgetLastCodeStep(h, 'handan');
        const right = await demoCode(h, 'handan');
        const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
        await field.fill(wrong);
        await page.keyboard.press('Enter');
        await eventually(textOf(page.locator('.rz-login-alerts').getByRole('alert'))).toBe(
          '验证码错误，还可尝试4次',
        );
        expect(await field.inputValue()).toBe('');

        await field.fill(await demoCode(h, 'handan'));
        await page.getByRole('button', { name: '验证并登录' }).click();
        await page.waitForURL((url) => url.pathname !== '/login');
        await eventually(textOf(page.locator('.rz-user-button'))).toContain('邯郸市退役军人事务局');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '安全管理员重置大名县的两步验证并查看在线会话；大名县下次登录先扫码设置，保存恢复码后才进入系统，之后可用恢复码登录',
    async () => {
      await withSignedInPage(h, 'secadmin', async ({ page }) => {
        await page.goto('/security');
        await waitForContent(page, '安全策略');
        // The policy form has the new fields, with today's defaults.
        await eventually(attrOf(page.getByLabel('密码有效期（天）'), 'value')).toBe('0');
        expect(await page.getByRole('checkbox', { name: '县(区)级管理员' }).isChecked()).toBe(true);
        expect(await page.getByRole('checkbox', { name: '乡镇(街道)管理员' }).isChecked()).toBe(false);
        // Its own session is listed.
        const sessions = page.locator('.ant-table').first();
        await eventually(textOf(sessions)).toContain('安全管理员（secadmin）（本会话）');
        expect(await seriousViolations(page)).toEqual([]);

        await page.getByLabel('用户名', { exact: true }).fill('daming');
        await page.getByLabel('原因', { exact: true }).fill('手机丢失，本人电话确认');
        await page.getByRole('button', { name: '重置两步验证' }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain(
          '已重置 大名县退役军人事务局 的两步验证',
        );
        await screenshot(page, 'security-sessions.png', true);
      });

      const { context, page } = await openPage(h);
      let recoveryCode = '';
      try {
        await page.goto('/login');
        await submitLogin(page, 'daming', demoPassword(h, 'daming'));
        await eventually(textOf(page.locator('.rz-login-card h2'))).toBe('设置两步验证');
        const qr = page.getByRole('img', { name: '用验证器应用扫描的二维码' });
        await qr.waitFor();
        expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
        const grouped = (await page.locator('code').first().textContent())!.trim();
        expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'login-enroll.png', true);

        const secret = grouped.replace(/\s/g, '');
        await page.getByLabel('验证器显示的6位验证码').fill(await generate({ secret }));
        await page.getByRole('button', { name: '确认并开启' }).click();
        await eventually(textOf(page.locator('.rz-login-card h2'))).toBe('请保存恢复码');
        const codes = page.getByRole('list', { name: '恢复码列表' }).getByRole('listitem');
        await eventually(() => codes.count()).toBe(10);
        recoveryCode = (await codes.first().textContent())!.trim();
        expect(recoveryCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
        expect(await page.getByRole('button', { name: '下载为文本文件' }).isVisible()).toBe(true);
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: '下载为文本文件' }).click();
        expect((await download).suggestedFilename()).toBe('戎志-恢复码.txt');
        expect(await seriousViolations(page)).toEqual([]);
        // The console opens only once the codes are acknowledged.
        expect(new URL(page.url()).pathname).toBe('/login');
        await page.getByRole('button', { name: '我已保存，继续' }).click();
        await page.waitForURL((url) => url.pathname !== '/login');
        await eventually(textOf(page.locator('.rz-user-button'))).toContain('大名县退役军人事务局');
      } finally {
        await context.close();
      }

      // A recovery code instead of the phone, by keyboard.
      const again = await openPage(h);
      try {
        await again.page.goto('/login');
        await submitLogin(again.page, 'daming', demoPassword(h, 'daming'));
        await again.page.getByLabel('验证码', { exact: true }).waitFor();
        await again.page.getByRole('button', { name: '手机不在身边？改用恢复码' }).focus();
        await again.page.keyboard.press('Enter');
        const field = again.page.getByLabel('恢复码', { exact: true });
        await eventually(() => again.page.evaluate(() => document.activeElement?.id ?? '')).toBe(
          (await field.getAttribute('id')) ?? '-',
        );
        await again.page.keyboard.type(recoveryCode);
        await again.page.keyboard.press('Enter');
        await again.page.waitForURL((url) => url.pathname !== '/login');
      } finally {
        await again.context.close();
      }
    },
    TIMEOUT,
  );
});
