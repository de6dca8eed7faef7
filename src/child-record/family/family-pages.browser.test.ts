import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, errorSummaryMessages, fillDate, followErrorLink, pageText, pressButton, skipWithoutBrowser, startSignedInSite, visit, visitAccessible, type BrowserSite } from '../../../test/support/browser.ts';

const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;

/** Registering a child, their details and their family pages in a real browser, each checked with axe-core. */
describe('registering a child and the family pages in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let childId: string;

  before(async () => {
    ({ site, page, problems } = await startSignedInSite(MANAGER.email));
  });
  after(async () => site?.close());

  test('registering: every problem linked to its field, then the child on their family page', async () => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Register a child' }).click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/children/new');
    await assertAccessible(page, 'the registration form');
    await pressButton(page, 'Register child', { exact: true });
    const messages = await errorSummaryMessages(page);
    assert.ok(messages.includes('Enter the first name') && messages.includes('Enter the date of birth, or the expected date of birth for an unborn child'), messages.join('; '));
    await assertAccessible(page, 'the registration form with errors');
    assert.equal(await followErrorLink(page, 'Enter the first line of the address'), 'addressLine1');

    await page.getByLabel('First name').fill('Juniper');
    await page.getByLabel('Last name').fill('Browserfield');
    await fillDate(page, 'Date of birth', '14', '5', '2019');
    await page.getByLabel('Female').check();
    await page.getByLabel('Ethnicity').selectOption('WBRI');
    await page.getByLabel('Hearing').check();
    await page.getByRole('group', { name: 'Is the child an unaccompanied asylum-seeking child?' }).getByLabel('No').check();
    await page.getByLabel('Address line 1').fill('1 Seaview Road');
    await page.getByLabel('Postcode').fill('bn21 4ab');
    await fillDate(page, 'Date the child started living at this address', '1', '2', '2024');
    await pressButton(page, 'Register child', { exact: true });
    assert.match(new URL(page.url()).pathname, /^\/children\/[0-9a-f-]{36}\/family$/);
    childId = new URL(page.url()).pathname.split('/')[2]!;
    const text = await pageText(page);
    assert.match(text, /Child registered/);
    assert.match(text, /Juniper Browserfield/);
    assert.match(text, /1 Seaview Road BN21 4AB/);
    await assertAccessible(page, 'the family page');
  });

  test('the family forms, with their errors', async () => {
    await visitAccessible(page, site.url(`/children/${childId}/family/relatives/new`), 'the new relative form');
    await pressButton(page, 'Add person', { exact: true });
    await assertAccessible(page, 'the new relative form with errors');
    await page.getByLabel('First name').fill('Mara');
    await page.getByLabel('Last name').fill('Browserfield');
    await page.getByLabel('Mother').check();
    await page.getByLabel('Lives with Juniper').check();
    await page.getByLabel('Has parental responsibility for Juniper').check();
    await pressButton(page, 'Add person', { exact: true });
    assert.match(await pageText(page), /Mother: Mara Browserfield, lives with child, parental responsibility/);
    await assertAccessible(page, 'the family page with a relationship');

    await page.getByRole('link', { name: /Change or remove/ }).first().click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'a relationship');

    await visitAccessible(page, site.url(`/children/${childId}/family/relationships/new?name=mara`), 'the relationship search with a result');

    await visit(page, site.url(`/children/${childId}/family/addresses/new`));
    await page.getByLabel('Address line 1').fill('2 Hill Rise');
    await page.getByLabel('Postcode').fill('not a postcode');
    await fillDate(page, 'Date moved in', '1', '3', '2023');
    await fillDate(page, 'Date moved out (only for a past address)', '1', '2', '2023');
    await pressButton(page, 'Add address', { exact: true });
    await assertErrorSummary(page, 'the address form with errors', ['Postcode must be a real UK postcode, like BN21 4AB', 'Date moved out must be the same as or after the date moved in']);

    await visitAccessible(page, site.url(`/children/${childId}/family/contacts/new`), 'the professional contact form');
    await page.getByLabel('Name').fill('Dr Pat Lee');
    await page.getByLabel('Role').fill('GP');
    await pressButton(page, 'Add contact', { exact: true });
    assert.match(await pageText(page), /Dr Pat Lee GP/);
    await assertAccessible(page, 'the family page with a professional');
  });

  test("changing the child's details and restricting the record", async () => {
    await visitAccessible(page, site.url(`/children/${childId}/details/edit`), 'the details form');
    await page.getByLabel('Restricted: adoption').check();
    await pressButton(page, 'Save details', { exact: true });
    assert.equal(new URL(page.url()).pathname, `/children/${childId}/details/restricted-access`);
    assert.match(await pageText(page), /The record is now restricted/);
    await assertAccessible(page, 'who can see a restricted record');
    await page.getByLabel('Search for a person by name').fill('a');
    await pressButton(page, 'Search', { exact: true });
    await assertAccessible(page, 'who can see a restricted record, with search results');
    assert.deepEqual(problems(), []);
  });
});
