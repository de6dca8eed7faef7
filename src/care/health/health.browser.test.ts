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
    // Looked after since January 2024: in the OC2 cohort for the year to 31 March 2026.
    await db
      .insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2024-01-08', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_postcode: 'BN21 4AB' })
      .execute();
  });

  const base = () => `/children/${childId}/care/health`;

  test('at 390 px: the page, the form with its errors linked to their fields, then a save', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(base()), 'the health and wellbeing page');
    assert.match(await pageText(ui.page), /No years are recorded yet/);
    assert.match(await pageText(ui.page), /Year to 31 March 2026: In the return: looked after continuously since 8 January 2024/);
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

const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;

describe('health and wellbeing across the council in a browser', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(HEAD.email);

  test('at desktop width: the council’s measures by team pass axe-core, and another year can be chosen', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visitAccessible(ui.page, ui.site.url('/care/health'), 'health and wellbeing across the council');
    const text = await pageText(ui.page);
    assert.match(text, /Year to 31 March 2026/);
    assert.match(text, /[1-9]\d* children in the cohort; [1-9]\d* with the year recorded/);
    assert.match(text, /Annual health assessment\s+\d+(\.\d)?%/);
    await ui.page.getByLabel('Year', { exact: true }).selectOption('2025');
    await pressButton(ui.page, 'Show the year');
    assert.match(await pageText(ui.page), /Year to 31 March 2025/);
    await assertAccessible(ui.page, 'health and wellbeing across the council, an earlier year');
    await screenshot(ui.page, 'care-health-council');
    assert.deepEqual(ui.problems(), []);
  });
});
