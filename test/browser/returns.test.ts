import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertErrorSummary, fillDate, openSignedInPage, pageText, pressButton, signedInSuite, skipWithoutBrowser, visitAccessible } from '../support/browser.ts';

const ANALYST = DEMO_ACCOUNTS.find((a) => a.role === 'performance_analyst')!;
const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;

/**
 * The statutory returns in a real browser on the demo council: the analyst
 * sees the year's SSDA903 tables and errors and follows a rule to its
 * children, and downloads the CIN census and follows one of its rules; a
 * team manager sees their team's errors only. Every page passes
 * axe-core's WCAG 2.1 AA checks.
 */
describe('statutory returns in a browser', { skip: skipWithoutBrowser }, () => {
  const suite = signedInSuite(ANALYST.email);
  // A form whose answer is a file (Annex A) ends its navigation in a download, which Chromium reports as an aborted request.
  const unexpectedProblems = () => suite.problems().filter((p) => !/\/returns\/annex-a\.xlsx\?date=[\d-]+ \(net::ERR_ABORTED\)$/.test(p));

  test('the analyst sees each table of the last finished year and can download it', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page');
    const text = await pageText(page);
    assert.match(text, /Children looked after \(SSDA903\): 2025 to 2026/);
    const episodes = page.getByRole('row', { name: /^Episodes \d+/ });
    assert.match(await episodes.innerText(), /Episodes\s+[1-9]\d*/, 'the demo council has episodes in the year');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Header as CSV for 2025 to 2026' }).click()]);
    assert.equal(download.suggestedFilename(), 'SSDA903_2026_Header.csv');
  });

  test('a rule opens on the children it finds, and the year can be changed', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns/ssda903/2026/rules/168'), 'a rule\'s children');
    assert.match(await pageText(page), /Rule 168\s+Unique Pupil Number \(UPN\) is not valid/);
    await visitAccessible(page, suite.site.url('/returns?year=2027'), 'the year in progress');
    assert.match(await pageText(page), /2026 to 2027/);
    assert.deepEqual(unexpectedProblems(), []);
  });

  test('the analyst chooses the last day for Ofsted Annex A: a day in the future gets an error summary, a real day downloads the workbook', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns/annex-a'), 'the Annex A page');
    assert.match(await pageText(page), /List 11: Adopters/);
    await fillDate(page, 'The last day the lists cover', '1', '1', '2099');
    await pressButton(page, 'Download Annex A');
    await assertErrorSummary(page, 'Annex A with a day in the future', ['The last day must be today or in the past']);
    await fillDate(page, 'The last day the lists cover', '1', '11', '2026');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Annex A' }).click()]);
    assert.equal(download.suggestedFilename(), 'Annex_A_2026-11-01.xlsx');
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page with Annex A');
    const [today] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Annex A' }).click()]);
    assert.match(today.suggestedFilename(), /^Annex_A_\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.deepEqual(unexpectedProblems(), []);
  });

  test('the analyst opens the Standard Safeguarding Dataset from the returns page: the demo council fills the main objects, and each downloads as CSV', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page');
    assert.equal(await page.getByRole('link', { name: 'the Standard Safeguarding Dataset export' }).getAttribute('href'), '/returns/ssd');
    await visitAccessible(page, suite.site.url('/returns/ssd'), 'the Standard Safeguarding Dataset page');
    assert.match(await pageText(page), /Objects not produced yet/);
    for (const object of ['ssd_person', 'ssd_contacts', 'ssd_cin_episodes', 'ssd_cin_assessments', 'ssd_s47_enquiry', 'ssd_cp_plans', 'ssd_cla_episodes', 'ssd_cla_reviews', 'ssd_involvements', 'ssd_professionals']) {
      const row = page.getByRole('row', { name: new RegExp(`^${object} `) });
      assert.match(await row.innerText(), /\t[1-9]\d*\t/, `the demo council has ${object} rows`);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'ssd_person.csv' }).click()]);
    assert.equal(download.suggestedFilename(), 'ssd_person.csv');
    assert.deepEqual(unexpectedProblems(), []);
  });

  test('the analyst downloads the CIN census as XML and follows a CIN census rule to its children', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page with the CIN census');
    assert.match(await pageText(page), /Children in need census: 2025 to 2026/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'The CIN census as XML for 2025 to 2026' }).click()]);
    assert.equal(download.suggestedFilename(), 'CIN_2026.xml');
    await visitAccessible(page, suite.site.url('/returns/cin/2026/rules/8540'), 'a CIN census rule\'s children');
    assert.match(await pageText(page), /Rule 8540\s+Child’s disability is missing or invalid/);
    assert.deepEqual(unexpectedProblems(), []);
  });

  test('a team manager sees the errors of the children whose records they may open, and no downloads', async () => {
    const { page, problems } = await openSignedInPage(suite.site, MANAGER.email);
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page for a manager');
    const text = await pageText(page);
    assert.match(text, /for the children whose records you may open/);
    assert.doesNotMatch(text, /as CSV/);
    assert.doesNotMatch(text, /Download Annex A/);
    assert.deepEqual(problems(), []);
  });
});
