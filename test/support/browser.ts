/**
 * Browser journeys: the real app listening on a local port, driven by the
 * machine's own Chromium (never a downloaded one), with axe-core checks.
 *
 *   describe('a journey', { skip: skipWithoutBrowser }, () => {
 *     const ui = signedInSuite(WORKER.email);
 *     test('…', async () => {
 *       await visitAccessible(ui.page, ui.site.url('/caseload'), 'the team page');
 *       assert.deepEqual(ui.problems(), []);
 *     });
 *   });
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import type { Db } from '../../src/db/database.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { startTestApp, type TestApp } from './app.ts';
import { openTestDatabase, type TestDatabase } from './databases.ts';
import { ARTIFACTS_DIR, browserPath } from './environment.ts';

/** For `describe(…, { skip })`: the runner has already said in one line why. */
export const skipWithoutBrowser: string | false = browserPath() ? false : 'Chromium not available';

/** Generous: a loaded machine must not fail a journey merely by being slow. */
export const BROWSER_TIMEOUT_MS = 30_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const SCREENSHOTS_DIR = new URL('screenshots/', ARTIFACTS_DIR);

export interface BrowserSite {
  /** `http://127.0.0.1:<port>` with the path appended. */
  url(path: string): string;
  test: TestApp;
  browser: Browser;
  /** A page in a context of its own: no cookies shared with other pages. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real app (demo council, fake clock at 09:00 on the test day) on a fresh
 * PGlite database, listening on 127.0.0.1 at a free port, and a headless Chromium.
 */
export async function startBrowserSite(settings: Record<string, string> = {}, options: { port?: number } = {}): Promise<BrowserSite> {
  const executablePath = browserPath();
  if (!executablePath) throw new Error('No Chromium for this run: define the suite with { skip: skipWithoutBrowser }');
  const contexts: BrowserContext[] = [];
  let database: TestDatabase | undefined;
  let test: TestApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await browser?.close().catch(() => {});
    await test?.app.close();
    await database?.close();
  };
  try {
    database = await openTestDatabase('pglite', 'demo');
    // DEMO=1 shows the pages as a person trying the demo sees them.
    test = await startTestApp(database, { DEMO: '1', ...settings });
    await test.app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const { port } = test.app.server.address() as AddressInfo;
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
    const started = { test, browser };
    return {
      url: (path) => `http://127.0.0.1:${port}${path}`,
      ...started,
      async newPage() {
        const context = await started.browser.newContext({ viewport: { width: 1024, height: 768 } });
        contexts.push(context);
        context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
        context.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
        return context.newPage();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Navigates and returns the main document's response (never null for an http URL). */
export async function visit(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `no response for ${url}`);
  return response;
}

/** Signs in through the form as a person would; waits for the page it lands on. */
export async function signIn(page: Page, site: BrowserSite, email: string, password = DEMO_PASSWORD): Promise<void> {
  await visit(page, site.url('/sign-in'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // Exact: with single sign-on on, the page also has "Sign in with …".
  await pressButton(page, 'Sign in', { exact: true });
}

export interface SignedInPage {
  page: Page;
  /** What has shown up red in the console since the page opened (see watchForProblems). */
  problems: () => string[];
}

/** A new page on the site, watched for problems from the start, signed in as the person with this email. */
export async function openSignedInPage(site: BrowserSite, email: string, password = DEMO_PASSWORD): Promise<SignedInPage> {
  const page = await site.newPage();
  const problems = watchForProblems(page);
  await signIn(page, site, email, password);
  return { page, problems };
}

/**
 * The site and one page signed in as the person with this email, for a suite
 * that needs no records of its own. Suites that add records start the site,
 * add them, then call openSignedInPage.
 */
export async function startSignedInSite(email: string, password = DEMO_PASSWORD): Promise<SignedInPage & { site: BrowserSite }> {
  const site = await startBrowserSite();
  try {
    return { site, ...(await openSignedInPage(site, email, password)) };
  } catch (error) {
    await site.close();
    throw error;
  }
}

export interface SignedInSuite extends SignedInPage {
  site: BrowserSite;
}

/**
 * For the describe block it is called in: before the tests, the site, the
 * records `prepare` adds, and one page signed in as the person with this
 * email; after them, all of it closed.
 */
export function signedInSuite(email: string, prepare?: (db: Db) => Promise<void>, password = DEMO_PASSWORD): SignedInSuite {
  const suite = {} as SignedInSuite;
  before(async () => {
    suite.site = await startBrowserSite();
    await prepare?.(suite.site.test.database.db);
    Object.assign(suite, await openSignedInPage(suite.site, email, password));
  });
  after(async () => suite.site?.close());
  return suite;
}

/** Goes to the page and checks it with axe-core, naming it in any failure. */
export async function visitAccessible(page: Page, url: string, what: string): Promise<void> {
  await visit(page, url);
  await assertAccessible(page, what);
}

/** The messages in the page's error summary, in the order it lists them. */
export async function errorSummaryMessages(page: Page): Promise<string[]> {
  return page.locator('.govuk-error-summary').getByRole('link').allInnerTexts();
}

/** The page's error summary lists exactly these messages, in this order, and the page still passes axe-core. */
export async function assertErrorSummary(page: Page, what: string, messages: string[]): Promise<void> {
  assert.deepEqual(await errorSummaryMessages(page), messages);
  await assertAccessible(page, what);
}

/** Follows the error summary's link for a message; returns the id of the field that then has focus. */
export async function followErrorLink(page: Page, message: string | RegExp): Promise<string | undefined> {
  await page.locator('.govuk-error-summary').getByRole('link', { name: message }).click();
  return page.evaluate(() => document.activeElement?.id);
}

/** Fills a GOV.UK date input, found by its fieldset's legend (the whole legend). */
export async function fillDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

/** Does what leads to another page (a click, a key) and waits for that page to load: waiting for "load" after it may see the page being left. */
export async function followTo(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

/** Presses a button (its name matched in part, or whole with `exact`) and waits for the page it leads to. */
export async function pressButton(page: Page, name: string, options: { exact?: boolean } = {}): Promise<void> {
  await followTo(page, () => page.getByRole('button', { name, exact: options.exact ?? false }).click());
}

/**
 * Runs axe-core on the page with the WCAG 2.1 A/AA rules and best practice.
 *
 * The page's Content-Security-Policy (script-src 'self' with a nonce) blocks
 * an inline <script> that page.addScriptTag would add, so axe's source is
 * evaluated through the DevTools protocol instead, which CSP does not govern.
 * Nothing else about the page is loosened: its own scripts still run under CSP.
 */
export async function runAxe(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    }),
    AXE_TAGS,
  );
  return results.violations;
}

export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`);
      return `  ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}\n  ${violation.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails with every violation's rule, help text and the elements it found. */
export async function assertAccessible(page: Page, what = page.url()): Promise<void> {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe found ${violations.length} accessibility problem(s) on ${what}:\n${describeViolations(violations)}`);
}

/**
 * Collects what would show up as red in the browser console: script errors,
 * console errors (including CSP refusals) and sub-resources that failed. The
 * main document's own status (a 404 page, a 403 page) is not a problem.
 */
export function watchForProblems(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Chromium logs every 4xx/5xx response here; sub-resources are checked below instead.
    if (text.startsWith('Failed to load resource')) return;
    problems.push(`console error: ${text}`);
  });
  // The browser asks for /favicon.ico by itself; the pages name no icon.
  const favicon = (url: string) => new URL(url).pathname === '/favicon.ico';
  page.on('requestfailed', (request) => {
    if (!favicon(request.url())) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest() && !favicon(request.url())) {
      problems.push(`${response.status()} for ${request.url()}`);
    }
  });
  return () => [...problems];
}

/** The visible text of the page, for checks on what a person reads. */
export async function pageText(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

/** Stack traces, source paths or error class names on a page meant for people. */
export function assertNoStackTrace(text: string): void {
  assert.doesNotMatch(text, /\bat [\w.<>]+ \(|\bat (file|node):|node_modules|\.(ts|js|mjs):\d+|\b(TypeError|ReferenceError|HttpError|Error):/);
}

/** Saves a full-page screenshot in .test-artifacts/screenshots/ for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: fileURLToPath(new URL(`${name}.png`, SCREENSHOTS_DIR)), fullPage: true });
}
