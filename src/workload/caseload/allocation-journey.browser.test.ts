import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, fillDate, openSignedInPage, pageText, pressButton, screenshot, skipWithoutBrowser, startBrowserSite, visit, type BrowserSite, followTo } from '../../../test/support/browser.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';
import { TEST_PASSWORD } from '../../../test/support/users.ts';
import { reassessWorkers } from './service.ts';
import { addChild, buildCaseloadWorld, type CaseloadWorld } from '../../../test/support/caseload-world.ts';

/**
 * The whole of prompt action, as a team manager lives it: they allocate a
 * child knowing (from the preview) that it takes Rae over the amber level,
 * the variance opens, they record a plan to move the child on, reallocate it
 * to a colleague with room, and the variance closes by itself.
 */
describe('allocation to variance to plan to reallocation, in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let w: CaseloadWorld;
  let newCase: string;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    w = await buildCaseloadWorld(db);
    await reassessWorkers(db, Object.values(w.users).map((u) => u.id), { today: '2026-11-23', now: site.test.clock.now(), trigger: 'daily check', actorId: null });
    // A new child protection case (7 points) waiting in North A's queue.
    newCase = await addChild(db, 'Newcase', 'cp');
    await allocate(db, { childId: newCase, teamId: w.teams.northA, workerId: null, start: '2026-11-16' });
    ({ page, problems } = await openSignedInPage(site, w.users.tmA.email, TEST_PASSWORD));
  });
  after(async () => site?.close());

  async function allocateNewCaseTo(worker: RegExp, reason?: string): Promise<string> {
    await visit(page, site.url(`/children/${newCase}/allocations/change?role=lead`));
    const preview = await page.getByRole('table', { name: /What allocating Kit to someone in North A would do/ }).innerText();
    await page.getByLabel(worker).check();
    await page.fill('#date-day', '23');
    await page.fill('#date-month', '11');
    await page.fill('#date-year', '2026');
    if (reason) await page.getByLabel(/Why is .*'s allocation ending/).selectOption(reason);
    return preview;
  }

  test('the preview says what the allocation does; allocating opens the variance', async () => {
    const preview = await allocateNewCaseTo(/Rae Reed/);
    assert.match(preview, /Rae Reed[\s\S]*94\.5% Within level →[\s\S]*101\.5% Over amber/, "Rae's capacity now and after");
    assert.match(preview, /Would open a variance: Capacity 101\.5%, over the amber level of 100%/);
    assert.match(preview, /Alex Able/);
    await assertAccessible(page, 'the allocation page with its preview');
    await screenshot(page, 'allocation-preview');
    await pressButton(page, 'Save the allocation', { exact: true });
    assert.match(await pageText(page), /Rae Reed/);

    await visit(page, site.url('/variances?state=open'));
    await followTo(page, () => page.getByRole('link', { name: /Over capacity, amber for Rae Reed/ }).click());
    assert.match(await pageText(page), /after allocation/);
  });

  test('the manager records a plan to reallocate the new case', async () => {
    await followTo(page, () => page.getByRole('button', { name: 'Record an action plan' }).click());
    await page.getByLabel('Reallocate named children').check();
    await page.getByLabel(/Kit Newcase – 7 points/).check();
    await page.getByLabel('What will be done').fill('Move the new case to Alex, who has room');
    await page.getByLabel('Who will do it').selectOption({ label: 'Person tmA – Team manager, North A' });
    await fillDate(page, 'Due date', '25', '11', '2026');
    await pressButton(page, 'Add action', { exact: true });
    assert.match(await pageText(page), /Action added to the plan/);
  });

  test('reallocating closes the variance by itself', async () => {
    await allocateNewCaseTo(/Alex Able/, 'MANAGE');
    await pressButton(page, 'Save the allocation', { exact: true });
    assert.match(await pageText(page), /Alex Able/);

    await visit(page, site.url('/variances?state=closed'));
    await followTo(page, () => page.getByRole('link', { name: /Over capacity, amber for Rae Reed/ }).click());
    assert.match(await pageText(page), /Back within the recommended level \(after allocation\)/);
    await assertAccessible(page, 'a closed variance');
    await screenshot(page, 'variance-closed');
    assert.deepEqual(problems(), []);
  });
});
