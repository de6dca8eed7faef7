import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/**
 * A child's health and wellbeing each year in a real browser, at 390 px wide:
 * the page and the form pass axe-core's WCAG 2.1 AA checks, the error
 * summary's links move to the field they name, and a save shows the year.
 */
describe('health and wellbeing each year in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRHY001', forename: 'Hallie', surname: 'Browser', dateOfBirth: '2012-05-10', sex: 'F' }, '2024-01-08');
  });

  const base = () => `/children/${childId}/care/health`;

  test('at 390 px: the page, the form with its errors linked to their fields, then a save', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(base()), 'the health and wellbeing page');
    assert.match(await pageText(ui.page), /No years are recorded yet/);
    await ui.page.getByRole('link', { name: 'Record a year' }).click();
    await assertAccessible(ui.page, 'the health and wellbeing form');

    await ui.page.getByLabel('Year', { exact: true }).selectOption('2026');
    await ui.page.getByLabel(/Strengths and difficulties score/).fill('41');
    await pressButton(ui.page, 'Save the year');
    await assertErrorSummary(ui.page, 'the health and wellbeing form with errors', [
      'Strengths and difficulties score must be a whole number from 0 to 40',
      'Select whether the child had their annual health assessment',
      'Select whether the child’s immunisations were up to date',
      'Select whether the child’s teeth were checked by a dentist during the year',
      'Select whether the child was identified as having a substance misuse problem',
      'Select whether the child was convicted or given a youth caution during the year',
    ]);
    assert.equal(await followErrorLink(ui.page, /whole number from 0 to 40/), 'sdqScore');
    assert.equal(await followErrorLink(ui.page, /annual health assessment/), 'healthAssessment');
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the form is no wider than the phone');

    await ui.page.getByLabel(/Strengths and difficulties score/).fill('12');
    const yes = (group: RegExp) => ui.page.getByRole('group', { name: group }).getByLabel('Yes').check();
    const no = (group: RegExp) => ui.page.getByRole('group', { name: group }).getByLabel('No').check();
    await yes(/annual health assessment/);
    await yes(/immunisations/);
    await yes(/teeth/);
    await no(/substance misuse/);
    await no(/convicted/);
    await pressButton(ui.page, 'Save the year');
    const text = await pageText(ui.page);
    assert.match(text, /Health and wellbeing saved for the year/);
    assert.match(text, /Year to 31 March 2026/);
    assert.match(text, /Recorded as had, but no health assessment is on the record/);
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the health and wellbeing page at 390 px with a year');
    await screenshot(ui.page, 'care-health-phone');
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visit(ui.page, ui.site.url(base()));
  });
});
