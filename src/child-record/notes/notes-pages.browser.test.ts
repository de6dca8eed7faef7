import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import {
  assertAccessible,
  pageText,
  pressButton,
  screenshot,
  signIn,
  skipWithoutBrowser,
  startBrowserSite,
  visit,
  watchForProblems,
  type BrowserSite,
} from '../../../test/support/browser.ts';

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
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    const child = await db
      .insertInto('people')
      .values({ is_child: true, la_child_id: 'BRNT001', forename: 'Noor', surname: 'Browser', date_of_birth: '2011-09-01', sex: 'F' })
      .returning('id')
      .executeTakeFirstOrThrow();
    childId = child.id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2025-01-06' }).execute();
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2025-01-06', source: '6', primary_need: 'N1' }).execute();
    page = await site.newPage();
    problems = watchForProblems(page);
    await signIn(page, site, WORKER.email);
  });
  after(async () => site?.close());

  test('adding a note: its errors linked to their fields, then the note, an edit, and its history', async () => {
    await visit(page, site.url(`/children/${childId}/notes/new`));
    await assertAccessible(page, 'the new note form');
    await pressButton(page, 'Save note');
    const summary = page.locator('.govuk-error-summary');
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), ['Select the type of note', 'Enter date of the event', 'Enter a title', 'Enter the note']);
    await assertAccessible(page, 'the new note form with errors');
    await summary.getByRole('link', { name: 'Enter date of the event' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'eventDate-day');

    await page.getByLabel('Visit', { exact: true }).check();
    const date = page.getByRole('group', { name: 'Date of the event' });
    await date.getByLabel('Day').fill('20');
    await date.getByLabel('Month').fill('11');
    await date.getByLabel('Year').fill('2026');
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

    await visit(page, site.url(`/children/${childId}/notes`));
    await assertAccessible(page, 'the notes list');
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
    const to = page.getByRole('group', { name: 'To (optional)' });
    await to.getByLabel('Day').fill('31');
    await to.getByLabel('Month').fill('2');
    await to.getByLabel('Year').fill('2026');
    await pressButton(page, 'Show events');
    assert.match(await pageText(page), /End of the range must be a real date/);
    await assertAccessible(page, 'the chronology with an error');
    await visit(page, site.url(`/children/${childId}/chronology?print=1`));
    await assertAccessible(page, 'the print version');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'chronology-print');
    assert.deepEqual(problems(), []);
  });
});
