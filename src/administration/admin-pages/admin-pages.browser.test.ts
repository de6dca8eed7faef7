import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { codeAt } from '../../platform/auth/second-factor.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, signedInSuite, signIn, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';

const ADMIN = DEMO_ACCOUNTS.find((a) => a.role === 'system_admin')!;

/**
 * The administrator's pages in a real browser on the demo council: each one,
 * and each with its error summary, passes axe-core's WCAG 2.1 AA checks, and
 * the error summary's links move to the field they name.
 */
describe('administration pages in a browser', { skip: skipWithoutBrowser }, () => {

  const ui = signedInSuite(ADMIN.email);

  test('the list of users, filtered and paginated', async () => {
    await visit(ui.page, ui.site.url('/admin/users'));
    assert.match(await pageText(ui.page), /Showing 1 to 50 of \d+ people/);
    await assertAccessible(ui.page, 'the users list');
    await ui.page.getByLabel('Role').selectOption('social_worker');
    await pressButton(ui.page, 'Filter');
    assert.match(new URL(ui.page.url()).search, /role=social_worker/);
    await assertAccessible(ui.page, 'the filtered users list');
    await screenshot(ui.page, 'admin-users');
  });

  test('adding a user: the empty form, then its errors, each linked to its field', async () => {
    await visitAccessible(ui.page, ui.site.url('/admin/users/new'), 'the add user form');
    await ui.page.getByLabel('Email address').fill('not an email');
    await ui.page.getByLabel('Social worker').check();
    await ui.page.getByLabel('Day').fill('31');
    await ui.page.getByLabel('Month').fill('2');
    await ui.page.getByLabel('Year').fill('2020');
    await ui.page.getByLabel('Working time (FTE)').fill('3');
    await pressButton(ui.page, 'Create account and send invitation');
    await assertErrorSummary(ui.page, 'the add user form with errors', [
      'Enter an email address in the correct format, like name@example.org',
      'Enter a full name',
      'Select a team for a social worker',
      'Qualification date must be a real date, for example 27 3 2020',
      'FTE must be a number from 0.1 to 1.0, like 0.8',
    ]);
    assert.equal(await followErrorLink(ui.page, /real date/), 'qualifiedOn-day');
    assert.equal(await followErrorLink(ui.page, /Select a team/), 'teamId');
    await screenshot(ui.page, 'admin-user-new-errors');
  });

  test('a user’s page and the change form; no password form', async () => {
    await visit(ui.page, ui.site.url('/admin/users?q=social.worker%40steadfast.example'));
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('link', { name: 'Sam Okafor' }).click()]);
    assert.match(await pageText(ui.page), /Disable Sam Okafor's account/);
    await assertAccessible(ui.page, 'a user page');
    await screenshot(ui.page, 'admin-user');
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('button', { name: 'Change details' }).click()]);
    await assertAccessible(ui.page, 'the change details form');
    await ui.page.getByLabel('Working time (FTE)').fill('0.9');
    await pressButton(ui.page, 'Save changes');
    assert.match(await pageText(ui.page), /Details saved/);
    await assertAccessible(ui.page, 'a user page after saving');
    assert.equal(await ui.page.locator('input[type="password"]').count(), 0, 'no administrator types a password');
  });

  test('teams, a team and the new service form', async () => {
    await visitAccessible(ui.page, ui.site.url('/admin/teams'), 'the teams page');
    await screenshot(ui.page, 'admin-teams');
    await Promise.all([ui.page.waitForNavigation(), ui.page.locator('main table a').first().click()]);
    await ui.page.getByLabel('Base postcode').fill('nowhere');
    await pressButton(ui.page, 'Save team');
    assert.match(await pageText(ui.page), /Enter a real postcode, like BN7 1UE/);
    await assertAccessible(ui.page, 'a team with an error');
    await visitAccessible(ui.page, ui.site.url('/admin/teams/new'), 'the add team form');
    await visitAccessible(ui.page, ui.site.url('/admin/services/new'), 'the add service form');
  });

  test('the audit log, its errors and its pages', async () => {
    await visit(ui.page, ui.site.url('/admin/audit'));
    assert.match(await pageText(ui.page), /Showing 1 to \d+ of \d+ events?/);
    await assertAccessible(ui.page, 'the audit log');
    await screenshot(ui.page, 'admin-audit');
    await ui.page.getByLabel('Outcome').selectOption('allowed');
    await ui.page.locator('#from-day').fill('2');
    await ui.page.locator('#from-month').fill('1');
    await ui.page.locator('#from-year').fill('2026');
    await ui.page.locator('#to-day').fill('1');
    await ui.page.locator('#to-month').fill('1');
    await ui.page.locator('#to-year').fill('2026');
    await pressButton(ui.page, 'Search');
    assert.match(await pageText(ui.page), /Date to must be the same as or after date from/);
    await assertAccessible(ui.page, 'the audit log with an error');
    assert.deepEqual(ui.problems(), []);
  });

  test('requiring an authenticator app of a role; a worker sets one up and signs in with a code, on a phone', async () => {
    await visitAccessible(ui.page, ui.site.url('/admin/second-factor'), 'the authenticator apps page');
    await ui.page.getByLabel('Social worker', { exact: true }).check();
    await pressButton(ui.page, 'Save');
    assert.match(await pageText(ui.page), /Saved\. People in the chosen roles/);

    const worker = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
    const phone = await ui.site.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await signIn(phone, ui.site, worker.email);
    assert.match(new URL(phone.url()).pathname, /^\/sign-in\/set-up-code$/);
    assert.equal(await phone.locator('main svg').count(), 1, 'the QR code');
    await assertAccessible(phone, 'setting up the app, at 390 px');
    const secretOf = async () =>
      (await ui.site.test.database.db.selectFrom('users').select('totp_secret').where('email', '=', worker.email).executeTakeFirstOrThrow()).totp_secret!;
    await phone.getByLabel('Code from the app').fill('12345');
    await pressButton(phone, 'Set up');
    await assertErrorSummary(phone, 'setting up with a wrong code', ['Enter the 6-digit code your authenticator app shows now']);
    await phone.getByLabel('Code from the app').fill(codeAt(await secretOf(), ui.site.test.clock.now()));
    await pressButton(phone, 'Set up');
    assert.match(await pageText(phone), /Your recovery codes/);
    await assertAccessible(phone, 'the recovery codes, at 390 px');

    ui.site.test.clock.advanceSeconds(30);
    await pressButton(phone, 'Continue');
    await pressButton(phone, 'Sign out');
    await signIn(phone, ui.site, worker.email);
    assert.equal(new URL(phone.url()).pathname, '/sign-in/code');
    await assertAccessible(phone, 'the code page, at 390 px');
    await phone.getByLabel('Code').fill(codeAt(await secretOf(), ui.site.test.clock.now()));
    await pressButton(phone, 'Continue');
    assert.equal(new URL(phone.url()).pathname, '/');
    assert.match(await pageText(phone), new RegExp(worker.name));
  });
});
