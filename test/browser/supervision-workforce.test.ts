import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildCaseloadWorld, type CaseloadWorld } from '../support/caseload-world.ts';
import { assertAccessible, pageText, pressButton, screenshot, signIn, skipWithoutBrowser, startBrowserSite, visit, watchForProblems, type BrowserSite } from '../support/browser.ts';
import { TEST_PASSWORD } from '../support/users.ts';

/**
 * A team manager whose worker's supervision is overdue records it in the
 * browser: the worker's workload figures are on the form and attached to the
 * record, with two agreed actions, and the overdue item leaves the home page.
 * Every page is checked with axe-core, the form with its errors too.
 */
describe('recording supervision in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];
  let w: CaseloadWorld;

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    w = await buildCaseloadWorld(db);
    await db
      .insertInto('supervisions')
      .values({
        worker_id: w.users.workerA.id,
        supervisor_id: w.users.tmA.id,
        held_on: '2026-10-01',
        kind: 'reflective',
        wellbeing: 'well',
        workload_discussed: false,
        summary: 'Earlier supervision',
        recorded_by: w.users.tmA.id,
        recorded_at: new Date('2026-10-01T15:00:00Z'),
      })
      .execute();
    page = await site.newPage();
    problems = watchForProblems(page);
    await signIn(page, site, w.users.tmA.email, TEST_PASSWORD);
  });
  after(async () => site?.close());

  test('the overdue supervision is on the home page, and the supervisor records it with workload and actions', async () => {
    assert.match(await page.locator('#supervision-owed').innerText(), /Alex Able – Overdue was due 1 November 2026/);
    await assertAccessible(page, 'the home page with supervision owed');

    await page.getByRole('link', { name: 'Alex Able' }).first().click();
    await page.waitForLoadState('load');
    assert.match(await pageText(page), /Next due 1 November 2026 Overdue/);
    await assertAccessible(page, 'a worker’s supervision page');

    await pressButton(page, 'Record supervision');
    assert.match(await page.locator('#workload').innerText(), /Children held\s+4\s+Caseload points\s+21\s+Capacity\s+21%/);
    await assertAccessible(page, 'the supervision form');

    await pressButton(page, 'Save supervision', { exact: true });
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the type of supervision/);
    await assertAccessible(page, 'the supervision form with errors');

    await page.getByLabel('Reflective supervision').check();
    await page.getByLabel('Under some pressure').check();
    await page.locator('#workloadDiscussed').check();
    await page.getByLabel('What was discussed and agreed').fill('Talked through the week and the court deadline.');
    await page.getByLabel('Private reflection (optional)').fill('Wants a mentor.');
    await page.locator('#action1Description').fill('Book the court skills day');
    await page.locator('#action1Owner').selectOption({ label: 'Alex Able (the worker)' });
    await page.locator('#action1Due-day').fill('4');
    await page.locator('#action1Due-month').fill('12');
    await page.locator('#action1Due-year').fill('2026');
    await page.locator('#action2Description').fill('Find a mentor from another team');
    await page.locator('#action2Owner').selectOption({ index: 2 });
    await page.locator('#action2Due-day').fill('18');
    await page.locator('#action2Due-month').fill('12');
    await page.locator('#action2Due-year').fill('2026');
    await pressButton(page, 'Save supervision', { exact: true });

    const record = await pageText(page);
    assert.match(record, /Supervision recorded/);
    assert.match(record, /Workload 4 children, 21 points, 21% of capacity \(figures as at 23 November 2026\)/);
    assert.match(record, /Book the court skills day Alex Able 4 December 2026/);
    assert.match(record, /Wants a mentor/);
    await assertAccessible(page, 'a supervision record');
    await screenshot(page, 'supervision-record');

    await visit(page, site.url('/'));
    assert.doesNotMatch(await pageText(page), /Alex Able – Overdue/);
    assert.deepEqual(problems(), []);
  });

  test('the team’s supervision and oversight, and oversight on a child’s record', async () => {
    await visit(page, site.url(`/supervision/teams/${w.teams.northA}`));
    assert.match(await pageText(page), /Supervision and oversight: North A/);
    await assertAccessible(page, 'the team supervision page');
    await visit(page, site.url('/supervision'));
    await assertAccessible(page, 'the supervision overview');
    await visit(page, site.url(`/children/${w.children.cp}/oversight`));
    await pressButton(page, 'Save oversight', { exact: true });
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the decision made/);
    await assertAccessible(page, 'the oversight form with errors');
    await page.getByLabel('Decision').fill('Plan stays at child protection.');
    await page.getByLabel('Direction given').fill('Visit weekly.');
    await pressButton(page, 'Save oversight', { exact: true });
    assert.match(await pageText(page), /Management oversight recorded/);
    await assertAccessible(page, 'a child’s oversight page');
    assert.deepEqual(problems(), []);
  });
});

