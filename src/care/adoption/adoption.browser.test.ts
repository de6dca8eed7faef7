import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, followErrorLink, pageText, pressButton, screenshot, signedInSuite, skipWithoutBrowser, visitAccessible } from '../../../test/support/browser.ts';
import { childAllocatedTo } from '../../../test/support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * A child's adoption in a real browser: at 390 px the page and the step form
 * pass axe-core's WCAG 2.1 AA checks, the error summary's links move to the
 * field they name, and a saved step shows on the page; the council's adoption
 * measure passes at desktop width.
 */
describe('adoption in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(WORKER.email, async (db) => {
    childId = await childAllocatedTo(db, WORKER.email, { laChildId: 'BRAD001', forename: 'Aiden', surname: 'Browser', dateOfBirth: '2023-02-10', sex: 'M' }, '2025-03-03');
    await db
      .insertInto('care_episodes')
      .values({ child_id: childId, start_date: '2025-03-03', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1' })
      .execute();
  });

  const noWiderThanThePhone = async () => assert.equal(await ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no wider than the phone');

  test('at 390 px: the adoption page, the step form with its errors linked to their fields, then a saved decision', async () => {
    await ui.page.setViewportSize(PHONE);
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/care/adoption`), 'the adoption page');
    assert.match(await pageText(ui.page), /No decision that Aiden should be placed for adoption is recorded/);
    await ui.page.getByRole('link', { name: 'Record a step' }).click();
    await assertAccessible(ui.page, 'the adoption step form');

    await ui.page.getByLabel('Matched with prospective adopters').check();
    await pressButton(ui.page, 'Save the step');
    await assertErrorSummary(ui.page, 'the adoption step form with errors', [
      'Enter the date of the step',
      'Select how many adopters there are',
      'Select who the adopters are',
      'Select the adopters’ legal status',
      'Select whether the adopters are the child’s foster carers',
    ]);
    assert.equal(await followErrorLink(ui.page, /Select who the adopters are/), 'adoptersSex');
    await noWiderThanThePhone();

    await ui.page.getByLabel('Decision that the child should be placed for adoption').check();
    await ui.page.getByLabel('Day').fill('2');
    await ui.page.getByLabel('Month').fill('6');
    await ui.page.getByLabel('Year').fill('2025');
    await pressButton(ui.page, 'Save the step');
    const text = await pageText(ui.page);
    assert.match(text, /Adoption step recorded/);
    assert.match(text, /Decision of 2 June 2025: waiting for a placement order or consent/);
    assert.match(text, /Entering care to moving in \(A1\) \d+ days so far/);
    await noWiderThanThePhone();
    await assertAccessible(ui.page, 'the adoption page at 390 px with a decision');
    await screenshot(ui.page, 'care-adoption-phone');
  });

  test('at desktop width: the council’s adoption measure', async () => {
    await ui.page.setViewportSize(DESKTOP);
    await visitAccessible(ui.page, ui.site.url('/care/adoption'), 'the adoption measures page');
    const text = await pageText(ui.page);
    assert.match(text, /A1: the average days between a child entering care and moving in with their adoptive family\. Threshold 426 days/);
    assert.match(text, /Children waiting for a match/);
    await screenshot(ui.page, 'care-adoption-measures');
  });
});
