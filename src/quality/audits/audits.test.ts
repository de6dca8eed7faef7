import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { addChild, allocate } from '../../../test/support/caseload-helpers.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { auditorField } from './rules.ts';

// Every submitted audit is moderated in this suite, so the whole journey runs on one audit.
describeEachEngine('case audits: chosen, assigned with access, done, moderated, reflected on and turned into learning actions', (use) => {
  const t = appForSuite(use, { AUDIT_MODERATION_PERCENT: '100' });
  const db = () => use().db;
  const as: Record<string, Agent> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    const a = await createTeam(db(), 'Audit Team A');
    const b = await createTeam(db(), 'Audit Team B');
    ids.teamA = a.teamId;
    ids.head = await createUser(db(), { email: 'qa-head@example.org', role: 'head_of_service', name: 'Hana Head' });
    ids.tmA = await createUser(db(), { email: 'qa-tma@example.org', role: 'team_manager', teamId: a.teamId, name: 'Tara Manager' });
    ids.worker = await createUser(db(), { email: 'qa-worker@example.org', role: 'social_worker', teamId: a.teamId, name: 'Wren Worker', lineManagerId: ids.tmA });
    ids.tmB = await createUser(db(), { email: 'qa-tmb@example.org', role: 'team_manager', teamId: b.teamId, name: 'Bo Auditor' });
    ids.psB = await createUser(db(), { email: 'qa-psb@example.org', role: 'practice_supervisor', teamId: b.teamId, name: 'Mo Moderator' });
    ids.workerB = await createUser(db(), { email: 'qa-workerb@example.org', role: 'social_worker', teamId: b.teamId, name: 'Ola Outsider' });
    ids.child1 = await addChild(db(), { status: 'cp', surname: 'Auditone' });
    ids.child2 = await addChild(db(), { status: 'cin', surname: 'Audittwo' });
    ids.hidden = await addChild(db(), { status: 'cin', surname: 'Hiddenchild', restricted: true });
    ids.childB = await addChild(db(), { status: 'cin', surname: 'Teambchild' });
    for (const child of [ids.child1, ids.child2, ids.hidden]) await allocate(db(), { childId: child!, teamId: a.teamId, workerId: ids.worker!, start: '2026-06-01' });
    await allocate(db(), { childId: ids.childB!, teamId: b.teamId, workerId: ids.workerB!, start: '2026-06-01' });
    for (const key of ['child1', 'child2', 'hidden', 'childB']) ids[`${key}La`] = (await db().selectFrom('people').select('la_child_id').where('id', '=', ids[key]!).executeTakeFirstOrThrow()).la_child_id!;
    for (const [key, email] of Object.entries({ head: 'qa-head', tmA: 'qa-tma', worker: 'qa-worker', tmB: 'qa-tmb', psB: 'qa-psb', workerB: 'qa-workerb' })) as[key] = await signedIn(t.app, `${email}@example.org`);
  });

  const audits = (action: string, outcome: 'allowed' | 'denied' | 'failed') => db().selectFrom('audit_events').select(['reason', 'subject_id']).where('action', '=', action).where('outcome', '=', outcome).execute();
  const grades = (grade: string) => {
    const form: Record<string, string> = { overall: grade, reasons: 'The plan is clear and the child is seen.' };
    for (const area of ['child_voice-1', 'child_voice-2', 'assessment-1', 'assessment-2', 'planning-1', 'planning-2', 'management_oversight-1', 'supervision-1', 'visits_timeliness-1', 'visits_timeliness-2', 'impact-1']) {
      form[`grade-${area}`] = grade;
      form[`comment-${area}`] = 'Seen in the record.';
    }
    return form;
  };

  test('the head of service previews the month’s sample: restricted children are never chosen, and the pick is the same each time', async () => {
    const url = '/quality/audits/programme?month=2026-12&sample=random&perTeam=5';
    const page = textOf((await as.head!.get(url)).body);
    for (const key of ['child1', 'child2', 'childB']) assert.match(page, new RegExp(ids[`${key}La`]!));
    assert.doesNotMatch(page, new RegExp(ids.hiddenLa!), 'a restricted child is not sampled');
    assert.doesNotMatch(page, /Auditone/, 'a head of service sees the children chosen by LA child ID, not by name');
    assert.equal(textOf((await as.head!.get(url)).body), page, 'the same month picks the same children');
    const one = (await as.head!.get('/quality/audits/programme?month=2026-12&sample=random&perTeam=1')).body;
    assert.equal([ids.child1La, ids.child2La].filter((la) => one.includes(`>${la}</td>`)).length, 1, 'one child from team A');
    assert.equal((await as.worker!.get(url)).statusCode, 403, 'a worker does not choose audits');
  });

  test('an auditor in the child’s team and a past due date are refused with clear messages; nothing is stored', async () => {
    await as.head!.get('/quality/audits/programme?month=2026-12&sample=random&perTeam=5');
    const response = await as.head!.post('/quality/audits/programme', {
      month: '2026-12', sample: 'random', perTeam: '5',
      [auditorField(ids.child1!)]: ids.tmA!, [auditorField(ids.child2!)]: ids.tmB!, [auditorField(ids.childB!)]: ids.tmA!,
      'dueDate-day': '1', 'dueDate-month': '11', 'dueDate-year': '2026',
    });
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /The date the audit is due must be today or in the future/);
    assert.match(text, new RegExp(`Child ${ids.child1La}: The auditor must be outside the child’s team`));
    assert.equal((await db().selectFrom('case_audits').selectAll().execute()).length, 0);
    assert.equal((await audits('quality.audit.assign', 'failed')).length, 1);
  });

  test('assigning gives each auditor access to the child’s record until a week after the due date', async () => {
    assert.equal((await as.tmB!.get(`/children/${ids.child1}`)).statusCode, 404, 'no access before the audit');
    await as.head!.get('/quality/audits/programme?month=2026-12&sample=random&perTeam=5');
    const response = await as.head!.post('/quality/audits/programme', {
      month: '2026-12', sample: 'random', perTeam: '5',
      [auditorField(ids.child1!)]: ids.tmB!, [auditorField(ids.child2!)]: ids.tmB!, [auditorField(ids.childB!)]: ids.tmA!,
      'dueDate-day': '15', 'dueDate-month': '12', 'dueDate-year': '2026',
    });
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 600));
    const rows = await db().selectFrom('case_audits').selectAll().orderBy('child_id').execute();
    assert.equal(rows.length, 3);
    const grant = await db().selectFrom('access_grants').selectAll().where('user_id', '=', ids.tmB!).where('child_id', '=', ids.child1!).executeTakeFirstOrThrow();
    assert.equal(grant.reason, 'Case audit December 2026');
    assert.equal(grant.expires_at.toISOString(), '2026-12-23T00:00:00.000Z');
    assert.equal((await as.tmB!.get(`/children/${ids.child1}`)).statusCode, 200, 'the auditor opens the record through the normal access rules');
    assert.equal((await audits('child.access.grant', 'allowed')).length, 3);
    ids.audit = rows.find((r) => r.child_id === ids.child1)!.id;
  });

  test('the auditor sees the record’s facts, saves a draft, and cannot submit until every question is graded', async () => {
    const page = textOf((await as.tmB!.get(`/quality/audits/${ids.audit}`)).body);
    assert.match(page, /From the record/);
    assert.match(page, /Social workers in 12 months 1/);
    assert.match(page, /The worker’s caseload today/);
    const draft = await as.tmB!.post(`/quality/audits/${ids.audit}`, { action: 'save', 'grade-child_voice-1': 'good', 'comment-child_voice-1': 'Her words are there.' });
    assert.equal(draft.statusCode, 303);
    await as.tmB!.get(`/quality/audits/${ids.audit}`);
    const refused = await as.tmB!.post(`/quality/audits/${ids.audit}`, { action: 'submit', 'grade-child_voice-1': 'good' });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /Select a grade for question 2 \(The child’s voice\)/);
    assert.match(textOf(refused.body), /Select the overall grade/);
    const stored = await db().selectFrom('case_audits').selectAll().where('id', '=', ids.audit!).executeTakeFirstOrThrow();
    assert.equal(stored.submitted_at, null);
    assert.deepEqual(stored.answers['child_voice-1'], { grade: 'good', comment: 'Her words are there.' });
  });

  test('others without a part in the audit get 404, audited', async () => {
    assert.equal((await as.workerB!.get(`/quality/audits/${ids.audit}`)).statusCode, 404);
    assert.equal((await as.psB!.get(`/quality/audits/${ids.audit}`)).statusCode, 404, 'not yet the moderator');
    assert.ok((await audits('quality.audit.view', 'denied')).length >= 2);
  });

  test('submitting ends the auditor’s access; the audit is picked for moderation', async () => {
    t.clock.advanceMinutes(5);
    await as.tmB!.get(`/quality/audits/${ids.audit}`);
    const response = await as.tmB!.post(`/quality/audits/${ids.audit}`, { action: 'submit', ...grades('inadequate') });
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 600));
    assert.equal((await as.tmB!.get(`/children/${ids.child1}`)).statusCode, 404, 'the grant ended on submitting');
    const stored = await db().selectFrom('case_audits').selectAll().where('id', '=', ids.audit!).executeTakeFirstOrThrow();
    assert.equal(stored.overall_grade, 'inadequate');
    assert.equal(stored.moderation_chosen, true);
  });

  test('an inadequate grade prompts the manager at once on their home page', async () => {
    assert.match(textOf((await as.tmA!.get('/')).body), /An audit graded inadequate/);
    assert.doesNotMatch(textOf((await as.worker!.get('/')).body), /An audit graded inadequate/);
  });

  test('the head of service asks a moderator, who grades without seeing the first grades', async () => {
    t.clock.advanceMinutes(2);
    await as.head!.get(`/quality/audits/${ids.audit}`);
    const same = await as.head!.post(`/quality/audits/${ids.audit}/moderator`, { moderatorId: ids.tmB! });
    assert.equal(same.statusCode, 400);
    assert.match(textOf(same.body), /The second auditor must be someone other than the first/);
    const asked = await as.head!.post(`/quality/audits/${ids.audit}/moderator`, { moderatorId: ids.psB! });
    assert.equal(asked.statusCode, 303);
    const page = textOf((await as.psB!.get(`/quality/audits/${ids.audit}`)).body);
    assert.match(page, /Your moderation/);
    assert.doesNotMatch(page, /The auditor’s grades/);
    assert.doesNotMatch(page, /The plan is clear and the child is seen/);
    const moderated = await as.psB!.post(`/quality/audits/${ids.audit}/moderation`, { action: 'submit', ...grades('requires_improvement') });
    assert.equal(moderated.statusCode, 303, textOf(moderated.body).slice(0, 600));
    const after = textOf((await as.head!.get(`/quality/audits/${ids.audit}`)).body);
    assert.match(after, /Moderation disagrees: to settle/);
    assert.match(after, /Overall Inadequate Requires improvement Differs/);
  });

  test('the head of service settles the disagreement with a reason', async () => {
    await as.head!.get(`/quality/audits/${ids.audit}`);
    const refused = await as.head!.post(`/quality/audits/${ids.audit}/settle`, { grade: 'inadequate' });
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /Enter the reason for the final grade/);
    const ok = await as.head!.post(`/quality/audits/${ids.audit}/settle`, { grade: 'inadequate', reason: 'Visits were missed for two months.' });
    assert.equal(ok.statusCode, 303);
    const stored = await db().selectFrom('case_audits').selectAll().where('id', '=', ids.audit!).executeTakeFirstOrThrow();
    assert.deepEqual([stored.settled_grade, stored.settled_reason, stored.settled_by], ['inadequate', 'Visits were missed for two months.', ids.head]);
  });

  test('the worker and the manager reflect; the manager sets a learning action; the prompt goes', async () => {
    await as.worker!.get(`/quality/audits/${ids.audit}/reflection`);
    assert.equal((await as.worker!.post(`/quality/audits/${ids.audit}/reflection`, { why: 'x' })).statusCode, 400);
    assert.equal((await as.worker!.post(`/quality/audits/${ids.audit}/reflection`, { agrees: 'no', why: 'The visits were made but recorded late.' })).statusCode, 303);
    await as.tmA!.get(`/quality/audits/${ids.audit}/reflection`);
    assert.equal((await as.tmA!.post(`/quality/audits/${ids.audit}/reflection`, { agrees: 'yes', why: 'The gaps in visits are real.' })).statusCode, 303);
    assert.match(textOf((await as.tmA!.get('/')).body), /An audit graded inadequate/, 'still prompted until actions are set');
    await as.tmA!.get(`/quality/audits/${ids.audit}`);
    const past = await as.tmA!.post(`/quality/audits/${ids.audit}/actions`, { description: 'Record visits the same week.', ownerId: ids.worker!, 'dueDate-day': '1', 'dueDate-month': '1', 'dueDate-year': '2026' });
    assert.equal(past.statusCode, 400);
    assert.match(textOf(past.body), /The date the action is due must be today or in the future/);
    const set = await as.tmA!.post(`/quality/audits/${ids.audit}/actions`, { description: 'Record visits the same week.', ownerId: ids.worker!, 'dueDate-day': '20', 'dueDate-month': '12', 'dueDate-year': '2026' });
    assert.equal(set.statusCode, 303, textOf(set.body).slice(0, 600));
    assert.doesNotMatch(textOf((await as.tmA!.get('/')).body), /An audit graded inadequate/);
    const reflections = await db().selectFrom('case_audit_reflections').select(['role', 'agrees']).orderBy('role').execute();
    assert.deepEqual(reflections, [{ role: 'manager', agrees: true }, { role: 'worker', agrees: false }]);
  });

  test('the owner marks the action done; the list shows it to them and their manager', async () => {
    const list = textOf((await as.worker!.get('/quality/actions')).body);
    assert.match(list, /Record visits the same week/);
    assert.match(textOf((await as.tmA!.get('/quality/actions')).body), /Record visits the same week/);
    assert.doesNotMatch(textOf((await as.workerB!.get('/quality/actions')).body), /Record visits the same week/);
    const action = await db().selectFrom('learning_actions').selectAll().executeTakeFirstOrThrow();
    assert.equal((await as.workerB!.get(`/quality/actions/${action.id}/done`)).statusCode, 404);
    await as.worker!.get(`/quality/actions/${action.id}/done`);
    const future = await as.worker!.post(`/quality/actions/${action.id}/done`, { 'doneOn-day': '1', 'doneOn-month': '12', 'doneOn-year': '2026', doneNote: 'Done.' });
    assert.equal(future.statusCode, 400);
    const done = await as.worker!.post(`/quality/actions/${action.id}/done`, { 'doneOn-day': '23', 'doneOn-month': '11', 'doneOn-year': '2026', doneNote: 'Visits now recorded the same week.' });
    assert.equal(done.statusCode, 303);
    assert.match(textOf((await as.worker!.get('/quality/actions')).body), /Done Record visits the same week.*Done 23 November 2026/s);
  });

  test('a child made restricted after the audit: the audit answers 404 to anyone not named on the record', async () => {
    await db().updateTable('people').set({ restricted: true, restriction_reason: 'Adoption' }).where('id', '=', ids.child1!).execute();
    assert.equal((await as.tmA!.get(`/quality/audits/${ids.audit}`)).statusCode, 404);
    assert.equal((await as.head!.get(`/quality/audits/${ids.audit}`)).statusCode, 404);
    await db().insertInto('restricted_access').values({ child_id: ids.child1!, user_id: ids.head!, granted_by: null }).execute();
    assert.equal((await as.head!.get(`/quality/audits/${ids.audit}`)).statusCode, 200);
  });

  test('the tool is changed by a head of service into a new version; the audit keeps its version', async () => {
    assert.equal((await as.worker!.get('/quality/audits/tool/edit')).statusCode, 403);
    await as.head!.get('/quality/audits/tool/edit');
    const refused = await as.head!.post('/quality/audits/tool/edit', { child_voice: 'Is the child heard?', note: '' });
    assert.equal(refused.statusCode, 400);
    const ok = await as.head!.post('/quality/audits/tool/edit', { child_voice: 'Is the child heard?\nIs the child seen alone?', impact: 'Is life better for the child?', note: 'Shorter tool' });
    assert.equal(ok.statusCode, 303);
    const tools = await db().selectFrom('audit_tools').select(['id', 'version', 'questions']).orderBy('version').execute();
    assert.equal(tools.length, 2);
    assert.equal(tools[1]!.questions.length, 3);
    const audit = await db().selectFrom('case_audits').select('tool_id').where('id', '=', ids.audit!).executeTakeFirstOrThrow();
    assert.equal(audit.tool_id, tools[0]!.id);
    assert.match(textOf((await as.worker!.get('/quality/audits/tool')).body), /Version 2/);
  });
});
