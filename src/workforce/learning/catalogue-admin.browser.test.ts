import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, skipWithoutBrowser, startSignedInSite, visit, type BrowserSite } from '../../../test/support/browser.ts';

const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;

/**
 * A head of service changes the demo council's training catalogue in a real
 * browser: from Learning to the catalogue, a new course with its errors, a
 * seeded direct-work toolkit changed and retired. Every page passes axe-core.
 */
describe('changing the training catalogue in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];

  before(async () => {
    ({ site, page, problems } = await startSignedInSite(HEAD.email));
  });
  after(async () => site?.close());

  test('adding a course: its errors linked to their fields, then saved', async () => {
    await visit(page, site.url('/learning'));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Change the catalogue and what each role must hold' }).click()]);
    assert.match(await pageText(page), /In the catalogue.*Direct-work toolkit: communication and participation/s);
    await assertAccessible(page, 'the catalogue to change');
    await screenshot(page, 'learning-catalogue-admin');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Add a course' }).click()]);
    await assertAccessible(page, 'the add course form');
    await page.getByLabel('Renew every').fill('none');
    await pressButton(page, 'Save course', { exact: true });
    await assertErrorSummary(page, 'the add course form with errors', [
      'Enter the course name',
      'Select what kind of course it is',
      'Renewal period must be a whole number of months from 1 to 120, or left blank if it never expires',
    ]);
    assert.equal(await followErrorLink(page, /kind of course/), 'category');

    await page.getByLabel('Course name').fill('Direct-work toolkit: exploitation');
    await page.getByLabel('Direct-work toolkit').check();
    await page.getByLabel('Renew every').fill('24');
    await page.getByLabel('Social worker').check();
    await pressButton(page, 'Save course', { exact: true });
    assert.match(await pageText(page), /Course added to the catalogue.*Direct-work toolkit: exploitation/s);
    await assertAccessible(page, 'the catalogue after adding');
  });

  test('a seeded toolkit changed, then retired', async () => {
    await visit(page, site.url('/admin/learning'));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Change Direct-work toolkit: digital' }).click()]);
    await assertAccessible(page, 'the change course form');
    await page.getByLabel('Personal adviser').check();
    await pressButton(page, 'Save course', { exact: true });
    assert.match(await pageText(page), /Course saved/);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Change Direct-work toolkit: digital' }).click()]);
    await pressButton(page, 'Retire course', { exact: true });
    assert.match(await pageText(page), /Course retired.*Retired.*Direct-work toolkit: digital/s);
    await assertAccessible(page, 'the catalogue with a retired course');
    assert.deepEqual(problems(), []);
  });
});
