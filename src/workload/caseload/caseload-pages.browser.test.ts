import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, pageText, pressButton, screenshot, signIn, skipWithoutBrowser, startBrowserSite, visit, watchForProblems, type BrowserSite } from '../../../test/support/browser.ts';
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
    page = await site.newPage();
    problems = watchForProblems(page);
    await signIn(page, site, w.users.tmA.email, TEST_PASSWORD);
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
    await visit(page, site.url(`/caseload/workers/${w.users.workerR.id}/reductions/new`));
    await assertAccessible(page, 'the reduction form');
    await page.getByLabel('Percentage of working time').fill('20');
    await page.getByLabel('Hours a week').fill('4');
    await pressButton(page, 'Add reduction', { exact: true });
    assert.match(await pageText(page), /There is a problem/);
    await assertAccessible(page, 'the reduction form with errors');
    await page.getByRole('link', { name: 'Enter a percentage or hours a week, not both' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'percent');
    await page.getByLabel('Special duties').check();
    await page.getByLabel('Hours a week').fill('');
    const start = page.getByRole('group', { name: 'Start date' });
    await start.getByLabel('Day').fill('1');
    await start.getByLabel('Month').fill('11');
    await start.getByLabel('Year').fill('2026');
    const end = page.getByRole('group', { name: 'End date' });
    await end.getByLabel('Day').fill('28');
    await end.getByLabel('Month').fill('2');
    await end.getByLabel('Year').fill('2027');
    await pressButton(page, 'Add reduction', { exact: true });
    assert.match(await pageText(page), /Reduction added/);
    assert.match(await pageText(page), /118\.1%/);
    await assertAccessible(page, 'a worker’s page with a reduction and a variance');
    await screenshot(page, 'caseload-worker');
  });

  test('the register, the variance and its action plan', async () => {
    await visit(page, site.url('/variances?state=open'));
    await assertAccessible(page, 'the variance register');
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
    const due = page.getByRole('group', { name: 'Due date' });
    await due.getByLabel('Day').fill('4');
    await due.getByLabel('Month').fill('12');
    await due.getByLabel('Year').fill('2026');
    await pressButton(page, 'Add action', { exact: true });
    assert.match(await pageText(page), /Action added to the plan/);
    await assertAccessible(page, 'a variance with its plan');
    await screenshot(page, 'variance');
  });

  test('promptness measures and the home page', async () => {
    await visit(page, site.url('/variances/measures'));
    await assertAccessible(page, 'the promptness measures');
    await screenshot(page, 'variance-measures');
    await visit(page, site.url('/'));
    assert.match(await pageText(page), /What you owe/);
    await assertAccessible(page, 'the home page with what is owed');
    assert.deepEqual(problems(), []);
  });
});
