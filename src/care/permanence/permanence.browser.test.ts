import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visit, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };

/**
 * A child's permanence plan and journey home in a real browser, at 390 px
 * wide, as a worker uses it in the field: the page and its forms pass
 * axe-core's WCAG 2.1 AA checks, the error summary's links move to the field
 * they name, and a plan to return home then its support show on the page.
 */
describe('permanence in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRPM001', forename: 'Piper', surname: 'Browser', dateOfBirth: '2017-05-10', sex: 'F' }, '2026-06-01');
    await db
      .insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2026-06-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4' })
      .execute();
  });

  const base = () => `/children/${childId}/care/permanence`;

  test('at 390 px: the page with the plan due, the plan form with its errors linked to their fields, a plan to return home, then its support', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(base()), 'the permanence page');
    assert.match(await pageText(ui.page), /No permanence plan yet: due by/);
    await ui.page.getByRole('link', { name: 'Record the plan for permanence' }).click();
    await assertAccessible(ui.page, 'the permanence plan form');

    await ui.page.getByLabel('Parallel plan (optional)').selectOption('adoption');
    await pressButton(ui.page, 'Save the plan');
    await assertErrorSummary(ui.page, 'the permanence plan form with errors', ['Select the plan for permanence', 'Enter the date the plan was decided']);
    assert.equal(await followErrorLink(ui.page, /Select the plan/), 'plan');
    assert.equal(await followErrorLink(ui.page, /Enter the date/), 'decidedOn-day');
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the form is no wider than the phone');

    await ui.page.getByLabel('Return to parents or family').check();
    const date = ui.page.getByRole('group', { name: 'Date the plan was decided' });
    await date.getByLabel('Day').fill('25');
    await date.getByLabel('Month').fill('9');
    await date.getByLabel('Year').fill('2026');
    await pressButton(ui.page, 'Save the plan');
    let text = await pageText(ui.page);
    assert.match(text, /Permanence plan recorded/);
    assert.match(text, /Return to parents or family, with a parallel plan of adoption/);
    assert.doesNotMatch(text, /No permanence plan yet/);

    await ui.page.getByRole('link', { name: 'Add support for the return home' }).click();
    await assertAccessible(ui.page, 'the support form');
    await ui.page.getByLabel('What support').fill('Parenting support');
    await ui.page.getByLabel('Who gives it').fill('Family support worker');
    const from = ui.page.getByRole('group', { name: 'Date the support began' });
    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('10');
    await from.getByLabel('Year').fill('2026');
    await pressButton(ui.page, 'Add the support');
    text = await pageText(ui.page);
    assert.match(text, /Support added to the plan for the return home/);
    assert.match(text, /Parenting support/);
    assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the page is no wider than the phone');
    await assertAccessible(ui.page, 'the permanence page at 390 px with a plan and support');
    await screenshot(ui.page, 'care-permanence-phone');
    await ui.page.setViewportSize({ width: 1280, height: 900 });
    await visit(ui.page, ui.site.url(base()));
  });
});
