import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, pageText, pressButton, signedInSuite, skipWithoutBrowser, visitAccessible, watchForProblems } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Tabs forward until the focus is on a field named `name` (a radio group's first option, a text area). */
async function tabTo(page: Page, name: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((n) => (document.activeElement as HTMLInputElement | null)?.name === n, name)) return;
  }
  throw new Error(`no field named ${name} reached by Tab`);
}

/**
 * The feedback link in a real browser: a worker makes one (axe-checked), and
 * a parent answers it on a 390 px phone with the keyboard only, the form
 * refused first with nothing answered, then sent; the link then refuses.
 */
describe('feedback from a family in a browser, keyboard only at 390 px', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(WORKER.email);

  test('a worker makes a link; a parent answers it with the keyboard on a phone; the link then works no more', async () => {
    await visitAccessible(ui.page, ui.site.url('/quality/feedback/new'), 'the feedback link form');
    await pressButton(ui.page, 'Make the link');
    await assertAccessible(ui.page, 'the link made');
    const link = await ui.page.getByLabel('The feedback link').inputValue();
    const path = new URL(link).pathname;
    assert.match(path, /^\/f\/[A-Za-z0-9_-]{43}$/);

    const parent = await ui.site.newPage();
    const problems = watchForProblems(parent);
    await parent.setViewportSize(PHONE);
    await visitAccessible(parent, ui.site.url(path), 'the public feedback form at 390 px');
    assert.ok((await overflow(parent)) <= 0, 'the form is no wider than the phone');
    await tabTo(parent, 'couldBeBetter');
    await parent.keyboard.press('Tab');
    await Promise.all([parent.waitForNavigation(), parent.keyboard.press('Enter')]);
    await assertErrorSummary(parent, 'the public form with errors', ['Select who you are', 'Select how well we listened to you', 'Select whether things got better']);

    await tabTo(parent, 'respondent');
    await parent.keyboard.press('ArrowDown');
    await tabTo(parent, 'listened');
    await parent.keyboard.press('Space');
    await tabTo(parent, 'thingsBetter');
    await parent.keyboard.press('Space');
    await tabTo(parent, 'wentWell');
    await parent.keyboard.type('She rang back when she said she would.');
    await parent.keyboard.press('Tab');
    await parent.keyboard.press('Tab');
    await Promise.all([parent.waitForNavigation(), parent.keyboard.press('Enter')]);
    assert.match(await pageText(parent), /Thank you/);
    await assertAccessible(parent, 'the thank-you page at 390 px');

    await parent.goto(ui.site.url(path));
    assert.match(await pageText(parent), /This link cannot be used/);
    const [answer] = await ui.site.test.database.db.selectFrom('feedback_responses').select(['respondent', 'listened', 'things_better', 'went_well']).where('went_well', '=', 'She rang back when she said she would.').execute();
    assert.deepEqual({ ...answer, listened: undefined }, { respondent: 'parent_carer', listened: undefined, things_better: 'yes', went_well: 'She rang back when she said she would.' });
    assert.ok(answer!.listened >= 1 && answer!.listened <= 5, 'the score chosen with the keyboard');
    assert.deepEqual(problems().filter((p) => !/404/.test(p)), []);
    assert.deepEqual(ui.problems(), []);
  });
});
