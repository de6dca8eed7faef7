import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/**
 * The missing page of a child's record and its forms in a real browser, on a
 * desktop and at 390 px wide, and the page of children missing across the
 * worker's caseload: each passes axe-core's WCAG 2.1 AA checks, and the error
 * summary's links move to the field they name.
 */
describe('missing from care or home in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRMI001', forename: 'Max', surname: 'Browser', dateOfBirth: '2011-05-10', sex: 'M' }, '2025-01-06');
  });

  const base = () => `/children/${childId}/care/missing`;

  test('recording an episode: the form, its errors linked to their fields, then the record with the child missing now', async () => {
    await visitAccessible(ui.page, ui.site.url(`${base()}/new`), 'the missing episode form');
    await fillDate(ui.page, 'Date they went missing', '1', '1', '2030');
    await pressButton(ui.page, 'Save episode');
    await assertErrorSummary(ui.page, 'the missing episode form with errors', [
      'Select whether the child was missing or away without authorisation',
      'The date they went missing must be today or in the past',
      'Select whether the police were told',
    ]);
    assert.equal(await followErrorLink(ui.page, /today or in the past/), 'startDate-day');

    await ui.page.getByLabel('Missing: whereabouts unknown').check();
    await fillDate(ui.page, 'Date they went missing', '21', '11', '2026');
    await ui.page.getByLabel('Time they went missing (optional)').fill('22:15');
    await ui.page.getByRole('group', { name: 'Were the police told?' }).getByLabel('Yes').check();
    await pressButton(ui.page, 'Save episode');
    assert.match(await pageText(ui.page), /Max is missing now: since 21 November 2026 at 22:15/);
    await assertAccessible(ui.page, 'the missing page with an open episode');
  });

  test('recording the return and the interview, then the page at 390 px wide', async () => {
    await visit(ui.page, ui.site.url(base()));
    await ui.page.getByRole('link', { name: /Record the return/ }).click();
    await assertAccessible(ui.page, 'the return form');
    await fillDate(ui.page, 'Date they returned', '22', '11', '2026');
    await pressButton(ui.page, 'Save return');
    assert.match(await pageText(ui.page), /Return interviews due/);

    await ui.page.getByRole('link', { name: /Record the interview/ }).click();
    await assertAccessible(ui.page, 'the return interview form');
    await fillDate(ui.page, 'Date the interview was offered', '22', '11', '2026');
    await ui.page.getByLabel('Who offered it').fill('Jo Bloggs, return interview service');
    await ui.page.getByRole('group', { name: /independent/ }).getByLabel('Yes').check();
    await ui.page.getByLabel('It took place').check();
    await fillDate(ui.page, 'Date the interview took place (if it did)', '23', '11', '2026');
    await ui.page.getByLabel('What was learned').fill('Went to see a friend; safety plan agreed.');
    await pressButton(ui.page, 'Save interview');
    const text = await pageText(ui.page);
    assert.match(text, /Return interview recorded/);
    assert.doesNotMatch(text, /Return interviews due/);

    await ui.page.setViewportSize(PHONE);
    await visit(ui.page, ui.site.url(base()));
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the missing page at 390 px');
    await screenshot(ui.page, 'missing-record-phone');
    await ui.page.setViewportSize({ width: 1280, height: 900 });
  });

  test('children missing across the worker’s caseload', async () => {
    await visitAccessible(ui.page, ui.site.url('/care/missing'), 'children missing from care or home');
    assert.match(await pageText(ui.page), /Children missing from care or home/);
    await screenshot(ui.page, 'missing-overview');
  });
});
