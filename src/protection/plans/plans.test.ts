import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { caseloadsFor } from '../../workload/index.ts';

// TEST_TODAY is Monday 23 November 2026. Pat's plan began at an initial conference on 1 September 2026.
describeEachEngine('child protection plans: actions, core groups, review conferences and the end; child in need plans, pre-proceedings and early help', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let iro: Agent;
  let workerId: string;
  let iroId: string;
  let pat: string;
  let quin: string;
  let rory: string;
  let patPlan: string;
  let quinPlan: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'pl', team: 'Plans team', worker: 'Wren Worker', outsider: 'Oona Outsider' }));
    iroId = await createUser(db(), { email: 'pl-iro@example.org', role: 'iro', name: 'Ida Chair' });
    iro = await signedIn(t.app, 'pl-iro@example.org');
    const child = async (la: string, forename: string) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Plantest', date_of_birth: '2016-05-01', sex: 'M' }).returning('id').executeTakeFirstOrThrow()).id;
    pat = await child('PL0001', 'Pat');
    quin = await child('PL0002', 'Quin');
    rory = await child('PL0003', 'Rory');
    await db()
      .insertInto('allocations')
      .values([pat, quin, rory].flatMap((id) => [
          { child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
          { child_id: id, role: 'iro' as const, team_id: teamId, worker_id: iroId, start_date: '2026-01-05' },
        ]))
      .execute();
    const plan = async (childId: string) =>
      (await db().insertInto('cp_plans').values({ child_id: childId, start_date: '2026-09-01', initial_category: 'NEG', latest_category: 'NEG' }).returning('id').executeTakeFirstOrThrow()).id;
    patPlan = await plan(pat);
    quinPlan = await plan(quin);
  });

  const base = (childId: string) => `/children/${childId}/protection/plans`;
  const action = (o: Record<string, string> = {}) => ({ action: 'Register Pat with a dentist', owner: 'other', ownerOther: 'Mother', ownerAgency: 'Family', ...dateFields('dueDate', '2026-10-15'), ...o });
  const coreGroup = (o: Record<string, string> = {}) => ({ ...dateFields('eventDate', '2026-09-10'), attendees: 'Mother; health visitor (Health); class teacher (School)', progress: 'Home conditions improving.', ...o });
  const review = (o: Record<string, string> = {}) => ({
    ...dateFields('eventDate', '2026-11-20'),
    chairId: iroId,
    attendees: 'Mother; social worker; school',
    childParticipation: 'views_conveyed',
    familyParticipation: 'Mother attended throughout',
    decision: 'continue',
    ...o,
  });
  const rows = async (childId: string) => ({
    actions: await db().selectFrom('cp_plan_actions').selectAll().where('child_id', '=', childId).execute(),
    events: await db().selectFrom('case_events').selectAll().where('child_id', '=', childId).execute(),
    plans: await db().selectFrom('cp_plans').selectAll().where('child_id', '=', childId).execute(),
    cin: await db().selectFrom('cin_plans').selectAll().where('child_id', '=', childId).execute(),
    pre: await db().selectFrom('pre_proceedings').selectAll().where('child_id', '=', childId).execute(),
    early: await db().selectFrom('early_help_episodes').selectAll().where('child_id', '=', childId).execute(),
  });

  const refused = async (agent: Agent, url: string, body: Record<string, string>, field: string, message: RegExp, childId: string) => {
    const before = await rows(childId);
    const res = await agent.post(url, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
    assert.match(textOf(res.body), message);
    assert.deepEqual(await rows(childId), before, 'nothing stored');
  };

  test('a worker adds an action and records it done; the plan page shows its owner, agency and status, audited', async () => {
    assert.equal((await worker.get(`${base(pat)}/cp/actions/new`)).statusCode, 200);
    const res = await worker.post(`${base(pat)}/cp/actions/new`, action());
    assert.equal(res.statusCode, 303);
    const [stored] = (await rows(pat)).actions;
    assert.equal(stored!.owner_other, 'Mother');
    assert.equal(stored!.owner_agency, 'Family');
    assert.equal(stored!.plan_id, patPlan);
    const page = textOf((await worker.get(base(pat))).body);
    assert.match(page, /Register Pat with a dentist/);
    assert.match(page, /Mother \(Family\)/);
    assert.match(page, /Overdue: due 15 October 2026/);
    assert.equal((await worker.post(`${base(pat)}/cp/actions/${stored!.id}/done`, { ...dateFields('completedOn', '2026-11-02'), whatDone: 'Registered at the Old Town practice' })).statusCode, 303);
    assert.match(textOf((await worker.get(`${base(pat)}/cp/${patPlan}`)).body), /Done late, 2 November 2026/);
    const audit = await db().selectFrom('audit_events').select('action').where('subject_id', '=', pat).where('outcome', '=', 'allowed').execute();
    assert.ok(audit.some((a) => a.action === 'child.cp-plan.action'));
    assert.ok(audit.some((a) => a.action === 'child.cp-plan.action-done'));
  });

  test('an action due before the plan began, or done in the future or before the plan, is refused and nothing stored', async () => {
    await refused(worker, `${base(pat)}/cp/actions/new`, action({ ...dateFields('dueDate', '2026-08-31') }), 'dueDate-day', /Due by must be on or after the day the plan started, 1 September 2026/, pat);
    await refused(worker, `${base(pat)}/cp/actions/new`, action({ ownerAgency: '' }), 'ownerAgency', /Enter their agency/, pat);
    await worker.post(`${base(pat)}/cp/actions/new`, action({ action: 'Attend parenting course' }));
    const open = (await rows(pat)).actions.find((a) => a.action === 'Attend parenting course')!;
    const url = `${base(pat)}/cp/actions/${open.id}/done`;
    await refused(worker, url, { ...dateFields('completedOn', '2026-11-24'), whatDone: 'Went' }, 'completedOn-day', /Date done must be today or in the past/, pat);
    await refused(worker, url, { ...dateFields('completedOn', '2026-08-20'), whatDone: 'Went' }, 'completedOn-day', /on or after the day the plan started, 1 September 2026/, pat);
  });

  test('a core group is recorded with the meeting: a core_group case event and its detail, together; one before the plan is refused', async () => {
    await refused(worker, `${base(pat)}/cp/core-groups/new`, coreGroup({ ...dateFields('eventDate', '2026-08-28') }), 'eventDate-day', /on or after the initial conference that made the plan, 1 September 2026/, pat);
    await refused(worker, `${base(pat)}/cp/core-groups/new`, coreGroup({ ...dateFields('nextMeeting', '2026-09-01') }), 'nextMeeting-day', /Date of the next meeting must be after this core group/, pat);
    assert.equal((await worker.post(`${base(pat)}/cp/core-groups/new`, coreGroup({ ...dateFields('nextMeeting', '2026-10-08') }))).statusCode, 303);
    const event = (await rows(pat)).events.find((e) => e.kind === 'core_group')!;
    assert.equal(event.event_date, '2026-09-10');
    const detail = await db().selectFrom('core_groups').selectAll().where('case_event_id', '=', event.id).executeTakeFirstOrThrow();
    assert.equal(detail.plan_id, patPlan);
    const page = textOf((await worker.get(base(pat))).body);
    assert.match(page, /Home conditions improving\./);
    assert.match(page, /Next meeting 8 October 2026/);
    assert.match(textOf((await worker.get(`/children/${pat}/chronology`)).body), /Core group: progress against the plan/);
  });

  test('review conferences are recorded by the chair, not a social worker (403); a changed category becomes the plan’s latest', async () => {
    assert.equal((await worker.get(`${base(pat)}/cp/reviews/new`)).statusCode, 403);
    assert.equal((await worker.post(`${base(pat)}/cp/reviews/new`, review())).statusCode, 403);
    await refused(iro, `${base(pat)}/cp/reviews/new`, review({ ...dateFields('eventDate', '2026-09-01') }), 'eventDate-day', /after the initial conference that made the plan, 1 September 2026/, pat);
    await refused(iro, `${base(pat)}/cp/reviews/new`, review({ category: 'NEG' }), 'category', /already Neglect/, pat);
    await refused(iro, `${base(pat)}/cp/reviews/new`, review({ decision: 'end' }), 'endReason', /Select why the plan ends/, pat);
    assert.equal((await iro.post(`${base(pat)}/cp/reviews/new`, review({ category: 'EMO' }))).statusCode, 303);
    const [plan] = (await rows(pat)).plans;
    assert.equal(plan!.latest_category, 'EMO');
    assert.equal(plan!.end_date, null);
    assert.match(textOf((await worker.get(`${base(pat)}/cp/${patPlan}`)).body), /Category changed to Emotional abuse/);
  });

  test('a review conference that decides the plan ends ends it on its date, with the reason, in the same transaction', async () => {
    assert.equal((await iro.post(`${base(quin)}/cp/reviews/new`, review({ decision: 'end', endReason: 'no_longer_at_risk' }))).statusCode, 303);
    const [plan] = (await rows(quin)).plans;
    assert.equal(plan!.end_date, '2026-11-20');
    assert.equal(plan!.end_reason, 'no_longer_at_risk');
    const page = textOf((await worker.get(`${base(quin)}/cp/${quinPlan}`)).body);
    assert.match(page, /Ended 20 November 2026: No longer at continuing risk of significant harm/);
    assert.equal((await iro.get(`${base(quin)}/cp/reviews/new`)).statusCode, 404, 'no open plan to review');
  });

  test('a plan ended directly: not before it began nor before its last meeting, nor in the future; with its reason', async () => {
    const plan = (await db().insertInto('cp_plans').values({ child_id: rory, start_date: '2026-06-01', initial_category: 'PHY', latest_category: 'PHY' }).returning('id').executeTakeFirstOrThrow()).id;
    await iro.post(`${base(rory)}/cp/core-groups/new`, coreGroup({ ...dateFields('eventDate', '2026-06-10') }));
    await refused(iro, `${base(rory)}/cp/end`, { ...dateFields('endDate', '2026-05-30'), endReason: 'looked_after' }, 'endDate-day', /on or after the day the plan started, 1 June 2026/, rory);
    await refused(iro, `${base(rory)}/cp/end`, { ...dateFields('endDate', '2026-06-05'), endReason: 'looked_after' }, 'endDate-day', /on or after its last meeting, 10 June 2026/, rory);
    await refused(iro, `${base(rory)}/cp/end`, { ...dateFields('endDate', '2026-12-01'), endReason: 'looked_after' }, 'endDate-day', /today or in the past/, rory);
    await refused(iro, `${base(rory)}/cp/end`, { ...dateFields('endDate', '2026-07-01') }, 'endReason', /Select why the plan ended/, rory);
    assert.equal((await iro.post(`${base(rory)}/cp/end`, { ...dateFields('endDate', '2026-07-01'), endReason: 'looked_after' })).statusCode, 303);
    const stored = await db().selectFrom('cp_plans').selectAll().where('id', '=', plan).executeTakeFirstOrThrow();
    assert.deepEqual([stored.end_date, stored.end_reason], ['2026-07-01', 'looked_after']);
    const { caseloads } = await caseloadsFor(db(), { workerIds: [workerId] }, TEST_TODAY);
    const underFloor = caseloads[0]!.conditions.find((c) => c.kind === 'under_floor')!;
    const variance = await db().selectFrom('variances').select('current_value').where('worker_id', '=', workerId).where('kind', '=', 'under_floor').where('closed_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(Number(variance.current_value), underFloor.value, 'the worker holding Rory is reassessed as the plan ends, not at the next nightly check');
    assert.match(textOf((await worker.get(`/children/${rory}/chronology`)).body), /Why the child protection plan ended/);
  });

  test('a child in need plan starts, may not overlap another, and a review that decides so ends it', async () => {
    assert.equal((await worker.post(`${base(rory)}/cin/new`, dateFields('startDate', '2026-07-02'))).statusCode, 303);
    await refused(worker, `${base(rory)}/cin/new`, dateFields('startDate', '2026-08-01'), 'startDate-day', /overlaps the child in need plan from 2 July 2026 \(still open\)/, rory);
    await refused(worker, `${base(rory)}/cin/review`, { ...dateFields('reviewDate', '2026-06-30'), decision: 'end' }, 'reviewDate-day', /on or after the day the plan started, 2 July 2026/, rory);
    assert.equal((await worker.post(`${base(rory)}/cin/review`, { ...dateFields('reviewDate', '2026-10-02'), decision: 'continue' })).statusCode, 303);
    assert.equal((await worker.post(`${base(rory)}/cin/review`, { ...dateFields('reviewDate', '2026-11-02'), decision: 'step_down', note: 'Family hub to lead' })).statusCode, 303);
    const [cin] = (await rows(rory)).cin;
    assert.equal(cin!.end_date, '2026-11-02');
    await refused(worker, `${base(rory)}/cin/new`, dateFields('startDate', '2026-10-01'), 'startDate-day', /overlaps the child in need plan from 2 July 2026 to 2 November 2026/, rory);
    const page = textOf((await worker.get(base(rory))).body);
    assert.match(page, /Reviewed 2 November 2026: Step down to early help\. Family hub to lead/);
  });

  test('pre-proceedings steps out of order are refused; in order they are stored, and an outcome closes the period', async () => {
    const url = `${base(rory)}/pre-proceedings`;
    await refused(worker, url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('letterDate', '2026-08-20') }, 'letterDate-day', /on or after the decision to enter pre-proceedings, 1 September 2026/, rory);
    await refused(worker, url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('initialMeetingDate', '2026-09-10') }, 'initialMeetingDate-day', /Enter the date the letter before proceedings was sent/, rory);
    await refused(worker, url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('fgdmHeldOn', '2026-09-10') }, 'fgdmHeldOn-day', /offered/, rory);
    await refused(worker, url, { ...dateFields('decisionDate', '2026-09-01'), outcome: 'issue' }, 'outcomeDate-day', /Enter the date of the decision to issue or step down/, rory);
    assert.equal((await worker.post(url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('fgdmOfferedOn', '2026-09-02') })).statusCode, 303);
    const form = (await worker.get(url)).body;
    assert.match(form, /name="decisionDate-year"[^>]*value="2026"/, 'the open period’s steps fill the form');
    await refused(worker, url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('letterDate', '2026-09-05'), ...dateFields('initialMeetingDate', '2026-09-15'), outcome: 'step_down', ...dateFields('outcomeDate', '2026-09-14') }, 'outcomeDate-day', /on or after the pre-proceedings meeting, 15 September 2026/, rory);
    assert.equal(
      (await worker.post(url, { ...dateFields('decisionDate', '2026-09-01'), ...dateFields('letterDate', '2026-09-05'), ...dateFields('initialMeetingDate', '2026-09-15'), reviewMeetings: '2', ...dateFields('fgdmOfferedOn', '2026-09-02'), ...dateFields('fgdmHeldOn', '2026-09-20'), outcome: 'step_down', ...dateFields('outcomeDate', '2026-11-10') })).statusCode,
      303,
    );
    const pre = (await rows(rory)).pre;
    assert.equal(pre.length, 1);
    assert.deepEqual([pre[0]!.letter_date, pre[0]!.fgdm_held_on, pre[0]!.outcome, pre[0]!.review_meetings], ['2026-09-05', '2026-09-20', 'step_down', 2]);
    assert.match(textOf((await worker.get(base(rory))).body), /Step down: proceedings not needed, 10 November 2026/);
  });

  test('early help starts as a step down and ends, not before it began; one episode at a time', async () => {
    await refused(worker, `${base(rory)}/early-help/new`, { ...dateFields('startDate', '2026-11-03'), lead: '', reason: 'Routines', steppedDown: 'yes' }, 'lead', /Enter the lead practitioner or team/, rory);
    assert.equal((await worker.post(`${base(rory)}/early-help/new`, { ...dateFields('startDate', '2026-11-03'), lead: 'Family hub, Old Town', reason: 'Routines and school attendance', steppedDown: 'yes' })).statusCode, 303);
    await refused(worker, `${base(rory)}/early-help/new`, { ...dateFields('startDate', '2026-11-10'), lead: 'Another', reason: 'Again', steppedDown: 'no' }, 'startDate-day', /overlaps the early help from 3 November 2026/, rory);
    await refused(worker, `${base(rory)}/early-help/end`, { ...dateFields('endDate', '2026-11-01'), endReason: 'needs_met' }, 'endDate-day', /Date early help ended must be on or after the day the early help started, 3 November 2026/, rory);
    assert.equal((await worker.post(`${base(rory)}/early-help/end`, { ...dateFields('endDate', '2026-11-20'), endReason: 'needs_met' })).statusCode, 303);
    const [episode] = (await rows(rory)).early;
    assert.deepEqual([episode!.stepped_down, episode!.end_date, episode!.end_reason], [true, '2026-11-20', 'needs_met']);
    assert.match(textOf((await worker.get(`/children/${rory}/chronology`)).body), /Early help started \(step down from children’s social care\)/);
  });

  test('an outsider gets 404 on every plan page and form; another child’s plan is not found', async () => {
    for (const path of ['', `/cp/${patPlan}`, '/cp/actions/new', '/cp/core-groups/new', '/cin/new', '/pre-proceedings', '/early-help/new']) {
      assert.equal((await outsider.get(`${base(pat)}${path}`)).statusCode, 404, path);
    }
    assert.equal((await outsider.post(`${base(pat)}/cp/actions/new`, action())).statusCode, 404);
    assert.equal((await worker.get(`${base(rory)}/cp/${patPlan}`)).statusCode, 404);
  });
});
