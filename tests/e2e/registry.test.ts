import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/idcard';
import type { RegionChild } from '../../src/shared/regions';
import type { Coverage, TeamSummary } from '../../src/shared/registry';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  codes,
  chooseOption,
  columnTexts,
  eventually,
  openSignedIn,
  withSignedInPage,
  screenshot,
  seriousViolations,
  startHarness,
  textOf,
  waitForContent,
  type AxeProblem,
  type Harness,
} from './browser';

const TIMEOUT = 90_000;

/** A GET from inside the signed-in page (its session cookie goes along). */
async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${u} → ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

/** Fictional people: born on the 29th–31st (the demo data never is), so their numbers are new. */
const fictionalId = (region: string, birth: string, seq: string) =>
  withCheckDigit(`${region.slice(0, 6)}${birth}${seq}`);

/** The same number with a wrong check character. */
const wrongCheck = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

async function clickDialogButton(page: Page, name: string) {
  await page.getByRole('dialog').getByRole('button', { name, exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('队伍与志愿者登记：浏览器', () => {
  let h: Harness;
  let damingVillages: RegionChild[];
  let guantaoVillage: string;

  beforeAll(async () => {
    h = await startHarness();
    const town = await fetch(`${h.baseUrl}/api/regions/${codes.damingTown}/children`);
    damingVillages = ((await town.json()) as { items: RegionChild[] }).items;
    const guantaoTowns = await fetch(`${h.baseUrl}/api/regions/${codes.guantao}/children`);
    const firstTown = ((await guantaoTowns.json()) as { items: RegionChild[] }).items[0]!;
    const villages = await fetch(`${h.baseUrl}/api/regions/${firstTown.code}/children`);
    guantaoVillage = ((await villages.json()) as { items: RegionChild[] }).items[0]!.code;
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '村管理员登记队伍并提交；县级退回并写明原因；村里看到原因、修改后再提交；县级审核通过，历程完整',
    async () => {
      const teamName = '北关社区老兵护学岗志愿服务队';
      const reason = '请补充队长的联系电话后重新提交';
      const cun = await openSignedIn(h, 'cun');
      const daming = await openSignedIn(h, 'daming');
      try {
        // 村管理员：新建（所在区划默认为本村），保存草稿，提交登记。
        const page = cun.page;
        await page.goto('/teams');
        await waitForContent(page, '队伍管理');
        await page.getByRole('button', { name: '新建队伍' }).click();
        await page.waitForURL('**/teams/new');
        await waitForContent(page, '新建队伍');
        await page.getByLabel('队伍名称', { exact: true }).fill(teamName);
        await page.getByLabel('队长姓名', { exact: true }).fill('王建军');
        await page.getByLabel('成立日期', { exact: true }).fill('2024-03-05');
        await page.getByLabel('简介', { exact: true }).fill('上学放学时段在校门口护学，维护交通秩序。');
        await page.getByRole('button', { name: '保存草稿' }).click();
        await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
        const teamId = page.url().split('/').pop()!;
        await waitForContent(page, teamName);
        await eventually(textOf(page.locator('.rz-page-title .rz-reg-status'))).toBe('草稿');
        await eventually(textOf(page.locator('.rz-reg-path').first())).toContain('大名镇');

        await page.getByRole('button', { name: '提交登记', exact: true }).click();
        await clickDialogButton(page, '提交登记');
        await eventually(textOf(page.locator('.rz-page-title .rz-reg-status'))).toBe('待审核');
        // Reviewing is the county's: the village sees no review buttons.
        expect(await page.getByRole('button', { name: '审核通过' }).count()).toBe(0);

        // 县级：打开、退回并写明原因。
        const county = daming.page;
        await county.goto(`/teams/${teamId}`);
        await waitForContent(county, teamName);
        await county.getByRole('button', { name: '退回', exact: true }).click();
        // A reason is required.
        await county.getByRole('dialog').getByRole('button', { name: '退回', exact: true }).click();
        await eventually(textOf(county.getByRole('dialog').locator('.ant-form-item-explain'))).toContain(
          '请填写原因',
        );
        await county.getByRole('dialog').getByLabel('原因', { exact: true }).fill(reason);
        await clickDialogButton(county, '退回');
        await eventually(textOf(county.locator('.rz-page-title .rz-reg-status'))).toBe('已退回');

        // 村管理员：看到原因，修改，再提交。
        await page.reload();
        await waitForContent(page, teamName);
        await eventually(textOf(page.locator('.rz-reg-history'))).toContain(reason);
        await eventually(textOf(page.locator('.rz-page-title .rz-reg-status'))).toBe('已退回');
        await page.getByRole('button', { name: '编辑', exact: true }).click();
        await page.waitForURL(`**/teams/${teamId}/edit`);
        await page.getByLabel('联系电话', { exact: true }).fill('13812345678');
        await page.getByRole('button', { name: '保存修改' }).click();
        await page.waitForURL(`**/teams/${teamId}`);
        await eventually(textOf(page.locator('.rz-reg-facts'))).toContain('138****5678');
        await page.getByRole('button', { name: '提交登记', exact: true }).click();
        await clickDialogButton(page, '提交登记');
        await eventually(textOf(page.locator('.rz-page-title .rz-reg-status'))).toBe('待审核');

        // 县级：审核通过。
        await county.reload();
        await waitForContent(county, teamName);
        await county.getByRole('button', { name: '审核通过', exact: true }).click();
        await clickDialogButton(county, '审核通过');
        await eventually(textOf(county.locator('.rz-page-title .rz-reg-status'))).toBe('已登记');

        // 登记历程：每一步、谁做的、退回原因。
        const actions = county.locator('.rz-reg-history-action');
        await eventually(() => actions.allTextContents()).toEqual([
          '创建',
          '提交登记',
          '退回',
          '修改',
          '提交登记',
          '审核通过',
        ]);
        const actors = await county.locator('.rz-reg-history-actor').allTextContents();
        expect(actors[0]).toContain('服务站');
        expect(actors[2]).toBe('大名县退役军人事务局');
        expect(actors[5]).toBe('大名县退役军人事务局');
        expect(await textOf(county.locator('.rz-reg-history-item').nth(2))()).toContain(reason);
        expect(await textOf(county.locator('.rz-reg-history-item').nth(2))()).toContain('待审核 → 已退回');

        // 村里也看到同样的历程，且已登记的队伍出现在按状态筛选的列表里。
        await page.goto(`/teams?status=approved&q=${encodeURIComponent('护学岗')}`);
        await waitForContent(page, '队伍管理');
        await eventually(() => columnTexts(page, '名称')).toEqual([teamName]);
      } finally {
        await cun.context.close();
        await daming.context.close();
      }
    },
    TIMEOUT * 2,
  );

  it(
    '导入 6 行、其中 3 行有错：校验只列出这 3 行（行号、列、问题），仅导入无误的行后 3 人出现在名单中',
    async () => {
      const villages = damingVillages.slice(0, 3).map((v) => v.code);
      const good = [
        { name: '导入甲', id: fictionalId(villages[0]!, '19650329', '013'), phone: '13700000031' },
        { name: '导入乙', id: fictionalId(villages[1]!, '19700430', '024'), phone: '13700000032' },
        { name: '导入丙', id: fictionalId(villages[2]!, '19781231', '035'), phone: '' },
      ];
      const rows: (string | null)[][] = [
        [good[0]!.name, good[0]!.id, good[0]!.phone, villages[0]!, '是', '退役士兵'],
        // row 3: the check character is wrong
        [
          '错误校验位',
          wrongCheck(fictionalId(villages[0]!, '19660329', '047')),
          '',
          villages[0]!,
          '是',
          '退役士兵',
        ],
        [good[1]!.name, good[1]!.id, good[1]!.phone, villages[1]!, '是', '转业干部'],
        // row 5: lives in 馆陶县, outside 大名县, and joins no team here
        ['外县居民', fictionalId(guantaoVillage, '19680531', '059'), '', guantaoVillage, '是', '退役士兵'],
        [good[2]!.name, good[2]!.id, null, villages[2]!, '否', null],
        // row 7: not a mobile number
        ['手机号错', fictionalId(villages[1]!, '19720329', '061'), '1234567', villages[1]!, '是', '退役士兵'],
      ];
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('志愿者');
      sheet.addRow(['姓名', '身份证号', '手机号', '居住地区划代码', '是否退役军人', '退役军人类别']);
      for (const row of rows) sheet.addRow(row);
      // Long digit strings as text, the way the template keeps them.
      for (const col of [2, 3, 4]) sheet.getColumn(col).numFmt = '@';
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

      await withSignedInPage(h, 'daming', async ({ page }) => {
        await page.goto('/imports');
        await waitForContent(page, '批量导入');
        await page.locator('input[type="file"]').setInputFiles({
          name: '志愿者导入.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer,
        });
        await eventually(textOf(page.locator('.rz-reg-file-name'))).toContain('志愿者导入.xlsx');
        await page.getByRole('button', { name: '校验', exact: true }).click();

        const errors = page.locator('.rz-reg-import-errors');
        await errors.waitFor();
        await eventually(textOf(page.locator('.rz-reg-import-summary'))).toContain(
          '共 6 行：无误 3 行，有问题 3 行',
        );
        expect(await columnTexts(page, '行号', errors)).toEqual(['3', '5', '7']);
        expect(await columnTexts(page, '列', errors)).toEqual(['身份证号', '居住地区划代码', '手机号']);
        const problems = await columnTexts(page, '问题', errors);
        expect(problems[0]).toContain('校验位');
        expect(problems[2]).toContain('手机号');
        await screenshot(page, 'import-errors.png', true);

        await page.getByRole('button', { name: '仅导入无误的行' }).click();
        await eventually(textOf(page.locator('.ant-result-title'))).toBe('已导入 3 条志愿者数据');

        // The three good people are in the list, the three bad ones are not.
        for (const person of good) {
          await page.goto(`/volunteers?q=${encodeURIComponent(person.name)}`);
          await waitForContent(page, '志愿者');
          await eventually(() => columnTexts(page, '姓名')).toEqual([person.name]);
          expect((await columnTexts(page, '身份证号'))[0]).toBe(
            `${person.id.slice(0, 6)}********${person.id.slice(-4)}`,
          );
        }
        for (const name of ['错误校验位', '外县居民', '手机号错']) {
          const found = await apiGet<{ total: number }>(
            page,
            `/api/volunteers?q=${encodeURIComponent(name)}`,
          );
          expect(found.total, name).toBe(0);
        }
      });
    },
    TIMEOUT,
  );

  it(
    '覆盖率页面的数字与接口、数据库一致',
    async () => {
      await withSignedInPage(h, 'daming', async ({ page }) => {
        await page.goto('/coverage');
        await waitForContent(page);
        await eventually(textOf(page.locator('h1'))).toContain('大名县');
        const number = async (cls: string) =>
          Number(
            ((await page.locator(`.${cls} .ant-statistic-content-value`).textContent()) ?? '').replace(
              /[^\d]/g,
              '',
            ),
          );
        const shown = {
          villages: await number('rz-reg-coverage-villages'),
          covered: await number('rz-reg-coverage-covered'),
        };

        const api = await apiGet<Coverage>(page, '/api/coverage/village-teams');
        expect(shown).toEqual({ villages: api.villages, covered: api.covered });

        // Counted straight from the database: villages of 大名县, and those with an approved team in them.
        const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'), {
          readonly: true,
          fileMustExist: true,
        });
        try {
          const lo = '130425000000';
          const hi = '130425999999';
          const villages = db
            .prepare(`select count(*) as n from regions where level = 'village' and code between ? and ?`)
            .get(lo, hi) as { n: number };
          const covered = db
            .prepare(
              `select count(distinct t.region_code) as n from teams t join regions r on r.code = t.region_code
               where t.status = 'approved' and r.level = 'village' and r.code between ? and ?`,
            )
            .get(lo, hi) as { n: number };
          expect(shown).toEqual({ villages: villages.n, covered: covered.n });
        } finally {
          db.close();
        }

        const percent = ((shown.covered / shown.villages) * 100).toFixed(1);
        await eventually(textOf(page.locator('.rz-reg-coverage-rate .ant-statistic-content-value'))).toBe(
          `${percent}%`,
        );
        // The rows per township add up to the county.
        const rows = api.rows;
        expect(rows.reduce((n, r) => n + r.villages, 0)).toBe(shown.villages);
        await eventually(() => columnTexts(page, '区划', page.locator('.rz-reg-coverage-rows'))).toEqual(
          rows.map((r) => r.region.name),
        );
        // Villages still without a team: 兵支书 villages first.
        const flags = api.uncovered.map((u) => u.veteranSecretary);
        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
        expect(shown.villages - shown.covered).toBe(api.uncovered.length);
        await screenshot(page, 'coverage.png', true);

        // Drill down to 大名镇 and back up by the trail.
        await page
          .locator('.rz-reg-coverage-rows')
          .getByRole('link', { name: '大名镇', exact: true })
          .click();
        await page.waitForURL(`**/coverage?regionCode=${codes.damingTown}`);
        await eventually(textOf(page.locator('h1'))).toContain('大名镇');
        const town = await apiGet<Coverage>(
          page,
          `/api/coverage/village-teams?regionCode=${codes.damingTown}`,
        );
        await eventually(() => number('rz-reg-coverage-villages')).toBe(town.villages);
        await page
          .getByRole('navigation', { name: '覆盖统计层级' })
          .getByRole('link', { name: '大名县' })
          .click();
        await eventually(textOf(page.locator('h1'))).toContain('大名县');
      });
    },
    TIMEOUT,
  );

  it(
    '登记志愿者：输入身份证号即显示出生日期和性别；重复登记给出“查看该志愿者”；查看完整号码需确认；开通登录打印激活单',
    async () => {
      const id = fictionalId(damingVillages[3]!.code, '19580830', '071');
      await withSignedInPage(h, 'daming', async ({ page }) => {
        await page.goto('/volunteers');
        await waitForContent(page, '志愿者');
        await page.getByRole('button', { name: '登记志愿者' }).click();
        await page.waitForURL('**/volunteers/new');
        await waitForContent(page, '登记志愿者');
        await page.getByLabel('姓名', { exact: true }).fill('赵卫国');

        const idInput = page.getByLabel('身份证号', { exact: true });
        await idInput.fill(wrongCheck(id));
        await eventually(textOf(page.locator('.rz-reg-idcard-facts'))).toContain('校验位');
        await idInput.fill(id);
        const age =
          new Date().getFullYear() - 1958 - (new Date() < new Date(new Date().getFullYear(), 7, 30) ? 1 : 0);
        await eventually(textOf(page.locator('.rz-reg-idcard-facts'))).toBe(
          `出生日期 1958-08-30，性别 男，年龄 ${age}岁`,
        );
        await page.getByLabel('手机号', { exact: true }).fill('13912340071');
        await page.getByRole('button', { name: '登记', exact: true }).click();
        await page.waitForURL(/\/volunteers\/[0-9a-f-]{36}$/);
        const volunteerId = page.url().split('/').pop()!;
        await waitForContent(page, '赵卫国');

        // 查看完整身份证号：先确认（记入审计），再显示。
        const masked = `${id.slice(0, 6)}********${id.slice(-4)}`;
        await eventually(textOf(page.locator('[data-field="idCard"]'))).toBe(masked);
        await page.getByRole('button', { name: '查看完整身份证号' }).click();
        await eventually(textOf(page.getByRole('dialog'))).toContain('审计日志');
        await page.getByRole('dialog').getByRole('button', { name: '确认查看' }).click();
        await eventually(textOf(page.locator('[data-field="idCard"]'))).toBe(id);

        // 开通登录：打印激活单。
        await page.getByRole('button', { name: '开通登录' }).click();
        const slip = page.locator('.rz-reg-slip');
        await slip.waitFor();
        await eventually(textOf(slip)).toContain('戎志志愿者登录激活单');
        expect(await textOf(slip)()).toContain('139****0071');
        expect(await textOf(slip)()).toContain(h.baseUrl);
        expect(((await slip.locator('.rz-reg-slip-code').textContent()) ?? '').replace(/\s/g, '')).toMatch(
          /^\d{8}$/,
        );
        await screenshot(page, 'activation-slip.png');
        await page.emulateMedia({ media: 'print' });
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
        await screenshot(page, 'activation-slip-print.png');
        await page.emulateMedia({ media: 'screen' });
        await page.getByRole('dialog').getByRole('button', { name: '关闭', exact: true }).first().click();

        // 同一身份证号再登记：提示已登记，链接到已有记录。
        await page.goto('/volunteers/new');
        await waitForContent(page, '登记志愿者');
        await page.getByLabel('姓名', { exact: true }).fill('赵卫国');
        await page.getByLabel('身份证号', { exact: true }).fill(id.toLowerCase());
        await page.getByRole('button', { name: '登记', exact: true }).click();
        const conflict = page.locator('.rz-reg-conflict');
        await eventually(textOf(conflict)).toContain('该身份证号已登记');
        await conflict.getByRole('link', { name: '查看该志愿者' }).click();
        await page.waitForURL(`**/volunteers/${volunteerId}`);
        await waitForContent(page, '赵卫国');

        // Another county cannot see the person: it is told only 已在其他地区登记, and may ask to join.
        const other = await openSignedIn(h, 'guantao');
        try {
          await other.page.goto('/volunteers/new');
          await waitForContent(other.page, '登记志愿者');
          await other.page.getByLabel('姓名', { exact: true }).fill('赵卫国');
          await other.page.getByLabel('身份证号', { exact: true }).fill(id);
          await other.page.getByRole('button', { name: '登记', exact: true }).click();
          const elsewhere = other.page.locator('.rz-reg-conflict');
          await eventually(textOf(elsewhere)).toContain('已在其他地区登记');
          // 馆陶县 asks for the person to join one of its teams…
          const team = (
            await apiGet<{ items: TeamSummary[] }>(
              other.page,
              '/api/teams?pageSize=1&sort=name&status=approved',
            )
          ).items[0]!;
          await elsewhere.getByRole('button', { name: '申请加入本辖区队伍' }).click();
          const dialog = other.page.getByRole('dialog');
          await dialog.waitFor();
          await chooseOption(
            other.page,
            '加入的队伍',
            `${team.name}（${team.region.name}）`,
            team.name.slice(0, 4),
          );
          await clickDialogButton(other.page, '提交申请');
          await eventually(textOf(other.page.locator('.ant-message'))).toContain('申请已提交');

          // …and 大名县, which holds the record, approves it on its volunteers page.
          await page.goto('/volunteers');
          await waitForContent(page, '志愿者');
          const card = page.locator('.rz-reg-join-card');
          await eventually(textOf(card)).toContain(team.name);
          await card.getByRole('button', { name: '批准：赵卫国' }).click();
          await card.waitFor({ state: 'detached' });
          await page.goto(`/volunteers/${volunteerId}`);
          await waitForContent(page, '赵卫国');
          await eventually(() => columnTexts(page, '队伍')).toContain(team.name);
        } finally {
          await other.context.close();
        }
      });
    },
    TIMEOUT,
  );

  for (const elderly of [false, true]) {
    const mode = elderly ? '适老模式（含 AAA 7:1 对比度）' : '普通模式';
    it(
      `${mode}下队伍、志愿者、覆盖、导入各页没有严重或致命的无障碍问题`,
      async () => {
        const { context, page } = await openSignedIn(h, 'daming', { elderly });
        const failures: Record<string, AxeProblem[]> = {};
        try {
          const teams = await apiGet<{ items: TeamSummary[] }>(
            page,
            `/api/teams?q=${encodeURIComponent('金戈')}&pageSize=5`,
          );
          const team = teams.items[0]!;
          // The team registered in the first test has a full registration history (a Timeline).
          const reviewed = await apiGet<{ items: TeamSummary[] }>(
            page,
            `/api/teams?q=${encodeURIComponent('护学岗')}&pageSize=5`,
          );
          const volunteer = (await apiGet<{ items: { id: string }[] }>(page, '/api/volunteers?pageSize=1'))
            .items[0]!;
          const suffix = elderly ? '-elderly' : '';
          const pages = [
            { name: 'teams', url: '/teams', shot: `teams${suffix}.png` },
            { name: 'team-detail', url: `/teams/${team.id}`, shot: `team-detail${suffix}.png` },
            ...reviewed.items.map((t) => ({ name: 'team-history', url: `/teams/${t.id}`, shot: undefined })),
            { name: 'team-form', url: '/teams/new', shot: elderly ? 'team-form-elderly.png' : undefined },
            { name: 'volunteers', url: '/volunteers', shot: `volunteers${suffix}.png` },
            {
              name: 'volunteer-form',
              url: '/volunteers/new',
              shot: elderly ? 'volunteer-form-elderly.png' : undefined,
            },
            {
              name: 'volunteer-detail',
              url: `/volunteers/${volunteer.id}`,
              shot: elderly ? 'volunteer-detail-elderly.png' : 'volunteer-detail.png',
            },
            { name: 'coverage', url: '/coverage', shot: elderly ? 'coverage-elderly.png' : undefined },
            { name: 'imports', url: '/imports', shot: elderly ? 'imports-elderly.png' : undefined },
          ];
          for (const p of pages) {
            await page.goto(p.url);
            await waitForContent(page);
            await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
            if (elderly) expect(await page.locator('html').getAttribute('data-elderly')).toBe('true');
            const problems = await seriousViolations(page, { enhancedContrast: elderly });
            if (problems.length > 0) failures[p.name] = problems;
            if (p.shot) await screenshot(page, p.shot, true);
          }
        } finally {
          await context.close();
        }
        if (Object.keys(failures).length > 0) console.error(JSON.stringify(failures, null, 2));
        expect(failures).toEqual({});
      },
      TIMEOUT * 2,
    );
  }

  it(
    '手机宽度 390px（适老模式）：各页不横向溢出，表格在卡片内横向滚动',
    async () => {
      await withSignedInPage(
        h,
        'daming',
        async ({ page }) => {
          for (const url of [
            '/teams',
            '/volunteers',
            '/teams/new',
            '/volunteers/new',
            '/coverage',
            '/imports',
          ]) {
            await page.goto(url);
            await waitForContent(page);
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            expect(overflow, url).toBeLessThanOrEqual(0);
          }
          await page.goto('/teams');
          await waitForContent(page);
          await screenshot(page, 'teams-390-elderly.png');
          // Buttons keep the theme's control height (48px in 适老模式).
          const height = await page
            .getByRole('button', { name: '新建队伍' })
            .evaluate((el) => el.getBoundingClientRect().height);
          expect(height).toBeGreaterThanOrEqual(48);
        },
        { elderly: true, width: 390, height: 844 },
      );
    },
    TIMEOUT,
  );
});
