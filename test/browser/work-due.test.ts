import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertAccessible, pageText, pressButton, screenshot, signIn, skipWithoutBrowser, startBrowserSite, visit, watchForProblems, type BrowserSite } from '../support/browser.ts';
import { insertChild } from '../support/records.ts';
import { allocate } from '../support/caseload-helpers.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/**
 * Work due in a real browser: a worker sees an overdue visit in My work,
 * records it in one click and the item is gone; a manager filters the team's
 * overdue list. Every page passes axe-core's WCAG 2.1 AA checks.
 */
describe('work due in a browser', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  let childId: string;
  let teamId: string;
  let managerEmail: string;
  const pages: Page[] = [];
  const problems: (() => string[])[] = [];

  before(async () => {
    site = await startBrowserSite();
    const db = site.test.database.db;
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    teamId = worker.team_id!;
    const manager = await db.selectFrom('users').select('email').where('team_id', '=', teamId).where('role', '=', 'team_manager').orderBy('email').executeTakeFirstOrThrow();
    managerEmail = manager.email;
    childId = await insertChild(db, { laChildId: 'BRWD001', forename: 'Vera', surname: 'Visitme', dateOfBirth: '2014-02-10', sex: 'F' });
    await allocate(db, { childId, teamId, workerId: worker.id, start: '2026-10-01' });
    // On a plan since Monday 2 November: the first visit was due by 16 November.
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2026-10-01', source: '6', primary_need: 'N1' }).execute();
    await db.insertInto('cp_plans').values({ child_id: childId, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    await db.insertInto('case_events').values({ child_id: childId, kind: 'core_group', event_date: '2026-11-10', recorded_by: worker.id, recorded_at: new Date('2026-11-10T16:00:00Z') }).execute();
  });
  after(async () => {
    for (const p of problems) assert.deepEqual(p(), []);
    await site?.close();
  });

  async function newPage(email: string): Promise<Page> {
    const page = await site.newPage();
    problems.push(watchForProblems(page));
    pages.push(page);
    await signIn(page, site, email);
    return page;
  }

  test('a worker records the overdue visit from My work and it disappears', async () => {
    const page = await newPage(WORKER.email);
    await visit(page, site.url('/work'));
    await assertAccessible(page, 'My work');
    const overdue = page.locator('table', { has: page.locator('caption', { hasText: 'Overdue, by due date' }) });
    const row = overdue.getByRole('row', { name: /Vera Visitme.*Visit \(child protection plan\)/ });
    assert.match(await row.innerText(), /16 November 2026[\s\S]*Overdue by 7 days/);

    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), row.getByRole('link', { name: /Record visit/ }).click()]);
    assert.equal(new URL(page.url()).pathname, `/children/${childId}/visits/new`);
    await assertAccessible(page, 'the visit form');
    await pressButton(page, 'Save visit');
    const summary = page.locator('.govuk-error-summary');
    assert.ok((await summary.getByRole('link').allInnerTexts()).includes('Enter date of visit'));
    await assertAccessible(page, 'the visit form with errors');

    const date = page.getByRole('group', { name: 'Date of visit' });
    await date.getByLabel('Day').fill('23');
    await date.getByLabel('Month').fill('11');
    await date.getByLabel('Year').fill('2026');
    await page.getByLabel('In person').check();
    await page.getByRole('group', { name: 'Was Vera seen?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'If seen, was Vera seen alone?' }).getByLabel('Yes').check();
    await page.getByLabel('Note of the visit').fill('Saw Vera at home after school; she talked about her friends.');
    await pressButton(page, 'Save visit');
    assert.match(await pageText(page), /Visit recorded/);
    await assertAccessible(page, 'visits and due dates');
    await screenshot(page, 'work-due-visits');

    await visit(page, site.url('/work'));
    const text = await pageText(page);
    assert.doesNotMatch(text.slice(text.indexOf('Overdue'), text.indexOf('Due this week')), /Vera Visitme/);
    assert.match(text, /Vera Visitme[\s\S]*Visit \(child protection plan\)[\s\S]*7 December 2026/);
  });

  test('a manager filters the team’s overdue list by kind and worker', async () => {
    const page = await newPage(managerEmail);
    await visit(page, site.url(`/work/teams/${teamId}`));
    await assertAccessible(page, 'the team’s work due');
    await page.getByLabel('Kind').selectOption('cp_visit');
    await page.getByLabel('Status').selectOption('due');
    await page.getByLabel('Worker').selectOption({ label: WORKER.name });
    await pressButton(page, 'Filter');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('kind'), 'cp_visit');
    assert.equal(url.searchParams.get('status'), 'due');
    assert.ok(url.searchParams.get('worker'));
    const list = page.locator('table', { has: page.locator('caption', { hasText: 'items, by due date' }) });
    assert.match(await list.innerText(), /Vera Visitme/);
    for (const cell of await list.locator('tbody tr td:nth-child(2)').allInnerTexts()) assert.match(cell, /^Visit \(child protection plan\)/);
    for (const cell of await list.locator('tbody tr td:nth-child(3)').allInnerTexts()) assert.match(cell, /Overdue|Due this week|Due in the next 4 weeks/);
    for (const cell of await list.locator('tbody tr td:nth-child(4)').allInnerTexts()) assert.equal(cell, WORKER.name);
    await assertAccessible(page, 'the team’s filtered list');
    await visit(page, site.url('/work/trips'));
    await assertAccessible(page, 'the trip planner');
    await visit(page, site.url('/work/timeliness'));
    await assertAccessible(page, 'timeliness');
    await screenshot(page, 'work-due-timeliness');
  });
});
