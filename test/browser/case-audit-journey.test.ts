import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertAccessible, fillDate, openSignedInPage, pageText, pressButton, skipWithoutBrowser, startBrowserSite, visitAccessible, type BrowserSite } from '../support/browser.ts';

const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Grades every question of the audit form with one grade, with a comment each, and gives the overall grade with reasons. */
async function gradeAll(page: Page, grade: string, reasons: string) {
  const radios = page.locator(`input[type="radio"][name^="grade-"][value="${grade}"]`);
  const count = await radios.count();
  assert.ok(count >= 7, 'a question for each area at least');
  for (let i = 0; i < count; i++) await radios.nth(i).check();
  const comments = page.locator('textarea[name^="comment-"]');
  for (let i = 0; i < (await comments.count()); i++) await comments.nth(i).fill('Checked against the record’s visits and plan.');
  await page.locator(`input[name="overall"][value="${grade}"]`).check();
  await page.getByLabel('Reasons for the overall grade').fill(reasons);
}

/**
 * A month's case audits end to end in real Chromium on the demo council, each
 * step by the person who does it, every page checked with axe: the service
 * manager chooses and assigns the month, the auditor completes one, the
 * service manager asks a second auditor, who moderates; the child's worker
 * and their manager reflect; the manager sets a learning action. Then the
 * head of service reads the themes and the quarterly report.
 */
