import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { generate } from 'otplib';
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
  guantao: '130433000000',
} as const;

export interface Harness {
  server: RunningServer;
  browser: Browser;
  baseUrl: string;
  /** The server's data directory (SQLite file, master key, demo-accounts.txt). */
  dataDir: string;
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
    dataDir,
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

/**
 * The demo accounts a fresh server writes to `<dataDir>/demo-accounts.txt`, by username; `volunteer`
 * is the demo volunteer, who signs in with a mobile number.
 */
export type DemoUser =
  | 'handan'
  | 'daming'
  | 'guantao'
  | 'damingzhen'
  | 'cun'
  | 'junxiu1'
  | 'rongyao'
  | 'sysadmin'
  | 'secadmin'
  | 'auditor'
  | 'volunteer';

interface DemoLine {
  login: string;
  password: string;
  /** The TOTP secret of an account enrolled in two-factor login at creation; null when it has none. */
  secret: string | null;
  role: string;
}

const demoCache = new Map<string, DemoLine[]>();

/**
 * The lines of demo-accounts.txt after its two heading lines, like
 * `handan       Abc…pw  JBSW…(TOTP secret, or -)  市级管理员 · 邯郸市退役军人事务局  otpauth://…`
 * (login, password, two-factor secret, role · name, authenticator link).
 */
function demoLines(h: Harness): DemoLine[] {
  let lines = demoCache.get(h.dataDir);
  if (!lines) {
    const text = readFileSync(path.join(h.dataDir, 'demo-accounts.txt'), 'utf8');
    lines = [];
    for (const line of text.split('\n').slice(2)) {
      const [login, password, secret, role] = line.trim().split(/\s+/);
      if (login && password && secret && role)
        lines.push({ login, password, secret: secret === '-' ? null : secret, role });
    }
    demoCache.set(h.dataDir, lines);
  }
  return lines;
}

function demoLine(h: Harness, user: DemoUser): DemoLine {
  const line = demoLines(h).find((l) => (user === 'volunteer' ? l.role === '志愿者' : l.login === user));
  if (!line) throw new Error(`no demo account ${user} in ${h.dataDir}/demo-accounts.txt`);
  return line;
}

/** What a demo account types into 用户名/手机号: its username, or the volunteer's mobile number. */
export function demoLogin(h: Harness, user: DemoUser): string {
  return demoLine(h, user).login;
}

/** A demo account's password, as the server wrote it on first start. */
export function demoPassword(h: Harness, user: DemoUser): string {
  return demoLine(h, user).password;
}

/** A demo account's TOTP secret (the roles that must use two-factor login), or null. */
export function demoSecret(h: Harness, user: DemoUser): string | null {
  return demoLine(h, user).secret;
}

/**
 * Tests sign the same demo account in many times a minute, faster than authenticator codes change;
 * the refusal of a used code is tested on its own (src/modules/identity/twofactor.test.ts), so the
 * login helper forgets the account's last used time step in the server's database first.
 */
export function forgetLastCodeStep(h: Harness, login: string): void {
  const db = new Database(path.join(h.dataDir, 'rongzhi.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      'update account_two_factor set last_used_step = null where account_id = (select id from accounts where username = ?)',
    ).run(login);
  } finally {
    db.close();
  }
}

/** The current six-digit code of a demo account's authenticator, computed with otplib from its secret. */
export async function demoCode(h: Harness, user: DemoUser): Promise<string> {
  const secret = demoSecret(h, user);
  if (!secret) throw new Error(`demo account ${user} has no two-factor secret`);
  return generate({ secret });
}

/** Answer the login's second step (the 两步验证 form must be coming) with the account's current code. */
export async function submitSecondFactor(page: Page, h: Harness, user: DemoUser): Promise<void> {
  const field = page.getByLabel('验证码', { exact: true });
  await field.waitFor();
  forgetLastCodeStep(h, demoLogin(h, user));
  await field.fill(await demoCode(h, user));
  await page.getByRole('button', { name: '验证并登录' }).click();
}

/** Fill and send the login form on the page as it is (the login page must be showing). */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名/手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/**
 * Log the page in through the login form, as a person would; resolves once the console shows.
 * The one place that knows how logging in works: the password, then for the accounts enrolled in
 * two-factor login the authenticator's code.
 */
export async function logIn(
  page: Page,
  h: Harness,
  user: DemoUser,
  password: string = demoPassword(h, user),
): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, demoLogin(h, user), password);
  if (demoSecret(h, user)) await submitSecondFactor(page, h, user);
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.locator('.rz-user-button').waitFor();
}

/** A new browser context and page, logged in as `username`. */
export async function openSignedIn(
  h: Harness,
  username: DemoUser,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(h, options);
  try {
    await logIn(opened.page, h, username);
  } catch (error) {
    await opened.context.close();
    throw error;
  }
  return opened;
}

/** The labels of the main menu's entries, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem');
  return (await items.allTextContents()).map((s) => s.trim());
}

/** Pick an option of an antd Select by its field label, typing to filter first when `search` is given. */
export async function chooseOption(page: Page, label: string, option: string, search?: string) {
  await page.getByLabel(label, { exact: true }).click();
  if (search) await page.keyboard.type(search);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .and(page.locator(`[title="${option}"]`))
    .click();
}

/** The text of every cell of one column of the (first) data table, by header text. */
export async function columnTexts(page: Page, header: string, table = page.locator('.ant-table').first()) {
  const headers = (await table.locator('thead th').allTextContents()).map((s) => s.trim());
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`no column ${header} in ${headers.join(', ')}`);
  const cells = table.locator(`tbody tr.ant-table-row > td:nth-child(${index + 1})`);
  return (await cells.allTextContents()).map((s) => s.trim());
}

/**
 * Runs `body` with a new page signed in as `user` and closes its browser context afterwards, however
 * `body` ends. Given `null` for the harness, it starts a server and browser of its own for this one
 * call and stops them afterwards too.
 */
export async function withSignedInPage<T>(
  harness: Harness | null,
  user: DemoUser,
  body: (opened: { page: Page; context: BrowserContext; harness: Harness }) => Promise<T>,
  options: PageOptions = {},
): Promise<T> {
  const h = harness ?? (await startHarness());
  try {
    const { context, page } = await openSignedIn(h, user, options);
    try {
      return await body({ page, context, harness: h });
    } finally {
      await context.close();
    }
  } finally {
    if (!harness) await h.close();
  }
}
