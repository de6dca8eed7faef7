import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026. Ada was referred on 1 October 2026: her
// assessment is due within 45 working days, by 3 December 2026.
describeEachEngine('single assessments: started on a referral, written, submitted and authorised by a manager of the child’s team', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let otherManager: Agent;
  let head: Agent;
  let workerId: string;
  let managerId: string;
  let ada: string;
  let closed: string;
  let secret: string;
  let adaReferral: string;
  let closedReferral: string;
  let assessmentId: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'as', team: 'Assessment team', worker: 'Asha Worker', outsider: 'Otis Outsider' }));
    managerId = await createUser(db(), { email: 'as-manager@example.org', role: 'team_manager', teamId, name: 'Maya Manager' });
    const other = await createTeam(db(), 'Locality team');
    const otherManagerId = await createUser(db(), { email: 'as-other@example.org', role: 'team_manager', teamId: other.teamId, name: 'Olu Othermanager' });
    const headId = await createUser(db(), { email: 'as-head@example.org', role: 'head_of_service', name: 'Hana Head' });
    manager = await signedIn(t.app, 'as-manager@example.org');
    otherManager = await signedIn(t.app, 'as-other@example.org');
    head = await signedIn(t.app, 'as-head@example.org');
    const child = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Assesstest', date_of_birth: '2016-05-04', sex: 'F', restricted, restriction_reason: restricted ? 'Family member works here' : null }).returning('id').executeTakeFirstOrThrow()).id;
    ada = await child('AS0001', 'Ada');
    closed = await child('AS0002', 'Cleo');
    secret = await child('AS0003', 'Sia', true);
    await db().insertInto('allocations').values([ada, closed, secret].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2026-10-01' }))).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }]).execute();
    const referral = async (childId: string, closeDate: string | null = null) =>
      (await db().insertInto('referrals').values({ child_id: childId, referral_date: '2026-10-01', source: '2A', primary_need: 'N1', close_date: closeDate, closure_reason: closeDate ? 'RC8' : null }).returning('id').executeTakeFirstOrThrow()).id;
    adaReferral = await referral(ada);
    closedReferral = await referral(closed, '2026-10-20');
    await referral(secret);
    const grant = { reason: 'Covering the duty desk', granted_at: new Date('2026-11-23T08:00:00Z'), expires_at: new Date('2026-11-30T08:00:00Z'), reviewer_id: null, reviewed_by: null, reviewed_at: null, review_outcome: null };
    await db().insertInto('access_grants').values({ ...grant, user_id: headId, child_id: ada }).execute();
    await db().insertInto('access_grants').values({ user_id: otherManagerId, child_id: ada, reason: 'Covering the duty desk', granted_at: new Date('2026-11-23T08:00:00Z'), expires_at: new Date('2026-11-30T08:00:00Z'), reviewer_id: null, reviewed_by: null, reviewed_at: null, review_outcome: null }).execute();
  });

  const base = (childId: string) => `/children/${childId}/protection/assessments`;
  const rows = (childId: string) => db().selectFrom('assessments').selectAll().where('child_id', '=', childId).orderBy('created_at').execute();
  const factors = (id: string) => db().selectFrom('assessment_factors').select('code').where('assessment_id', '=', id).orderBy('code').execute();
  const events = (childId: string) => db().selectFrom('case_events').select(['id', 'kind', 'event_date', 'note']).where('child_id', '=', childId).where('kind', '=', 'assessment').execute();
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  const content = (overrides: Record<string, string | string[]> = {}) => ({
    ...dateFields('startDate', '2026-10-05'),
    childSeen: 'yes',
    ...dateFields('childSeenOn', '2026-10-08'),
    seenAlone: 'yes',
    factors: ['3B', '4B'],
    developmentalNeeds: 'Ada is meeting her milestones at school.\nShe is anxious at bedtime.',
    parentingCapacity: 'Mum gives good basic care; her low mood affects routines.',
    familyEnvironment: 'The family lives in a two-bedroom flat; dad left in August after police call-outs.',
    childViews: '“I don’t like it when mummy cries.”',
    parentsViews: 'Mum wants help with her mood and with Ada’s sleep.',
    analysis: 'Domestic abuse has ended but its effects on mum and Ada continue; a child in need plan will help.',
    outcome: 'cin_plan',
    ...overrides,
  });

  /** A refused change: 400, the summary names the field, nothing stored, the attempt audited. */
  const refused = async (agent: Agent, url: string, body: Record<string, string | string[]>, field: string, message: RegExp, childId: string, action: string) => {
    const before = JSON.stringify(await rows(childId));
    const failed = (await audits(childId, action, 'failed')).length;
    const res = await agent.post(url, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
    assert.match(textOf(res.body), message);
    assert.equal(JSON.stringify(await rows(childId)), before, 'nothing stored');
    assert.equal((await audits(childId, action, 'failed')).length, failed + 1, 'the refusal is audited');
  };

  test('the worker starts an assessment on the open referral; the list shows it in progress against 45 working days, and the chronology shows it started', async () => {
    const form = await worker.get(`${base(ada)}/new`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Referral of 1 October 2026/);
    assert.match(textOf(form.body), /Assessment due by 3 December 2026/);
    const res = await worker.post(`${base(ada)}/new`, { referralId: adaReferral, ...dateFields('startDate', '2026-10-05') });
    assert.equal(res.statusCode, 303);
    const [row] = await rows(ada);
    assessmentId = row!.id;
    assert.equal(res.headers.location, `${base(ada)}/${assessmentId}/edit?done=started`);
    assert.equal(row!.referral_id, adaReferral);
    assert.equal(row!.start_date, '2026-10-05');
    assert.equal(row!.created_by, workerId);
    assert.equal((await audits(ada, 'child.assessment.start', 'allowed')).length, 1);
    const list = textOf((await worker.get(base(ada))).body);
    assert.match(list, /In progress/);
    assert.match(list, /Day 37 of 45: due by 3 December 2026/);
    assert.match(textOf((await worker.get(`/children/${ada}/chronology`)).body), /Assessment started/);
    const protection = await worker.get(`/children/${ada}/protection`);
    assert.match(protection.body, new RegExp(`href="/children/${ada}/protection/assessments"`));
    assert.match(textOf(protection.body), /Assessment completed 3 December 2026/, 'due 45 working days from the referral');
  });

  test('starting is refused before the referral, in the future, on a closed referral, and while another is under way on the same referral', async () => {
    const url = `${base(ada)}/new`;
    await refused(worker, url, { referralId: adaReferral, ...dateFields('startDate', '2026-09-30') }, 'startDate-day', /must be on or after the referral, 1 October 2026/, ada, 'child.assessment.start');
    await refused(worker, url, { referralId: adaReferral, ...dateFields('startDate', '2026-11-24') }, 'startDate-day', /must be today or in the past/, ada, 'child.assessment.start');
    await refused(worker, url, { referralId: adaReferral, ...dateFields('startDate', '2026-10-06') }, 'referralId', /already under way/, ada, 'child.assessment.start');
    await refused(worker, `${base(closed)}/new`, { referralId: closedReferral, ...dateFields('startDate', '2026-10-06') }, 'referralId', /one of the open referrals listed/, closed, 'child.assessment.start');
    await refused(worker, url, { referralId: closedReferral, ...dateFields('startDate', '2026-10-06') }, 'referralId', /one of the open referrals listed/, ada, 'child.assessment.start');
  });

  test('writing refuses the child seen before the start or in the future, and “no factors identified” beside other factors; then saves the whole assessment', async () => {
    const url = `${base(ada)}/${assessmentId}/edit`;
    const form = await worker.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="3B"/);
    await refused(worker, url, content(dateFields('childSeenOn', '2026-10-04')), 'childSeenOn-day', /must be on or after the assessment started, 5 October 2026/, ada, 'child.assessment.update');
    await refused(worker, url, content(dateFields('childSeenOn', '2026-11-25')), 'childSeenOn-day', /must be today or in the past/, ada, 'child.assessment.update');
    await refused(worker, url, content({ factors: ['21', '3B'] }), 'factors', /cannot be selected with other factors/, ada, 'child.assessment.update');
    await refused(worker, url, content({ childSeen: 'yes', 'childSeenOn-day': '', 'childSeenOn-month': '', 'childSeenOn-year': '' }), 'childSeenOn-day', /Enter the date the child was seen/, ada, 'child.assessment.update');
    // Half-written is fine while in progress.
    const partial = await worker.post(url, { ...dateFields('startDate', '2026-10-05'), developmentalNeeds: 'First visit made.' });
    assert.equal(partial.statusCode, 303);
    const saved = await worker.post(url, content());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${base(ada)}/${assessmentId}?done=saved`);
    const [row] = await rows(ada);
    assert.equal(row!.child_seen_on, '2026-10-08');
    assert.equal(row!.seen_alone, true);
    assert.equal(row!.outcome, 'cin_plan');
    assert.deepEqual((await factors(assessmentId)).map((f) => f.code), ['3B', '4B']);
    const page = textOf((await worker.get(`${base(ada)}/${assessmentId}`)).body);
    assert.match(page, /Seen on 8 October 2026, alone/);
    assert.match(page, /Mental health: concerns about the mental health of the parent\(s\)\/carer\(s\) \(4B\)/);
    assert.match(page, /“I don’t like it when mummy cries.”/);
    assert.match(page, /Child in need plan/);
  });

  test('an incomplete assessment cannot be submitted; a complete one is submitted today', async () => {
    const incomplete = await worker.post(`${base(ada)}/${assessmentId}/edit`, content({ analysis: '' }));
    assert.equal(incomplete.statusCode, 303);
    const url = `${base(ada)}/${assessmentId}/submit`;
    assert.match(textOf((await worker.get(url)).body), /Write the analysis/);
    await refused(worker, url, {}, 'submit', /not complete/, ada, 'child.assessment.submit');
    assert.equal((await worker.post(`${base(ada)}/${assessmentId}/edit`, content())).statusCode, 303);
    const res = await worker.post(url, {});
    assert.equal(res.statusCode, 303);
    const [row] = await rows(ada);
    assert.equal(row!.submitted_on, '2026-11-23');
    assert.equal(row!.submitted_by, workerId);
    assert.match(textOf((await worker.get(base(ada))).body), /Awaiting authorisation/);
    await refused(worker, `${base(ada)}/${assessmentId}/edit`, content({ analysis: '' }), 'analysis', /waiting for authorisation/, ada, 'child.assessment.update');
  });

  test('only a manager of the child’s team who did not write it authorises: the worker, a head of service and another team’s manager with access get 403, audited', async () => {
    const url = `${base(ada)}/${assessmentId}/authorise`;
    const body = { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-23') };
    assert.equal((await worker.get(url)).statusCode, 403);
    assert.equal((await worker.post(url, body)).statusCode, 403);
    assert.equal((await head.post(url, body)).statusCode, 403);
    assert.equal((await otherManager.get(base(ada))).statusCode, 200, 'the other manager may read the record through the access grant');
    assert.equal((await otherManager.post(url, body)).statusCode, 403);
    assert.ok((await audits(ada, 'child.assessment.authorise', 'denied')).length >= 3);
    assert.equal((await rows(ada))[0]!.authorised_on, null);
    assert.equal((await events(ada)).length, 0);
  });

  test('the manager refuses an authorisation dated before the submission or in the future, returns it for more work with a reason, and authorises it once resubmitted: the case event is written on that date', async () => {
    const url = `${base(ada)}/${assessmentId}/authorise`;
    const form = await manager.get(url);
    assert.equal(form.statusCode, 200);
    await refused(manager, url, { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-20') }, 'authorisedOn-day', /on or after the assessment was submitted, 23 November 2026/, ada, 'child.assessment.authorise');
    await refused(manager, url, { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-24') }, 'authorisedOn-day', /must be today or in the past/, ada, 'child.assessment.authorise');
    await refused(manager, url, { decision: 'return', reason: '' }, 'reason', /Enter what needs more work/, ada, 'child.assessment.authorise');
    const returned = await manager.post(url, { decision: 'return', reason: 'Say more about Ada’s sleep and what school sees.' });
    assert.equal(returned.statusCode, 303);
    let [row] = await rows(ada);
    assert.equal(row!.submitted_on, null);
    assert.equal(row!.returned_by, managerId);
    assert.match(textOf((await worker.get(base(ada))).body), /Returned for more work/);
    await refused(manager, url, { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-23') }, 'decision', /not been submitted/, ada, 'child.assessment.authorise');
    assert.equal((await worker.post(`${base(ada)}/${assessmentId}/submit`, {})).statusCode, 303);
    const res = await manager.post(url, { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-23') });
    assert.equal(res.statusCode, 303);
    [row] = await rows(ada);
    assert.equal(row!.authorised_on, '2026-11-23');
    assert.equal(row!.authorised_by, managerId);
    const [event] = await events(ada);
    assert.equal(event!.event_date, '2026-11-23');
    assert.equal(row!.case_event_id, event!.id);
    assert.match(event!.note!, /Single assessment authorised by Maya Manager. Outcome: Child in need plan/);
    const list = textOf((await worker.get(base(ada))).body);
    assert.match(list, /Authorised/);
    assert.match(list, /Completed in 37 working days/);
    const chronology = textOf((await worker.get(`/children/${ada}/chronology`)).body);
    assert.match(chronology, /Assessment returned for more work/);
    assert.match(chronology, /Single assessment authorised by Maya Manager/);
  });

  test('once authorised it can no longer be changed or authorised again (403), and the assessment clock is met', async () => {
    assert.equal((await worker.get(`${base(ada)}/${assessmentId}/edit`)).statusCode, 403);
    assert.equal((await worker.post(`${base(ada)}/${assessmentId}/edit`, content())).statusCode, 403);
    assert.equal((await manager.post(`${base(ada)}/${assessmentId}/authorise`, { decision: 'authorise', ...dateFields('authorisedOn', '2026-11-23') })).statusCode, 403);
    assert.equal((await events(ada)).length, 1);
    const protection = textOf((await worker.get(`/children/${ada}/protection`)).body);
    assert.doesNotMatch(protection, /Assessment completed 3 December 2026/, 'the assessment is no longer due');
  });

  test('the print version has the whole assessment without its links', async () => {
    const res = await worker.get(`${base(ada)}/${assessmentId}?print=1`);
    assert.equal(res.statusCode, 200);
    const page = textOf(res.body);
    assert.match(page, /Printed .* by Asha Worker/);
    assert.match(page, /Parents’ or carers’ views/);
    assert.doesNotMatch(res.body, /Print this assessment/);
    assert.match((await worker.get(`${base(ada)}/${assessmentId}`)).body, /href="[^"]+\?print=1">Print this assessment/);
  });

  test('a restricted child stays restricted; another child’s assessment is not found', async () => {
    assert.equal((await outsider.get(base(ada))).statusCode, 404);
    assert.equal((await outsider.get(`${base(ada)}/${assessmentId}`)).statusCode, 404);
    assert.equal((await manager.get(base(secret))).statusCode, 404);
    assert.equal((await worker.get(base(secret))).statusCode, 200);
    assert.equal((await worker.get(`${base(closed)}/${assessmentId}`)).statusCode, 404);
    assert.equal((await worker.get(`${base(ada)}/not-a-uuid`)).statusCode, 404);
  });
});
