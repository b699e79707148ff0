import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestDetail } from '../../src/shared/requests';
import type { TeamSummary } from '../../src/shared/registry';
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

async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${u} → ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)(
  '群众点单：点单、派单、退回、接单、完成、评单',
  () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    it(
      '群众在公开页点单；乡镇派单，第一支队伍退回，第二支接单；作为活动完成；群众凭链接评价',
      async () => {
        const county = await openSignedIn(h, 'daming');
        const town = await openSignedIn(h, 'damingzhen');
        const resident = await openPage(h, { width: 390, height: 844 });
        try {
          // A service field at least two registered teams of 大名县 offer.
          const teams = await apiGet<{ items: TeamSummary[] }>(
            county.page,
            '/api/teams?status=approved&pageSize=200',
          );
          const byField = new Map<string, number>();
          for (const t of teams.items) for (const f of t.fields) byField.set(f, (byField.get(f) ?? 0) + 1);
          const [fieldName, count] = [...byField].sort((a, b) => b[1] - a[1])[0]!;
          expect(count).toBeGreaterThanOrEqual(2);

          // ---- 群众：公开页点单（手机） ----
          const r = resident.page;
          await r.goto('/request');
          await waitForContent(r, '我要点单');
          await chooseOption(r, '需要什么服务', fieldName);
          await chooseOption(r, '县（市、区）', '大名县');
          await chooseOption(r, '乡镇（街道）', '大名镇', '大名镇');
          await r.getByLabel('村（社区）', { exact: true }).click();
          await r
            .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
            .first()
            .click();
          await r.getByLabel('详细地址').fill('东街3号院2单元');
          await r.getByLabel('需要什么帮助').fill('家中老人行动不便，需要志愿者帮忙打扫卫生、代购生活用品');
          await r.getByLabel('联系人').fill('刘桂芳');
          await r.getByLabel('手机号码').fill('13722223333');
          expect(await seriousViolations(r)).toEqual([]);
          await screenshot(r, 'requests-public-form.png', true);
          await r.getByRole('button', { name: '提交点单' }).click();
          const done = r.locator('.rz-req-done');
          await done.waitFor();
          const requestNo = /DD\d{8}-[0-9A-F]{4}/.exec((await done.textContent()) ?? '')![0];
          await screenshot(r, 'requests-public-done.png');

          // ---- 乡镇：派单 ----
          const tp = town.page;
          await tp.goto('/requests');
          await waitForContent(tp, '群众点单');
          await tp.getByRole('link', { name: requestNo }).click();
          await waitForContent(tp, `点单 ${requestNo}`);
          // The phone shows masked only.
          expect(await tp.locator('main').textContent()).toContain('137****3333');
          expect(await tp.locator('main').textContent()).not.toContain('13722223333');
          const dispatchButtons = tp.getByRole('button', { name: /^派给此队：/ });
          await dispatchButtons.first().waitFor();
          expect(await dispatchButtons.count()).toBeGreaterThanOrEqual(2);
          await screenshot(tp, 'requests-suggestions.png', true);
          const first = ((await dispatchButtons.first().getAttribute('aria-label')) ?? '').replace(
            '派给此队：',
            '',
          );
          await dispatchButtons.first().click();
          await eventually(textOf(tp.locator('.ant-tag').filter({ hasText: '待接单' }).first())).toBe(
            '待接单',
          );
          const id = new URL(tp.url()).pathname.split('/').pop()!;

          // ---- 县级（队伍所在辖区服务站）：第一支队伍退回 ----
          const cp = county.page;
          await cp.goto(`/requests/${id}`);
          await waitForContent(cp, `点单 ${requestNo}`);
          await cp.getByRole('button', { name: '退回', exact: true }).click();
          await cp.getByLabel('退回原因').fill('队员本周参加应急演练，人手不足');
          await cp.locator('.ant-modal').getByRole('button', { name: '退回' }).click();
          await eventually(textOf(cp.locator('.ant-tag').filter({ hasText: '待派单' }).first())).toBe(
            '待派单',
          );
          await expect.poll(async () => cp.locator('.ant-timeline').textContent()).toContain('已退回');

          // ---- 乡镇：重新派单（退回的队伍不再推荐） ----
          await tp.reload();
          await waitForContent(tp, `点单 ${requestNo}`);
          const again = tp.getByRole('button', { name: /^派给此队：/ });
          await again.first().waitFor();
          const labels = await again.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
          expect(labels).not.toContain(`派给此队：${first}`);
          const second = (labels[0] ?? '').replace('派给此队：', '');
          await again.first().click();
          await eventually(textOf(tp.locator('.ant-tag').filter({ hasText: '待接单' }).first())).toBe(
            '待接单',
          );

          // ---- 第二支队伍接单 → 生成活动 ----
          await cp.reload();
          await waitForContent(cp, `点单 ${requestNo}`);
          await cp.getByRole('button', { name: '接单', exact: true }).click();
          await cp.getByRole('link', { name: '查看活动' }).waitFor();
          const accepted = await apiGet<RequestDetail>(cp, `/api/requests/${id}`);
          expect(accepted.status).toBe('accepted');
          expect(accepted.teamName).toBe(second);
          expect(accepted.activityId).toBeTruthy();
          await screenshot(cp, 'requests-accepted.png', true);

          // ---- 服务完成：活动结束，评价短信发出 ----
          await cp.getByRole('button', { name: '服务完成' }).click();
          await cp.locator('.ant-popconfirm').getByRole('button', { name: '服务完成' }).click();
          await eventually(textOf(cp.locator('.ant-tag').filter({ hasText: '待评价' }).first())).toBe(
            '待评价',
          );
          const activity = await apiGet<{ status: string }>(cp, `/api/activities/${accepted.activityId}`);
          expect(activity.status).toBe('completed');

          // The development SMS channel's log shows what the requester received.
          await cp.goto('/outbox');
          await waitForContent(cp, '外发记录');
          const row = cp.locator('tr', { hasText: `${requestNo} 已服务完成` });
          await row.waitFor();
          await screenshot(cp, 'requests-outbox.png');
          const link = /https?:\/\/\S+\/request\/rate\/[A-Za-z0-9_-]+/.exec(
            (await row.textContent()) ?? '',
          )![0];

          // ---- 群众：评价 ----
          await r.goto(new URL(link).pathname);
          await waitForContent(r, '服务评价');
          await expect.poll(async () => r.locator('main').textContent()).toContain(second);
          await r.locator('.ant-rate-star').nth(4).click();
          await r.getByLabel('您的意见（选填）').fill('志愿者很耐心，打扫得干干净净，谢谢！');
          expect(await seriousViolations(r)).toEqual([]);
          await screenshot(r, 'requests-rate.png', true);
          await r.getByRole('button', { name: '提交评价' }).click();
          await r.getByText('感谢您的评价！').waitFor();
          // The link works once.
          await r.reload();
          await r.getByText('本次服务已评价，感谢您的反馈。').waitFor();

          const rated = await apiGet<RequestDetail>(cp, `/api/requests/${id}`);
          expect(rated.status).toBe('rated');
          expect(rated.rating).toBe(5);
          await cp.goto(`/requests/${id}`);
          await waitForContent(cp, `点单 ${requestNo}`);
          await screenshot(cp, 'requests-rated.png', true);
        } finally {
          await county.context.close();
          await town.context.close();
          await resident.context.close();
        }
      },
      TIMEOUT,
    );

    it(
      '县级紧急召集：队员在手机上答复，组织者看到应答，召集转为活动',
      async () => {
        const county = await openSignedIn(h, 'daming');
        const phone = await openSignedIn(h, 'volunteer', { width: 390, height: 844, elderly: true });
        try {
          const cp = county.page;
          const me = phone.page;
          // The demo volunteer's team and one of its service fields.
          const self = (await apiGet<{ items: { id: string }[] }>(me, '/api/volunteers')).items[0]!;
          const teams = await apiGet<{ items: TeamSummary[] }>(cp, '/api/teams?status=approved&pageSize=200');
          let fieldName: string | undefined;
          for (const t of teams.items) {
            if (!t.fields.length) continue;
            const members = await apiGet<{ items: { id: string }[] }>(
              cp,
              `/api/volunteers?teamId=${t.id}&pageSize=200`,
            );
            if (members.items.some((v) => v.id === self.id)) {
              fieldName = t.fields[0];
              break;
            }
          }
          expect(fieldName, 'the demo volunteer belongs to a team with a service field').toBeTruthy();

          await cp.goto('/callouts');
          await waitForContent(cp, '紧急召集');
          await cp.getByRole('button', { name: '发起召集' }).click();
          await cp.getByLabel('召集事由').fill('暴雨后村道清障');
          await chooseOption(cp, '服务类别', fieldName!);
          await cp.getByLabel('集合地点').fill('大名县大名镇北关村委会');
          await cp.locator('.ant-drawer').getByRole('button', { name: '发起召集' }).click();
          await cp.waitForURL(/\/callouts\/[0-9a-f-]{36}$/);
          await waitForContent(cp, '暴雨后村道清障');

          // ---- 队员：手机上答复 ----
          await me.goto('/me/callouts');
          await waitForContent(me, '紧急召集');
          const card = me.locator('.rz-req-callout-card', { hasText: '暴雨后村道清障' });
          await card.getByRole('button', { name: '我能参加' }).click();
          await card.getByText('您已答复：能参加').waitFor();
          expect(await seriousViolations(me)).toEqual([]);
          await screenshot(me, 'requests-callout-phone.png');

          // ---- 组织者：应答统计（页面每10秒刷新；此处直接刷新） ----
          await cp.reload();
          await waitForContent(cp, '暴雨后村道清障');
          const available = cp.locator('.ant-statistic', { hasText: '能参加' }).first();
          await eventually(textOf(available.locator('.ant-statistic-content-value'))).toBe('1');
          await screenshot(cp, 'requests-callout-tally.png', true);
          await cp.getByRole('button', { name: '转为活动' }).click();
          await cp
            .locator('.ant-popconfirm')
            .getByRole('button', { name: /确\s*定|OK/ })
            .click();
          await cp.getByRole('button', { name: '查看活动' }).waitFor();
        } finally {
          await county.context.close();
          await phone.context.close();
        }
      },
      TIMEOUT,
    );
  },
);
