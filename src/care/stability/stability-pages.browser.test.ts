import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, pageText, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';

const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('placement stability in a browser', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(MANAGER.email);

  test('the measures page and a listed child’s placements pass axe-core’s checks', async () => {
    await visitAccessible(ui.page, ui.site.url('/care/stability'), 'the placement stability measures');
    const text = await pageText(ui.page);
    assert.match(text, /3 or more placements, year to 31 March 2026/);
    assert.equal(await ui.page.locator('main svg[role="img"]').count(), 1, 'the trend chart');
    await screenshot(ui.page, 'placement-stability');
    const child = await ui.page.locator('main a[href$="/care/placements"]').first().getAttribute('href');
    assert.ok(child, 'the demo team has a child with 3 or more placements in the year');
    await visitAccessible(ui.page, ui.site.url(child), 'a child’s placements');
    assert.match(await pageText(ui.page), /Moves in the last 12 months/);
    assert.deepEqual(ui.problems(), []);
  });
});

describe('a child’s placements on a phone', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(WORKER.email);

  test('the placement history of a child in care fits a 390 px screen', async () => {
    await ui.page.setViewportSize(PHONE);
    await visit(ui.page, ui.site.url('/my-children'));
    const hrefs = await ui.page.locator('main table a[href^="/children/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    let shown = false;
    for (const href of hrefs) {
      await visit(ui.page, ui.site.url(`${href}/care/placements`));
      if ((await ui.page.locator('.govuk-summary-card').count()) === 0) continue;
      await assertAccessible(ui.page, 'a child’s placements at 390 px');
      assert.ok((await overflow(ui.page)) <= 0, 'the page is no wider than the phone');
      await screenshot(ui.page, 'phone-placements');
      shown = true;
      break;
    }
    assert.ok(shown, 'the worker leads a child with placements');
    assert.deepEqual(ui.problems(), []);
  });
});
