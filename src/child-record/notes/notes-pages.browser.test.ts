import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, openSignedInPage, pageText, pressButton, screenshot, skipWithoutBrowser, startBrowserSite, visit, visitAccessible, type BrowserSite } from '../../../test/support/browser.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';
import { insertChild, userByEmail } from '../../../test/support/records.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/** Case notes and the chronology in a real browser, each page checked with axe-core. */
describe('case notes and chronology pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let childId: string;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    const worker = await userByEmail(db, WORKER.email);
    childId = await insertChild(db, { laChildId: 'BRNT001', forename: 'Noor', surname: 'Browser', dateOfBirth: '2011-09-01', sex: 'F' });
    await allocate(db, { childId, teamId: worker.teamId, workerId: worker.id, start: '2025-01-06' });
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2025-01-06', source: '6', primary_need: 'N1' }).execute();
    ({ page, problems } = await openSignedInPage(site, WORKER.email));
  });
  after(async () => site?.close());

  test('adding a note: its errors linked to their fields, then the note, an edit, and its history', async () => {
    await visitAccessible(page, site.url(`/children/${childId}/notes/new`), 'the new note form');
    await pressButton(page, 'Save note');
    await assertErrorSummary(page, 'the new note form with errors', ['Select the type of note', 'Enter date of the event', 'Enter a title', 'Enter the note']);
    assert.equal(await followErrorLink(page, 'Enter date of the event'), 'eventDate-day');

    await page.getByLabel('Visit', { exact: true }).check();
    await fillDate(page, 'Date of the event', '20', '11', '2026');
    await page.getByLabel('Title').fill('Home visit');
    await page.getByLabel('Note', { exact: true }).fill('Saw Noor at home.\nShe was cheerful.');
    await page.getByLabel('This is a significant event in the child’s life').check();
    await pressButton(page, 'Save note');
    assert.match(await pageText(page), /Case note saved/);
    await assertAccessible(page, 'a note');

    await page.getByRole('link', { name: 'Change this note' }).click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'the edit form');
    await page.getByLabel('Title').fill('Home visit to Noor');
    await pressButton(page, 'Save changes');
    assert.match(await pageText(page), /Version history/);
    await page.getByText('Version 1', { exact: true }).click();
    await assertAccessible(page, 'a note with its history open');
    await screenshot(page, 'case-note');

    await visitAccessible(page, site.url(`/children/${childId}/notes`), 'the notes list');
    await page.getByLabel('Type of note').selectOption('visit');
    await pressButton(page, 'Show notes');
    assert.match(await pageText(page), /Home visit to Noor/);
  });

  test('the chronology, a range with a problem, and the print version', async () => {
    await visit(page, site.url(`/children/${childId}/chronology`));
    const text = await pageText(page);
    assert.match(text, /Referral received/);
    assert.match(text, /Home visit to Noor/);
    await assertAccessible(page, 'the chronology');
    await fillDate(page, 'To (optional)', '31', '2', '2026');
    await pressButton(page, 'Show events');
    assert.match(await pageText(page), /End of the range must be a real date/);
    await assertAccessible(page, 'the chronology with an error');
    await visitAccessible(page, site.url(`/children/${childId}/chronology?print=1`), 'the print version');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'chronology-print');
    assert.deepEqual(problems(), []);
  });
});
