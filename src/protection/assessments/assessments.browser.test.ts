import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import {
  assertAccessible,
  assertErrorSummary,
  fillDate,
  followErrorLink,
  openSignedInPage,
  pageText,
  pressButton,
  screenshot,
  signedInSuite,
  skipWithoutBrowser,
  visitAccessible,
  type SignedInPage,
} from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * A single assessment from start to authorisation in a real browser: the
 * social worker starts, writes and submits it at 390 px (in the family's home,
 * on a phone), a team manager of the same team authorises it, and the
 * assessment prints without the service's navigation; axe-core's WCAG 2.1 AA
 * checks on every page and error summary.
 */
describe('single assessments in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;
  let managerEmail: string;
  let manager: SignedInPage | undefined;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    const boss = await db.selectFrom('users').select('email').where('team_id', '=', worker.team_id!).where('role', '=', 'team_manager').where('disabled_at', 'is', null).orderBy('email').executeTakeFirstOrThrow();
    managerEmail = boss.email;
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRAS001', forename: 'Aria', surname: 'Browser', date_of_birth: '2017-02-11', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-10-01' }).execute();
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2026-10-01', source: '2A', primary_need: 'N1' }).execute();
  });
  after(async () => manager?.page.context().close());

  test('at 390 px the worker starts, writes and submits the assessment, errors linked to their fields', async () => {
    const page = ui.page;
    await page.setViewportSize(PHONE);
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/assessments`), 'the assessments page, empty');
    await page.getByRole('link', { name: 'Start an assessment' }).click();
    await assertAccessible(page, 'the start form');
    await fillDate(page, 'When did the assessment start?', '30', '9', '2026');
    await pressButton(page, 'Start the assessment');
    await assertErrorSummary(page, 'the start form with an error', ['The date the assessment started must be on or after the referral, 1 October 2026']);
    assert.equal(await followErrorLink(page, /on or after the referral/), 'startDate-day');
    await fillDate(page, 'When did the assessment start?', '5', '10', '2026');
    await pressButton(page, 'Start the assessment');
    assert.match(await pageText(page), /Assessment started/);
    await assertAccessible(page, 'the assessment form');

    await page.getByRole('group', { name: /Was Aria seen/ }).getByLabel('Yes').check();
    await fillDate(page, 'When was Aria seen?', '2', '10', '2026');
    await page.getByRole('group', { name: 'Seen alone?' }).getByLabel('Yes').check();
    await page.getByLabel('4B: Mental health').check();
    await page.getByLabel('3B: Domestic violence').check();
    await page.getByLabel('Aria’s developmental needs').fill('Aria is doing well at school and loves drawing.');
    await page.getByLabel('Parenting capacity').fill('Mum meets Aria’s basic needs; her low mood makes mornings hard.');
    await page.getByLabel('Family and environmental factors').fill('Dad left in August after police call-outs; the family are settled in their flat.');
    await page.getByLabel('Aria’s views, in their own words').fill('“I like it when mummy takes me to the park.”');
    await page.getByLabel('Parents’ or carers’ views').fill('Mum wants help with her mood.');
    await page.getByLabel('Analysis').fill('The abuse has stopped; its effects on mum and Aria need support through a child in need plan.');
    await page.getByLabel('Child in need plan').check();
    await pressButton(page, 'Save the assessment');
    await assertErrorSummary(page, 'the assessment form with an error', ['The date the child was seen must be on or after the assessment started, 5 October 2026']);
    assert.equal(await followErrorLink(page, /child was seen/), 'childSeenOn-day');
    assert.ok((await overflow(page)) <= 0, 'the form is no wider than the phone');
    await fillDate(page, 'When was Aria seen?', '8', '10', '2026');
    await pressButton(page, 'Save the assessment');
    assert.match(await pageText(page), /Assessment saved/);
    await assertAccessible(page, 'the assessment page at 390 px');

    await page.getByRole('link', { name: 'Submit it for authorisation' }).click();
    await assertAccessible(page, 'the submit page');
    await pressButton(page, 'Submit for authorisation');
    const text = await pageText(page);
    assert.match(text, /Assessment submitted for authorisation/);
    assert.match(text, /Awaiting authorisation/);
    assert.ok((await overflow(page)) <= 0, 'the page is no wider than the phone');
    await screenshot(page, 'assessment-phone');
    assert.deepEqual(ui.problems(), []);
  });

  test('the team manager authorises it; the list shows it completed within the 45 working days', async () => {
    manager = await openSignedInPage(ui.site, managerEmail);
    const page = manager.page;
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/assessments`), 'the assessments page for the manager');
    await page.getByRole('link', { name: /^Authorise/ }).click();
    await assertAccessible(page, 'the authorisation form');
    await page.getByLabel('Authorise the assessment').check();
    await fillDate(page, 'Date of authorisation', '24', '11', '2026');
    await pressButton(page, 'Save the decision');
    await assertErrorSummary(page, 'the authorisation form with an error', ['The date of authorisation must be today or in the past']);
    await fillDate(page, 'Date of authorisation', '23', '11', '2026');
    await pressButton(page, 'Save the decision');
    const text = await pageText(page);
    assert.match(text, /Assessment authorised/);
    assert.match(text, /Completed in 37 working days/);
    await assertAccessible(page, 'the authorised assessment');
    assert.deepEqual(manager.problems(), []);
  });

  test('printed, the assessment has no navigation, record tabs, links to act on it, buttons or footer', async () => {
    const page = ui.page;
    await page.setViewportSize({ width: 1024, height: 768 });
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/assessments`), 'the assessments page with one authorised');
    await page.getByRole('link', { name: /5 October 2026/ }).click();
    await page.getByRole('link', { name: 'Print this assessment' }).click();
    await assertAccessible(page, 'the print version');
    assert.match(await pageText(page), /Printed .* by Sam Okafor/);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.govuk-service-navigation', '.steadfast-record-nav', '.govuk-footer', '.steadfast-header']) {
      assert.equal(await page.locator(selector).isVisible(), false, `${selector} is hidden in print`);
    }
    assert.equal(await page.getByText('Use your browser’s print command').isVisible(), false);
    assert.ok(await page.getByRole('heading', { name: 'Analysis' }).isVisible());
    assert.equal(await page.locator('.steadfast-assessment__section').first().evaluate((el) => getComputedStyle(el).breakInside), 'avoid');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'the browser prints it to PDF');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(ui.problems(), []);
  });
});
