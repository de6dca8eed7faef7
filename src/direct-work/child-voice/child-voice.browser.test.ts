import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible, watchForProblems, followTo } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Presses Tab until the focused element matches `selector`, as someone using only a keyboard would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/**
 * The child's own link in a real browser at 390 px, with axe-core's WCAG 2.1
 * AA checks: the worker makes a link on their phone; the child opens it on
 * another phone (no sign-in), sends nothing and is told what is missing, then
 * answers with the keyboard alone; the worker sees the flag on their home page.
 */
describe('the child’s own link in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRCV001', forename: 'Kit', surname: 'Voicebrowser', date_of_birth: '2016-02-10', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-01-05' }).execute();
  });

  async function makeLink(scenario: string, easyRead: 'Yes' | 'No'): Promise<string> {
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/direct-work/voice/new`), 'the form making a link');
    await ui.page.getByLabel(scenario).check();
    await ui.page.getByRole('group', { name: /easier version/ }).getByLabel(easyRead).check();
    await pressButton(ui.page, 'Make the link');
    await assertAccessible(ui.page, 'the link, shown once');
    assert.ok((await overflow(ui.page)) <= 0, 'the link page is no wider than the phone');
    const link = (await ui.page.locator('#child-link code').textContent())!.trim();
    assert.match(link, /\/v\/[A-Za-z0-9_-]{43}$/);
    return new URL(link).pathname;
  }

  test('at 390 px: the worker makes a link, the child answers with the keyboard alone, the worker sees the flag', async () => {
    await ui.page.setViewportSize(PHONE);
    const path = await makeLink('My placement', 'No');

    const phone = await ui.site.newPage();
    const problems = watchForProblems(phone);
    await phone.setViewportSize(PHONE);
    await visitAccessible(phone, ui.site.url(path), 'the child’s form');
    const text = await pageText(phone);
    assert.doesNotMatch(text, /Kit|Voicebrowser/, 'nothing from the record');
    assert.match(text, /Childline free on 0800 1111/);
    assert.ok((await overflow(phone)) <= 0, 'the child’s form is no wider than the phone');
    await pressButton(phone, 'Send to my worker');
    await assertErrorSummary(phone, 'the child’s form with nothing chosen', ['Choose how you feel', 'Write something in your own words', 'Choose yes or no']);

    await visit(phone, ui.site.url(path));
    await tabTo(phone, 'input[name="feeling"]');
    await phone.keyboard.press('Space');
    await phone.keyboard.press('ArrowDown');
    await tabTo(phone, 'textarea[name="words"]');
    await phone.keyboard.type('I like my room but I get scared at night.');
    await tabTo(phone, 'input[name="worried"]');
    await phone.keyboard.press('Space');
    await tabTo(phone, 'button');
    await followTo(phone, () => phone.keyboard.press('Enter'));
    const thanks = await pageText(phone);
    assert.match(thanks, /Thank you/);
    assert.match(thanks, /Your worker and their manager have been told/);
    await assertAccessible(phone, 'the thank-you page');
    await screenshot(phone, 'child-voice-phone');
    assert.deepEqual(problems(), []);

    await visit(ui.page, ui.site.url('/'));
    assert.match(await pageText(ui.page), /told us they are worried .*Kit Voicebrowser, sent/);
    await assertAccessible(ui.page, 'the home page with the flag');
    await ui.page.getByRole('link', { name: 'Kit Voicebrowser' }).click();
    assert.match(await pageText(ui.page), /How they feel Good In Kit’s words I like my room but I get scared at night. Worried or unsafe Yes/);
    await assertAccessible(ui.page, 'what the child told us');
    assert.ok((await overflow(ui.page)) <= 0, 'the page is no wider than the phone');
    assert.deepEqual(ui.problems(), []);
  });

  test('the easier version: bigger pictures, shorter words, still accessible', async () => {
    await ui.page.setViewportSize(PHONE);
    const path = await makeLink('My education', 'Yes');
    const phone = await ui.site.newPage();
    await phone.setViewportSize(PHONE);
    await visitAccessible(phone, ui.site.url(path), 'the easier form');
    assert.match(await pageText(phone), /How is school\?/);
    assert.ok((await overflow(phone)) <= 0, 'the easier form is no wider than the phone');
  });
});
