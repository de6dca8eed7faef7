import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('care: the care page of a child’s record, and the local offer it shows', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let adviser: Agent;
  let head: Agent;
  let socialWorker: Agent;
  let outsider: Agent;
  let careLeaver: string;
  let inCare: string;

  before(async () => {
    const { teamId: leavingCare } = await createTeam(db(), 'Leaving Care West');
    const { teamId: children } = await createTeam(db(), 'Children in Care West');
    const { teamId: elsewhere } = await createTeam(db(), 'Assessment North');
    const workerId = await createUser(db(), { email: 'cp-sw@example.org', role: 'social_worker', teamId: children, name: 'Sam Worker' });
    const adviserId = await createUser(db(), { email: 'cp-pa@example.org', role: 'personal_adviser', teamId: leavingCare, name: 'Pat Adviser' });
    await createUser(db(), { email: 'cp-out@example.org', role: 'social_worker', teamId: elsewhere, name: 'Oli Outside' });
    await createUser(db(), { email: 'cp-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    adviser = await signedIn(t.app, 'cp-pa@example.org');
    head = await signedIn(t.app, 'cp-hos@example.org');
    socialWorker = await signedIn(t.app, 'cp-sw@example.org');
    outsider = await signedIn(t.app, 'cp-out@example.org');

    const person = async (la: string, forename: string, dob: string) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Caretest', date_of_birth: dob, sex: 'F' }).returning('id').executeTakeFirstOrThrow()).id;
    careLeaver = await person('CPG001', 'Jade', '2007-03-10');
    inCare = await person('CPG002', 'Kim', '2014-01-20');
    await db()
      .insertInto('care_episodes')
      .values([
        { child_id: careLeaver, start_date: '2019-04-01', end_date: '2025-03-10', reason_ceased: 'E17', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U1', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' },
        { child_id: inCare, start_date: '2025-06-02', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_provider: 'PR4', placement_postcode: 'BN21 4AB' },
      ])
      .execute();
    await db().insertInto('care_leavers').values({ child_id: careLeaver, category: 'former_relevant' }).execute();
    await db()
      .insertInto('allocations')
      .values([
        { child_id: careLeaver, role: 'personal_adviser', team_id: leavingCare, worker_id: adviserId, start_date: '2024-03-11' },
        { child_id: inCare, role: 'lead', team_id: children, worker_id: workerId, start_date: '2025-06-02' },
      ])
      .execute();
    await db()
      .insertInto('case_events')
      .values([
        { child_id: careLeaver, kind: 'needs_assessment', event_date: '2023-05-15', recorded_by: adviserId, recorded_at: new Date('2023-05-15T12:00:00Z') },
        { child_id: careLeaver, kind: 'pathway_plan_review', event_date: '2026-07-01', recorded_by: adviserId, recorded_at: new Date('2026-07-01T12:00:00Z') },
      ])
      .execute();
    await db()
      .insertInto('visits')
      .values({ child_id: careLeaver, kind: 'personal_adviser', visit_date: '2026-10-30', visitor_id: adviserId, child_seen: true, seen_alone: true, note: 'Coffee near college.', recorded_by: adviserId, recorded_at: new Date('2026-10-30T15:00:00Z') })
      .execute();
  });

  test('a care leaver’s page names their adviser, where the pathway plan stands, what comes next and until when they are supported (Children Act 1989 s23C, s23CA)', async () => {
    const page = textOf((await adviser.get(`/children/${careLeaver}/care`)).body);
    assert.match(page, /Jade’s personal adviser is Pat Adviser \(Leaving Care West\), since 11 March 2024/);
    assert.match(page, /Care leaver\s+Former relevant \(as recorded\)/);
    assert.match(page, /Needs assessment\s+15 May 2023/);
    assert.match(page, /Pathway plan last reviewed\s+1 July 2026/);
    assert.match(page, /Last saw their adviser\s+30 October 2026/);
    assert.match(page, /Supported until 10 March 2028 \(their 21st birthday\), and to 25 if they ask/);
    // Reg 8(2)(c): at most 2 months after the last visit; a pathway plan review within 6 months of the last.
    assert.match(page, /What comes next[\s\S]*Pathway plan review\s+1 January 2027/);
    assert.match(page, /Personal adviser contact\s+30 December 2026/);
  });

  test('support past 21 that the young person asked for shows its own end date', async () => {
    await db().updateTable('care_leavers').set({ support_until: '2032-03-10' }).where('child_id', '=', careLeaver).execute();
    const page = textOf((await adviser.get(`/children/${careLeaver}/care`)).body);
    assert.match(page, /Supported by a personal adviser until 10 March 2032, as asked for after 21/);
    await db().updateTable('care_leavers').set({ support_until: null }).where('child_id', '=', careLeaver).execute();
  });

  test('a looked-after child’s page shows their placement and what their plan asks for next', async () => {
    const page = textOf((await socialWorker.get(`/children/${inCare}/care`)).body);
    assert.match(page, /Legal status\s+Full care order/);
    assert.match(page, /Placement\s+.+, since 2 June 2025/);
    assert.match(page, /Looked-after review/);
    assert.doesNotMatch(page, /plan for leaving care/);
  });

  test('the young person’s goals: added in their own words, refused when the dates cannot be, shown on the care page', async () => {
    const base = `/children/${careLeaver}/care/goals`;
    await adviser.get(`${base}/new`);
    const refused = await adviser.post(`${base}/new`, { goal: '', 'setOn-day': '1', 'setOn-month': '1', 'setOn-year': '2030', 'targetDate-day': '1', 'targetDate-month': '1', 'targetDate-year': '2020' });
    assert.equal(refused.statusCode, 400);
    const problems = textOf(refused.body);
    assert.match(problems, /Select the area of life the goal is about/);
    assert.match(problems, /Enter the goal, in the young person’s own words/);
    assert.match(problems, /Date the goal was set must be today or in the past/);
    const backwards = await adviser.post(`${base}/new`, { area: 'home', goal: 'My own flat', 'setOn-day': '2', 'setOn-month': '11', 'setOn-year': '2026', 'targetDate-day': '1', 'targetDate-month': '10', 'targetDate-year': '2026' });
    assert.match(textOf(backwards.body), /Hoped for by must be on or after the day the goal was set, 2 November 2026/);
    assert.equal((await db().selectFrom('pathway_goals').select('id').where('child_id', '=', careLeaver).execute()).length, 0, 'nothing stored');

    const saved = await adviser.post(`${base}/new`, { area: 'education_work', goal: 'Start my law degree next September', support: 'Bursary and help with the UCAS form', 'setOn-day': '2', 'setOn-month': '11', 'setOn-year': '2026', 'targetDate-day': '20', 'targetDate-month': '9', 'targetDate-year': '2027' });
    assert.equal(saved.statusCode, 303);
    const care = textOf((await adviser.get(`/children/${careLeaver}/care`)).body);
    assert.match(care, /Education, training and work\s+“Start my law degree next September”\s+Support: Bursary and help with the UCAS form\s+Set 2 November 2026, hoped for by 20 September 2027. Working towards it/);
    const audit = await db().selectFrom('audit_events').select('outcome').where('action', '=', 'child.pathway-goal.create').where('subject_id', '=', careLeaver).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.outcome), ['failed', 'failed', 'allowed']);
  });

  test('a goal ends once, achieved or changed, on or after the day it was set; another child’s goal answers 404', async () => {
    const goal = await db().selectFrom('pathway_goals').select('id').where('child_id', '=', careLeaver).executeTakeFirstOrThrow();
    const end = `/children/${careLeaver}/care/goals/${goal.id}/end`;
    await adviser.get(end);
    const early = await adviser.post(end, { outcome: 'achieved', 'closedOn-day': '1', 'closedOn-month': '11', 'closedOn-year': '2026' });
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /Date must be on or after the day the goal was set, 2 November 2026/);
    assert.equal((await adviser.post(end, { outcome: 'achieved', 'closedOn-day': '20', 'closedOn-month': '11', 'closedOn-year': '2026' })).statusCode, 303);
    assert.match(textOf((await adviser.get(`/children/${careLeaver}/care/goals`)).body), /Achieved 20 November 2026/);
    assert.match(textOf((await adviser.get(`/children/${careLeaver}/care`)).body), /1 goal achieved so far/);
    const chronology = textOf((await adviser.get(`/children/${careLeaver}/chronology`)).body);
    assert.match(chronology, /2 November 2026\s+Goal set: education, training and work\s+“Start my law degree next September”\s+Life after care/);
    assert.match(chronology, /20 November 2026\s+Goal achieved\s+“Start my law degree next September”\s+Life after care/);
    const again = await adviser.post(end, { outcome: 'changed', 'closedOn-day': '21', 'closedOn-month': '11', 'closedOn-year': '2026' });
    assert.equal(again.statusCode, 400);
    assert.match(textOf(again.body), /This goal has already ended: achieved 20 november 2026/i);
    assert.equal((await socialWorker.get(`/children/${inCare}/care/goals/${goal.id}/end`)).statusCode, 404, 'the goal is not in this child’s record');
    assert.equal((await outsider.get(`/children/${careLeaver}/care/goals`)).statusCode, 404);
  });

  test('an IRO reads the young person’s goals but does not record them (403, audited)', async () => {
    const { teamId } = await createTeam(db(), 'Independent Reviewing West');
    const iroId = await createUser(db(), { email: 'cp-iro@example.org', role: 'iro', teamId, name: 'Ira Reviewer' });
    await db().insertInto('allocations').values({ child_id: careLeaver, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2024-01-01' }).execute();
    const iro = await signedIn(t.app, 'cp-iro@example.org');
    const list = await iro.get(`/children/${careLeaver}/care/goals`);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Add a goal/);
    assert.equal((await iro.get(`/children/${careLeaver}/care/goals/new`)).statusCode, 403);
    assert.equal((await iro.post(`/children/${careLeaver}/care/goals/new`, { area: 'home', goal: 'x', 'setOn-day': '1', 'setOn-month': '11', 'setOn-year': '2026' })).statusCode, 403);
    const denied = await db().selectFrom('audit_events').select('reason').where('action', '=', 'child.pathway-goal.create').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });

  test('someone with no relationship to the child gets 404, and the refusal is audited', async () => {
    const response = await outsider.get(`/children/${careLeaver}/care`);
    assert.equal(response.statusCode, 404);
    assert.doesNotMatch(response.body, /Jade/);
    const denied = await db().selectFrom('audit_events').select('outcome').where('action', '=', 'child.view.care').where('subject_id', '=', careLeaver).where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });

  test('before the local offer is set the page says so; a head of service sets it and every care leaver’s page shows it', async () => {
    assert.match(textOf((await adviser.get(`/children/${careLeaver}/care`)).body), /has not yet set out its local offer/);
    await head.get('/admin/local-offer');
    const saved = await head.post('/admin/local-offer', { summary: 'A setting-up-home allowance of £3,000.\nFree prescriptions to 25.', url: 'https://www.example.gov.uk/care-leavers' });
    assert.equal(saved.statusCode, 303);
    const page = (await adviser.get(`/children/${careLeaver}/care`)).body;
    assert.match(page, /A setting-up-home allowance of £3,000.<br \/>\s*Free prescriptions to 25./);
    assert.match(page, /href="https:\/\/www.example.gov.uk\/care-leavers"/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'care.local_offer.update').execute();
    assert.deepEqual(audit.map((a) => a.outcome), ['allowed']);
  });

  test('the local offer refuses an empty offer and a link that is not https, and stores nothing', async () => {
    await head.get('/admin/local-offer');
    const refused = await head.post('/admin/local-offer', { summary: '  ', url: 'javascript:alert(1)' });
    assert.equal(refused.statusCode, 400);
    const text = textOf(refused.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Enter what the council offers its care leavers/);
    assert.match(text, /Enter a web address starting https:\/\//);
    const stored = await db().selectFrom('care_settings').select('local_offer_url').executeTakeFirstOrThrow();
    assert.equal(stored.local_offer_url, 'https://www.example.gov.uk/care-leavers');
    const failed = await db().selectFrom('audit_events').select('outcome').where('action', '=', 'care.local_offer.update').where('outcome', '=', 'failed').execute();
    assert.equal(failed.length, 1);
  });

  test('only heads of service and administrators may change the local offer', async () => {
    assert.equal((await adviser.get('/admin/local-offer')).statusCode, 403);
    assert.equal((await adviser.post('/admin/local-offer', { summary: 'Nothing' })).statusCode, 403);
  });
});
