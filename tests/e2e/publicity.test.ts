import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  chooseOption,
  eventually,
  openPage,
  openSignedIn,
  screenshot,
  screenshotDir,
  startHarness,
  textOf,
  waitForContent,
  type Harness,
} from './browser';

const TIMEOUT = 240_000;
const PUBLISHED = '大名县老兵护学岗：风雨中的守护';
const DRAFT = '仍在草稿中的稿件不应公开';

async function apiGet<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${u} → ${res.status} ${await res.text()}`);
    return (await res.json()) as unknown;
  }, url) as Promise<T>;
}

/** Writes a story in the editor and saves it as a draft; resolves with its id. */
async function writeStory(page: Page, title: string, text: string): Promise<string> {
  await page.goto('/publicity/stories/new');
  await waitForContent(page, '撰写稿件');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('摘要').fill('大名县退役军人志愿者在校门口护学的故事');
  await page.getByRole('textbox', { name: '段落' }).fill(text);
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(/\/publicity\/stories\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('宣传展示与公众门户：浏览器', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it(
    '县级撰写、审核、发布的稿件出现在门户，草稿不出现',
    async () => {
      const staff = await openSignedIn(h, 'daming');
      const phone = await openPage(h, { width: 390, height: 844 });
      try {
        const page = staff.page;
        const id = await writeStory(page, PUBLISHED, '每天清晨七点，老兵们准时出现在校门口，**风雨无阻**。');
        await page.getByRole('button', { name: '审核通过' }).click();
        await eventually(textOf(page.locator('h1 .ant-tag'))).toBe('已审核');
        await page.getByRole('button', { name: '发布到门户' }).click();
        await eventually(textOf(page.locator('h1 .ant-tag'))).toBe('已发布');
        const draftId = await writeStory(page, DRAFT, '这是一篇草稿。');
        await eventually(textOf(page.locator('h1 .ant-tag'))).toBe('草稿');
        await screenshot(page, 'publicity-story-editor.png', true);

        // The public, signed-out phone view.
        const portal = phone.page;
        await portal.goto('/portal');
        await waitForContent(portal, '邯郸市退役军人志愿服务公众门户');
        const titles = portal.locator('.rz-portal-stories strong');
        await eventually(async () => (await titles.allTextContents()).includes(PUBLISHED)).toBe(true);
        expect(await titles.allTextContents()).not.toContain(DRAFT);
        await expect.poll(() => portal.locator('.rz-portal-number dd').count()).toBe(4);
        await screenshot(portal, 'publicity-portal-home.png', true);

        await portal.getByRole('link', { name: new RegExp(PUBLISHED) }).click();
        await waitForContent(portal, PUBLISHED);
        expect(await portal.locator('.rz-story-body strong').textContent()).toBe('风雨无阻');
        // Narrow page: the article fits the phone's width.
        const width = await portal.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(390);
        await screenshot(portal, 'publicity-portal-story.png', true);
        expect(portal.url()).toContain(`/portal/stories/${id}`);

        await portal.goto(`/portal/stories/${draftId}`);
        await portal.getByRole('alert').waitFor();
        expect(await portal.getByRole('alert').textContent()).toContain('不存在或尚未发布');
      } finally {
        await staff.context.close();
        await phone.context.close();
      }
    },
    TIMEOUT,
  );

  it(
    '风采海报：未授权时拒绝；记录授权后预览、保存并下载为模板尺寸的 PNG',
    async () => {
      const staff = await openSignedIn(h, 'daming');
      try {
        const page = staff.page;
        const hits = await apiGet<{ items: { id: string; name: string; hint: string; consent: boolean }[] }>(
          page,
          '/api/publicity/subjects?kind=volunteer&q=',
        );
        const someone = hits.items.find((v) => !v.consent);
        expect(someone, 'a demo volunteer without consent').toBeTruthy();

        await page.goto('/publicity/posters');
        await waitForContent(page, '志愿者风采海报');
        await chooseOption(
          page,
          '选择对象',
          `${someone!.name}（${someone!.hint}）（未同意宣传）`,
          someone!.hint,
        );
        await page.getByRole('button', { name: '预览' }).click();
        await page.getByRole('alert').waitFor();
        expect(await page.getByRole('alert').textContent()).toContain('尚未同意宣传');

        await page.getByRole('button', { name: '记录本人同意' }).click();
        await page.locator('.ant-popconfirm').getByRole('button', { name: '记录本人同意' }).click();
        await eventually(textOf(page.locator('.rz-pub-consent .ant-tag'))).toBe('本人已同意宣传');

        await page.locator('.ant-radio-button-wrapper', { hasText: '清新' }).click();
        await page.getByLabel('寄语（可选，不超过40字）').fill('退役不褪色，服务永远在路上');
        await page.getByRole('button', { name: '预览' }).click();
        await page.locator('.rz-pub-poster-img').waitFor();
        await page.getByRole('button', { name: '生成并保存' }).click();
        const row = page
          .locator('.rz-pub-poster-list tbody tr.ant-table-row')
          .filter({ hasText: someone!.name });
        await row.first().waitFor();
        await screenshot(page, 'publicity-posters-page.png', true);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          row
            .first()
            .getByRole('link', { name: /下载 PNG/ })
            .click(),
        ]);
        const file = path.join(screenshotDir, 'publicity-poster.png');
        await download.saveAs(file);
        const png = readFileSync(file);
        expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
        expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({
          width: 1080,
          height: 1920,
        });

        // Published, it shows on the portal.
        await row.first().getByRole('button', { name: '发布到门户' }).click();
        await eventually(textOf(row.first().locator('.ant-tag'))).toBe('已发布');
        const posters = await apiGet<{ items: { subjectName: string }[] }>(page, '/api/public/posters');
        expect(posters.items.map((p) => p.subjectName)).toContain(someone!.name);
      } finally {
        await staff.context.close();
      }
    },
    TIMEOUT,
  );
});
