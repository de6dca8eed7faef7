import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../demo/accounts.ts';
import { assertAccessible, assertErrorSummary, errorSummaryMessages, fillDate, followErrorLink, pageText, pressButton, signedInSuite, skipWithoutBrowser, visit, visitAccessible, followTo } from '../../../test/support/browser.ts';

const MANAGER = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;

/** Registering a child, their details and their family pages in a real browser, each checked with axe-core. */
describe('registering a child and the family pages in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;

  const ui = signedInSuite(MANAGER.email);

  test('registering: every problem linked to its field, then the child on their family page', async () => {
    // As a person would: search first, and register only when the child is not found.
    await followTo(ui.page, () => ui.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Find a child' }).click());
    await ui.page.getByLabel('Name, LA child ID or NHS number').fill('Juniper Browserfield');
    await pressButton(ui.page, 'Search');
    assert.match(await pageText(ui.page), /0 children found/);
    await followTo(ui.page, () => ui.page.getByRole('link', { name: 'register a new child' }).click());
    assert.equal(new URL(ui.page.url()).pathname, '/children/new');
    await assertAccessible(ui.page, 'the registration form');
    await pressButton(ui.page, 'Register child', { exact: true });
    const messages = await errorSummaryMessages(ui.page);
    assert.ok(messages.includes('Enter the first name') && messages.includes('Enter the date of birth, or the expected date of birth for an unborn child'), messages.join('; '));
    await assertAccessible(ui.page, 'the registration form with errors');
    assert.equal(await followErrorLink(ui.page, 'Enter the first line of the address'), 'addressLine1');

    await ui.page.getByLabel('First name').fill('Juniper');
    await ui.page.getByLabel('Last name').fill('Browserfield');
    await fillDate(ui.page, 'Date of birth', '14', '5', '2019');
    await ui.page.getByLabel('Female').check();
    await ui.page.getByLabel('Ethnicity').selectOption('WBRI');
    await ui.page.getByLabel('Hearing').check();
    await ui.page.getByRole('group', { name: 'Is the child an unaccompanied asylum-seeking child?' }).getByLabel('No').check();
    await ui.page.getByLabel('Address line 1').fill('1 Seaview Road');
    await ui.page.getByLabel('Postcode').fill('bn21 4ab');
    await fillDate(ui.page, 'Date the child started living at this address', '1', '2', '2024');
    await pressButton(ui.page, 'Register child', { exact: true });
    // Registering leads straight to the contact that brought the child.
    assert.match(new URL(ui.page.url()).pathname, /^\/children\/[0-9a-f-]{36}\/protection\/contacts\/new$/);
    assert.match(await pageText(ui.page), /Child registered. Now record the contact that brought them to the council/);
    await assertAccessible(ui.page, 'the contact form after registering');
    childId = new URL(ui.page.url()).pathname.split('/')[2]!;
    await visit(ui.page, ui.site.url(`/children/${childId}/family`));
    const text = await pageText(ui.page);
    assert.match(text, /Juniper Browserfield/);
    assert.match(text, /1 Seaview Road BN21 4AB/);
    await assertAccessible(ui.page, 'the family page');
  });

  test('the family forms, with their errors', async () => {
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/family/relatives/new`), 'the new relative form');
    await pressButton(ui.page, 'Add person', { exact: true });
    await assertAccessible(ui.page, 'the new relative form with errors');
    await ui.page.getByLabel('First name').fill('Mara');
    await ui.page.getByLabel('Last name').fill('Browserfield');
    await ui.page.getByLabel('Mother').check();
    await ui.page.getByLabel('Lives with Juniper').check();
    await ui.page.getByLabel('Has parental responsibility for Juniper').check();
    await pressButton(ui.page, 'Add person', { exact: true });
    assert.match(await pageText(ui.page), /Mother: Mara Browserfield, lives with child, parental responsibility/);
    await assertAccessible(ui.page, 'the family page with a relationship');

    await followTo(ui.page, () => ui.page.getByRole('link', { name: /Change or remove/ }).first().click());
    await assertAccessible(ui.page, 'a relationship');

    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/family/relationships/new?name=mara`), 'the relationship search with a result');

    await visit(ui.page, ui.site.url(`/children/${childId}/family/addresses/new`));
    await ui.page.getByLabel('Address line 1').fill('2 Hill Rise');
    await ui.page.getByLabel('Postcode').fill('not a postcode');
    await fillDate(ui.page, 'Date moved in', '1', '3', '2023');
    await fillDate(ui.page, 'Date moved out (only for a past address)', '1', '2', '2023');
    await pressButton(ui.page, 'Add address', { exact: true });
    await assertErrorSummary(ui.page, 'the address form with errors', ['Postcode must be a real UK postcode, like BN21 4AB', 'Date moved out must be the same as or after the date moved in']);

    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/family/contacts/new`), 'the professional contact form');
    await ui.page.getByLabel('Name').fill('Dr Pat Lee');
    await ui.page.getByLabel('Role').fill('GP');
    await pressButton(ui.page, 'Add contact', { exact: true });
    assert.match(await pageText(ui.page), /Dr Pat Lee GP/);
    await assertAccessible(ui.page, 'the family page with a professional');
  });

  test("changing the child's details and restricting the record", async () => {
    await visitAccessible(ui.page, ui.site.url(`/children/${childId}/details/edit`), 'the details form');
    await ui.page.getByLabel('Restricted: adoption').check();
    await pressButton(ui.page, 'Save details', { exact: true });
    assert.equal(new URL(ui.page.url()).pathname, `/children/${childId}/details/restricted-access`);
    assert.match(await pageText(ui.page), /The record is now restricted/);
    await assertAccessible(ui.page, 'who can see a restricted record');
    await ui.page.getByLabel('Search for a person by name').fill('a');
    await pressButton(ui.page, 'Search', { exact: true });
    await assertAccessible(ui.page, 'who can see a restricted record, with search results');
    assert.deepEqual(ui.problems(), []);
  });
});
