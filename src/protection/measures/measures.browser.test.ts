import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';

const HEAD = DEMO_ACCOUNTS.find((a) => a.role === 'head_of_service')!;

/**
 * The help and protection measures of the demo council in a real browser at
 * desktop width: the page passes axe-core's WCAG 2.1 AA checks with its two
 * charts and tables, shows realistic figures month by month, and a team's
 * figures can be chosen.
 */
describe('help and protection measures in a browser', { skip: skipWithoutBrowser }, () => {
  const ui = signedInSuite(HEAD.email);

  test('at desktop width: the council’s measures pass axe-core with realistic figures, and one team’s can be chosen', async (t) => {
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visitAccessible(ui.page, ui.site.url('/protection/measures'), 'help and protection measures for the council');
    const text = await pageText(ui.page);
    // The figures the demo shows, so a change in the demo shows in the test output.
    const year = text.indexOf('1 November 2025 to 31 October 2026');
    t.diagnostic(`demo council: ${text.slice(year, text.indexOf('Month by month', year))}`);
    t.diagnostic(`by team: ${text.slice(text.indexOf('By team, the last 12 full months'), text.indexOf('Download these figures'))}`);
    const figure = (label: string) => {
      const m = text.match(new RegExp(`${label}\\s+(\\d+(?:\\.\\d)?)%\\s+(\\d+) of (\\d+)`));
      assert.ok(m, `${label} is shown`);
      return { percent: Number(m[1]), of: Number(m[3]) };
    };
    const contacts = Number(text.match(/Contacts\s+(\d+)\s+Referrals/)?.[1]);
    assert.ok(contacts > 50, `a year of contacts: ${contacts}`);
    const reReferrals = figure('Re-referrals within 12 months');
    assert.ok(reReferrals.of > 20 && reReferrals.percent < 50, `some re-referrals, not most: ${JSON.stringify(reReferrals)}`);
    const assessed = figure('Assessments completed within 45 working days');
    assert.ok(assessed.of > 10 && assessed.percent >= 50, `most assessments in time: ${JSON.stringify(assessed)}`);
    figure('Initial conferences within 15 working days');
    assert.match(text, /Child protection plans begun \d+/);
    assert.match(text, /November 2026 \(to date\)/);
    assert.match(text, /By team, the last 12 full months/);
    assert.equal(await ui.page.locator('figure svg').count(), 2);

    await screenshot(ui.page, 'protection-measures-council');
    await ui.page.getByLabel('Whose figures').selectOption({ index: 2 });
    await pressButton(ui.page, 'Show the figures');
    assert.doesNotMatch(await pageText(ui.page), /By team, the last 12 full months/);
    await assertAccessible(ui.page, 'help and protection measures for one team');
    await screenshot(ui.page, 'protection-measures-team');
    assert.deepEqual(ui.problems(), []);
  });
});
