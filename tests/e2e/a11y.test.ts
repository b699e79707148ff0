import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RegionChild } from '../../src/shared/regions';
import { describeWhen } from '../support/skip';
import {
  CHROMIUM,
  codes,
  openPage,
  screenshot,
  seriousViolations,
  startHarness,
  waitForContent,
  type AxeProblem,
  type Harness,
} from './browser';

const TIMEOUT = 60_000;

describeWhen(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`)('外壳页面无障碍（axe）', () => {
  let h: Harness;
  let villageCode: string;

  beforeAll(async () => {
    h = await startHarness();
    const res = await fetch(`${h.baseUrl}/api/regions/${codes.damingTown}/children`);
    const body = (await res.json()) as { items: RegionChild[] };
    const village = body.items[0];
    if (!village) throw new Error('大名镇 has no villages in the seed');
    villageCode = village.code;
  });

  afterAll(async () => {
    await h?.close();
  });

  const pages = (): { name: string; url: string; ready?: string }[] => [
    { name: 'home', url: '/' },
    { name: 'region-root', url: '/regions' },
    { name: 'county', url: `/regions/${codes.daming}` },
    { name: 'village', url: `/regions/${villageCode}` },
    {
      name: 'search',
      url: `/regions/${codes.handan}?q=${encodeURIComponent('大名')}`,
      ready: '.rz-search-hit',
    },
    { name: 'not-found', url: '/no-such-page' },
    { name: 'region-not-found', url: '/regions/139999999999' },
  ];

  for (const elderly of [false, true]) {
    const mode = elderly ? '适老模式（含 AAA 7:1 对比度）' : '普通模式';
    it(
      `${mode}下各页面没有严重或致命的无障碍问题`,
      async () => {
        const { context, page } = await openPage(h, { elderly });
        const failures: Record<string, AxeProblem[]> = {};
        try {
          for (const p of pages()) {
            await page.goto(p.url);
            await waitForContent(page);
            if (p.ready) await page.locator(p.ready).first().waitFor();
            if (elderly) expect(await page.locator('html').getAttribute('data-elderly')).toBe('true');
            const problems = await seriousViolations(page, { enhancedContrast: elderly });
            if (problems.length > 0) failures[p.name] = problems;
            await screenshot(page, `a11y-${p.name}${elderly ? '-elderly' : ''}.png`, true);
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
});
