import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, fillDate, followErrorLink, openSignedInPage, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible, followTo } from '../../../test/support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the right edge of the window. */
const overflow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * The front door in a real browser: the contact form at 390 px (contacts are
 * taken on the phone too), the queue, a worker taking a contact and deciding
 * it, and a manager signing the decision off; every page and error summary
 * checked with axe-core's WCAG 2.1 AA rules.
 */
describe('the front door in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const people = await db.selectFrom('users').select(['id', 'team_id']).where('email', 'in', [WORKER.email, MANAGER.email]).execute();
    const teams = people.map((p) => p.team_id!).filter(Boolean);
    await db.updateTable('teams').set({ front_door: true }).where('id', 'in', teams).execute();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRFD001', forename: 'Faye', surname: 'Browser', date_of_birth: '2017-02-11', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teams[0]!, worker_id: null, start_date: '2026-11-20' }).execute();
    await db.insertInto('contacts').values({ child_id: childId, contact_date: '2026-11-19', source: '3A', reason: 'GP worried about the baby’s weight and the home', worried_person: 'Dr Rao, GP', consent: 'given', consent_note: null, summary: null, recorded_by: null, recorded_at: new Date('2026-11-19T10:00:00Z') }).execute();
  });

  test('at 390 px: the contact form, its errors linked to their fields, and a contact saved', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/protection/contacts/new`), 'the contact form');
    await fillDate(ui.page, 'Date of contact', '1', '1', '2030');
    await ui.page.getByLabel('Not given', { exact: true }).check();
    await pressButton(ui.page, 'Save contact');
    await assertErrorSummary(ui.page, 'the contact form with errors', [
      'Date of contact must be today or in the past',
      'Select who made the contact',
      'Enter who is worried: their name, role and agency',
      'Enter what the worry is',
      'Enter why consent was not given',
    ]);
    assert.equal(await followErrorLink(ui.page, /Date of contact/), 'contactDate-day');
    assert.ok((await overflow(ui.page)) <= 0, 'the form is no wider than the phone');
    await fillDate(ui.page, 'Date of contact', '23', '11', '2026');
    await ui.page.getByLabel('Who made the contact').selectOption('2A');
    await ui.page.getByLabel('Who is worried').fill('Designated safeguarding lead, Hill Primary');
    await ui.page.getByLabel('What the worry is').fill('Faye said she is scared to go home');
    await ui.page.getByLabel('Why consent was not given or not sought').fill('Mother refused; the worry is too serious to leave');
    await pressButton(ui.page, 'Save contact');
    assert.match(await pageText(ui.page), /Contact recorded: it now awaits a decision/);
    await assertAccessible(ui.page, 'the child’s contacts at 390 px');
    await screenshot(ui.page, 'front-door-contact-phone');
  });

  test('the worker takes the contact from the queue and decides; a manager signs the decision off', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visitAccessible(ui.page, ui.site.url('/front-door'), 'the front door queue');
    assert.match(await pageText(ui.page), /Faye Browser/);
    assert.equal(await ui.page.locator('strong.govuk-tag--red', { hasText: 'Overdue' }).count() >= 1, true, 'Thursday’s contact is overdue on Monday');
    await screenshot(ui.page, 'front-door-queue');
    await followTo(ui.page, () => ui.page.getByRole('button', { name: /Take the contact about Faye Browser/ }).first().click());
    assert.match(await pageText(ui.page), /You now hold this contact/);
    await assertAccessible(ui.page, 'the contact page');

    await ui.page.getByRole('link', { name: 'Decide on the contact' }).click();
    await assertAccessible(ui.page, 'the decision form');
    await ui.page.getByLabel('Referral to children’s social care').check();
    await pressButton(ui.page, 'Save decision');
    await assertErrorSummary(ui.page, 'the decision form with errors', ['Enter the date of the decision', 'Select the level of need', 'Select the primary need of the referral', 'Enter the reasons for the decision']);
    assert.equal(await followErrorLink(ui.page, /primary need/), 'primaryNeed');
    await fillDate(ui.page, 'Date of decision', '23', '11', '2026');
    await ui.page.getByLabel('Level 3: child in need').check();
    await ui.page.getByLabel('Primary need (for a referral)').selectOption('N1');
    await ui.page.getByLabel('Reasons for the decision').fill('Possible neglect: needs a child and family assessment');
    await pressButton(ui.page, 'Save decision');
    assert.match(await pageText(ui.page), /Decision recorded: it now awaits a manager’s sign-off/);

    const manager = await openSignedInPage(ui.site, MANAGER.email);
    await visitAccessible(manager.page, ui.site.url('/front-door'), 'the queue with a decision to sign off');
    await followTo(manager.page, () => manager.page.getByRole('link', { name: 'Faye Browser' }).first().click());
    await pressButton(manager.page, 'Sign off the decision');
    const text = await pageText(manager.page);
    assert.match(text, /Decision signed off/);
    assert.match(text, /Signed off\s+Tom Whitlock/);
    await assertAccessible(manager.page, 'the signed-off contact');
    assert.deepEqual([...ui.problems(), ...manager.problems()], []);
  });
});
