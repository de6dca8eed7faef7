import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { childsDrawing } from '../../demo/documents.ts';
import { assertAccessible, assertErrorSummary, fillDate, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Direct work in a real browser at 390 px, with axe-core's WCAG 2.1 AA
 * checks: a worker finds a tool in the library, records a session on a
 * child's record with a drawing of the work (a session without the child's
 * words is refused first) and sees it, with the drawing, on the Direct work tab.
 */
describe('direct work with a child in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRDW001', forename: 'Dora', surname: 'Browser', date_of_birth: '2017-02-10', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-01-05' }).execute();
  });

  test('at 390 px: find a tool in the library, record a session with a drawing, see both on the Direct work tab', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url('/direct-work/toolkits'), 'the toolkit library');
    await ui.page.getByLabel('Show').selectOption({ label: 'Communication and participation' });
    await pressButton(ui.page, 'Show tools');
    await assertAccessible(ui.page, 'the library showing one kind');
    assert.doesNotMatch(await pageText(ui.page), /Online life map/, 'only the kind chosen');
    await ui.page.getByRole('link', { name: 'Feelings cards' }).click();
    await assertAccessible(ui.page, 'a tool’s page');
    assert.match(await pageText(ui.page), /Guidance for the worker Lay out a few cards at a time/);
    assert.ok((await overflow(ui.page)) <= 0, 'the tool’s page is no wider than the phone');

    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/direct-work`), 'the empty Direct work tab');
    assert.match(await pageText(ui.page), /No direct-work sessions are on Dora’s record/);
    await ui.page.getByRole('button', { name: 'Record a session' }).or(ui.page.getByRole('link', { name: 'Record a session' })).click();
    await assertAccessible(ui.page, 'the session form');
    await fillDate(ui.page, 'Date of the session', '20', '11', '2026');
    await ui.page.getByLabel('Tool used').selectOption({ label: 'Feelings cards (Communication and participation, ages 3 to 11)' });
    await ui.page.getByLabel('Who took part').fill('Dora and her social worker, at school');
    await ui.page.getByLabel('Your analysis').fill('Dora links feeling worried to evenings at home.');
    await ui.page.getByLabel('What changed as a result').fill('Nothing has changed yet; to return to it next visit.');
    await pressButton(ui.page, 'Save session');
    await assertErrorSummary(ui.page, 'the session form with errors', ['Enter the child’s words as they said them']);
    assert.ok((await overflow(ui.page)) <= 0, 'the form is no wider than the phone');
    await ui.page.getByLabel('Dora’s words').fill('I picked the wobbly face for bedtime. The happy one is for school.');
    await ui.page.getByLabel('Drawings or photos of the work (optional)').setInputFiles({ name: 'wobbly-face.png', mimeType: 'image/png', buffer: Buffer.from(childsDrawing({ pick: (items) => items[1]!, int: (min) => min })) });
    assert.ok(await ui.page.getByLabel('The child’s own work (a drawing, a letter)').isChecked(), 'a drawing by the child unless said otherwise');
    await pressButton(ui.page, 'Save session');

    const text = await pageText(ui.page);
    assert.match(text, /Direct-work session recorded/);
    assert.match(text, /20 November 2026: Feelings cards/);
    assert.match(text, /Dora’s words I picked the wobbly face for bedtime. The happy one is for school. Worker’s analysis Dora links feeling worried to evenings at home./);
    assert.match(text, /Drawings and photos wobbly-face.png \(The child’s own work \(a drawing, a letter\); PNG image, \d+ (bytes|KB)\)/);
    assert.ok((await overflow(ui.page)) <= 0, 'the tab is no wider than the phone');
    await assertAccessible(ui.page, 'the Direct work tab with a session at 390 px');
    await screenshot(ui.page, 'direct-work-phone');
    const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('link', { name: 'wobbly-face.png' }).click()]);
    assert.equal(download.suggestedFilename(), 'wobbly-face.png', 'the drawing comes as a download, never shown in the page');
    assert.deepEqual(ui.problems(), []);
  });
});
