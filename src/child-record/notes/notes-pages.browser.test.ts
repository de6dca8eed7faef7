import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible, followTo } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/** Case notes and the chronology in a real browser, each page checked with axe-core. */
describe('case notes and chronology pages in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRNT001', forename: 'Noor', surname: 'Browser', dateOfBirth: '2011-09-01', sex: 'F' }, '2025-01-06');
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2025-01-06', source: '6', primary_need: 'N1' }).execute();
  });

  test('adding a note: its errors linked to their fields, then the note, an edit, and its history', async () => {
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/notes/new`), 'the new note form');
    await pressButton(ui.page, 'Save note');
    await assertErrorSummary(ui.page, 'the new note form with errors', ['Select the type of note', 'Enter date of the event', 'Enter a title', 'Enter the note']);
    assert.equal(await followErrorLink(ui.page, 'Enter date of the event'), 'eventDate-day');

    await ui.page.getByLabel('Visit', { exact: true }).check();
    await fillDate(ui.page, 'Date of the event', '20', '11', '2026');
    await ui.page.getByLabel('Title').fill('Home visit');
    await ui.page.getByLabel('Note', { exact: true }).fill('Saw Noor at home.\nShe was cheerful.');
    await ui.page.getByLabel('This is a significant event in the child’s life').check();
    await pressButton(ui.page, 'Save note');
    assert.match(await pageText(ui.page), /Case note saved/);
    await assertAccessible(ui.page, 'a note');

    await followTo(ui.page, () => ui.page.getByRole('link', { name: 'Change this note' }).click());
    await assertAccessible(ui.page, 'the edit form');
    await ui.page.getByLabel('Title').fill('Home visit to Noor');
    await pressButton(ui.page, 'Save changes');
    assert.match(await pageText(ui.page), /Version history/);
    await ui.page.getByText('Version 1', { exact: true }).click();
    await assertAccessible(ui.page, 'a note with its history open');
    await screenshot(ui.page, 'case-note');

    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/notes`), 'the notes list');
    await ui.page.getByLabel('Type of note').selectOption('visit');
    await pressButton(ui.page, 'Show notes');
    assert.match(await pageText(ui.page), /Home visit to Noor/);
  });

  test('the chronology, a range with a problem, and the print version', async () => {
    await visit(ui.page, ui.site.url(`/children/${childId}/chronology`));
    const text = await pageText(ui.page);
    assert.match(text, /Referral received/);
    assert.match(text, /Home visit to Noor/);
    await assertAccessible(ui.page, 'the chronology');
    await fillDate(ui.page, 'To (optional)', '31', '2', '2026');
    await pressButton(ui.page, 'Show events');
    assert.match(await pageText(ui.page), /End of the range must be a real date/);
    await assertAccessible(ui.page, 'the chronology with an error');
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/chronology?print=1`), 'the print version');
    await ui.page.emulateMedia({ media: 'print' });
    await screenshot(ui.page, 'chronology-print');
    assert.deepEqual(ui.problems(), []);
  });
});
