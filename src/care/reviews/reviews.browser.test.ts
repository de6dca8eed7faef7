import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';

const IRO = DEMO_ACCOUNTS.find((a) => a.role === 'iro')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * The IRO's review page in a real browser at 390 px (an IRO writes up a
 * review where it was held), with axe-core's WCAG 2.1 AA checks on the page,
 * the forms and their error summaries; then the IRO caseloads at desktop width.
 */
describe('looked-after reviews and IRO caseloads in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(IRO.email, async (db) => {
    const iro = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', IRO.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRRV001', forename: 'Rhea', surname: 'Browser', date_of_birth: '2013-04-10', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'iro', team_id: iro.team_id!, worker_id: iro.id, start_date: '2026-01-05' }).execute();
    await db.insertInto('case_events').values({ child_id: childId, kind: 'cla_review', event_date: '2026-10-01', recorded_by: iro.id, recorded_at: new Date('2026-10-01T15:00:00Z') }).execute();
  });

  test('at 390 px: the reviews page, the outcome and a recommendation, errors linked to their fields', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/care/reviews`), 'the reviews page');
    assert.match(await pageText(ui.page), /The outcome of this review is not recorded yet/);
    await ui.page.getByRole('link', { name: /Record the outcome/ }).click();
    await assertAccessible(ui.page, 'the review outcome form');
    assert.ok(await ui.page.getByLabel(/Irene Rowe \(the child’s IRO on the day\)/).isChecked(), 'the child’s IRO is the chair to start with');

    await ui.page.getByLabel(/Child aged under 4 at the time of the review/).check();
    await pressButton(ui.page, 'Save the outcome');
    await assertErrorSummary(ui.page, 'the outcome form with errors', [
      'The child was 4 or over on the day of the review (4 on 10 April 2017): choose how they took part',
      'Select whether the review endorsed the care plan',
    ]);
    assert.equal(await followErrorLink(ui.page, /4 or over/), 'participation');
    assert.ok((await overflow(ui.page)) <= 0, 'the form is no wider than the phone');
    await ui.page.getByLabel(/Child physically attends and speaks for themselves/).check();
    await ui.page.getByRole('group', { name: /endorse the care plan/ }).getByLabel('Yes').check();
    await pressButton(ui.page, 'Save the outcome');
    assert.match(await pageText(ui.page), /Review outcome recorded/);
    assert.match(await pageText(ui.page), /Chaired by Irene Rowe/);

    await ui.page.getByRole('link', { name: /Add a recommendation/ }).click();
    await assertAccessible(ui.page, 'the recommendation form');
    await ui.page.getByLabel('The recommendation').fill('Arrange a dental check before Christmas');
    await ui.page.getByLabel('Someone else').check();
    await ui.page.getByLabel('Name or role').fill('Foster carer');
    await fillDate(ui.page, 'Due by', '30', '9', '2026');
    await pressButton(ui.page, 'Add the recommendation');
    await assertErrorSummary(ui.page, 'the recommendation form with errors', ['Due by must be on or after the day of the review, 1 October 2026']);
    assert.equal(await followErrorLink(ui.page, /Due by/), 'dueDate-day');
    await fillDate(ui.page, 'Due by', '18', '12', '2026');
    await pressButton(ui.page, 'Add the recommendation');
    const text = await pageText(ui.page);
    assert.match(text, /Recommendation added/);
    assert.match(text, /Foster carer\. Due by 18 December 2026/);
    assert.ok((await overflow(ui.page)) <= 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the reviews page at 390 px with an outcome and a recommendation');
    await screenshot(ui.page, 'care-reviews-phone');
    assert.deepEqual(ui.problems(), []);
  });

  test('at desktop width: the IRO caseloads, with the IRO’s own line, and their children', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visitAccessible(ui.page, ui.site.url('/care/reviewing'), 'the IRO caseloads');
    const text = await pageText(ui.page);
    assert.match(text, /50 to 70 looked-after children/);
    assert.equal(await ui.page.locator('tr.steadfast-table__row--mine').count(), 1, 'the IRO’s own line');
    await screenshot(ui.page, 'iro-caseloads');
    await ui.page.locator('tr.steadfast-table__row--mine a').click();
    await assertAccessible(ui.page, 'the IRO’s children');
    assert.match(await pageText(ui.page), /Rhea Browser/);
    await visit(ui.page, ui.site.url('/'));
    assert.deepEqual(ui.problems(), []);
  });
});
