import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, openSignedInPage, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const IRO = DEMO_ACCOUNTS.find((a) => a.role === 'iro')!;
const PHONE = { width: 390, height: 844 };

const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * A child protection plan in a real browser at 390 px (a worker records a
 * core group where it was held): a worker adds an action and records a core
 * group; the chair records a review conference that ends the plan; the plan
 * prints. Each page checked with axe-core.
 */
describe('child protection plans in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;
  let planId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const [worker, iro] = await Promise.all(
      [WORKER.email, IRO.email].map((email) => db.selectFrom('users').select(['id', 'team_id']).where('email', '=', email).executeTakeFirstOrThrow()),
    );
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRCP001', forename: 'Kit', surname: 'Browser', date_of_birth: '2015-02-10', sex: 'M' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('allocations')
      .values([
        { child_id: childId, role: 'lead', team_id: worker!.team_id!, worker_id: worker!.id, start_date: '2026-01-05' },
        { child_id: childId, role: 'iro', team_id: iro!.team_id!, worker_id: iro!.id, start_date: '2026-01-05' },
      ])
      .execute();
    planId = (await db.insertInto('cp_plans').values({ child_id: childId, start_date: '2026-09-01', initial_category: 'NEG', latest_category: 'NEG' }).returning('id').executeTakeFirstOrThrow()).id;
  });

  test('at 390 px: a worker adds an action and records a core group, errors linked to their fields', async () => {
    await ui.page.setViewportSize(PHONE);
    const base = ui.site.url(`/children/${childId}/protection/plans`);
    await visitAccessible(ui.page, base, 'the plans page');
    assert.match(await pageText(ui.page), /No actions recorded/);

    await ui.page.getByRole('link', { name: 'Add an action' }).click();
    await assertAccessible(ui.page, 'the action form');
    await pressButton(ui.page, 'Add the action');
    await assertErrorSummary(ui.page, 'the action form with errors', ['Enter what is to be done', 'Select who will do it', 'Enter the date it is due by']);
    await ui.page.getByLabel('The action').fill('Register Kit with a dentist');
    await ui.page.getByLabel('Someone else').check();
    await ui.page.getByLabel('Name or role').fill('Mother');
    await ui.page.getByLabel('Agency').fill('Family');
    await fillDate(ui.page, 'Due by', '30', '11', '2026');
    await pressButton(ui.page, 'Add the action');
    assert.match(await pageText(ui.page), /Action added to the plan/);
    assert.match(await pageText(ui.page), /Mother \(Family\)/);
    await assertAccessible(ui.page, 'the plans page with an action');

    await ui.page.getByRole('link', { name: 'Record a core group' }).click();
    await assertAccessible(ui.page, 'the core group form');
    await fillDate(ui.page, 'Date of the core group', '28', '8', '2026');
    await ui.page.getByLabel('Who attended').fill('Mother; health visitor (Health)');
    await ui.page.getByLabel('Progress against the plan').fill('Kit is attending school every day.');
    await pressButton(ui.page, 'Record the core group');
    await assertErrorSummary(ui.page, 'the core group form with errors', ['Date of the core group must be on or after the initial conference that made the plan, 1 September 2026']);
    await fillDate(ui.page, 'Date of the core group', '10', '9', '2026');
    await pressButton(ui.page, 'Record the core group');
    assert.match(await pageText(ui.page), /Core group recorded/);
    assert.match(await pageText(ui.page), /Kit is attending school every day/);
    assert.ok((await overflow(ui.page)) <= 0, 'the page fits 390 px');
  });

  test('the chair records a review conference that ends the plan; the plan prints without its links', async () => {
    const chair = await openSignedInPage(ui.site, IRO.email);
    await chair.page.setViewportSize(PHONE);
    await visitAccessible(chair.page, ui.site.url(`/children/${childId}/protection/plans/cp/reviews/new`), 'the review conference form');
    await fillDate(chair.page, 'Date of the review conference', '20', '11', '2026');
    await chair.page.getByLabel('Who chaired the conference').selectOption({ label: IRO.name });
    await chair.page.getByLabel('Who attended').fill('Mother; school; health visitor');
    await chair.page.getByLabel('Did not attend; views conveyed').check();
    await chair.page.getByLabel('How the family took part').fill('Mother attended throughout');
    await chair.page.getByLabel('The plan ends', { exact: true }).check();
    await pressButton(chair.page, 'Record the review conference');
    await assertErrorSummary(chair.page, 'the review form with errors', ['Select why the plan ends']);
    await chair.page.getByLabel('Why the plan ends').selectOption('no_longer_at_risk');
    await pressButton(chair.page, 'Record the review conference');
    assert.match(await pageText(chair.page), /Review conference recorded/);
    assert.match(await pageText(chair.page), /not on a child protection plan/);
    await assertAccessible(chair.page, 'the plans page after the plan ended');
    assert.deepEqual(chair.problems(), []);

    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/protection/plans/cp/${planId}`), 'the plan page');
    assert.match(await pageText(ui.page), /Ended 20 November 2026: No longer at continuing risk of significant harm/);
    await ui.page.emulateMedia({ media: 'print' });
    assert.equal(await ui.page.getByRole('link', { name: 'Back to plans' }).isVisible(), false, 'links to forms do not print');
    assert.equal(await ui.page.getByText('Register Kit with a dentist', { exact: true }).isVisible(), true);
    await screenshot(ui.page, 'cp-plan-print');
    await ui.page.emulateMedia({ media: 'screen' });
    assert.deepEqual(ui.problems(), []);
  });
});
