import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { ROLE_LABELS } from '../../src/platform/access/roles.ts';
import {
  assertAccessible,
  screenshot,
  signIn,
  skipWithoutBrowser,
  startBrowserSite,
  watchForProblems,
  type BrowserSite,
} from '../support/browser.ts';

describe('each demo account sees its own home page', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  before(async () => {
    site = await startBrowserSite();
  });
  after(async () => site?.close());

  for (const account of DEMO_ACCOUNTS) {
    test(`${ROLE_LABELS[account.role]} (${account.email})`, async () => {
      const page = await site.newPage();
      const problems = watchForProblems(page);
      await signIn(page, site, account.email);
      assert.equal(new URL(page.url()).pathname, '/', 'signed in and sent to the home page');
      assert.match(await page.title(), /^Home – /);

      const main = page.locator('main');
      assert.equal(await main.getByRole('heading', { level: 1 }).innerText(), account.name);
      assert.equal(await main.locator('.govuk-caption-l').innerText(), ROLE_LABELS[account.role]);
      const header = page.locator('header.govuk-template__header');
      assert.match(await header.innerText(), new RegExp(`${account.name} \\(${escape(ROLE_LABELS[account.role])}\\)`));
      const aboutYou = await summaryList(main);
      assert.equal(aboutYou.get('Role'), ROLE_LABELS[account.role]);
      assert.equal(aboutYou.get('Email'), account.email);

      await assertAccessible(page, `the home page of ${account.email}`);
      if (account.role === 'social_worker' || account.role === 'system_admin') await screenshot(page, `home-${account.role}`);
      assert.deepEqual(problems(), []);
    });
  }

  test('a team manager opens their notifications from the header, on a phone, and follows one to the variance', async () => {
    const manager = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
    const page = await site.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, site, manager.email);
    const link = page.locator('header').getByRole('link', { name: /^Notifications/ });
    assert.match(await link.innerText(), /Notifications\s*\(\d+\s*new\s*\)/, 'the demo’s open variances told their managers');
    await Promise.all([page.waitForNavigation(), link.click()]);
    await assertAccessible(page, 'the notifications page, at 390 px');
    // The demo's managers also have the week's summary and overdue-work notices: follow the newest about a variance.
    const first = page.locator('main .steadfast-notifications a', { hasText: /A caseload (in your team has gone over a recommended level|variance has been escalated to you)/ }).first();
    assert.match(await first.innerText(), /A caseload (in your team has gone over a recommended level|variance has been escalated to you)/);
    await Promise.all([page.waitForNavigation(), first.click()]);
    assert.match(new URL(page.url()).pathname, /^\/variances\/[0-9a-f-]{36}$/);
  });
});

/** A GOV.UK summary list as key -> value text. */
async function summaryList(scope: Locator): Promise<Map<string, string>> {
  const rows = await scope.locator('.govuk-summary-list__row').evaluateAll((elements) =>
    elements.map((row) => [row.querySelector('dt')?.textContent?.trim() ?? '', row.querySelector('dd')?.textContent?.trim() ?? ''] as const),
  );
  return new Map(rows);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