describe('a month of case audits, end to end in a browser, by the roles who do each step', { skip: skipWithoutBrowser }, () => {
  let site: BrowserSite;
  // Every submitted audit is moderated on this site, so the one audit followed here is.
  before(async () => {
    site = await startBrowserSite({ AUDIT_MODERATION_PERCENT: '100' });
  });
  after(async () => site?.close());

  const db = () => site.test.database.db;
  /** People of the demo council other than the demo accounts have no password: give one the demo password, as an invitation would. */
  const letSignIn = async (userId: string) => {
    const { password_hash } = await db().selectFrom('users').select('password_hash').where('email', '=', email('social_worker')).executeTakeFirstOrThrow();
    await db().updateTable('users').set({ password_hash }).where('id', '=', userId).execute();
    return (await db().selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
  };

  test('chosen and assigned, completed, moderated, reflected on and turned into a learning action', async () => {
    // 1. The service manager chooses next month's audits for their service and assigns each child an auditor.
    const manager = await openSignedInPage(site, email('service_manager'));
    await visitAccessible(manager.page, site.url('/quality/audits/programme?month=2026-12&sample=random&perTeam=1'), 'the programme with the children chosen');
    const selects = manager.page.locator('select[name^="auditor-"]');
    const chosen = await selects.count();
    assert.ok(chosen >= 1, 'children are chosen');
    for (let i = 0; i < chosen; i++) await selects.nth(i).selectOption({ index: 1 });
    await fillDate(manager.page, 'Date the audits are due', '15', '12', '2026');
    await pressButton(manager.page, 'Assign');
    assert.match(await pageText(manager.page), /Audits assigned/);
    await assertAccessible(manager.page, 'the programme once assigned');
    const assigned = await db().selectFrom('case_audits').selectAll().where('month', '=', '2026-12-01').execute();
    assert.equal(assigned.length, chosen);
    const audit = assigned[0]!;
    const url = site.url(`/quality/audits/${audit.id}`);

    // 2. The auditor completes the audit: a question left ungraded is refused first.
    const auditor = await openSignedInPage(site, await letSignIn(audit.auditor_id));
    await visitAccessible(auditor.page, url, 'the audit form beside the record’s facts');
    await pressButton(auditor.page, 'Submit', { exact: true });
    await assertAccessible(auditor.page, 'the audit refused with questions ungraded');
    assert.match(await pageText(auditor.page), /There is a problem/);
    await gradeAll(auditor.page, 'good', 'Visits are in time and the plan is clear; the child’s words are in the assessment.');
    await pressButton(auditor.page, 'Submit', { exact: true });
    assert.match(await pageText(auditor.page), /Audit submitted/);
    await assertAccessible(auditor.page, 'the audit submitted');

    // 3. The service manager asks a second auditor.
    await visitAccessible(manager.page, url, 'the submitted audit, to ask a moderator');
    await manager.page.getByLabel('Second auditor').selectOption({ index: 1 });
    await pressButton(manager.page, 'Ask them to moderate');
    assert.match(await pageText(manager.page), /Moderator asked/);
    const { moderator_id } = await db().selectFrom('case_audits').select('moderator_id').where('id', '=', audit.id).executeTakeFirstOrThrow();
    assert.ok(moderator_id && moderator_id !== audit.auditor_id);

    // 4. The second auditor moderates without seeing the first grades.
    const moderator = await openSignedInPage(site, await letSignIn(moderator_id));
    await visitAccessible(moderator.page, url, 'the moderation form');
    await gradeAll(moderator.page, 'good', 'I agree: the plan is clear and the child is seen alone.');
    await pressButton(moderator.page, 'Submit', { exact: true });
    assert.match(await pageText(moderator.page), /Moderation submitted/);
    await assertAccessible(moderator.page, 'the moderated audit');

    // 5. The child's worker and their manager reflect.
    const workerId = audit.worker_id!;
    const worker = await openSignedInPage(site, await letSignIn(workerId));
    await visitAccessible(worker.page, `${url}/reflection`, 'the worker’s reflection form');
    await worker.page.getByLabel('Yes, I agree with the audit').check();
    await worker.page.getByLabel('Why').fill('It is fair: I will write the analysis on the day of the visit.');
    await pressButton(worker.page, 'Save reflection');
    assert.match(await pageText(worker.page), /Your reflection is recorded/);
    const w = await db().selectFrom('users').select(['line_manager_id']).where('id', '=', workerId).executeTakeFirstOrThrow();
    const teamManager = await db().selectFrom('users').select('id').where('team_id', '=', audit.team_id).where('role', '=', 'team_manager').executeTakeFirst();
    const managerId = w.line_manager_id ?? teamManager!.id;
    const lineManager = await openSignedInPage(site, await letSignIn(managerId));
    await visitAccessible(lineManager.page, `${url}/reflection`, 'the manager’s reflection form');
    await lineManager.page.getByLabel('No, I disagree').check();
    await lineManager.page.getByLabel('Why').fill('Management oversight was thinner than the grade says.');
    await pressButton(lineManager.page, 'Save reflection');
    assert.match(await pageText(lineManager.page), /Your reflection is recorded/);

    // 6. The manager sets a learning action, owned by the worker.
    await visitAccessible(lineManager.page, url, 'the audit with its reflections');
    await lineManager.page.getByLabel('The action').fill('Join the analysis and critical thinking course.');
    await lineManager.page.getByLabel('Who owns it').selectOption(workerId);
    await fillDate(lineManager.page, 'Date it is due', '20', '1', '2027');
    await pressButton(lineManager.page, 'Set the action');
    assert.match(await pageText(lineManager.page), /Learning action set/);
    await assertAccessible(lineManager.page, 'the audit with its learning action');

    const done = await db().selectFrom('case_audits').select(['overall_grade', 'moderation_overall', 'submitted_at', 'moderated_at']).where('id', '=', audit.id).executeTakeFirstOrThrow();
    assert.deepEqual([done.overall_grade, done.moderation_overall, Boolean(done.submitted_at), Boolean(done.moderated_at)], ['good', 'good', true, true]);
    const reflections = await db().selectFrom('case_audit_reflections').select(['role', 'agrees']).where('audit_id', '=', audit.id).orderBy('role', 'desc').execute();
    assert.deepEqual(reflections, [{ role: 'worker', agrees: true }, { role: 'manager', agrees: false }]);
    const actions = await db().selectFrom('learning_actions').select(['owner_id', 'due_date']).where('audit_id', '=', audit.id).execute();
    assert.deepEqual(actions, [{ owner_id: workerId, due_date: '2027-01-20' }]);
    for (const p of [manager, auditor, moderator, worker, lineManager]) assert.deepEqual(p.problems(), []);
  });

  test('the head of service reads the year’s themes and opens the quarterly report, with the CSV behind a chart; no child on either', async () => {
    const head = await openSignedInPage(site, email('head_of_service'));
    await visitAccessible(head.page, site.url('/quality/themes'), 'the practice themes for the council');
    const themes = await pageText(head.page);
    assert.match(themes, /Practice themes/);
    assert.equal(await head.page.locator('svg.steadfast-chart').count(), 4);
    assert.doesNotMatch((await head.page.content()).replace(/(team|service):[0-9a-f-]{36}/g, ''), UUID, 'no child id, nor any record’s: only the teams and services to choose from');
    await pressButton(head.page, 'Open the report');
    assert.match(await pageText(head.page), /Practice report: Jul to Sep 2026/);
    await assertAccessible(head.page, 'the quarterly practice report');
    await head.page.emulateMedia({ media: 'print' });
    assert.equal(await head.page.locator('.govuk-service-navigation').isVisible(), false, 'no navigation in print');
    assert.equal(await head.page.getByRole('link', { name: /Download the figures of graded good or better/ }).isVisible(), false, 'no links in print');
    await head.page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([head.page.waitForEvent('download'), head.page.getByRole('link', { name: /Download the figures of graded good or better/ }).click()]);
    assert.equal(download.suggestedFilename(), 'practice-grades-2026-07.csv');
    // The demo's year: audits every quarter; over the year mostly good or better, some outstanding, a few requiring improvement.
    const rows = (await readFile((await download.path())!, 'utf8')).trim().split('\n').slice(1).map((line) => line.split(',').map((cell) => Number(cell)));
    assert.equal(rows.length, 4);
    const sum = (column: number) => rows.reduce((n, r) => n + r[column]!, 0);
    assert.ok(rows.every((r) => r[2]! > 0), 'audits graded in every quarter');
    const [outstanding, good, requiresImprovement, inadequate] = [sum(3), sum(4), sum(5), sum(6)];
    assert.ok(outstanding + good > 2 * (requiresImprovement + inadequate) && outstanding > 0 && requiresImprovement > 0, `the demo's year: ${[outstanding, good, requiresImprovement, inadequate].join(', ')}`);
    assert.deepEqual(head.problems(), []);
  });
});
