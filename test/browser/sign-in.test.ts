import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.ts';
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
} from '../support/browser.ts';

const worker = DEMO_ACCOUNTS.find((account) => account.role === 'social_worker')!;

describe('signing in and out in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  before(async () => {
    site = await startBrowserSite();
  });
  after(async () => site?.close());

  test('the sign-in page has a labelled form and no accessibility problems', async () => {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    const response = await visit(page, site.url('/sign-in'));
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /^Sign in – /);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Sign in');
    await assert.doesNotReject(page.getByLabel('Email address').waitFor());
    await assert.doesNotReject(page.getByLabel('Password', { exact: true }).waitFor());
    await assertAccessible(page);
    await screenshot(page, 'sign-in');
    assert.deepEqual(problems(), []);
  });

  test('an empty form shows the error summary, focused, linking to each field', async () => {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    await visit(page, site.url('/sign-in'));
    await pressButton(page, 'Sign in');
    assert.match(await page.title(), /^Error: Sign in – /);
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.innerText(), /There is a problem/);
    // GOV.UK Frontend moves focus to the summary: proof its script runs under the page's CSP.
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
    const emailLink = summary.getByRole('link', { name: 'Enter your email address' });
    assert.equal(await emailLink.getAttribute('href'), '#email');
    assert.equal(await summary.getByRole('link', { name: 'Enter your password' }).getAttribute('href'), '#password');
    assert.match(await page.locator('#email-error').innerText(), /Enter your email address/);
    await assertAccessible(page, 'the sign-in page with errors shown');
    await screenshot(page, 'sign-in-errors');
    await emailLink.click();
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    assert.deepEqual(problems(), []);
  });

  test('a wrong password is refused with one message for both fields', async () => {
    const page = await site.newPage();
    await signIn(page, site, worker.email, `${DEMO_PASSWORD}-wrong`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/);
    assert.equal(await page.getByLabel('Email address').inputValue(), worker.email, 'the email address is kept');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not sent back');
    await assertAccessible(page, 'the sign-in page after a wrong password');
  });

  test('the right password lands on the home page; signing out cannot be undone with Back', async () => {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    await signIn(page, site, worker.email);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), worker.name);

    await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    const banner = page.locator('.govuk-notification-banner');
    assert.match(await banner.innerText(), /You have signed out/);
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    await assertAccessible(page, 'the sign-in page after signing out');

    await page.goBack({ waitUntil: 'load' });
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'Back asks the server again and is sent to sign in');
    assert.doesNotMatch(await pageText(page), new RegExp(worker.name));

    await visit(page, site.url('/'));
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Sign in');
    assert.doesNotMatch(await pageText(page), new RegExp(worker.name));
    assert.deepEqual(problems(), []);
  });
});
