import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, openSignedInPage, pageText, pressButton, screenshot, skipWithoutBrowser, startBrowserSite, visit, visitAccessible, type BrowserSite } from '../../../test/support/browser.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';
import { insertChild, userByEmail } from '../../../test/support/records.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/**
 * The timeline and each of its forms in a real browser: every page, empty
 * and with its error summary, passes axe-core's WCAG 2.1 AA checks, and the
 * error summary's links move to the field they name.
 */
describe('timeline pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let childId: string;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    const worker = await userByEmail(db, WORKER.email);
    childId = await insertChild(db, { laChildId: 'BRTL001', forename: 'Bea', surname: 'Browser', dateOfBirth: '2012-05-10', sex: 'F' });
    await allocate(db, { childId, teamId: worker.teamId, workerId: worker.id, start: '2025-01-06' });
    await db.insertInto('addresses').values({ person_id: childId, line1: '1 Sea Road', postcode: 'BN21 4AB', start_date: '2012-05-10' }).execute();
    ({ page, problems } = await openSignedInPage(site, WORKER.email));
  });
  after(async () => site?.close());

  const base = () => `/children/${childId}/timeline`;

  test('recording a contact: the form, its errors linked to their fields, then the timeline', async () => {
    await visitAccessible(page, site.url(`${base()}/contacts/new`), 'the contact form');
    await fillDate(page, 'Date of contact', '1', '1', '2030');
    await pressButton(page, 'Save contact');
    await assertErrorSummary(page, 'the contact form with errors', [
      'Date of contact must be today or in the past',
      'Select who made the contact',
      'Select the outcome of the contact',
    ]);
    assert.equal(await followErrorLink(page, /Date of contact/), 'contactDate-day');
    assert.equal(await followErrorLink(page, /outcome/), 'outcome');

    await fillDate(page, 'Date of contact', '2', '3', '2026');
    await page.getByLabel('Who made the contact').selectOption('2A');
    await page.getByLabel('Referred to children’s social care').check();
    await pressButton(page, 'Save contact');
    assert.match(await pageText(page), /Contact recorded/);
  });

  test('a referral, a child protection plan and a care episode, then the timeline with all of them', async () => {
    await visitAccessible(page, site.url(`${base()}/referrals/new`), 'the referral form');
    await fillDate(page, 'Referral date', '3', '3', '2026');
    await page.getByLabel('Who made the referral').selectOption('2A');
    await page.getByLabel('N1: Abuse or neglect').check();
    await pressButton(page, 'Save referral');

    await visitAccessible(page, site.url(`${base()}/cp-plans/new`), 'the child protection plan form');
    await pressButton(page, 'Start the plan');
    await assertAccessible(page, 'the child protection plan form with errors');
    await fillDate(page, 'Start date', '20', '3', '2026');
    await page.getByLabel('NEG: Neglect').check();
    await pressButton(page, 'Start the plan');

    await visitAccessible(page, site.url(`${base()}/care-episodes/new`), 'the care episode form');
    await page.getByLabel('Placement postcode').fill('not a postcode');
    await pressButton(page, 'Save care episode');
    await assertAccessible(page, 'the care episode form with errors');
    await fillDate(page, 'Start date', '1', '6', '2026');
    await page.getByLabel('Legal status', { exact: true }).selectOption('C1');
    await page.getByLabel('Category of need', { exact: true }).selectOption('N1');
    await page.getByLabel('Placement type', { exact: true }).selectOption('U6');
    await page.getByLabel('Placement provider', { exact: true }).selectOption('PR1');
    await page.getByLabel('Placement postcode').fill('TN34 1AA');
    await pressButton(page, 'Save care episode');
    assert.match(await pageText(page), /Care episode recorded/);

    await visitAccessible(page, site.url(`${base()}/care-episodes/new`), 'the change of placement form');

    await visit(page, site.url(base()));
    const text = await pageText(page);
    assert.match(text, /C1: Interim care order/);
    assert.match(text, /NEG: Neglect/);
    assert.match(text, /2A: SCHOOLS/);
    await assertAccessible(page, 'the timeline');
    await screenshot(page, 'timeline');
  });

  test('the forms that end or change things, and the care leaver page', async () => {
    await visit(page, site.url(base()));
    const forms: [string, string, boolean][] = [
      ['Close', 'the referral close form', true],
      ['Change category', 'the category form', false],
      ['End plan', 'the plan end form', true],
      ['End care', 'the care end form', true],
    ];
    for (const [link, what, sentEmptyIsRefused] of forms) {
      await visit(page, site.url(base()));
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: link }).first().click()]);
      await assertAccessible(page, what);
      if (!sentEmptyIsRefused) continue;
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main form button.govuk-button').first().click()]);
      assert.match(await pageText(page), /There is a problem/, what);
      await assertAccessible(page, `${what} with errors`);
    }
    await visitAccessible(page, site.url(`${base()}/care-leaver`), 'the care leaver form');
    await page.getByLabel('Eligible').check();
    await pressButton(page, 'Save category');
    assert.match(await pageText(page), /applies from the age of 16/);
    await assertAccessible(page, 'the care leaver form with errors');
    assert.deepEqual(problems(), []);
  });
});
