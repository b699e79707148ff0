import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  eventually,
  openSignedIn,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 180_000;
const TEAM = '“戎耀大名”老兵理论宣讲志愿服务队';

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('工作台：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The team's records still waiting for confirmation, read from the server's own database. */
  const pendingOfTeam = () => {
    const file = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), { readonly: true });
    try {
      return file
        .prepare(
          `select sr.activity_name as name, count(*) as n from service_records sr
           join teams t on t.id = sr.team_id
           where t.name = ? and sr.status = 'pending' group by sr.activity_name`,
        )
        .all(TEAM) as { name: string; n: number }[];
    } finally {
      file.close();
    }
  };

  it(
    '队长登录后在工作台看到待确认的服务记录，确认后待办清空；手机上适老模式可用',
    async () => {
      const pending = pendingOfTeam();
      expect(pending.length).toBeGreaterThan(0);
      const total = pending.reduce((sum, p) => sum + Number(p.n), 0);
      const { page, context } = await openSignedIn(h, 'rongyao');
      try {
        await page.goto('/');
        await waitForContent(page, '工作台');
        await eventually(textOf(page.locator('#rz-todo-records'))).toBe(`待确认的服务记录 ${total} 条`);
        expect(await seriousViolations(page)).toEqual([]);
        // 常用功能 are the person's own menu: a team leader has no 数据看板 and no 审计.
        const shortcuts = await page
          .getByRole('navigation', { name: '常用功能' })
          .getByRole('link')
          .allTextContents();
        expect(shortcuts).toContain('活动管理');
        expect(shortcuts).not.toContain('数据看板');
        expect(shortcuts).not.toContain('审计日志');
        await screenshot(page, 'workbench-team-leader.png', true);

        // From the to-do straight to the activity, confirm every record there.
        const first = pending[0]!;
        await page.getByRole('link', { name: first.name }).first().click();
        await page.locator('.rz-act-records').waitFor();
        const rows = page.locator('.rz-act-records tbody tr.ant-table-row');
        await eventually(() => rows.count()).toBeGreaterThan(0);
        await page.locator('.rz-act-records thead .ant-checkbox-input').check();
        await page.getByRole('button', { name: '确认所选记录' }).click();
        await eventually(async () =>
          (await page.locator('.rz-act-records tbody .ant-tag').allTextContents()).every(
            (t) => t === '已确认',
          ),
        ).toBe(true);

        await page.getByRole('navigation', { name: '主导航' }).getByText('首页').click();
        await waitForContent(page, '工作台');
        const left = total - Number(first.n);
        if (left === 0) await eventually(textOf(page.locator('.rz-workbench-none'))).toBe('暂无待办事项。');
        else await eventually(textOf(page.locator('#rz-todo-records'))).toBe(`待确认的服务记录 ${left} 条`);
        expect(pendingOfTeam().reduce((sum, p) => sum + Number(p.n), 0)).toBe(left);
      } finally {
        await context.close();
      }

      // A phone in 适老模式: nothing is cut off or overlaps, contrast holds at 7:1.
      const phone = await openSignedIn(h, 'rongyao', { elderly: true, width: 390, height: 844 });
      try {
        await phone.page.goto('/');
        await waitForContent(phone.page, '工作台');
        const overflow = await phone.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await seriousViolations(phone.page, { enhancedContrast: true })).toEqual([]);
        await screenshot(phone.page, 'workbench-team-leader-phone-elderly.png', true);
      } finally {
        await phone.context.close();
      }
    },
    TIMEOUT,
  );
});
