/**
 * The pages a social worker uses in the field, and a manager's caseload page,
 * at 390 px wide (a common phone): nothing runs past the screen's edge, a wide
 * table scrolls inside a labelled region with its first column kept in view,
 * and each page passes axe-core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertAccessible, type BrowserSite, openSignedInPage, screenshot, signedInSuite, skipWithoutBrowser, startBrowserSite, visit } from '../support/browser.ts';

const PHONE = { width: 390, height: 844 };
const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;

/** How far the page itself is wider than the screen, in CSS pixels (0 when it fits). */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Tables that do not fit the screen and are not inside a labelled, focusable scroll region. */
async function unwrappedWideTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main table')]
      .filter((table) => table.getBoundingClientRect().width > document.documentElement.clientWidth)
      .filter((table) => {
        const region = table.closest('[role="region"]');
        return !region || !region.getAttribute('aria-label') || region.getAttribute('tabindex') !== '0';
      })
      .map((table) => table.querySelector('caption')?.textContent?.trim() || table.querySelector('th')?.textContent?.trim() || 'a table'),
  );
}

/** The elements that reach past the screen's right edge outside a scroll region: what a failure names. */
async function pastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.steadfast-table-scroll'))
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`),
  );
}

/** Each scroll region scrolled to its far end: how far its first column has moved from the region's left edge (0 when kept in view). */
async function keyColumnDrift(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main .steadfast-table-scroll--key-column')].map((region) => {
      region.scrollLeft = region.scrollWidth;
      const cell = region.querySelector('tbody tr td:first-child, tbody tr th:first-child');
      const drift = cell ? Math.round(Math.abs(cell.getBoundingClientRect().left - region.getBoundingClientRect().left)) : 0;
      region.scrollLeft = 0;
      return drift;
    }),
  );
}

async function assertFitsPhone(page: Page, path: string, what: string): Promise<void> {
  await visit(page, path);
  assert.equal(await pageOverflow(page), 0, `${what}: the page is no wider than the phone; past the edge: ${(await pastTheEdge(page)).join(', ')}`);
  assert.deepEqual(await unwrappedWideTables(page), [], `${what}: every wide table scrolls in a labelled region`);
  assert.ok((await keyColumnDrift(page)).every((drift) => drift <= 1), `${what}: the first column stays in view as a table scrolls`);
  await assertAccessible(page, `${what} at 390 px`);
  await screenshot(page, `phone-${what.replace(/\W+/g, '-')}`);
}

describe('a social worker in the field, on a phone', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(WORKER.email);

  test('my children, a child, recording a visit and work due fit a 390 px screen', async () => {
    await ui.page.setViewportSize(PHONE);
    await assertFitsPhone(ui.page, ui.site.url('/my-children'), 'my children');
    const firstChild = await ui.page.locator('main table a[href^="/children/"]').first().getAttribute('href');
    assert.ok(firstChild, 'the worker has children');
    await assertFitsPhone(ui.page, ui.site.url(firstChild), "a child's summary");
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/visits`), "a child's visits");
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/notes/new`), 'recording a visit note');
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/visits/new`), 'recording a visit');
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/visits/frequency`), 'a plan’s visiting frequency');
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/visits/private-fostering`), 'recording private fostering');
    await assertFitsPhone(ui.page, ui.site.url(`${firstChild}/visits/private-fostering/end`), 'ending private fostering');
    await assertFitsPhone(ui.page, ui.site.url('/work'), 'work due');
    await assertFitsPhone(ui.page, ui.site.url('/caseload'), 'my caseload');
    assert.deepEqual(ui.problems(), []);
  });
});

describe("a manager's caseload page, on a phone", { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(MANAGER.email);

  test("the team's caseloads and work due fit a 390 px screen", async () => {
    await ui.page.setViewportSize(PHONE);
    await assertFitsPhone(ui.page, ui.site.url('/caseload'), "the team's caseloads");
    await assertFitsPhone(ui.page, ui.site.url('/work'), "the team's work due");
    await assertFitsPhone(ui.page, ui.site.url('/work/timeliness'), "the team's timeliness and children seen alone");
    await assertFitsPhone(ui.page, ui.site.url('/staff'), 'the staff pages');
    assert.deepEqual(ui.problems(), []);
  });
});

describe("a service manager's team table, on a laptop", { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(DEMO_ACCOUNTS.find((a) => a.role === 'service_manager')!.email);

  test('every column of the service’s team table shows at 1280 px without sideways scrolling', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 800 });
    await visit(ui.page, ui.site.url('/caseload'));
    const table = await ui.page.evaluate(() => {
      const region = document.querySelector('main .steadfast-table-scroll');
      const headers = [...(region?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent?.trim() ?? '');
      return { headers, hidden: region ? region.scrollWidth - region.clientWidth : -1 };
    });
    assert.ok(table.headers.includes('First call') && table.headers.includes('Supervision overdue'), `the table has its columns: ${table.headers.join(' | ')}`);
    assert.equal(table.hidden, 0, 'no column is hidden behind sideways scrolling');
    await assertAccessible(ui.page, 'the service’s team table at 1280 px');
    await screenshot(ui.page, 'laptop-service-team-table');
    assert.deepEqual(ui.problems(), []);
  });
});

describe('every role’s menu, on a laptop', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  before(async () => {
    site = await startBrowserSite();
  });
  after(async () => site?.close());

  test('at 1280 px each role’s menu fits on one line', async () => {
    const wrapped: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const { page, problems } = await openSignedInPage(site, account.email);
      await page.setViewportSize({ width: 1280, height: 800 });
      await visit(page, site.url('/'));
      const items = await page.evaluate(() =>
        [...document.querySelectorAll('.govuk-service-navigation__item')].map((item) => ({ text: item.textContent?.trim() ?? '', top: Math.round(item.getBoundingClientRect().top) })),
      );
      assert.ok(items.length >= 3, `${account.role} has a menu`);
      const lines = new Set(items.map((item) => item.top)).size;
      if (lines > 1) wrapped.push(`${account.role} (${items.length} items on ${lines} lines: ${items.map((item) => item.text).join(', ')})`);
      if (account.role === 'team_manager') await screenshot(page, 'laptop-team-manager-menu');
      assert.deepEqual(problems(), []);
      await page.close();
    }
    assert.deepEqual(wrapped, [], 'no menu wraps');
  });
});
