import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit } from '../../../test/support/browser.ts';

const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;

/**
 * A head of service changes the demo council's training catalogue in a real
 * browser: from Learning to the catalogue, a new course with its errors, a
 * seeded direct-work toolkit changed and retired. Every page passes axe-core.
 */
describe('changing the training catalogue in a browser', { skip: skipWithoutBrowser }, () => {

  const ui = signedInSuite(HEAD.email);

  test('adding a course: its errors linked to their fields, then saved', async () => {
    await visit(ui.page, ui.site.url('/learning'));
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('link', { name: 'Change the catalogue and what each role must hold' }).click()]);
    assert.match(await pageText(ui.page), /In the catalogue.*Direct-work toolkit: communication and participation/s);
    await assertAccessible(ui.page, 'the catalogue to change');
    await screenshot(ui.page, 'learning-catalogue-admin');

    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('button', { name: 'Add a course' }).click()]);
    await assertAccessible(ui.page, 'the add course form');
    await ui.page.getByLabel('Renew every').fill('none');
    await pressButton(ui.page, 'Save course', { exact: true });
    await assertErrorSummary(ui.page, 'the add course form with errors', [
      'Enter the course name',
      'Select what kind of course it is',
      'Renewal period must be a whole number of months from 1 to 120, or left blank if it never expires',
    ]);
    assert.equal(await followErrorLink(ui.page, /kind of course/), 'category');

    await ui.page.getByLabel('Course name').fill('Direct-work toolkit: exploitation');
    await ui.page.getByLabel('Direct-work toolkit').check();
    await ui.page.getByLabel('Renew every').fill('24');
    await ui.page.getByLabel('Social worker').check();
    await pressButton(ui.page, 'Save course', { exact: true });
    assert.match(await pageText(ui.page), /Course added to the catalogue.*Direct-work toolkit: exploitation/s);
    await assertAccessible(ui.page, 'the catalogue after adding');
  });

  test('a seeded toolkit changed, then retired', async () => {
    await visit(ui.page, ui.site.url('/admin/learning'));
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('link', { name: 'Change Direct-work toolkit: digital' }).click()]);
    await assertAccessible(ui.page, 'the change course form');
    await ui.page.getByLabel('Personal adviser').check();
    await pressButton(ui.page, 'Save course', { exact: true });
    assert.match(await pageText(ui.page), /Course saved/);
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('link', { name: 'Change Direct-work toolkit: digital' }).click()]);
    await pressButton(ui.page, 'Retire course', { exact: true });
    assert.match(await pageText(ui.page), /Course retired.*Retired.*Direct-work toolkit: digital/s);
    await assertAccessible(ui.page, 'the catalogue with a retired course');
    assert.deepEqual(ui.problems(), []);
  });
});
