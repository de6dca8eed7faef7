import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { childsDrawing, smallPdf } from '../../demo/documents.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * A child's documents in a real browser at 390 px (a worker adds a letter or
 * a photo of a drawing where they are), with axe-core's WCAG 2.1 AA checks:
 * upload a PDF and a PNG, see them listed, download one, have a program
 * renamed to .pdf refused, and delete one with a reason.
 */
describe('documents on a child’s record in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(MANAGER.email, async (db) => {
    const manager = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', MANAGER.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRDC001', forename: 'Dina', surname: 'Browser', date_of_birth: '2017-02-10', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: manager.team_id!, worker_id: manager.id, start_date: '2026-01-05' }).execute();
  });

  const addDocument = async (file: { name: string; mimeType: string; buffer: Buffer }, title: string, kind: string, day: string) => {
    await ui.page.getByRole('button', { name: 'Add a document' }).or(ui.page.getByRole('link', { name: 'Add a document' })).click();
    await ui.page.getByLabel('File').setInputFiles(file);
    await ui.page.getByLabel('Title').fill(title);
    await fillDate(ui.page, 'Date of the document', day, '11', '2026');
    await ui.page.getByRole('radio', { name: kind, exact: true }).check();
    await pressButton(ui.page, 'Upload');
  };

  test('at 390 px: upload a PDF and a PNG, download one, a renamed program refused, delete with a reason', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/documents`), 'the empty documents page');
    assert.match(await pageText(ui.page), /No documents are on Dina’s record/);

    await ui.page.getByRole('button', { name: 'Add a document' }).or(ui.page.getByRole('link', { name: 'Add a document' })).click();
    await assertAccessible(ui.page, 'the upload form');
    await ui.page.getByLabel('File').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, ...new Array(300).fill(0x41)]) });
    await ui.page.getByLabel('Title').fill('Not really a letter');
    await fillDate(ui.page, 'Date of the document', '30', '11', '2026');
    await pressButton(ui.page, 'Upload');
    await assertErrorSummary(ui.page, 'the upload form with errors', [
      'The selected file must be a PDF, an image (PNG, JPEG, GIF, WebP or HEIC), a Word, Excel, PowerPoint or OpenDocument text file, or plain text',
      'The date of the document must be today or in the past',
      'Select the type of document',
    ]);
    assert.equal(await followErrorLink(ui.page, /The selected file/), 'file');
    assert.ok((await overflow(ui.page)) <= 0, 'the form is no wider than the phone');
    await ui.page.getByRole('link', { name: 'Cancel' }).click();

    await addDocument({ name: 'school-letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from(smallPdf(['Letter from the school', 'Dina has settled well.'])) }, 'Letter from the school', 'Letter', '16');
    assert.match(await pageText(ui.page), /Document added/);
    await addDocument({ name: 'drawing.png', mimeType: 'image/png', buffer: Buffer.from(childsDrawing({ pick: (items) => items[2]!, int: (min) => min + 3 })) }, 'Dina’s drawing of her family', 'The child’s own work (a drawing, a letter)', '20');
    const text = await pageText(ui.page);
    assert.match(text, /Dina’s drawing of her family/);
    assert.match(text, /Letter from the school/);
    assert.match(text, /PNG image, \d+ (bytes|KB)/);
    assert.match(text, /PDF, \d+ (bytes|KB)/);

    const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('link', { name: 'Download Letter from the school' }).click()]);
    assert.equal(download.suggestedFilename(), 'school-letter.pdf');
    const href = await ui.page.getByRole('link', { name: 'Download Letter from the school' }).getAttribute('href');
    const response = await ui.page.request.get(ui.site.url(href!));
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.match(response.headers()['content-disposition']!, /^attachment; filename="school-letter.pdf"/);
    assert.equal(response.headers()['x-content-type-options'], 'nosniff');
    assert.equal(response.headers()['cache-control'], 'no-store');

    await ui.page.getByRole('link', { name: 'Delete Dina’s drawing of her family' }).click();
    await assertAccessible(ui.page, 'the delete form');
    await pressButton(ui.page, 'Delete document');
    await assertErrorSummary(ui.page, 'the delete form with errors', ['Enter why the document is being deleted']);
    await ui.page.getByLabel('Why is it being deleted?').fill('a photo of another child’s drawing');
    await pressButton(ui.page, 'Delete document');
    assert.match(await pageText(ui.page), /Deleted on 23 November 2026 by Tom Whitlock because a photo of another child’s drawing/);
    assert.equal(await ui.page.getByRole('link', { name: 'Download Dina’s drawing of her family' }).count(), 0, 'no download once deleted');
    assert.ok((await overflow(ui.page)) <= 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the documents page at 390 px with a deleted document');
    await screenshot(ui.page, 'documents-phone');
    assert.deepEqual(ui.problems(), []);
  });
});
