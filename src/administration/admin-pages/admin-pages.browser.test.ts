import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, skipWithoutBrowser, startSignedInSite, visit, visitAccessible, type BrowserSite } from '../../../test/support/browser.ts';

const ADMIN = DEMO_ACCOUNTS.find((a) => a.role === 'system_admin')!;

/**
 * The administrator's pages in a real browser on the demo council: each one,
 * and each with its error summary, passes axe-core's WCAG 2.1 AA checks, and
 * the error summary's links move to the field they name.
 */
describe('administration pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];

  before(async () => {
    ({ site, page, problems } = await startSignedInSite(ADMIN.email));
  });
  after(async () => site?.close());

  test('the list of users, filtered and paginated', async () => {
    await visit(page, site.url('/admin/users'));
    assert.match(await pageText(page), /Showing 1 to 50 of \d+ people/);
    await assertAccessible(page, 'the users list');
    await page.getByLabel('Role').selectOption('social_worker');
    await pressButton(page, 'Filter');
    assert.match(new URL(page.url()).search, /role=social_worker/);
    await assertAccessible(page, 'the filtered users list');
    await screenshot(page, 'admin-users');
  });

  test('adding a user: the empty form, then its errors, each linked to its field', async () => {
    await visitAccessible(page, site.url('/admin/users/new'), 'the add user form');
    await page.getByLabel('Email address').fill('not an email');
    await page.getByLabel('Social worker').check();
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2020');
    await page.getByLabel('Working time (FTE)').fill('3');
    await pressButton(page, 'Create account');
    await assertErrorSummary(page, 'the add user form with errors', [
      'Enter an email address in the correct format, like name@example.org',
      'Enter a full name',
      'Select a team for a social worker',
      'Qualification date must be a real date, for example 27 3 2020',
      'FTE must be a number from 0.1 to 1.0, like 0.8',
      'Enter a password',
    ]);
    assert.equal(await followErrorLink(page, /real date/), 'qualifiedOn-day');
    assert.equal(await followErrorLink(page, /Select a team/), 'teamId');
    await screenshot(page, 'admin-user-new-errors');
  });

  test('a user’s page, the change form and the password form', async () => {
    await visit(page, site.url('/admin/users?q=social.worker%40steadfast.example'));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sam Okafor' }).click()]);
    assert.match(await pageText(page), /Disable Sam Okafor's account/);
    await assertAccessible(page, 'a user page');
    await screenshot(page, 'admin-user');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Change details' }).click()]);
    await assertAccessible(page, 'the change details form');
    await page.getByLabel('Working time (FTE)').fill('0.9');
    await pressButton(page, 'Save changes');
    assert.match(await pageText(page), /Details saved/);
    await assertAccessible(page, 'a user page after saving');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Set a new password' }).click()]);
    await page.getByLabel('New password').fill('short');
    await pressButton(page, 'Set new password');
    assert.match(await pageText(page), /Password must be at least 12 characters/);
    await assertAccessible(page, 'the password form with an error');
  });

  test('teams, a team and the new service form', async () => {
    await visitAccessible(page, site.url('/admin/teams'), 'the teams page');
    await screenshot(page, 'admin-teams');
    await Promise.all([page.waitForNavigation(), page.locator('main table a').first().click()]);
    await page.getByLabel('Base postcode').fill('nowhere');
    await pressButton(page, 'Save team');
    assert.match(await pageText(page), /Enter a real postcode, like BN7 1UE/);
    await assertAccessible(page, 'a team with an error');
    await visitAccessible(page, site.url('/admin/teams/new'), 'the add team form');
    await visitAccessible(page, site.url('/admin/services/new'), 'the add service form');
  });

  test('the audit log, its errors and its pages', async () => {
    await visit(page, site.url('/admin/audit'));
    assert.match(await pageText(page), /Showing 1 to \d+ of \d+ events?/);
    await assertAccessible(page, 'the audit log');
    await screenshot(page, 'admin-audit');
    await page.getByLabel('Outcome').selectOption('allowed');
    await page.locator('#from-day').fill('2');
    await page.locator('#from-month').fill('1');
    await page.locator('#from-year').fill('2026');
    await page.locator('#to-day').fill('1');
    await page.locator('#to-month').fill('1');
    await page.locator('#to-year').fill('2026');
    await pressButton(page, 'Search');
    assert.match(await pageText(page), /Date to must be the same as or after date from/);
    await assertAccessible(page, 'the audit log with an error');
    assert.deepEqual(problems(), []);
  });
});
