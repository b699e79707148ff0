import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  eventually,
  menuLabels,
  openSignedIn,
  screenshot,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 240_000;
const HONOUR = '邯郸市退役军人志愿服务先进个人';

/** A demo volunteer living in 大名镇 whose name few others share (the picker lists 20 at a time). */
function pickVolunteer(h: Harness): { id: string; name: string; volunteerNo: string } {
  const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select v.id, v.name, v.volunteer_no as volunteerNo from volunteers v
         where v.residence_code like '1304251%'
           and (select count(*) from volunteers w where w.name = v.name) <= 5
         order by v.volunteer_no limit 1`,
      )
      .get() as { id: string; name: string; volunteerNo: string };
  } finally {
    db.close();
  }
}

/** 公示 ended yesterday, written into the server's database as if its working days had passed. */
function passNotice(h: Harness, nominationId: string): void {
  const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { fileMustExist: true, timeout: 5000 });
  try {
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const changed = db
      .prepare(`update nominations set notice_ends_on = ? where id = ? and status = 'notice'`)
      .run(yesterday, nominationId);
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }
}

const statusTag = (page: Page) => page.locator('.rz-hon-status').first();

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('荣誉激励：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '乡镇推荐 → 县级审核 → 市级审核 → 公示（异议处理）→ 授予，荣誉显示在志愿者页面并进入年度表彰名单',
    async () => {
      const v = pickVolunteer(h);
      expect(v).toBeTruthy();
      let nominationUrl = '';

      // 1. The township proposes the volunteer for the city's 先进个人.
      {
        const { context, page } = await openSignedIn(h, 'damingzhen');
        try {
          expect(await menuLabels(page)).toEqual(expect.arrayContaining(['荣誉激励']));
          await page.goto('/honours/catalogue');
          await waitForContent(page, '荣誉目录');
          await page.getByText('最美退役军人', { exact: true }).waitFor();
          await screenshot(page, 'honours-catalogue.png', true);

          await page.goto('/honours/nominations');
          await waitForContent(page, '推荐与评审');
          await page.getByRole('button', { name: '提出推荐' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('荣誉项目').click();
          await page.keyboard.type('先进个人');
          await page
            .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
            .filter({ hasText: HONOUR })
            .first()
            .click();
          await dialog.getByLabel('被推荐对象（志愿者）').click();
          await page.keyboard.type(v.name);
          await page
            .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
            .filter({ hasText: v.volunteerNo })
            .click();
          await dialog
            .getByLabel('主要事迹')
            .fill('扎根乡村多年，组织老兵义务巡逻、助老送餐，带动身边退役军人参与志愿服务。');
          await screenshot(page, 'honours-create.png');
          await dialog.getByRole('button', { name: '提交' }).click();
          await page.waitForURL(/\/honours\/nominations\/[0-9a-f-]{36}$/);
          await waitForContent(page, `${v.name} · ${HONOUR}`);
          await eventually(textOf(statusTag(page))).toBe('待县级审核');
          nominationUrl = new URL(page.url()).pathname;
        } finally {
          await context.close();
        }
      }

      // 2. The county reviews.
      {
        const { context, page } = await openSignedIn(h, 'daming');
        try {
          await page.goto(nominationUrl);
          await waitForContent(page, `${v.name} · ${HONOUR}`);
          await page.getByRole('heading', { name: '县级审核' }).waitFor();
          await page.getByLabel('审核意见').fill('事迹属实，同意推荐');
          await page.getByRole('button', { name: '提交' }).click();
          await eventually(textOf(statusTag(page))).toBe('待市级审核');
        } finally {
          await context.close();
        }
      }

      // 3. The city reviews and 公示 starts (at least one working day); an objection is raised and
      //    resolved during it. Once its days have passed, the result is decided.
      {
        const { context, page } = await openSignedIn(h, 'handan');
        try {
          await page.goto(nominationUrl);
          await waitForContent(page, `${v.name} · ${HONOUR}`);
          await page.getByRole('heading', { name: '市级审核' }).waitFor();
          await page.getByLabel('审核意见').fill('经市级评审，同意授予');
          await page.getByLabel('公示天数（工作日）').fill('3');
          await page.getByRole('button', { name: '提交' }).click();
          await eventually(textOf(statusTag(page))).toBe('公示中');
          await eventually(textOf(page.getByTestId('notice-countdown'))).toBe('距公示期满还有 3 个工作日');
          await expect(page.getByRole('heading', { name: '确定结果' }).count()).resolves.toBe(0);

          await page.getByLabel('异议内容').fill('反映服务时长存在重复登记，请核实。');
          await page.getByRole('button', { name: '提出异议' }).click();
          await page.locator('.rz-hon-objection').getByText('反映服务时长存在重复登记，请核实。').waitFor();
          await screenshot(page, 'honours-notice-objection.png', true);
          await page.getByLabel('核查结论').fill('经核查服务记录，无重复登记');
          await page.getByRole('button', { name: '处理' }).click();
          await page.getByText('异议不成立', { exact: true }).first().waitFor();

          passNotice(h, nominationUrl.split('/').at(-1)!);
          await page.reload();
          await waitForContent(page, `${v.name} · ${HONOUR}`);
          await eventually(textOf(page.getByTestId('notice-countdown'))).toBe('公示期已满');

          await page.getByRole('heading', { name: '确定结果' }).waitFor();
          await page.getByLabel('结论说明').fill('公示期满，异议已处理，授予荣誉');
          await page.getByRole('button', { name: '提交' }).click();
          await eventually(textOf(statusTag(page))).toBe('已授予');
          const timeline = page.locator('.ant-timeline');
          for (const step of [
            '提出推荐',
            '县级审核通过',
            '市级审核通过',
            '开始公示',
            '收到异议',
            '异议不成立',
            '授予',
          ])
            await timeline.getByText(step, { exact: true }).first().waitFor();
          await screenshot(page, 'honours-awarded.png', true);

          // The list is paged by the server and shows the awarded nomination.
          await page.goto('/honours/nominations?status=awarded');
          await waitForContent(page, '推荐与评审');
          await page.getByRole('link', { name: v.name, exact: true }).first().waitFor();
          await screenshot(page, 'honours-list.png', true);

          // 4. The honour shows on the volunteer's page.
          await page.goto(`/volunteers/${v.id}`);
          await waitForContent(page, v.name);
          const card = page.locator('.rz-hon-held');
          await eventually(textOf(card)).toContain(HONOUR);
          await card.scrollIntoViewIfNeeded();
          await screenshot(page, 'honours-volunteer-page.png', true);

          // 5. The annual commendation lists the volunteer; its PDF says so too.
          await page.goto('/honours/commendation');
          await waitForContent(page, '年度表彰');
          await page.getByRole('cell', { name: v.name, exact: true }).waitFor();
          await page.getByLabel('召开日期').click();
          await page.keyboard.type(`${new Date().getFullYear()}-12-05`);
          await page.keyboard.press('Enter');
          await page.getByLabel('地点').fill('邯郸市退役军人服务中心报告厅');
          await page.getByRole('button', { name: '保存' }).click();
          await page.getByText('已保存').first().waitFor();
          await screenshot(page, 'honours-commendation.png', true);
          const res = await context.request.get(`/api/honours/commendations/${new Date().getFullYear()}/pdf`);
          expect(res.headers()['content-type']).toContain('application/pdf');
          const file = path.join(h.dataDir, 'commendation.pdf');
          writeFileSync(file, await res.body());
          const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
          expect(text).toContain('邯郸市退役军人服务中心报告厅');
          expect(text).toMatch(new RegExp(`先进个人（\\d+）[\\s\\S]*${v.name}`));
        } finally {
          await context.close();
        }
      }
    },
    TIMEOUT,
  );
});
