import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * The neglect profile in a real browser at 390 px, with axe-core's WCAG 2.1
 * AA checks: from the Direct work tab of a child on a plan for neglect (the
 * profile overdue), a worker completes the demo council's profile with the
 * family (a profile without a summary is refused first) and sees each
 * domain's chart and the table of figures.
 */
describe('the neglect profile in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRNP001', forename: 'Nell', surname: 'Browser', date_of_birth: '2018-07-12', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-01-05' }).execute();
    await db.insertInto('cp_plans').values({ child_id: childId, referral_id: null, start_date: '2026-06-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  });

  test('at 390 px: from the Direct work tab, complete a profile with the family and see each domain’s chart', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/direct-work`), 'the Direct work tab');
    assert.match(await pageText(ui.page), /Overdue: due by 1 June 2026/);
    await ui.page.getByRole('link', { name: 'Neglect profile', exact: true }).click();
    await assertAccessible(ui.page, 'the empty neglect profile page');
    assert.match(await pageText(ui.page), /The neglect profile is overdue: it was due by 1 June 2026/);
    await ui.page.getByRole('button', { name: 'Complete a neglect profile' }).or(ui.page.getByRole('link', { name: 'Complete a neglect profile' })).click();
    await assertAccessible(ui.page, 'the profile form');
    await fillDate(ui.page, 'Date completed', '20', '11', '2026');
    await ui.page.getByRole('group', { name: 'Was it completed with the family?' }).getByLabel('Yes').check();
    await ui.page.getByLabel('Who took part').fill('Jo (mother), Nell and her social worker');
    const domains = ['Nutrition', 'Housing and home conditions', 'Hygiene and clothing', 'Health care', 'Safety and supervision', 'Love, care and emotional warmth', 'Stimulation and education'];
    for (const [i, domain] of domains.entries()) {
      await ui.page.getByRole('group', { name: `Grade for ${domain}` }).getByLabel(i % 2 ? '3: Needs met inconsistently' : '4: Needs often not met').check();
    }
    await ui.page.getByLabel('Evidence for Nutrition (optional)').fill('No food in the fridge on two visits.');
    await ui.page.getByLabel('What happens next').fill('Core group to review in a month.');
    await pressButton(ui.page, 'Save profile');
    await assertErrorSummary(ui.page, 'the profile form with errors', ['Enter an overall summary']);
    assert.ok((await overflow(ui.page)) <= 0, 'the form is no wider than the phone');
    await ui.page.getByLabel('Overall summary').fill('Care is inconsistent, worst around food and supervision.');
    await pressButton(ui.page, 'Save profile');

    const text = await pageText(ui.page);
    assert.match(text, /Neglect profile saved/);
    assert.match(text, /The next neglect profile is due by 20 February 2027/);
    assert.match(text, /Grades at each profile Domain 20 November 2026 Change Nutrition 4 First profile/);
    assert.equal(await ui.page.locator('svg[role="img"]').count(), domains.length, 'a chart for each domain');
    assert.ok((await overflow(ui.page)) <= 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the neglect profile page with a chart at 390 px');
    await screenshot(ui.page, 'neglect-profile-phone');
    assert.deepEqual(ui.problems(), []);
  });
});
