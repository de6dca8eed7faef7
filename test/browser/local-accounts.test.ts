import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import {
  assertAccessible,
  assertErrorSummary,
  pageText,
  pressButton,
  screenshot,
  signIn,
  signedInSuite,
  skipWithoutBrowser,
  visit,
  visitAccessible,
  watchForProblems,
} from '../support/browser.ts';

const ADMIN = DEMO_ACCOUNTS.find((a) => a.role === 'system_admin')!;
const CHOSEN = 'harbour quilt 94 amber';

/**
 * An invitation in a real browser, with axe-core on every page: the
 * administrator adds a person; with no mail server (as in a trial) the link
 * waits on the Emails page; the person opens it, is refused a common
 * password with an error summary, chooses a good one and signs in with it.
 */
describe('local accounts in a browser', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(ADMIN.email);

  test('invite a person, who chooses their password from the link and signs in', async () => {
    await visit(ui.page, ui.site.url('/admin/users/new'));
    await ui.page.getByLabel('Email address').fill('ivy.invited@steadfast.example');
    await ui.page.getByLabel('Full name').fill('Ivy Invited');
    await ui.page.getByLabel('Performance analyst').check();
    await pressButton(ui.page, 'Create account and send invitation');
    assert.match(await pageText(ui.page), /An invitation has been emailed to them/);
    await assertAccessible(ui.page, 'a user page with an invitation waiting');

    await visitAccessible(ui.page, ui.site.url('/admin/emails'), 'the emails page');
    await screenshot(ui.page, 'admin-emails');
    const href = await ui.page.getByRole('link', { name: 'Link for ivy.invited@steadfast.example' }).getAttribute('href');
    assert.ok(href);
    const path = new URL(href).pathname + new URL(href).search;

    const person = await ui.site.newPage();
    const problems = watchForProblems(person);
    await visitAccessible(person, ui.site.url(path), 'the choose-your-password page');
    assert.match(await pageText(person), /Choose your password For your account ivy\.invited@steadfast\.example/);
    await person.getByLabel('Password', { exact: true }).fill('password1234');
    await person.getByLabel('Type the password again').fill('password1234');
    await pressButton(person, 'Save password');
    await assertErrorSummary(person, 'the choose-your-password page with an error', ['Password is too common: choose one that is harder to guess']);
    await person.getByLabel('Password', { exact: true }).fill(CHOSEN);
    await person.getByLabel('Type the password again').fill(CHOSEN);
    await pressButton(person, 'Save password');
    assert.match(await pageText(person), /Your password has been saved/);
    await assertAccessible(person, 'the sign-in page after choosing a password');

    await signIn(person, ui.site, 'ivy.invited@steadfast.example', CHOSEN);
    assert.match(await pageText(person), /Ivy Invited/);
    await assertAccessible(person, 'the home page of the new person');

    await visit(person, ui.site.url(path));
    assert.match(await pageText(person), /This link has already been used/);
    await assertAccessible(person, 'a used link');
    assert.deepEqual(problems(), []);
    assert.deepEqual(ui.problems(), []);
  });

  test('forgotten password: the form, its error and the answer', async () => {
    const visitor = await ui.site.newPage();
    await visit(visitor, ui.site.url('/sign-in'));
    await Promise.all([visitor.waitForNavigation(), visitor.getByRole('link', { name: 'Forgotten your password?' }).click()]);
    await assertAccessible(visitor, 'the forgotten password form');
    await pressButton(visitor, 'Send reset link');
    await assertErrorSummary(visitor, 'the forgotten password form with an error', ['Enter your email address']);
    await visitor.getByLabel('Email address').fill('someone@steadfast.example');
    await pressButton(visitor, 'Send reset link');
    assert.match(await pageText(visitor), /Check your email/);
    await assertAccessible(visitor, 'the reset link sent page');
  });
});
