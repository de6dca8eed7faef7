import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import {
  assertAccessible,
  pageText,
  pressButton,
  screenshot,
  signIn,
  skipWithoutBrowser,
  startBrowserSite,
  visit,
  watchForProblems,
  type BrowserSite,
} from '../../../test/support/browser.ts';

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
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    const child = await db
      .insertInto('people')
      .values({ is_child: true, la_child_id: 'BRTL001', forename: 'Bea', surname: 'Browser', date_of_birth: '2012-05-10', sex: 'F' })
      .returning('id')
      .executeTakeFirstOrThrow();
    childId = child.id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2025-01-06' }).execute();
    await db.insertInto('addresses').values({ person_id: childId, line1: '1 Sea Road', postcode: 'BN21 4AB', start_date: '2012-05-10' }).execute();
    page = await site.newPage();
    problems = watchForProblems(page);
    await signIn(page, site, WORKER.email);
  });
  after(async () => site?.close());

  const base = () => `/children/${childId}/timeline`;

  async function fillDate(legend: string, day: string, month: string, year: string): Promise<void> {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }

  test('recording a contact: the form, its errors linked to their fields, then the timeline', async () => {
    await visit(page, site.url(`${base()}/contacts/new`));
    await assertAccessible(page, 'the contact form');
    await fillDate('Date of contact', '1', '1', '2030');
    await pressButton(page, 'Save contact');
    const summary = page.locator('.govuk-error-summary');
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Date of contact must be today or in the past',
      'Select who made the contact',
      'Select the outcome of the contact',
    ]);
    await assertAccessible(page, 'the contact form with errors');
    await summary.getByRole('link', { name: /Date of contact/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contactDate-day');
    await summary.getByRole('link', { name: /outcome/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome');

    await fillDate('Date of contact', '2', '3', '2026');
    await page.getByLabel('Who made the contact').selectOption('2A');
    await page.getByLabel('Referred to children’s social care').check();
    await pressButton(page, 'Save contact');
    assert.match(await pageText(page), /Contact recorded/);
  });

  test('a referral, a child protection plan and a care episode, then the timeline with all of them', async () => {
    await visit(page, site.url(`${base()}/referrals/new`));
    await assertAccessible(page, 'the referral form');
    await fillDate('Referral date', '3', '3', '2026');
    await page.getByLabel('Who made the referral').selectOption('2A');
    await page.getByLabel('N1: Abuse or neglect').check();
    await pressButton(page, 'Save referral');

    await visit(page, site.url(`${base()}/cp-plans/new`));
    await assertAccessible(page, 'the child protection plan form');
    await pressButton(page, 'Start the plan');
    await assertAccessible(page, 'the child protection plan form with errors');
    await fillDate('Start date', '20', '3', '2026');
    await page.getByLabel('NEG: Neglect').check();
    await pressButton(page, 'Start the plan');

    await visit(page, site.url(`${base()}/care-episodes/new`));
    await assertAccessible(page, 'the care episode form');
    await page.getByLabel('Placement postcode').fill('not a postcode');
    await pressButton(page, 'Save care episode');
    await assertAccessible(page, 'the care episode form with errors');
    await fillDate('Start date', '1', '6', '2026');
    await page.getByLabel('Legal status', { exact: true }).selectOption('C1');
    await page.getByLabel('Category of need', { exact: true }).selectOption('N1');
    await page.getByLabel('Placement type', { exact: true }).selectOption('U6');
    await page.getByLabel('Placement provider', { exact: true }).selectOption('PR1');
    await page.getByLabel('Placement postcode').fill('TN34 1AA');
    await pressButton(page, 'Save care episode');
    assert.match(await pageText(page), /Care episode recorded/);

    await visit(page, site.url(`${base()}/care-episodes/new`));
    await assertAccessible(page, 'the change of placement form');

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
    await visit(page, site.url(`${base()}/care-leaver`));
    await assertAccessible(page, 'the care leaver form');
    await page.getByLabel('Eligible').check();
    await pressButton(page, 'Save category');
    assert.match(await pageText(page), /applies from the age of 16/);
    await assertAccessible(page, 'the care leaver form with errors');
    assert.deepEqual(problems(), []);
  });
});
