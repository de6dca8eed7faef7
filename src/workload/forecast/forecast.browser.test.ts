import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, openSignedInPage, pageText, screenshot, skipWithoutBrowser, startBrowserSite, visit, type BrowserSite } from '../../../test/support/browser.ts';
import { buildCaseloadWorld, type CaseloadWorld } from '../../../test/support/caseload-world.ts';
import { TEST_PASSWORD } from '../../../test/support/users.ts';

/**
 * The forecast on the team caseload page and a worker's page in a real
 * browser, checked with axe-core: a team manager sees that a worker whose
 * special-duties reduction starts next week is forecast over red, follows the
 * link and finds the week and the reason.
 */
describe('the caseload forecast in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let w: CaseloadWorld;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    w = await buildCaseloadWorld(db);
    // Rae Reed is at 94.5% today; 30% off for special duties from 1 December takes her to 135%.
    await db.insertInto('workload_reductions').values({ user_id: w.users.workerR.id, reason: 'special_duties', percent: 30, start_date: '2026-12-01', end_date: '2027-02-28' }).execute();
    ({ page, problems } = await openSignedInPage(site, w.users.tmA.email, TEST_PASSWORD));
  });
  after(async () => site?.close());

  test('the team page flags the worker forecast over red, with the chart and the figures', async () => {
    await visit(page, site.url(`/caseload/teams/${w.teams.northA}`));
    const text = await pageText(page);
    assert.match(text, /1 worker is forecast to go over the red level of 110% within 4 weeks/);
    assert.match(text, /Rae Reed\s*’s forecast\s*: 135% by 7 December 2026 \(week 2\)/);
    assert.match(text, /1 reduction starts: special duties/);
    assert.equal(await page.locator('#forecast ~ figure svg[role="img"]').count(), 1);
    await assertAccessible(page, 'the team page with the forecast');
    await screenshot(page, 'caseload-forecast-team');
  });

  test('the worker page shows the crossing and the week it happens', async () => {
    await page.locator('#forecast-flagged').getByRole('link', { name: 'Rae Reed' }).click();
    await page.waitForLoadState('load');
    const text = await pageText(page);
    assert.match(text, /Forecast to go over the red level of 110% by 7 December 2026 \(135%\), within 4 weeks/);
    assert.match(text, /Week 2: 7 December 2026/);
    await assertAccessible(page, 'a worker’s page with the forecast');
    await page.setViewportSize({ width: 390, height: 844 });
    await assertAccessible(page, 'a worker’s page with the forecast, 390 px wide');
    await screenshot(page, 'caseload-forecast-worker');
    assert.deepEqual(problems(), []);
  });
});
