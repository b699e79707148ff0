import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activities';
import type { TeamSummary, VolunteerSummary } from '../../src/shared/registry';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  eventually,
  openPage,
  openSignedIn,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 240_000;
const TEAM = '“戎耀大名”老兵理论宣讲志愿服务队';

/** A GET from inside the signed-in page (its session cookie goes along). */
async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${u} → ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

/** A datetime-local value in Beijing time (the browser contexts run in Asia/Shanghai). */
const beijingLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

/** The code the check-in screen shows right now (a fresh one when `different` is given). */
async function readScreenCode(screen: Page, different?: string): Promise<string> {
  const digits = screen.locator('.rz-act-screen-digits');
  await eventually(async () => {
    const code = (await digits.getAttribute('data-code')) ?? '';
    return /^\d{6}$/.test(code) && code !== different;
  }).toBe(true);
  return (await digits.getAttribute('data-code'))!;
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('活动、签到与服务时长：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '县级建活动并发布；代报名与志愿者手机报名；签到屏签到签退与代签；结束、生成并确认记录；我的时长与证明；公开核验',
    async () => {
      const staff = await openSignedIn(h, 'daming');
      const phone = await openSignedIn(h, 'volunteer', { width: 390, height: 844, elderly: true });
      try {
        const page = staff.page;
        const me = phone.page;

        // Who is who: the demo volunteer, and another member of the team to be signed up by staff.
        const teams = await apiGet<{ items: TeamSummary[] }>(page, '/api/teams?status=approved&pageSize=200');
        const team = teams.items.find((x) => x.name === TEAM);
        expect(team, `${TEAM} should be an approved demo team`).toBeTruthy();
        const volunteerSelf = (await apiGet<{ items: VolunteerSummary[] }>(me, '/api/volunteers')).items[0]!;
        const members = await apiGet<{ items: VolunteerSummary[] }>(
          page,
          `/api/volunteers?teamId=${team!.id}&pageSize=200`,
        );
        expect(members.items.some((v) => v.id === volunteerSelf.id)).toBe(true);
        const other = members.items.find((v) => v.id !== volunteerSelf.id && v.name !== volunteerSelf.name)!;
        expect(other).toBeTruthy();

        // ---- 县级：新建活动、发布 ----
        await page.goto('/activities');
        await waitForContent(page, '活动管理');
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('button', { name: '新建活动' }).click();
        await page.waitForURL('**/activities/new');
        await waitForContent(page, '新建活动');
        const title = '老兵讲党史进社区宣讲活动';
        await page.getByLabel('活动名称', { exact: true }).fill(title);
        await page.locator('label', { hasText: '集中统一活动' }).click();
        await chooseOption(page, '组织队伍', TEAM, '戎耀大名');
        await eventually(() => page.getByLabel('所在区划', { exact: true }).inputValue()).toContain('大名');
        await page.getByLabel('活动地点', { exact: true }).fill('大名镇新时代文明实践站');
        const now = Date.now();
        await page.getByLabel('开始时间', { exact: true }).fill(beijingLocal(now - 5 * 60_000));
        await page.getByLabel('结束时间', { exact: true }).fill(beijingLocal(now + 2 * 3600_000));
        await page.getByLabel('人数上限', { exact: true }).fill('5');
        await page.getByLabel('服务对象', { exact: true }).fill('社区居民');
        await page.getByRole('button', { name: '保存草稿' }).click();
        await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
        const activityId = page.url().split('/').pop()!;
        await waitForContent(page, title);
        await eventually(textOf(page.locator('.rz-page-title .rz-act-status'))).toBe('草稿');
        await page.getByRole('button', { name: '发布报名' }).click();
        await eventually(textOf(page.locator('.rz-page-title .rz-act-status'))).toBe('报名中');

        // ---- 县级为队员代报名 ----
        const otherLabel = `${other.name}（${other.volunteerNo}）`;
        await chooseOption(page, '选择队员', otherLabel, other.name);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: '为所选队员报名' }).click();
        await eventually(textOf(page.locator('.rz-act-accepted'))).toBe('1');

        // ---- 志愿者在手机上报名 ----
        await me.goto('/me');
        await waitForContent(me);
        await me.getByRole('link', { name: '可报名的活动' }).click();
        await waitForContent(me, '可报名的活动');
        const card = me.locator('article', { has: me.getByRole('heading', { name: title }) });
        await card.getByRole('button', { name: '报名', exact: true }).click();
        await eventually(textOf(card.locator('.rz-me-done'))).toBe('已报名');
        await page.reload();
        await waitForContent(page, title);
        await eventually(textOf(page.locator('.rz-act-accepted'))).toBe('2');
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'activity-detail.png', true);

        // ---- 签到屏 ----
        const screenTab = await staff.context.newPage();
        await screenTab.goto(`/activities/${activityId}/checkin-screen`);
        await waitForContent(screenTab, title);
        const code1 = await readScreenCode(screenTab);
        await screenTab.locator('.rz-act-screen-qr img').waitFor();
        expect(await textOf(screenTab.locator('.rz-act-screen-fixed'))()).toContain('需要队长确认');
        expect(await seriousViolations(screenTab)).toEqual([]);
        await screenshot(screenTab, 'checkin-screen.png');

        // ---- 志愿者签到：从 /me 起不超过三次点按 ----
        let taps = 0;
        const tap = async (action: () => Promise<void>) => {
          taps++;
          await action();
        };
        await me.goto('/me');
        await waitForContent(me);
        await tap(() => me.getByRole('link', { name: '签到', exact: true }).click());
        await waitForContent(me, '签到');
        const codeInput = me.getByLabel('签到码（6位数字）');
        expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
        await codeInput.fill(code1);
        await tap(() => me.getByRole('button', { name: '签到', exact: true }).click());
        await eventually(textOf(me.locator('.rz-me-done'))).toContain('签到成功');
        expect(taps).toBeLessThanOrEqual(3);

        // ---- 代签到另一名队员 ----
        await page.getByLabel('查找队员').fill(other.name);
        await page.getByRole('button', { name: `代签到：${otherLabel}`, exact: true }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain(`已为${other.name}代签到`);

        // 其余志愿者页面（适老模式，390 px）的无障碍检查，顺便等过一分钟（时长按整分钟计）。
        const started = Date.now();
        for (const path of ['/me', '/me/next', '/me/checkin', '/me/activities']) {
          await me.goto(path);
          await waitForContent(me);
          expect(await seriousViolations(me, { enhancedContrast: true }), path).toEqual([]);
          if (path === '/me') await screenshot(me, 'me-home-390.png', true);
        }
        // The next activity is one tap from /me and shows its 签到 / 签退 buttons.
        await me.goto('/me');
        await waitForContent(me);
        await me.getByRole('link', { name: '我的下一个活动' }).click();
        await waitForContent(me, '我的下一个活动');
        expect(await textOf(me.locator('.rz-me-card-title'))()).toBe(title);
        expect(await me.getByRole('link', { name: '签退' }).count()).toBe(1);
        await me.waitForTimeout(Math.max(0, 65_000 - (Date.now() - started)));

        // ---- 签退：要等签到码更新后再读一次 ----
        const code2 = await readScreenCode(screenTab, code1);
        taps = 0;
        await me.goto('/me');
        await waitForContent(me);
        await tap(() => me.getByRole('link', { name: '签到', exact: true }).click());
        await waitForContent(me, '签到');
        await me.getByLabel('签到码（6位数字）').fill(code2);
        await tap(() => me.getByRole('button', { name: '签退', exact: true }).click());
        await eventually(textOf(me.locator('.rz-me-done'))).toContain('签退成功');
        expect(taps).toBeLessThanOrEqual(3);
        await screenTab.close();

        await page.getByRole('button', { name: `代签退：${otherLabel}`, exact: true }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain(`已为${other.name}代签退`);

        // ---- 结束活动、生成服务记录、全部确认、登记成果 ----
        await page.getByRole('button', { name: '结束活动' }).click();
        await page.getByRole('dialog').getByRole('button', { name: '结束活动' }).click();
        await eventually(textOf(page.locator('.rz-page-title .rz-act-status'))).toBe('已结束');
        await page.getByRole('button', { name: '生成服务记录' }).click();
        const rows = page.locator('.rz-act-records tbody tr.ant-table-row');
        await eventually(() => rows.count()).toBe(2);
        await page.locator('.rz-act-records thead .ant-checkbox-input').check();
        await page.getByRole('button', { name: '确认所选记录' }).click();
        await eventually(() => page.locator('.rz-act-records tbody .ant-tag').allTextContents()).toEqual([
          '已确认',
          '已确认',
        ]);
        // Every attendance shows what became of it.
        await eventually(() =>
          page.locator('.rz-act-attendance tbody .rz-act-outcome').allTextContents(),
        ).toEqual(['已生成记录', '已生成记录']);
        await page.getByLabel('宣讲场次（场）').fill('1');
        await page.getByLabel('服务群众（人次）').fill('60');
        await page.getByRole('button', { name: '保存成果' }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain('活动成果已保存');
        const done = await apiGet<Activity>(page, `/api/activities/${activityId}`);
        expect(done.status).toBe('completed');
        // The detail page fits a phone, too.
        await page.setViewportSize({ width: 390, height: 844 });
        await eventually(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          390,
        );
        await screenshot(page, 'activity-detail-390.png', true);
        await page.setViewportSize({ width: 1366, height: 900 });

        // ---- 我的时长（一次点按）、开具证明、下载 PDF ----
        await me.goto('/me');
        await waitForContent(me);
        await me.getByRole('link', { name: '我的时长' }).click();
        await waitForContent(me, '我的时长');
        const service = await apiGet<{ confirmedMinutes: number }>(me, '/api/me/service');
        expect(service.confirmedMinutes).toBeGreaterThanOrEqual(1);
        await eventually(textOf(me.locator('.rz-me-minutes'))).toBe(`共${service.confirmedMinutes}分钟`);
        await eventually(textOf(me.locator('.rz-me-records'))).toContain(title);
        expect(await textOf(me.locator('.rz-me-star-text'))()).toMatch(/星志愿者|还没有星级/);
        const issued = me.waitForResponse(
          (r) => r.url().includes('/certificates') && r.request().method() === 'POST',
        );
        await me.getByRole('button', { name: '开具证明' }).click();
        const cert = (await (await issued).json()) as { id: string; number: string; verifyPath: string };
        expect(cert.number).toMatch(/^RZZM/);
        await eventually(textOf(me.locator('.rz-me-issued'))).toContain(cert.number);
        expect(await seriousViolations(me, { enhancedContrast: true })).toEqual([]);
        await screenshot(me, 'me-hours-390.png', true);
        const [download] = await Promise.all([
          me.waitForEvent('download'),
          me.locator('.rz-me-issued').getByRole('link', { name: '下载证明' }).click(),
        ]);
        const file = await download.path();
        const pdf = readFileSync(file);
        expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
        if (existsSync('/usr/bin/pdftotext')) {
          const text = execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' }).replace(
            /\s+/g,
            '',
          );
          expect(text).toContain(volunteerSelf.name);
          expect(text).toContain(cert.number);
        }

        // ---- 公开核验（不登录） ----
        const anon = await openPage(h, { width: 390, height: 844 });
        try {
          await anon.page.goto(cert.verifyPath);
          await waitForContent(anon.page, '志愿服务记录证明核验');
          await eventually(textOf(anon.page.locator('.rz-verify-verdict'))).toBe('真实有效');
          expect(await textOf(anon.page.locator('.rz-verify-facts'))()).toContain(cert.number);
          expect(await seriousViolations(anon.page)).toEqual([]);
          await screenshot(anon.page, 'verify.png', true);
          // By number and surname.
          await anon.page.goto('/verify');
          await waitForContent(anon.page, '志愿服务记录证明核验');
          await anon.page.getByLabel('证明编号').fill(cert.number);
          await anon.page.getByLabel('持证人姓氏').fill(volunteerSelf.name.slice(0, 1));
          await anon.page.getByRole('button', { name: '核验' }).click();
          await eventually(textOf(anon.page.locator('.rz-verify-verdict'))).toBe('真实有效');
          expect(await seriousViolations(anon.page)).toEqual([]);
        } finally {
          await anon.context.close();
        }

        // ---- 志愿者申请更正，县级同意：生成与原记录关联的新记录 ----
        await me.goto('/me/hours');
        await waitForContent(me, '我的时长');
        const before = await apiGet<{
          confirmedMinutes: number;
          records: { id: string; activityId: string | null; status: string; minutes: number }[];
        }>(me, '/api/me/service');
        const mineRecord = before.records.find(
          (r) => r.activityId === activityId && r.status === 'confirmed',
        )!;
        expect(mineRecord).toBeTruthy();
        await me.getByRole('button', { name: `申请更正：${title}` }).click();
        const ask = me.getByRole('form', { name: `申请更正：${title}` });
        await ask.getByLabel('正确的时长（分钟）').fill('90');
        await ask.getByLabel('更正原因').fill('签退时手机没电，实际服务到活动结束');
        expect(await seriousViolations(me, { enhancedContrast: true })).toEqual([]);
        await screenshot(me, 'me-hours-ask-390.png', true);
        await ask.getByRole('button', { name: '提交申请' }).click();
        await eventually(textOf(me.locator('.rz-me-records'))).toContain('更正申请处理中');
        await eventually(textOf(me.locator('.rz-me-requests'))).toContain('等待处理');

        await page.goto(`/activities/${activityId}`);
        await waitForContent(page, title);
        const requestRow = page.locator('.rz-act-requests tbody tr.ant-table-row');
        await eventually(() => requestRow.count()).toBe(1);
        expect(await textOf(requestRow)()).toContain('签退时手机没电');
        await page.getByRole('button', { name: `同意并更正：${volunteerSelf.name}` }).click();
        await page.locator('.ant-popover').getByRole('button', { name: '同意并更正' }).click();
        await eventually(textOf(page.locator('.ant-message'))).toContain('已同意');
        await eventually(() => page.locator('.rz-act-records tbody .ant-tag').allTextContents()).toContain(
          '已更正',
        );
        await eventually(textOf(page.locator('.rz-act-records'))).toContain(
          `更正前${mineRecord.minutes}分钟；志愿者申请更正：签退时手机没电`,
        );
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, 'activity-detail-corrected.png', true);

        await me.reload();
        await waitForContent(me, '我的时长');
        await eventually(textOf(me.locator('.rz-me-requests'))).toContain('已同意，时长已更正');
        const after = await apiGet<{ confirmedMinutes: number }>(me, '/api/me/service');
        expect(after.confirmedMinutes).toBe(before.confirmedMinutes - mineRecord.minutes + 90);
        await eventually(textOf(me.locator('.rz-me-minutes'))).toBe(`共${after.confirmedMinutes}分钟`);
        await screenshot(me, 'me-hours-corrected-390.png', true);
      } finally {
        await staff.context.close();
        await phone.context.close();
      }
    },
    TIMEOUT,
  );
});
