import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { insertChild } from '../../../test/support/records.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

describeEachEngine('observations of practice: recorded by managers of the worker, reflected on by the worker, the child shown only to those who may see them', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let practiceSupervisor: Agent;
  let worker: Agent;
  let colleague: Agent;
  let otherManager: Agent;
  let teamManager: Agent;
  let head: Agent;
  let workerId: string;
  let childId: string;
  let hiddenChildId: string;
  let courseId: string;

  before(async () => {
    const a = await createTeam(db(), 'Observed team');
    const b = await createTeam(db(), 'Other team');
    const psId = await createUser(db(), { email: 'ob-ps@example.org', role: 'practice_supervisor', teamId: a.teamId, name: 'Pia Supervisor' });
    await createUser(db(), { email: 'ob-tm@example.org', role: 'team_manager', teamId: a.teamId, name: 'Tom Manager' });
    workerId = await createUser(db(), { email: 'ob-w@example.org', role: 'social_worker', teamId: a.teamId, lineManagerId: psId, name: 'Wes Worker' });
    await createUser(db(), { email: 'ob-c@example.org', role: 'social_worker', teamId: a.teamId, lineManagerId: psId, name: 'Cat Colleague' });
    await createUser(db(), { email: 'ob-otm@example.org', role: 'team_manager', teamId: b.teamId, name: 'Olly Other' });
    await createUser(db(), { email: 'ob-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    await db().insertInto('staff_records').values({ user_id: workerId, start_in_role: '2024-09-02' }).execute();
    childId = await insertChild(db(), { laChildId: 'OB-1', forename: 'Ruby', surname: 'Observa', dateOfBirth: '2016-05-01' });
    hiddenChildId = await insertChild(db(), { laChildId: 'OB-2', forename: 'Sealed', surname: 'Hiddenchild', dateOfBirth: '2018-05-01', restricted: true });
    for (const id of [childId, hiddenChildId]) {
      await db().insertInto('allocations').values({ child_id: id, role: 'lead', team_id: a.teamId, worker_id: workerId, start_date: '2026-01-05' }).execute();
    }
    await db().insertInto('restricted_access').values({ child_id: hiddenChildId, user_id: workerId }).execute();
    courseId = (await db().insertInto('training_courses').values({ name: 'Analysis and critical thinking', category: 'practice', description: null, renewal_months: null }).returning('id').executeTakeFirstOrThrow()).id;
    practiceSupervisor = await signedIn(t.app, 'ob-ps@example.org');
    worker = await signedIn(t.app, 'ob-w@example.org');
    colleague = await signedIn(t.app, 'ob-c@example.org');
    otherManager = await signedIn(t.app, 'ob-otm@example.org');
    teamManager = await signedIn(t.app, 'ob-tm@example.org');
    head = await signedIn(t.app, 'ob-hos@example.org');
  });

  const form = (overrides: Record<string, string> = {}) => ({
    workerId,
    'observedOn-day': '10',
    'observedOn-month': '11',
    'observedOn-year': '2026',
    setting: 'home_visit',
    settingDetail: '',
    childId,
    wentWell: 'Warm, clear explanation of the plan.\nThe child was listened to.',
    toDevelop: 'Write the analysis on the day.',
    courseId,
    grade: 'good',
    ...overrides,
  });
  const observations = () => db().selectFrom('practice_observations').selectAll().orderBy('recorded_at').execute();
  const audits = (action: string, outcome: 'allowed' | 'failed' | 'denied') => db().selectFrom('audit_events').select(['reason', 'subject_id']).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('a practice supervisor chooses the worker, then records the observation with a child and a course; audited', async () => {
    const choose = textOf((await practiceSupervisor.get('/quality/observations/new')).body);
    assert.match(choose, /Wes Worker \(Social worker, Observed team\)/);
    assert.doesNotMatch(choose, /Olly Other/, 'another team’s manager is not offered');
    const page = await practiceSupervisor.get(`/quality/observations/new?worker=${workerId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ruby Observa/);
    assert.doesNotMatch(page.body, /Hiddenchild/, 'a restricted child the observer may not see is not offered');
    const response = await practiceSupervisor.post('/quality/observations/new', form());
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 500));
    const [stored] = await observations();
    assert.deepEqual([stored!.worker_id, stored!.observed_on, stored!.setting, stored!.child_id, stored!.course_id, stored!.grade, stored!.reflection], [workerId, '2026-11-10', 'home_visit', childId, courseId, 'good', null]);
    assert.equal((await audits('quality.observation.record', 'allowed')).length, 1);
    assert.equal((await audits('child.observation.record', 'allowed'))[0]!.subject_id, childId);
  });

  test('bad input is refused with every problem named and nothing stored: a date in the future or before the worker started, no notes, somewhere else unnamed, a child the worker does not hold', async () => {
    const before = (await observations()).length;
    const future = await practiceSupervisor.post('/quality/observations/new', form({ 'observedOn-day': '24', wentWell: '', setting: 'other', childId: hiddenChildId, grade: '' }));
    assert.equal(future.statusCode, 400);
    const text = textOf(future.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /The date of the observation must be today or in the past/);
    assert.match(text, /Enter what went well/);
    assert.match(text, /Say where you observed their practice/);
    assert.match(text, /Select a child the worker holds, or no child/);
    assert.match(text, /Select a grade, or Not graded/);
    const early = await practiceSupervisor.post('/quality/observations/new', form({ 'observedOn-year': '2024', 'observedOn-month': '8' }));
    assert.match(textOf(early.body), /on or after the day the worker started in their role/);
    const impossible = await practiceSupervisor.post('/quality/observations/new', form({ 'observedOn-day': '31', 'observedOn-month': '2' }));
    assert.match(textOf(impossible.body), /must be a real date/);
    assert.equal((await observations()).length, before);
    assert.ok((await audits('quality.observation.record', 'failed')).length >= 3);
  });

  test('another team’s manager may not observe the worker (404, audited), and a social worker may not observe at all (403)', async () => {
    const before = (await observations()).length;
    assert.equal((await otherManager.get(`/quality/observations/new?worker=${workerId}`)).statusCode, 404);
    assert.equal((await otherManager.post('/quality/observations/new', form())).statusCode, 404);
    assert.equal((await colleague.get('/quality/observations/new')).statusCode, 403);
    assert.equal((await colleague.post('/quality/observations/new', form())).statusCode, 403);
    assert.equal((await observations()).length, before);
    assert.ok((await audits('quality.observation.record', 'denied')).length >= 1);
  });

  test('the observation: the worker and their managers read it; the child is named only to those who may open the child’s record, that reading audited', async () => {
    const [o] = await observations();
    const own = textOf((await worker.get(`/quality/observations/${o!.id}`)).body);
    assert.match(own, /Ruby Observa/);
    assert.match(own, /Analysis and critical thinking/);
    assert.match(own, /Add your reflection/);
    const headPage = await head.get(`/quality/observations/${o!.id}`);
    assert.equal(headPage.statusCode, 200, 'a head of service reads every observation');
    assert.doesNotMatch(headPage.body, /Ruby|Observa\b/, 'but has no relationship to the child');
    assert.match(textOf(headPage.body), /A child whose record you cannot open/);
    assert.match(textOf((await teamManager.get(`/quality/observations/${o!.id}`)).body), /Ruby Observa/);
    for (const outsider of [otherManager, colleague]) assert.equal((await outsider.get(`/quality/observations/${o!.id}`)).statusCode, 404);
    assert.equal((await head.get('/quality/observations/not-an-id')).statusCode, 404);
    const childReads = await db().selectFrom('audit_events').select('actor_user_id').where('action', '=', 'child.view.observation').where('subject_id', '=', childId).execute();
    assert.equal(childReads.length, 2, 'the worker’s and the team manager’s reading of the child, not the head of service’s');
    assert.ok((await audits('quality.observation.view', 'denied')).length >= 2);
  });

  test('the worker adds their reflection (refused when empty); nobody else may', async () => {
    const [o] = await observations();
    assert.equal((await practiceSupervisor.get(`/quality/observations/${o!.id}/reflection`)).statusCode, 403);
    assert.equal((await practiceSupervisor.post(`/quality/observations/${o!.id}/reflection`, { reflection: 'Not mine to write' })).statusCode, 403);
    await worker.get(`/quality/observations/${o!.id}/reflection`);
    const empty = await worker.post(`/quality/observations/${o!.id}/reflection`, { reflection: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /Enter your reflection on the observation/);
    const saved = await worker.post(`/quality/observations/${o!.id}/reflection`, { reflection: 'I will write my analysis before I leave the office.' });
    assert.equal(saved.statusCode, 303);
    const [after] = await observations();
    assert.equal(after!.reflection, 'I will write my analysis before I leave the office.');
    assert.ok(after!.reflected_at);
  });

  test('lists: the worker sees their own, the team manager the team’s, another team’s manager neither; one worker’s page for those who see their staff records', async () => {
    assert.match(textOf((await worker.get('/quality/observations')).body), /Observations of your practice 1 observation; 100% of those graded were good or outstanding; 1 reflected on/);
    const team = textOf((await teamManager.get('/quality/observations')).body);
    assert.match(team, /Observed team: every observation 1 observation/);
    assert.match(team, /Wes Worker Observed team Pia Supervisor A home visit Good Added/);
    assert.doesNotMatch(textOf((await otherManager.get('/quality/observations')).body), /Wes Worker/);
    assert.match(textOf((await head.get('/quality/observations')).body), /The council: every observation 1 observation/);
    assert.equal((await teamManager.get(`/quality/observations?worker=${workerId}`)).statusCode, 200);
    assert.equal((await otherManager.get(`/quality/observations?worker=${workerId}`)).statusCode, 404);
    assert.equal((await colleague.get(`/quality/observations?worker=${workerId}`)).statusCode, 404);
    const outOfPeriod = textOf((await teamManager.get('/quality/observations?from-day=1&from-month=1&from-year=2025&to-day=31&to-month=12&to-year=2025')).body);
    assert.match(outOfPeriod, /Observed team: every observation None in this period/);
    const bad = await teamManager.get('/quality/observations?from-day=31&from-month=2&from-year=2026');
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /From must be a real date/);
  });
  test('the worker’s supervision page lists their observations since the last supervision, for the supervisor to take into the next', async () => {
    const before = textOf((await practiceSupervisor.get(`/supervision/workers/${workerId}`)).body);
    assert.match(before, /Observations of practice since they started \(no supervision yet\)/);
    assert.match(before, /10 November 2026\s+A home visit\s+Good\s+Write the analysis on the day\.\s+Pia Supervisor/);
    const psId = (await db().selectFrom('users').select('id').where('email', '=', 'ob-ps@example.org').executeTakeFirstOrThrow()).id;
    const held = (on: string) => ({ worker_id: workerId, supervisor_id: psId, held_on: on, kind: 'reflective' as const, wellbeing: 'well' as const, workload_discussed: false, workload_as_at: null, workload_children: null, workload_points: null, workload_capacity_percent: null, summary: 'Talked.', private_reflection: null, recorded_by: psId, recorded_at: new Date(`${on}T12:00:00Z`) });
    await db().insertInto('supervisions').values(held('2026-11-05')).execute();
    assert.match(textOf((await worker.get(`/supervision/workers/${workerId}`)).body), /since the last supervision, 5 November 2026[^]*Write the analysis on the day\./, 'the worker sees it on their own page too');
    await db().insertInto('supervisions').values(held('2026-11-12')).execute();
    const after = textOf((await practiceSupervisor.get(`/supervision/workers/${workerId}`)).body);
    assert.match(after, /since the last supervision, 12 November 2026\s+None since then\./);
  });
});