/** A head of service looks at the demo council's workforce, its census return, a staff record and training. */
describe('the workforce dashboard in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let page: Page;
  let problems: () => string[];

  before(async () => {
    site = await startBrowserSite();
    page = await site.newPage();
    problems = watchForProblems(page);
    await signIn(page, site, 'head.of.service@steadfast.example');
  });
  after(async () => site?.close());

  test('the dashboard, with its chart and the table behind it, then one team', async () => {
    await visit(page, site.url('/workforce'));
    assert.match(await pageText(page), /Workforce: the council/);
    assert.equal(await page.locator('svg.steadfast-chart[role="img"]').count(), 1);
    assert.match(await page.locator('#workforce-now').innerText(), /Agency workers/);
    await assertAccessible(page, 'the workforce dashboard');
    await screenshot(page, 'workforce-dashboard');
    const team = page.locator('#team option').nth(1);
    await page.locator('#team').selectOption((await team.getAttribute('value')) ?? '');
    await pressButton(page, 'Show figures', { exact: true });
    assert.match(await pageText(page), new RegExp(`Workforce: ${(await team.innerText()).trim()}`));
    await assertAccessible(page, 'a team’s workforce figures');
    assert.deepEqual(problems(), []);
  });

  test('the census summary, a staff record and learning', async () => {
    await visit(page, site.url('/workforce/census'));
    assert.match(await pageText(page), /What will be submitted/);
    await assertAccessible(page, 'the census summary');
    await visit(page, site.url('/supervision'));
    await assertAccessible(page, 'the head of service’s supervision page');
    const someone = page.locator('table a.govuk-link').first();
    await someone.click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Staff record' }).click();
    await page.waitForLoadState('load');
    assert.match(await pageText(page), /Staff record: /);
    await assertAccessible(page, 'a staff record');
    await page.getByRole('link', { name: 'Change the staff record' }).click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'the staff record form');
    await visit(page, site.url('/learning'));
    await assertAccessible(page, 'the training catalogue');
    assert.deepEqual(problems(), []);
  });

  test('the supervision standards, a team’s funded posts and its training compliance', async () => {
    await visit(page, site.url('/admin/supervision'));
    await page.getByLabel('Show as due soon within').fill('soon');
    await pressButton(page, 'Save standards', { exact: true });
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Show as due soon within must be a whole number/);
    await assertAccessible(page, 'the supervision standards with an error');
    await visit(page, site.url('/workforce'));
    const teamId = (await page.locator('#team option').nth(1).getAttribute('value')) ?? '';
    await visit(page, site.url(`/workforce/teams/${teamId}/establishment`));
    assert.match(await pageText(page), /Funded posts over time/);
    await assertAccessible(page, 'a team’s funded posts');
    await visit(page, site.url(`/learning/teams/${teamId}`));
    assert.match(await pageText(page), /of the training the team’s roles require is held and in date/);
    await assertAccessible(page, 'a team’s training compliance');
    await page.locator('table a.govuk-link').first().click();
    await page.waitForLoadState('load');
    await assertAccessible(page, 'a person’s training');
    assert.deepEqual(problems(), []);
  });
});
