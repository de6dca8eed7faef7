import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, fillDate, followErrorLink, openSignedInPage, pageText, pressButton, screenshot, skipWithoutBrowser, startBrowserSite, visit, visitAccessible, type BrowserSite } from '../../../test/support/browser.ts';
import { TEST_PASSWORD } from '../../../test/support/users.ts';
import { reassessWorkers } from './service.ts';
import { buildCaseloadWorld, type CaseloadWorld } from '../../../test/support/caseload-world.ts';

/**
 * The caseload and variance pages in a real browser, each checked with
 * axe-core (WCAG 2.1 AA), including forms showing their errors: a team
 * manager adds a reduction that takes a worker over the red level, finds the
 * variance and records an action plan.
 */
describe('caseload and variance pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let w: CaseloadWorld;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    w = await buildCaseloadWorld(db);
    const today = '2026-11-23';
    await reassessWorkers(db, Object.values(w.users).map((u) => u.id), { today, now: site.test.clock.now(), trigger: 'daily check', actorId: null });
    ({ page, problems } = await openSignedInPage(site, w.users.tmA.email, TEST_PASSWORD));
  });
  after(async () => site?.close());

  test('the team page and a worker’s page', async () => {
    await visit(page, site.url('/caseload'));
    assert.match(await pageText(page), /Average caseload per case-holding FTE\s*4\.6 children per FTE/);
    await assertAccessible(page, 'the team page');
    await screenshot(page, 'caseload-team');
    assert.match(await pageText(page), /Overdue work/);
    await page.getByRole('link', { name: 'Rae Reed', exact: true }).click();
    await page.waitForLoadState('load');
    assert.match(await pageText(page), /94\.5%/);
    await assertAccessible(page, 'a worker’s page');
  });

  test('adding a reduction: its errors, then a variance opens', async () => {
    await visitAccessible(page, site.url(`/caseload/workers/${w.users.workerR.id}/reductions/new`), 'the reduction form');
    await page.getByLabel('Percentage of working time').fill('20');
    await page.getByLabel('Hours a week').fill('4');
    await pressButton(page, 'Add reduction', { exact: true });
    assert.match(await pageText(page), /There is a problem/);
    await assertAccessible(page, 'the reduction form with errors');
    assert.equal(await followErrorLink(page, 'Enter a percentage or hours a week, not both'), 'percent');
    await page.getByLabel('Special duties').check();
    await page.getByLabel('Hours a week').fill('');
    await fillDate(page, 'Start date', '1', '11', '2026');
    await fillDate(page, 'End date', '28', '2', '2027');
    await pressButton(page, 'Add reduction', { exact: true });
    assert.match(await pageText(page), /Reduction added/);
    assert.match(await pageText(page), /118\.1%/);
    await assertAccessible(page, 'a worker’s page with a reduction and a variance');
    await screenshot(page, 'caseload-worker');
  });

  test('the register, the variance and its action plan', async () => {
    await visitAccessible(page, site.url('/variances?state=open'), 'the variance register');
    await page.getByRole('link', { name: /Over capacity, red for Rae Reed/ }).click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'a variance');
    await page.getByRole('button', { name: 'Record an action plan' }).click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'the action form');
    await page.getByLabel('Reallocate named children').check();
    await pressButton(page, 'Add action', { exact: true });
    assert.match(await pageText(page), /Select the children to reallocate/);
    await assertAccessible(page, 'the action form with errors');
    await page.getByLabel(/Kit Rchild1 – 10\.5 points/).check();
    await page.getByLabel('What will be done').fill('Move one case to a colleague with room');
    await page.getByLabel('Who will do it').selectOption({ label: 'Person psA – Practice supervisor / senior practitioner, North A' });
    await fillDate(page, 'Due date', '4', '12', '2026');
    await pressButton(page, 'Add action', { exact: true });
    assert.match(await pageText(page), /Action added to the plan/);
    await assertAccessible(page, 'a variance with its plan');
    await screenshot(page, 'variance');
  });

  test('promptness measures and the home page', async () => {
    await visitAccessible(page, site.url('/variances/measures'), 'the promptness measures');
    await screenshot(page, 'variance-measures');
    await visit(page, site.url('/'));
    assert.match(await pageText(page), /What you owe/);
    await assertAccessible(page, 'the home page with what is owed');
    assert.deepEqual(problems(), []);
  });
});
