import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve';

/** The Debian browser CI installs; tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

export const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export const codes = {
  handan: '130400000000',
  daming: '130425000000',
  damingTown: '130425100000',
} as const;

export interface Harness {
  server: RunningServer;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/** One real server (fresh SQLite with the Handan regions, serving dist/web) and one browser per test file. */
export async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-e2e-'));
  mkdirSync(screenshotDir, { recursive: true });
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, seed: 'handan', logger: false });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    baseUrl: server.url,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PageOptions {
  /** Start in 适老模式 (set in localStorage before the app loads). */
  elderly?: boolean;
  width?: number;
  height?: number;
}

export async function openPage(
  h: Harness,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({
    baseURL: h.baseUrl,
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  if (options.elderly) {
    await context.addInitScript(() => {
      window.localStorage.setItem('rongzhi.elderly', '1');
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[browser pageerror]', error.message));
  return { context, page };
}

/**
 * The page has rendered its content: its <h1> is there (with `heading` as its text, when given: after a
 * client-side navigation the old page's <h1> is still there for a moment) and no skeleton is loading.
 */
export async function waitForContent(page: Page, heading?: string): Promise<void> {
  await page.locator('h1').first().waitFor({ state: 'visible' });
  if (heading !== undefined) await eventually(textOf(page.locator('h1').first())).toBe(heading);
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage });
}

export interface AxeProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/**
 * Axe violations of impact serious or critical, in a form that reads well in a failed assertion.
 * Beyond axe's defaults it checks target size (WCAG 2.2: 24px), and with `enhancedContrast` the
 * AAA 7:1 text contrast that 适老模式 promises.
 */
export async function seriousViolations(
  page: Page,
  options: { enhancedContrast?: boolean } = {},
): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page })
    .options({
      rules: {
        'target-size': { enabled: true },
        'color-contrast-enhanced': { enabled: options.enhancedContrast ?? false },
      },
    })
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
}

export async function computedFontSize(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(window.getComputedStyle(el).fontSize));
}

/** playwright-core has no web-first assertions: poll the page until the expectation holds (or 15 s pass). */
export function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

export const textOf = (locator: Locator) => async () => ((await locator.textContent()) ?? '').trim();
export const attrOf = (locator: Locator, name: string) => () => locator.getAttribute(name);
