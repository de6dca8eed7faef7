import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { pageText, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

describe('a social worker opens the help and protection page of a child on a plan, on a phone', { skip: skipWithoutBrowser }, () => {
  let child: string;
  const ui = signedInSuite(WORKER.email, async (db) => {
    const row = await db
      .selectFrom('allocations')
      .innerJoin('users', 'users.id', 'allocations.worker_id')
      .innerJoin('child_status', 'child_status.child_id', 'allocations.child_id')
      .select('allocations.child_id')
      .where('users.email', '=', WORKER.email)
      .where('allocations.role', '=', 'lead')
      .where('allocations.end_date', 'is', null)
      .where('child_status.status', '=', 'child_protection')
      .orderBy('allocations.child_id')
      .executeTakeFirstOrThrow();
    child = row.child_id;
  });

  test('the page shows the plan and what is due, fits 390 px and passes axe', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${child}/protection`), 'the help and protection page at 390 px');
    const text = await pageText(ui.page);
    assert.match(text, /Child protection plans .*From \d{1,2} \w+ \d{4} \(open\)/);
    assert.match(text, /What comes next/);
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing runs past the screen’s edge');
    assert.equal(await ui.page.locator('.steadfast-record-nav__item--current a').textContent(), 'Help and protection');
    await screenshot(ui.page, 'phone-help-and-protection-page');
    assert.deepEqual(ui.problems(), []);
  });
});
