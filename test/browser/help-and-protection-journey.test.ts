import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertAccessible, fillDate, openSignedInPage, pageText, pressButton, signedInSuite, skipWithoutBrowser, visitAccessible, type SignedInPage } from '../support/browser.ts';

const WORKER = DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!;

/**
 * One child from the first contact to a child protection plan, in a real
 * browser, each step taken by the role that takes it: a worker of a
 * front-door team records the contact and decides to refer; their team
 * manager signs the decision off; while the assessment goes on, the worker
 * records the strategy discussion that starts a section 47 enquiry, its
 * outcome and the initial conference that starts the plan, and adds the plan's
 * first action; the worker then submits the assessment and the manager
 * authorises it. Each page is checked with axe-core; the child's Help and
 * protection tab then shows the whole journey.
 */
describe('help and protection from contact to plan, in a browser', { skip: skipWithoutBrowser }, () => {
  let childId: string;
  let managerEmail: string;
  let manager: SignedInPage | undefined;

  const ui = signedInSuite(WORKER.email, async (db) => {
    const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', WORKER.email).executeTakeFirstOrThrow();
    const boss = await db.selectFrom('users').select('email').where('team_id', '=', worker.team_id!).where('role', '=', 'team_manager').where('disabled_at', 'is', null).orderBy('email').executeTakeFirstOrThrow();
    managerEmail = boss.email;
    await db.updateTable('teams').set({ front_door: true }).where('id', '=', worker.team_id!).execute();
    childId = (
      await db.insertInto('people').values({ is_child: true, la_child_id: 'BRJY001', forename: 'Jody', surname: 'Journey', date_of_birth: '2016-06-14', sex: 'F' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    // Registered and held by the worker, as registering a child leaves them.
    await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2026-11-02' }).execute();
  });
  after(async () => manager?.page.context().close());

  const step = async (page: SignedInPage['page'], what: string, act: () => Promise<void>, confirmation: RegExp) => {
    await act();
    assert.match(await pageText(page), confirmation, what);
    await assertAccessible(page, what);
  };

  test('the contact is recorded, decided for a referral and signed off', async () => {
    const page = ui.page;
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/contacts/new`), 'the contact form');
    await step(page, 'the contact saved', async () => {
      await fillDate(page, 'Date of contact', '2', '11', '2026');
      await page.getByLabel('Who made the contact').selectOption('2A');
      await page.getByLabel('Who is worried').fill('Designated safeguarding lead, Hill Primary');
      await page.getByLabel('What the worry is').fill('Jody came to school with a burn on her arm and would not say how it happened');
      await page.getByLabel('Given', { exact: true }).check();
      await pressButton(page, 'Save contact');
    }, /Contact recorded: it now awaits a decision/);
    await page.getByRole('link', { name: /Decide/ }).first().click();
    await step(page, 'the decision saved', async () => {
      await page.getByLabel('Referral to children’s social care').check();
      await fillDate(page, 'Date of decision', '2', '11', '2026');
      await page.getByLabel('Level 4: child protection').check();
      await page.getByLabel('Primary need (for a referral)').selectOption('N1');
      await page.getByLabel('Reasons for the decision').fill('An unexplained injury to a child of ten: a social work assessment is needed now');
      await pressButton(page, 'Save decision');
    }, /Decision recorded: it now awaits a manager’s sign-off/);

    manager = await openSignedInPage(ui.site, managerEmail);
    await visitAccessible(manager.page, ui.site.url('/front-door'), 'the queue with the decision to sign off');
    await manager.page.getByRole('link', { name: 'Jody Journey' }).first().click();
    await manager.page.waitForLoadState('load');
    await step(manager.page, 'the decision signed off', () => pressButton(manager!.page, 'Sign off the decision'), /Decision signed off/);
  });

  test('a strategy discussion during the assessment starts an enquiry; its outcome leads to a conference that starts the plan; the plan gets its first action', async () => {
    const page = ui.page;
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/enquiries`), 'the enquiries page');
    await page.getByRole('button', { name: 'Record a strategy discussion' }).click();
    await step(page, 'the strategy discussion saved', async () => {
      await fillDate(page, 'Date of the strategy discussion', '5', '11', '2026');
      await page.getByLabel('Name 1', { exact: true }).fill('Sam Social');
      await page.getByLabel('Agency 1', { exact: true }).selectOption('social_care');
      await page.getByLabel('Name 2', { exact: true }).fill('PC Ward');
      await page.getByLabel('Agency 2', { exact: true }).selectOption('police');
      await page.getByLabel('Name 3', { exact: true }).fill('Nurse Adebayo');
      await page.getByLabel('Agency 3', { exact: true }).selectOption('health');
      await page.getByLabel('Information shared').fill('The burn is consistent with a deliberate injury; the partner is known to police.');
      await page.getByRole('group', { name: /section 47 enquiry start/ }).getByLabel('Yes').check();
      await pressButton(page, 'Save the strategy discussion');
    }, /A section 47 enquiry is under way from 5 November 2026/);
    await page.getByRole('link', { name: /Record the outcome/ }).click();
    await step(page, 'the enquiry outcome saved', async () => {
      await page.getByLabel('Concerns substantiated and the child judged to be at continuing risk of significant harm', { exact: true }).check();
      await fillDate(page, 'Date the enquiry ended', '12', '11', '2026');
      await page.getByRole('group', { name: /conference needed/ }).getByLabel('Yes').check();
      await pressButton(page, 'Save the outcome');
    }, /Outcome of the enquiry recorded/);
    await page.getByRole('button', { name: 'Record the initial conference' }).click();
    await step(page, 'the conference saved', async () => {
      await fillDate(page, 'Date of the conference', '19', '11', '2026');
      await page.getByLabel('Who chaired the conference').selectOption({ index: 1 });
      await page.getByLabel('Name 1', { exact: true }).fill('Sam Social');
      await page.getByLabel('Agency 1', { exact: true }).selectOption('social_care');
      await page.getByLabel('Attendance 1', { exact: true }).selectOption('attended_and_report');
      await page.getByLabel('Name 2', { exact: true }).fill('Ms Journey');
      await page.getByLabel('Agency 2', { exact: true }).selectOption('family');
      await page.getByLabel('Attendance 2', { exact: true }).selectOption('attended');
      await page.getByLabel('Views shared through an advocate').first().check();
      await page.getByRole('group', { name: 'How the family took part' }).getByLabel('Parents or carers attended', { exact: true }).check();
      await page.getByRole('group', { name: /decide on a child protection plan/ }).getByLabel('Yes').check();
      await page.getByLabel(/Physical abuse/).check();
      await page.getByLabel('Outline of the plan').fill('The partner does not stay at the home; weekly visits; school nurse checks in.');
      await pressButton(page, 'Save the conference');
    }, /Initial child protection conference recorded/);

    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/plans`), 'the plans page');
    await page.getByRole('link', { name: 'Add an action' }).click();
    await step(page, 'the plan’s first action added', async () => {
      await page.getByLabel('The action').fill('Mum to agree a safety plan with the partner out of the home');
      await page.getByLabel('Someone else').check();
      await page.getByLabel('Name or role').fill('Mother');
      await page.getByLabel('Agency').fill('Family');
      await fillDate(page, 'Due by', '30', '11', '2026');
      await pressButton(page, 'Add the action');
    }, /Mum to agree a safety plan/);
  });

  test('the assessment, begun the day after the referral, is submitted by the worker and authorised by the manager; the child’s page shows the whole journey', async () => {
    const page = ui.page;
    await visitAccessible(page, ui.site.url(`/children/${childId}/protection/assessments`), 'the assessments page');
    await page.getByRole('link', { name: 'Start an assessment' }).click();
    await step(page, 'the assessment started', async () => {
      await fillDate(page, 'When did the assessment start?', '3', '11', '2026');
      await pressButton(page, 'Start the assessment');
    }, /Assessment started/);
    await step(page, 'the assessment saved', async () => {
      await page.getByRole('group', { name: /Was Jody seen/ }).getByLabel('Yes').check();
      await fillDate(page, 'When was Jody seen?', '3', '11', '2026');
      await page.getByRole('group', { name: 'Seen alone?' }).getByLabel('Yes').check();
      await page.getByLabel('4B: Mental health').check();
      await page.getByLabel('Jody’s developmental needs').fill('Jody is bright and quiet; her attendance has fallen this term.');
      await page.getByLabel('Parenting capacity').fill('Mum is struggling since her partner moved in; routines have slipped.');
      await page.getByLabel('Family and environmental factors').fill('The partner has a history of violence known to the police.');
      await page.getByLabel('Jody’s views, in their own words').fill('“I don’t like it when he shouts.”');
      await page.getByLabel('Parents’ or carers’ views').fill('Mum says the burn was an accident with the iron.');
      await page.getByLabel('Analysis').fill('An unexplained injury and a violent adult in the home: Jody may be suffering significant harm.');
      await page.getByLabel('Strategy discussion (the child may be suffering significant harm)').check();
      await pressButton(page, 'Save the assessment');
    }, /Assessment saved/);
    await page.getByRole('link', { name: 'Submit it for authorisation' }).click();
    await step(page, 'the assessment submitted', () => pressButton(page, 'Submit for authorisation'), /Assessment submitted for authorisation/);

    const boss = manager!.page;
    await visitAccessible(boss, ui.site.url(`/children/${childId}/protection/assessments`), 'the assessments page for the manager');
    await boss.getByRole('link', { name: /^Authorise/ }).click();
    await step(boss, 'the assessment authorised', async () => {
      await boss.getByLabel('Authorise the assessment').check();
      await fillDate(boss, 'Date of authorisation', '23', '11', '2026');
      await pressButton(boss, 'Save the decision');
    }, /Assessment authorised/);

    await visitAccessible(page, ui.site.url(`/children/${childId}/protection`), 'the help and protection page at the end of the journey');
    const text = await pageText(page);
    assert.match(text, /2 November 2026 SCHOOLS Abuse or neglect Open/, 'the referral the contact opened');
    assert.match(text, /19 November 2026: Initial child protection conference/);
    assert.match(text, /5 November 2026: Strategy discussion \(section 47 enquiry started\)/);
    assert.match(text, /23 November 2026: Assessment completed/);
    assert.match(text, /From 19 November 2026 \(open\): Physical abuse/);
    assert.deepEqual([...ui.problems(), ...(manager?.problems() ?? [])], []);
  });
});
