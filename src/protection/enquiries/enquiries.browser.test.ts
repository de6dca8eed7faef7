import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * A social worker, at 390 px, records a strategy discussion that starts a
 * section 47 enquiry, the enquiry's outcome, and the initial conference that
 * starts a child protection plan; axe-core's WCAG 2.1 AA checks on each page,
 * form and error summary; then the conference record as it prints.
 */
describe('strategy discussions, enquiries and conferences in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BREQ001', forename: 'Ezra', surname: 'Browser', date_of_birth: '2017-08-19', sex: 'M' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-01-05' }).execute();
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2026-10-28', source: '1A', primary_need: 'N1' }).execute();
  });

  test('at 390 px: a strategy discussion that starts an enquiry, its outcome, and a conference that starts a plan', async () => {
    const page = ui.page;
    await page.setViewportSize(PHONE);
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/enquiries`), 'the enquiries page');
    await page.getByRole('button', { name: 'Record a strategy discussion' }).click();
    await assertAccessible(page, 'the strategy discussion form');
    await fillDate(page, 'Date of the strategy discussion', '2', '11', '2026');
    await page.getByLabel('Name 1', { exact: true }).fill('Sam Social');
    await page.getByLabel('Agency 1', { exact: true }).selectOption('social_care');
    await page.getByLabel('Name 2', { exact: true }).fill('PC Ward');
    await pressButton(page, 'Save the strategy discussion');
    await assertErrorSummary(page, 'the discussion form with errors', ['Select the agency of attendee 2', 'Enter the information shared', 'Select whether a section 47 enquiry starts']);
    assert.equal(await followErrorLink(page, /agency of attendee 2/), 'attendee2Agency');
    assert.ok((await overflow(page)) <= 0, 'the form is no wider than the phone');
    await page.getByLabel('Agency 2', { exact: true }).selectOption('police');
    await page.getByLabel('Name 3', { exact: true }).fill('Nurse Adebayo');
    await page.getByLabel('Agency 3', { exact: true }).selectOption('health');
    await page.getByLabel('Information shared').fill('Ezra arrived at school with a burn on his hand and said his mum’s boyfriend did it.');
    await page.getByRole('group', { name: /section 47 enquiry start/ }).getByLabel('Yes').check();
    await pressButton(page, 'Save the strategy discussion');
    assert.match(await pageText(page), /Strategy discussion recorded/);
    assert.match(await pageText(page), /A section 47 enquiry is under way from 2 November 2026/);

    await page.getByRole('link', { name: /Record the outcome/ }).click();
    await assertAccessible(page, 'the enquiry outcome form');
    await page.getByLabel('Concerns substantiated and the child judged to be at continuing risk of significant harm', { exact: true }).check();
    await fillDate(page, 'Date the enquiry ended', '30', '10', '2026');
    await page.getByRole('group', { name: /conference needed/ }).getByLabel('Yes').check();
    await pressButton(page, 'Save the outcome');
    await assertErrorSummary(page, 'the outcome form with errors', ['The date the enquiry ended must be on or after the strategy discussion that started it, 2 November 2026']);
    await fillDate(page, 'Date the enquiry ended', '11', '11', '2026');
    await pressButton(page, 'Save the outcome');
    assert.match(await pageText(page), /Outcome of the enquiry recorded/);

    await page.getByRole('button', { name: 'Record the initial conference' }).click();
    await assertAccessible(page, 'the conference form');
    assert.match(await pageText(page), /by 23 November 2026/);
    await fillDate(page, 'Date of the conference', '20', '11', '2026');
    await page.getByLabel('Who chaired the conference').selectOption({ index: 1 });
    await page.getByLabel('Name 1', { exact: true }).fill('Sam Social');
    await page.getByLabel('Agency 1', { exact: true }).selectOption('social_care');
    await page.getByLabel('Attendance 1', { exact: true }).selectOption('attended_and_report');
    await page.getByLabel('Name 2', { exact: true }).fill('Ms Okafor');
    await page.getByLabel('Agency 2', { exact: true }).selectOption('family');
    await page.getByLabel('Attendance 2', { exact: true }).selectOption('attended');
    await page.getByLabel('Views shared through an advocate').first().check();
    await page.getByRole('group', { name: 'How the family took part' }).getByLabel('Parents or carers attended', { exact: true }).check();
    await page.getByRole('group', { name: /decide on a child protection plan/ }).getByLabel('Yes').check();
    await pressButton(page, 'Save the conference');
    await assertErrorSummary(page, 'the conference form with errors', ['Select the initial category of abuse', 'Enter an outline of the child protection plan']);
    assert.equal(await followErrorLink(page, /category of abuse/), 'category');
    await page.getByLabel(/Physical abuse/).check();
    await page.getByLabel('Outline of the plan').fill('The boyfriend does not stay at the home; weekly visits; school nurse checks in.');
    await pressButton(page, 'Save the conference');
    assert.match(await pageText(page), /Initial child protection conference recorded/);
    assert.ok((await overflow(page)) <= 0, 'the page is no wider than the phone');

    await page.getByRole('link', { name: '20 November 2026' }).click();
    await assertAccessible(page, 'the conference record');
    const text = await pageText(page);
    assert.match(text, /Within 15 working days: 14 working days after the strategy discussion on 2 November 2026/);
    assert.match(text, /Physical abuse \(PHY\)/);
    await screenshot(page, 'conference-phone');
    assert.deepEqual(ui.problems(), []);
  });

  test('the conference record prints without navigation, tabs, buttons or footer', async () => {
    const page = ui.page;
    await page.setViewportSize({ width: 1280, height: 900 });
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/enquiries`), 'the enquiries page with a conference');
    await page.getByRole('link', { name: '20 November 2026' }).click();
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.steadfast-record-nav', '.govuk-service-navigation', '.govuk-footer', '.steadfast-no-print']) {
      assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is hidden in print`);
    }
    assert.ok(await page.getByRole('heading', { name: /Initial child protection conference on 20 November 2026/ }).isVisible(), 'the record itself prints');
    assert.ok(await page.locator('.steadfast-print-section').first().isVisible());
    await screenshot(page, 'conference-print');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(ui.problems(), []);
  });
});
