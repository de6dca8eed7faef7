import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertErrorSummary, fillDate, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';

const ADVISER = DEMO_ACCOUNTS.find((a) => a.role === 'personal_adviser')!;
const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;
const PHONE = { width: 390, height: 844 };

describe('a personal adviser opens a care leaver’s care page on a phone', { skip: skipWithoutBrowser }, () => {
  let youngPerson: string;
  const ui = signedInSuite(ADVISER.email, async (db) => {
    const row = await db
      .selectFrom('allocations')
      .innerJoin('users', 'users.id', 'allocations.worker_id')
      .innerJoin('child_status', 'child_status.child_id', 'allocations.child_id')
      .select('allocations.child_id')
      .where('users.email', '=', ADVISER.email)
      .where('allocations.role', '=', 'personal_adviser')
      .where('allocations.end_date', 'is', null)
      .where('child_status.status', '=', 'care_leaver')
      .orderBy('allocations.child_id')
      .executeTakeFirstOrThrow();
    youngPerson = row.child_id;
  });

  test('the page names the adviser, the plan and the local offer, fits 390 px and passes axe', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${youngPerson}/care`), 'a care leaver’s care page at 390 px');
    const text = await pageText(ui.page);
    assert.match(text, new RegExp(`personal adviser is ${ADVISER.name}`));
    assert.match(text, /What .+ is entitled to/);
    assert.match(text, /Setting up home/);
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing runs past the screen’s edge');
    assert.equal(await ui.page.locator('.steadfast-record-nav__item--current a').textContent(), 'Care');
    await screenshot(ui.page, 'phone-care-leaver-care-page');
    assert.deepEqual(ui.problems(), []);
  });
  test('adding a goal to the pathway plan on a phone: the form, its errors, then the goal on the care page', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${youngPerson}/care/goals/new`), 'the goal form at 390 px');
    await pressButton(ui.page, 'Add the goal');
    await assertErrorSummary(ui.page, 'the goal form with errors', ['Select the area of life the goal is about', 'Enter the goal, in the young person’s own words', 'Enter the date the goal was set']);
    await ui.page.getByLabel('Money').check();
    await ui.page.getByLabel('The goal').fill('Save enough for a deposit');
    await fillDate(ui.page, 'Date the goal was set', '2', '11', '2026');
    await pressButton(ui.page, 'Add the goal');
    assert.match(await pageText(ui.page), /Goal added to the pathway plan/);
    await visit(ui.page, ui.site.url(`/children/${youngPerson}/care`));
    assert.match(await pageText(ui.page), /“Save enough for a deposit”/);
    assert.deepEqual(ui.problems(), []);
  });
});

describe('a head of service sets the local offer for care leavers', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(HEAD.email);

  test('the form, its error summary, then the saved offer', async () => {
    await visitAccessible(ui.page, ui.site.url('/admin/local-offer'), 'the local offer form');
    await ui.page.getByLabel('What the council offers').fill('');
    await ui.page.getByLabel(/Web address/).fill('http://example.org');
    await pressButton(ui.page, 'Save the local offer');
    await assertErrorSummary(ui.page, 'the local offer form with errors', [
      'Enter what the council offers its care leavers',
      'Enter a web address starting https://, like https://www.example.gov.uk/local-offer',
    ]);
    await ui.page.getByLabel('What the council offers').fill('A grant of £3,000 to set up home.');
    await ui.page.getByLabel(/Web address/).fill('https://www.example.gov.uk/local-offer');
    await pressButton(ui.page, 'Save the local offer');
    assert.match(await pageText(ui.page), /Local offer saved/);
    await visit(ui.page, ui.site.url('/admin/local-offer'));
    assert.equal(await ui.page.getByLabel('What the council offers').inputValue(), 'A grant of £3,000 to set up home.');
    assert.deepEqual(ui.problems(), []);
  });
});
