import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, skipWithoutBrowser, startSignedInSite, visit, type BrowserSite } from '../../../test/support/browser.ts';

const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;

/**
 * A head of service changes a local timescale standard in a real browser on
 * the demo council: the page, its error summary (whose links move to the
 * field they name) and the saved page all pass axe-core's checks.
 */
describe('local timescale standards in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];

  before(async () => {
    ({ site, page, problems } = await startSignedInSite(HEAD.email));
  });
  after(async () => site?.close());

  async function save(): Promise<void> {
    await pressButton(page, 'Save standards');
  }

  test('the form, its errors linked to their fields, and a saved change', async () => {
    await visit(page, site.url('/'));
    // The head of service's menu groups the council's settings under one item.
    await Promise.all([page.waitForNavigation(), page.getByRole('navigation').getByRole('link', { name: 'Settings' }).first().click()]);
    assert.match(await pageText(page), /Settings\s+Supervision standards\s+Timescale standards\s+Caseload settings/);
    await assertAccessible(page, 'the settings group');
    await Promise.all([page.waitForNavigation(), page.getByRole('main').getByRole('link', { name: 'Timescale standards' }).click()]);
    assert.match(await pageText(page), /Local timescale standards/);
    await assertAccessible(page, 'the local timescale standards');

    await page.locator('#cpVisitEvery').fill('0');
    await page.locator('#termEnd2-day').fill('30');
    await page.locator('#termEnd2-month').fill('2');
    await save();
    await assertErrorSummary(page, 'the standards with errors', [
      'Visits to a child on a child protection plan must be every 1 to 130 working days, a whole number',
      'Summer term must end on a real day and month, like 31 3 (not 29 February)',
    ]);
    assert.equal(await followErrorLink(page, /Summer term/), 'termEnd2-day');
    await screenshot(page, 'timescale-standards-errors');

    await page.locator('#cpVisitEvery').fill('2');
    await page.locator('#cpVisitUnit').selectOption('weeks');
    await page.locator('#termEnd2-day').fill('22');
    await page.locator('#termEnd2-month').fill('7');
    await save();
    assert.match(await pageText(page), /Local timescale standards saved/);
    assert.equal(await page.locator('#cpVisitEvery').inputValue(), '2');
    assert.equal(await page.locator('#cpVisitUnit').inputValue(), 'weeks');
    await assertAccessible(page, 'the standards once saved');
    assert.deepEqual(problems(), []);
  });
});
