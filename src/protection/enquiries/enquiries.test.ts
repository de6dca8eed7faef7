import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('strategy discussions, section 47 enquiries and initial conferences on the child’s record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let workerId: string;
  let iroId: string;
  let kai: string;
  let nell: string;
  let kaiReferral: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'eq', team: 'Assessment team', worker: 'Wren Worker', outsider: 'Otto Outsider' }));
    iroId = await createUser(db(), { email: 'eq-iro@example.org', role: 'iro', name: 'Cora Chair' });
    await signedIn(t.app, 'eq-iro@example.org');
    const child = async (la: string, forename: string, dob: string) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Enquirytest', date_of_birth: dob, sex: 'M', restricted: false, restriction_reason: null }).returning('id').executeTakeFirstOrThrow()).id;
    kai = await child('EQ0001', 'Kai', '2018-05-01');
    nell = await child('EQ0002', 'Nell', '2019-02-11');
    await db()
      .insertInto('allocations')
      .values([kai, nell].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' })))
      .execute();
    kaiReferral = (await db().insertInto('referrals').values({ child_id: kai, referral_date: '2026-10-20', source: '1A', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('referrals').values({ child_id: nell, referral_date: '2025-05-01', source: '1A', primary_need: 'N1' }).execute();
    await db().insertInto('cp_plans').values({ child_id: nell, start_date: '2025-06-02', initial_category: 'EMO', latest_category: 'EMO' }).execute();
  });

  const base = (childId: string) => `/children/${childId}/protection/enquiries`;
  const discussion = (overrides: Record<string, string> = {}) => ({
    ...dateFields('date', '2026-10-26'),
    attendee1Name: 'Wren Worker',
    attendee1Agency: 'social_care',
    attendee1Role: 'Social worker',
    attendee2Name: 'DC Hale',
    attendee2Agency: 'police',
    attendee2Role: 'Child abuse investigation team',
    informationShared: 'Kai told his teacher his father hit him with a belt; bruising seen on his arm.',
    s47Started: 'yes',
    otherActions: 'Joint visit today; child protection medical',
    ...overrides,
  });
  const outcome = (overrides: Record<string, string> = {}) => ({ outcome: 'substantiated_continuing_risk', ...dateFields('endedOn', '2026-11-06'), icpcRequired: 'yes', ...overrides });
  const conference = (overrides: Record<string, string> = {}) => ({
    ...dateFields('date', '2026-11-13'),
    chairId: iroId,
    invitee1Name: 'Wren Worker',
    invitee1Agency: 'social_care',
    invitee1Attendance: 'attended_and_report',
    invitee2Name: 'Dr Osei',
    invitee2Agency: 'health',
    invitee2Attendance: 'sent_report',
    invitee3Name: 'Ms Patel',
    invitee3Agency: 'education',
    invitee3Attendance: 'attended',
    childParticipation: 'through_worker',
    familyParticipation: 'attended',
    planDecided: 'yes',
    category: 'PHY',
    planOutline: 'Father to leave the home while the police investigate; weekly visits; school to report any marks.',
    ...overrides,
  });
  const counts = async (childId: string) => ({
    events: (await db().selectFrom('case_events').select('id').where('child_id', '=', childId).execute()).length,
    discussions: (await db().selectFrom('strategy_discussions').select('case_event_id').where('child_id', '=', childId).execute()).length,
    enquiries: await db().selectFrom('s47_enquiries').selectAll().where('child_id', '=', childId).orderBy('start_date').execute(),
    conferences: (await db().selectFrom('child_protection_conferences').select('case_event_id').where('child_id', '=', childId).execute()).length,
    plans: (await db().selectFrom('cp_plans').select('id').where('child_id', '=', childId).execute()).length,
  });
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  const refused = async (agent: Agent, url: string, body: Record<string, string>, field: string, message: RegExp, childId: string, action: string) => {
    const before = await counts(childId);
    const failedBefore = (await audits(childId, action, 'failed')).length;
    const res = await agent.post(url, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
    assert.match(textOf(res.body), message);
    assert.deepEqual(await counts(childId), before, 'nothing stored');
    assert.equal((await audits(childId, action, 'failed')).length, failedBefore + 1, 'the refusal is audited');
  };

  test('a strategy discussion is refused in the future, before birth, without a name’s agency, or with nobody', async () => {
    const url = `${base(kai)}/strategy-discussions/new`;
    const action = 'child.strategy-discussion.record';
    assert.equal((await worker.get(url)).statusCode, 200);
    await refused(worker, url, discussion(dateFields('date', '2026-11-24')), 'date-day', /must be today or in the past/, kai, action);
    await refused(worker, url, discussion(dateFields('date', '2018-04-30')), 'date-day', /on or after the child's date of birth, 1 May 2018/, kai, action);
    await refused(worker, url, discussion({ attendee2Agency: '' }), 'attendee2Agency', /Select the agency of attendee 2/, kai, action);
    await refused(worker, url, discussion({ attendee1Name: '', attendee1Agency: '', attendee1Role: '', attendee2Name: '', attendee2Agency: '', attendee2Role: '' }), 'attendees', /Enter at least one person who took part/, kai, action);
  });

  test('a worker records a strategy discussion that starts an enquiry: the event, the details and the enquiry, in one go', async () => {
    const res = await worker.post(`${base(kai)}/strategy-discussions/new`, discussion());
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base(kai)}?done=discussion`);
    const event = await db().selectFrom('case_events').selectAll().where('child_id', '=', kai).where('kind', '=', 'strategy_discussion').executeTakeFirstOrThrow();
    assert.equal(event.event_date, '2026-10-26');
    assert.equal(event.s47_started, true);
    const attendees = await db().selectFrom('strategy_discussion_attendees').select(['name', 'agency', 'position']).where('case_event_id', '=', event.id).orderBy('position').execute();
    assert.deepEqual(attendees, [
      { name: 'Wren Worker', agency: 'social_care', position: 1 },
      { name: 'DC Hale', agency: 'police', position: 2 },
    ]);
    const [enquiry] = (await counts(kai)).enquiries;
    assert.equal(enquiry!.start_date, '2026-10-26', 'the enquiry starts on the discussion’s date (CIN census S47ActualStartDate)');
    assert.equal(enquiry!.strategy_discussion_id, event.id);
    const page = textOf((await worker.get(`${base(kai)}/strategy-discussions/${event.id}`)).body);
    assert.match(page, /A section 47 enquiry starts/);
    assert.match(page, /DC Hale Police Child abuse investigation team/);
    assert.match(page, /Not recorded here: Health/, 'the missing safeguarding partner is named');
    const list = textOf((await worker.get(base(kai))).body);
    assert.match(list, /A section 47 enquiry is under way from 26 October 2026/);
    assert.equal((await audits(kai, 'child.strategy-discussion.record', 'allowed')).length, 1);
    assert.equal((await outsider.get(base(kai))).statusCode, 404, 'a colleague who does not hold the child cannot see it');
  });

  test('while the enquiry is under way, a later discussion cannot start another', async () => {
    await refused(worker, `${base(kai)}/strategy-discussions/new`, discussion(dateFields('date', '2026-10-30')), 's47Started', /already under way from 26 October 2026/, kai, 'child.strategy-discussion.record');
  });

  test('the outcome is refused before the enquiry started, or without a conference for a child at continuing risk; then recorded once', async () => {
    const [enquiry] = (await counts(kai)).enquiries;
    const url = `${base(kai)}/s47/${enquiry!.id}/outcome`;
    const action = 'child.s47.outcome';
    assert.equal((await worker.get(url)).statusCode, 200);
    await refused(worker, url, outcome(dateFields('endedOn', '2026-10-25')), 'endedOn-day', /on or after the strategy discussion that started it, 26 October 2026/, kai, action);
    await refused(worker, url, outcome({ icpcRequired: 'no' }), 'icpcRequired', /needs an initial child protection conference/, kai, action);
    assert.equal((await worker.post(url, outcome())).statusCode, 303);
    const [stored] = (await counts(kai)).enquiries;
    assert.equal(stored!.outcome, 'substantiated_continuing_risk');
    assert.equal(stored!.ended_on, '2026-11-06');
    assert.equal(stored!.icpc_required, true);
    assert.equal(stored!.no_conference_event_id, null);
    await refused(worker, url, outcome(), 'outcome', /already recorded/, kai, action);
  });

  test('the conference is refused before its discussion, before the enquiry ended, with a plan but no category, or a chair who is not one', async () => {
    const url = `${base(kai)}/conference`;
    const action = 'child.conference.record';
    const visits = (await worker.get(`/children/${kai}/visits`)).body;
    assert.ok(visits.includes(`href="${url}"`), 'the due initial conference is recorded on this form');
    const form = textOf((await worker.get(url)).body);
    assert.match(form, /within 15 working days of that discussion, by 16 November 2026/);
    await refused(worker, url, conference(dateFields('date', '2026-10-23')), 'date-day', /on or after the strategy discussion that started the enquiry, 26 October 2026/, kai, action);
    await refused(worker, url, conference(dateFields('date', '2026-11-05')), 'date-day', /on or after the day the enquiry ended, 6 November 2026/, kai, action);
    await refused(worker, url, conference({ category: '' }), 'category', /Select the initial category of abuse/, kai, action);
    await refused(worker, url, conference({ planDecided: 'no' }), 'category', /Leave the category empty/, kai, action);
    await refused(worker, url, conference({ chairId: workerId }), 'chairId', /one of the chairs listed/, kai, action);
    await refused(worker, url, conference({ invitee3Attendance: '' }), 'invitee3Attendance', /whether they attended of invitee 3/, kai, action);
  });

  test('an initial conference that decides on a plan starts the plan that day, with the category and the open referral; its page says it was in time', async () => {
    const variances = () => db().selectFrom('variances').select(['opened_trigger', 'current_value']).where('worker_id', '=', workerId).where('kind', '=', 'under_floor').execute();
    assert.deepEqual(await variances(), [], 'no check has run for the worker yet');
    const res = await worker.post(`${base(kai)}/conference`, conference());
    assert.equal(res.statusCode, 303);
    const [reassessed] = await variances();
    assert.equal(reassessed?.opened_trigger, 'legal status change', 'the worker holding Kai is reassessed with the plan, not at the next nightly check');
    const event = await db().selectFrom('case_events').selectAll().where('child_id', '=', kai).where('kind', '=', 'icpc').executeTakeFirstOrThrow();
    assert.equal(event.event_date, '2026-11-13');
    const plan = await db().selectFrom('cp_plans').selectAll().where('child_id', '=', kai).executeTakeFirstOrThrow();
    assert.deepEqual([plan.start_date, plan.end_date, plan.initial_category, plan.latest_category, plan.referral_id], ['2026-11-13', null, 'PHY', 'PHY', kaiReferral]);
    const row = await db().selectFrom('child_protection_conferences').selectAll().where('case_event_id', '=', event.id).executeTakeFirstOrThrow();
    assert.equal(row.cp_plan_id, plan.id);
    const page = textOf((await worker.get(`${base(kai)}/conferences/${event.id}`)).body);
    assert.match(page, /In time Within 15 working days: 14 working days after the strategy discussion on 26 October 2026/);
    assert.match(page, /Dr Osei Health Sent a report, did not attend/);
    assert.match(page, /Physical abuse \(PHY\)/);
    assert.match(page, /Father to leave the home/);
    const chronology = textOf((await worker.get(`/children/${kai}/chronology`)).body);
    assert.match(chronology, /Strategy discussion: section 47 enquiry started/);
    assert.match(chronology, /Initial child protection conference chaired by Cora Chair/);
    const protection = textOf((await worker.get(`/children/${kai}/protection`)).body);
    assert.doesNotMatch(protection, /Initial child protection conference.*Overdue/, 'the conference clock is satisfied');
    await refused(worker, `${base(kai)}/conference`, conference(dateFields('date', '2026-11-20')), 'date-day', /No section 47 enquiry is under way for Kai/, kai, 'child.conference.record');
  });

  test('an enquiry that needs no conference writes its s47_no_conference event; a conference for a child already on a plan cannot start another', async () => {
    assert.equal((await worker.post(`${base(nell)}/strategy-discussions/new`, discussion({ ...dateFields('date', '2026-11-02'), informationShared: 'Nell said her mother’s partner shouts at her.' }))).statusCode, 303);
    const [first] = (await counts(nell)).enquiries;
    assert.equal((await worker.post(`${base(nell)}/s47/${first!.id}/outcome`, outcome({ outcome: 'not_substantiated', ...dateFields('endedOn', '2026-11-09'), icpcRequired: 'no' }))).statusCode, 303);
    const ended = await db().selectFrom('s47_enquiries').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    const noConference = await db().selectFrom('case_events').selectAll().where('id', '=', ended.no_conference_event_id!).executeTakeFirstOrThrow();
    assert.deepEqual([noConference.kind, noConference.event_date, noConference.child_id], ['s47_no_conference', '2026-11-09', nell]);
    assert.equal((await worker.post(`${base(nell)}/strategy-discussions/new`, discussion({ ...dateFields('date', '2026-11-16') }))).statusCode, 303, 'a new enquiry once the last has ended');
    await refused(worker, `${base(nell)}/conference`, conference(dateFields('date', '2026-11-20')), 'planDecided', /already on a child protection plan from 2 June 2025/, nell, 'child.conference.record');
  });
});
