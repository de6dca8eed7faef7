import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/**
 * The deprivation of liberty page of a child's record and its forms in a real
 * browser, at 390 px wide (workers record orders in the field) and on a
 * desktop: each passes axe-core's WCAG 2.1 AA checks, and the error summary's
 * links move to the field they name.
 */
describe('deprivation of liberty orders in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRDL001', forename: 'Dana', surname: 'Browser', dateOfBirth: '2010-04-18', sex: 'F' }, '2025-01-06');
  });

  const base = () => `/children/${childId}/care/deprivation-of-liberty`;

  test('recording an order at 390 px wide: the form, its errors linked to their fields, then the order in force', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`${base()}/new`), 'the order form at 390 px');
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the form is no wider than the phone');
    await fillDate(ui.page, 'Date the order was made', '1', '10', '2026');
    await fillDate(ui.page, 'Date the order started', '30', '9', '2026');
    await pressButton(ui.page, 'Save order');
    await assertErrorSummary(ui.page, 'the order form with errors at 390 px', ['Select which court made the order', 'The order cannot start before it was made, 1 October 2026']);
    assert.equal(await followErrorLink(ui.page, /cannot start before/), 'startDate-day');

    await ui.page.getByLabel('High Court (inherent jurisdiction)').check();
    await fillDate(ui.page, 'Date the order started', '1', '10', '2026');
    await fillDate(ui.page, 'Review or expiry date (optional)', '1', '4', '2027');
    await pressButton(ui.page, 'Save order');
    assert.match(await pageText(ui.page), /Dana is subject to an order of the High Court \(inherent jurisdiction\) since 1 October 2026/);
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the deprivation of liberty page at 390 px');
    await screenshot(ui.page, 'deprivation-of-liberty-phone');
  });

  test('ending the order, then the page on a desktop', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visit(ui.page, ui.site.url(base()));
    await ui.page.getByRole('link', { name: /Record the end/ }).click();
    await assertAccessible(ui.page, 'the end form');
    await fillDate(ui.page, 'Date the order ended', '20', '11', '2026');
    await pressButton(ui.page, 'Save end');
    const text = await pageText(ui.page);
    assert.match(text, /The end of the order was recorded/);
    assert.match(text, /Ended\s+20 November 2026/);
    await assertAccessible(ui.page, 'the deprivation of liberty page with an ended order');
  });
});
