import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { openSignedInPage, pageText, signedInSuite, skipWithoutBrowser, visitAccessible } from '../support/browser.ts';

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
    assert.deepEqual(suite.problems(), []);
  });

  test('the analyst downloads the CIN census as XML and follows a CIN census rule to its children', async () => {
    const { page } = suite;
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page with the CIN census');
    assert.match(await pageText(page), /Children in need census: 2025 to 2026/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'The CIN census as XML for 2025 to 2026' }).click()]);
    assert.equal(download.suggestedFilename(), 'CIN_2026.xml');
    await visitAccessible(page, suite.site.url('/returns/cin/2026/rules/8540'), 'a CIN census rule\'s children');
    assert.match(await pageText(page), /Rule 8540\s+Child’s disability is missing or invalid/);
    assert.deepEqual(suite.problems(), []);
  });

  test('a team manager sees the errors of the children whose records they may open, and no downloads', async () => {
    const { page, problems } = await openSignedInPage(suite.site, MANAGER.email);
    await visitAccessible(page, suite.site.url('/returns'), 'the returns page for a manager');
    const text = await pageText(page);
    assert.match(text, /for the children whose records you may open/);
    assert.doesNotMatch(text, /as CSV/);
    assert.deepEqual(problems(), []);
  });
});
