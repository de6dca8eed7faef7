import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, openSignedInPage, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit } from '../../../test/support/browser.ts';

const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;
const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/** How far the page runs past the right edge of the window, in pixels. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A team manager reads the weekly summary of their team on the demo council,
 * at desk width and on a phone; a head of service requires an email; the
 * worker sees it fixed on their choices. Each page passes axe-core's checks.
 */
describe('notifications in a browser: the weekly summary and the council’s required emails', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(MANAGER.email);

  test('the weekly summary of a team, at desk width and 390 px wide', async () => {
    await visit(ui.page, ui.site.url('/notifications'));
    await Promise.all([ui.page.waitForNavigation(), ui.page.getByRole('link', { name: 'Weekly summary of your teams', exact: true }).click()]);
    const text = await pageText(ui.page);
    assert.match(text, /Weekly summary of your teams/);
    assert.match(text, /Case-holding workers\s+\d+/);
    assert.match(text, /Overdue work\s+\d+ visits, \d+ other/);
    await assertAccessible(ui.page, 'the weekly summary');
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await visit(ui.page, ui.site.url('/notifications/digest'));
    assert.equal(await overflow(ui.page), 0, 'the summary fits a phone');
    await assertAccessible(ui.page, 'the weekly summary at 390 px');
    await screenshot(ui.page, 'weekly-summary-phone');
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(ui.problems(), []);
  });

  test('a head of service requires an email, and a worker sees it fixed', async () => {
    const head = await openSignedInPage(ui.site, HEAD.email);
    await visit(head.page, ui.site.url('/admin/notifications'));
    await assertAccessible(head.page, 'the required emails');
    await head.page.getByLabel('Supervision is overdue').check();
    await pressButton(head.page, 'Save');
    assert.match(await pageText(head.page), /Saved\. The emails ticked are sent/);
    assert.equal(await head.page.getByLabel('Supervision is overdue').isChecked(), true);
    await assertAccessible(head.page, 'the required emails once saved');

    const worker = await openSignedInPage(ui.site, WORKER.email);
    await visit(worker.page, ui.site.url('/notifications'));
    assert.equal(await worker.page.getByLabel('Supervision is overdue').count(), 0, 'a required email is not offered as a choice');
    assert.match(await pageText(worker.page), /The council requires these emails, so they are always sent:\s+Supervision is overdue/);
    await assertAccessible(worker.page, 'a person’s choices with a required email');
    assert.deepEqual([...head.problems(), ...worker.problems()], []);
  });
});
