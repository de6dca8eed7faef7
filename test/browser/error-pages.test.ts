import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import type { Role } from '../../src/db/schema.ts';
import {
  assertAccessible,
  assertNoStackTrace,
  pageText,
  screenshot,
  signIn,
  skipWithoutBrowser,
  startBrowserSite,
  visit,
  watchForProblems,
  type BrowserSite,
} from '../support/browser.ts';

const accountFor = (role: Role) => DEMO_ACCOUNTS.find((account) => account.role === role)!;

describe('error pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  before(async () => {
    site = await startBrowserSite();
  });
  after(async () => site?.close());

  test('a page that does not exist answers 404 with a GOV.UK page, signed out', async () => {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    const response = await visit(page, site.url('/no-such-page'));
    assert.equal(response.status(), 404);
    assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page not found');
    assertNoStackTrace(await pageText(page));
    await assertAccessible(page, 'the 404 page (signed out)');
    assert.deepEqual(problems(), []);
  });

  test('a page that does not exist answers 404 with a GOV.UK page, signed in', async () => {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    await signIn(page, site, accountFor('social_worker').email);
    const response = await visit(page, site.url('/children/not-a-child/nothing-here'));
    assert.equal(response.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page not found');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1, 'still shown as signed in');
    assertNoStackTrace(await pageText(page));
    await assertAccessible(page, 'the 404 page (signed in)');
    await screenshot(page, 'not-found');
    assert.deepEqual(problems(), []);
  });

  test('a function the role may not use answers 403 with a GOV.UK page', async () => {
    // The page refused below exists: a system administrator sees it.
    const admin = await site.newPage();
    await signIn(admin, site, accountFor('system_admin').email);
    const adminResponse = await visit(admin, site.url('/admin/users'));
    assert.equal(adminResponse.status(), 200, 'a system administrator may see the user list');

    const page = await site.newPage();
    const problems = watchForProblems(page);
    await signIn(page, site, accountFor('social_worker').email);
    const response = await visit(page, site.url('/admin/users'));
    assert.equal(response.status(), 403);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'You do not have permission to do that');
    const text = await page.locator('main').innerText();
    assert.equal(text.split('You do not have permission to do that').length - 1, 1, `the page says what to do, not the heading again:\n${text}`);
    assertNoStackTrace(await pageText(page));
    await assertAccessible(page, 'the 403 page');
    await screenshot(page, 'forbidden');
    assert.deepEqual(problems(), []);
  });
});
