import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, fillDate, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/**
 * The timeline and each of its forms in a real browser: every page, empty
 * and with its error summary, passes axe-core's WCAG 2.1 AA checks, and the
 * error summary's links move to the field they name.
 */
describe('timeline pages in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRTL001', forename: 'Bea', surname: 'Browser', dateOfBirth: '2012-05-10', sex: 'F' }, '2025-01-06');
    await db.insertInto('addresses').values({ person_id: childId, line1: '1 Sea Road', postcode: 'BN21 4AB', start_date: '2012-05-10' }).execute();
  });

  const base = () => `/children/${childId}/timeline`;

  test('a referral, a child protection plan and a care episode, then the timeline with all of them', async () => {
    await visitAccessible(ui.page, ui.site.url(`${base()}/referrals/new`), 'the referral form');
    await fillDate(ui.page, 'Referral date', '3', '3', '2026');
    await ui.page.getByLabel('Who made the referral').selectOption('2A');
    await ui.page.getByLabel('N1: Abuse or neglect').check();
    await pressButton(ui.page, 'Save referral');

    await visitAccessible(ui.page, ui.site.url(`${base()}/cp-plans/new`), 'the child protection plan form');
    await pressButton(ui.page, 'Start the plan');
    await assertAccessible(ui.page, 'the child protection plan form with errors');
    await fillDate(ui.page, 'Start date', '20', '3', '2026');
    await ui.page.getByLabel('NEG: Neglect').check();
    await pressButton(ui.page, 'Start the plan');

    await visitAccessible(ui.page, ui.site.url(`${base()}/care-episodes/new`), 'the care episode form');
    await ui.page.getByLabel('Placement postcode').fill('not a postcode');
    await pressButton(ui.page, 'Save care episode');
    await assertAccessible(ui.page, 'the care episode form with errors');
    await fillDate(ui.page, 'Start date', '1', '6', '2026');
    await ui.page.getByLabel('Legal status', { exact: true }).selectOption('C1');
    await ui.page.getByLabel('Category of need', { exact: true }).selectOption('N1');
    await ui.page.getByLabel('Placement type', { exact: true }).selectOption('U6');
    await ui.page.getByLabel('Placement provider', { exact: true }).selectOption('PR1');
    await ui.page.getByLabel('Placement postcode').fill('TN34 1AA');
    await pressButton(ui.page, 'Save care episode');
    assert.match(await pageText(ui.page), /Care episode recorded/);

    await visitAccessible(ui.page, ui.site.url(`${base()}/care-episodes/new`), 'the change of placement form');

    await visit(ui.page, ui.site.url(base()));
    const text = await pageText(ui.page);
    assert.match(text, /C1: Interim care order/);
    assert.match(text, /NEG: Neglect/);
    assert.match(text, /2A: SCHOOLS/);
    await assertAccessible(ui.page, 'the timeline');
    await screenshot(ui.page, 'timeline');
  });

  test('the forms that end or change things, and the care leaver page', async () => {
    await visit(ui.page, ui.site.url(base()));
    const forms: [string, string, boolean][] = [
      ['Close', 'the referral close form', true],
      ['Change category', 'the category form', false],
      ['End plan', 'the plan end form', true],
      ['End care', 'the care end form', true],
    ];
    for (const [link, what, sentEmptyIsRefused] of forms) {
      await visit(ui.page, ui.site.url(base()));
      await Promise.all([ui.page.waitForNavigation({ waitUntil: 'load' }), ui.page.getByRole('link', { name: link }).first().click()]);
      await assertAccessible(ui.page, what);
      if (!sentEmptyIsRefused) continue;
      await Promise.all([ui.page.waitForNavigation({ waitUntil: 'load' }), ui.page.locator('main form button.govuk-button').first().click()]);
      assert.match(await pageText(ui.page), /There is a problem/, what);
      await assertAccessible(ui.page, `${what} with errors`);
    }
    await visitAccessible(ui.page, ui.site.url(`${base()}/care-leaver`), 'the care leaver form');
    await ui.page.getByLabel('Eligible').check();
    await pressButton(ui.page, 'Save category');
    assert.match(await pageText(ui.page), /applies from the age of 16/);
    await assertAccessible(ui.page, 'the care leaver form with errors');
    assert.deepEqual(ui.problems(), []);
  });
});
