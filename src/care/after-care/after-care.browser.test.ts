import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { insertChild, userByEmail } from '../../../test/support/records.ts';

const ADVISER = DEMO_ACCOUNTS.find((a) => a.role === 'personal_adviser')!;
const ANALYST = DEMO_ACCOUNTS.find((a) => a.role === 'performance_analyst')!;
const PHONE = { width: 390, height: 844 };

/** How far the page is wider than the screen, in CSS pixels (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A personal adviser records a birthday check on a phone, as in the field:
 * the record page and the form, with its errors, fit 390 px and pass axe-core;
 * the care leaver measures page passes axe-core with its chart.
 */
describe('a care leaver’s birthday checks in a browser, on a phone', { skip: skipWithoutBrowser }, () => {
  let childId: string;
  const ui = signedInSuite(ADVISER.email, async (db) => {
    const adviser = await userByEmail(db, ADVISER.email);
    // 19 on 10 December 2026: today (23 November 2026) is inside the window.
    childId = await insertChild(db, { laChildId: 'BRAC001', forename: 'Ari', surname: 'Browser', dateOfBirth: '2007-12-10', sex: 'F' });
    await db.insertInto('care_leavers').values({ child_id: childId, category: 'former_relevant' }).execute();
    await db.insertInto('allocations').values({ child_id: childId, role: 'personal_adviser', team_id: adviser.teamId, worker_id: adviser.id, start_date: '2025-12-10' }).execute();
  });

  test('the record and the form fit 390 px; the errors link to their fields; the check is saved', async () => {
    await ui.page.setViewportSize(PHONE);
    const base = `/children/${childId}/care/after-care`;
    await visitAccessible(ui.page, ui.site.url(base), 'the birthday checks');
    assert.equal(await overflow(ui.page), 0, 'the record page fits the phone');
    await visitAccessible(ui.page, ui.site.url(`${base}/new`), 'the birthday check form');
    assert.equal(await overflow(ui.page), 0, 'the form fits the phone');

    await ui.page.getByLabel('Which birthday').selectOption('19');
    await fillDate(ui.page, 'Date the information was gathered', '20', '11', '2026');
    await ui.page.getByLabel('In touch', { exact: true }).selectOption('NO');
    await ui.page.getByLabel('Main activity').selectOption('F2');
    await ui.page.getByLabel('Kind of accommodation').selectOption('0');
    await pressButton(ui.page, 'Save the check');
    await assertErrorSummary(ui.page, 'the birthday check form with errors', [
      'Select not known (0) for the activity: the young person is not in touch, has died or has returned home',
    ]);
    assert.equal(await followErrorLink(ui.page, /activity/), 'activity');
    assert.equal(await overflow(ui.page), 0, 'the form with its errors fits the phone');

    await ui.page.getByLabel('In touch', { exact: true }).selectOption('YES');
    await ui.page.getByLabel('Main activity').selectOption('F5');
    await ui.page.getByLabel('Kind of accommodation').selectOption('D');
    await ui.page.getByLabel('Suitable', { exact: true }).check();
    await pressButton(ui.page, 'Save the check');
    const text = await pageText(ui.page);
    assert.match(text, /Birthday check recorded/);
    assert.match(text, /D1: Semi-independent transitional accommodation/);
    await assertAccessible(ui.page, 'the birthday checks with one recorded');
    assert.equal(await overflow(ui.page), 0);
    await screenshot(ui.page, 'phone-care-leaver-birthday-checks');
    assert.deepEqual(ui.problems(), []);
  });
});

describe('the care leaver measures in a browser', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(ANALYST.email);

  test('the council’s measures by age and team, with the chart and its figures, pass axe-core', async () => {
    await visitAccessible(ui.page, ui.site.url('/care/leavers'), 'the care leaver measures');
    const text = await pageText(ui.page);
    assert.match(text, /Young people checked\s+\d+\s+\d+\s+[1-9]\d*/);
    assert.ok((await ui.page.locator('figure svg').count()) > 0, 'the chart is drawn');
    await ui.page.setViewportSize(PHONE);
    await visit(ui.page, ui.site.url('/care/leavers'));
    assert.equal(await overflow(ui.page), 0, 'the measures fit a phone, wide tables scrolling in their regions');
    await assertAccessible(ui.page, 'the care leaver measures at 390 px');
    await screenshot(ui.page, 'care-leaver-measures');
    assert.deepEqual(ui.problems(), []);
  });
});
