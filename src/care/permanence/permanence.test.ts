import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('a looked-after child’s permanence plan and journey home on their record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let iro: Agent;
  let workerId: string;
  let ava: string;
  let ben: string;
  let cal: string;
  let secret: string;
  let dee: string;
  let avaFirstReview: string;
  let avaSecondReview: string;
  let otherChildReview: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'pm', team: 'Permanence team', worker: 'Pat Worker', outsider: 'Owen Outsider' }));
    await createUser(db(), { email: 'pm-manager@example.org', role: 'team_manager', teamId, name: 'Tess Manager' });
    const iroId = await createUser(db(), { email: 'pm-iro@example.org', role: 'iro', name: 'Iris Reviewer' });
    manager = await signedIn(t.app, 'pm-manager@example.org');
    iro = await signedIn(t.app, 'pm-iro@example.org');
    const child = async (la: string, forename: string, dob: string, restricted = false) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: la, forename, surname: 'Permtest', date_of_birth: dob, sex: 'F', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    ava = await child('PM0001', 'Ava', '2019-04-02');
    ben = await child('PM0002', 'Ben', '2016-08-20');
    cal = await child('PM0003', 'Cal', '2020-01-15');
    secret = await child('PM0004', 'Sky', '2018-02-11', true);
    dee = await child('PM0005', 'Dee', '2015-07-07');
    const lead = (childId: string) => ({ child_id: childId, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-06' });
    await db()
      .insertInto('allocations')
      .values([lead(ava), lead(ben), lead(cal), lead(secret), lead(dee), { child_id: ava, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2026-06-01' }])
      .execute();
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: workerId, granted_by: null }).execute();
    const episode = (childId: string, start: string, end: string | null, ceased: string | null, placement = 'U4') => ({
      child_id: childId,
      start_date: start,
      end_date: end,
      reason_new_episode: 'S',
      reason_ceased: ceased,
      legal_status: 'C2',
      primary_need: 'N1',
      placement_type: placement,
    });
    await db()
      .insertInto('care_episodes')
      .values([
        episode(ava, '2026-06-01', null, null),
        episode(ben, '2025-01-06', '2026-03-02', 'E45'),
        episode(cal, '2026-02-02', null, null),
        episode(secret, '2026-03-02', null, null),
        episode(dee, '2024-01-08', '2024-09-01', 'E4A'),
        episode(dee, '2026-03-02', null, null),
      ])
      .execute();
    const review = async (childId: string, date: string) =>
      (
        await db()
          .insertInto('case_events')
          .values({ child_id: childId, kind: 'cla_review', event_date: date, recorded_by: workerId, recorded_at: new Date(`${date}T12:00:00Z`) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    avaFirstReview = await review(ava, '2026-06-26');
    avaSecondReview = await review(ava, '2026-09-25');
    otherChildReview = await review(cal, '2026-02-27');
    // Dee went home in 2024 under a plan to return home, and came back into care in March 2026.
    await db()
      .insertInto('permanence_plans')
      .values({ child_id: dee, plan: 'return_home', decided_on: '2024-04-01', recorded_by: workerId, recorded_at: new Date('2024-04-01T12:00:00Z') })
      .execute();
  });

  const plans = async (childId: string) => db().selectFrom('permanence_plans').selectAll().where('child_id', '=', childId).orderBy('decided_on').execute();
  const planForm = (overrides: Record<string, string> = {}) => ({ plan: 'return_home', parallelPlan: '', ...dateFields('decidedOn', '2026-09-25'), reviewId: '', note: '', ...overrides });
  const audits = async (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).orderBy('id').execute();

  test('no plan by the second review is overdue on the page and in the worker’s work due, with one click to record it', async () => {
    const text = textOf((await worker.get(`/children/${ava}/care/permanence`)).body);
    assert.match(text, /No permanence plan yet: due by 25 September 2026 \(became looked after 1 June 2026; second review held 25 September 2026\)\. Overdue by 59 days/);
    assert.match(text, /No permanence plan is recorded/);
    const work = textOf((await worker.get('/work')).body);
    assert.match(work, /Ava Permtest\s+PM0001\s+Permanence plan \(by the second review\)/);
    const care = textOf((await worker.get(`/children/${ava}/care`)).body);
    assert.match(care, /Permanence plan and the journey home/);
  });

  test('recording a plan with a parallel plan, agreed at the second review, shows it, audits it, clears the due item and puts it on the chronology', async () => {
    const opened = await worker.get(`/children/${ava}/care/permanence/plan`);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /Looked-after review, 25 September 2026/);
    const saved = await worker.post(`/children/${ava}/care/permanence/plan`, planForm({ parallelPlan: 'adoption', reviewId: avaSecondReview }));
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${ava}/care/permanence?done=plan`);
    const stored = await plans(ava);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.plan, 'return_home');
    assert.equal(stored[0]!.parallel_plan, 'adoption');
    assert.equal(stored[0]!.review_event_id, avaSecondReview);
    assert.match((await audits(ava, 'child.permanence-plan.create', 'allowed'))[0]?.reason ?? '', /permanence plan [0-9a-f-]{36}/);
    const text = textOf((await worker.get(`/children/${ava}/care/permanence?done=plan`)).body);
    assert.match(text, /Permanence plan recorded/);
    assert.match(text, /Plan Return to parents or family, with a parallel plan of adoption/);
    assert.match(text, /Agreed at Looked-after review, 25 September 2026/);
    assert.doesNotMatch(text, /No permanence plan yet/);
    assert.match(text, /adoption page/, 'a parallel plan of adoption links to the adoption steps');
    assert.doesNotMatch(textOf((await worker.get('/work')).body), /Ava Permtest\s+PM0001\s+Permanence plan/);
    const chronology = textOf((await worker.get(`/children/${ava}/chronology`)).body);
    assert.match(chronology, /Permanence plan decided/);
  });

  test('the journey home: support and steps are shown in date order, on the chronology too', async () => {
    await worker.get(`/children/${ava}/care/permanence/support`);
    const support = await worker.post(`/children/${ava}/care/permanence/support`, { what: 'Parenting support', provider: 'Family support worker', ...dateFields('fromDate', '2026-10-01'), 'toDate-day': '', 'toDate-month': '', 'toDate-year': '' });
    assert.equal(support.statusCode, 303);
    for (const [step, date] of [['more_contact', '2026-10-05'], ['overnight_stays', '2026-10-20'], ['went_home', '2026-11-16'], ['support_after_return', '2026-11-18']] as const) {
      await worker.get(`/children/${ava}/care/permanence/step`);
      const res = await worker.post(`/children/${ava}/care/permanence/step`, { step, ...dateFields('stepDate', date), note: '' });
      assert.equal(res.statusCode, 303, step);
    }
    const text = textOf((await worker.get(`/children/${ava}/care/permanence`)).body);
    assert.match(text, /Ava went home on 16 November 2026/);
    assert.match(text, /Parenting support\s+Family support worker\s+From 1 October 2026/);
    assert.match(text, /5 October 2026: Contact increased[\s\S]*20 October 2026: Overnight stays at home began[\s\S]*16 November 2026: Went home[\s\S]*18 November 2026: Support after the return home/);
    const chronology = textOf((await worker.get(`/children/${ava}/chronology`)).body);
    assert.match(chronology, /Journey home: went home/);
    assert.match(chronology, /Support for the return home began/);
  });

  test('a change of plan is a new plan from its date; the history keeps the earlier one', async () => {
    await worker.get(`/children/${ava}/care/permanence/plan`);
    const saved = await worker.post(`/children/${ava}/care/permanence/plan`, planForm({ plan: 'long_term_fostering', ...dateFields('decidedOn', '2026-11-20') }));
    assert.equal(saved.statusCode, 303);
    assert.equal((await plans(ava)).length, 2);
    const text = textOf((await worker.get(`/children/${ava}/care/permanence`)).body);
    assert.match(text, /Plans, newest first\s+From 20 November 2026: Long-term fostering\s+From 25 September 2026: Return to parents or family/);
    assert.match(text, /No placement is recorded as intended to last until 18/);
    assert.match((await audits(ava, 'child.permanence-plan.create', 'allowed')).at(-1)?.reason ?? '', /permanence plan changed/);
  });

  test('each impossible plan is refused with a clear message, nothing stored and the attempt audited', async () => {
    const refused = async (childId: string, form: Record<string, string>, field: string, message: RegExp) => {
      const before = await plans(childId);
      await worker.get(`/children/${childId}/care/permanence/plan`);
      const res = await worker.post(`/children/${childId}/care/permanence/plan`, form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
      assert.match(textOf(res.body), message);
      assert.deepEqual(await plans(childId), before, 'nothing stored');
      assert.match((await audits(childId, 'child.permanence-plan.create', 'failed')).at(-1)?.reason ?? '', /refused, nothing stored/);
    };
    await refused(ben, planForm({ ...dateFields('decidedOn', '2024-12-02') }), 'decidedOn-day', /on or after the day Ben came into care, 6 January 2025/);
    await refused(ben, planForm({ ...dateFields('decidedOn', '2026-05-01') }), 'decidedOn-day', /on or before the day Ben’s care ended, 2 March 2026/);
    await refused(cal, planForm({ ...dateFields('decidedOn', '2026-12-01') }), 'decidedOn-day', /must be today or in the past/);
    await refused(cal, planForm({ ...dateFields('decidedOn', '2026-02-30') }), 'decidedOn-day', /real date|must be a real/i);
    await refused(cal, planForm({ plan: '' }), 'plan', /Select the plan for permanence/);
    await refused(cal, planForm({ plan: 'invented' }), 'plan', /The plan must be one of the options listed/);
    await refused(cal, planForm({ plan: 'adoption', parallelPlan: 'adoption', ...dateFields('decidedOn', '2026-05-01') }), 'parallelPlan', /The parallel plan must be different from the main plan/);
    await refused(cal, planForm({ ...dateFields('decidedOn', '2026-05-01'), reviewId: avaFirstReview }), 'reviewId', /The review must be one of the looked-after reviews listed/);
    await refused(cal, planForm({ ...dateFields('decidedOn', '2026-02-20'), reviewId: otherChildReview }), 'reviewId', /on or before the day it was decided, 20 February 2026/);
    await refused(ava, planForm({ ...dateFields('decidedOn', '2026-10-01') }), 'decidedOn-day', /on or after the day the plan it replaces was decided, 20 November 2026/);
  });

  test('steps and support need a plan to return home, are not in the future, going home is recorded once and support after it follows it', async () => {
    const steps = async (childId: string) => db().selectFrom('reunification_steps').select('id').where('child_id', '=', childId).execute();
    const refusedStep = async (childId: string, form: Record<string, string>, field: string, message: RegExp) => {
      const before = (await steps(childId)).length;
      await worker.get(`/children/${childId}/care/permanence/step`);
      const res = await worker.post(`/children/${childId}/care/permanence/step`, form);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, new RegExp(`href="#${field}"`));
      assert.match(textOf(res.body), message);
      assert.equal((await steps(childId)).length, before, 'nothing stored');
    };
    await refusedStep(cal, { step: 'more_contact', ...dateFields('stepDate', '2026-05-01') }, 'step', /Record a plan to return home first/);
    await refusedStep(ava, { step: 'went_home', ...dateFields('stepDate', '2026-11-20') }, 'step', /Going home is already recorded, on 16 November 2026/);
    await refusedStep(ava, { step: 'more_contact', ...dateFields('stepDate', '2026-12-20') }, 'stepDate-day', /must be today or in the past/);
    await refusedStep(ava, { step: 'more_contact', ...dateFields('stepDate', '2026-09-01') }, 'stepDate-day', /on or after the day the plan to return home was decided, 25 September 2026/);
    await refusedStep(ava, { step: 'support_after_return', ...dateFields('stepDate', '2026-11-10') }, 'stepDate-day', /on or after the day the child went home, 16 November 2026/);
    await worker.get(`/children/${cal}/care/permanence/support`);
    const support = await worker.post(`/children/${cal}/care/permanence/support`, { what: 'Drug and alcohol treatment', provider: 'Community drug service', ...dateFields('fromDate', '2026-05-01') });
    assert.equal(support.statusCode, 400);
    assert.match(textOf(support.body), /Record a plan to return home first/);
    await worker.get(`/children/${ava}/care/permanence/support`);
    const backwards = await worker.post(`/children/${ava}/care/permanence/support`, { what: 'Parenting support', provider: 'Family centre', ...dateFields('fromDate', '2026-10-01'), ...dateFields('toDate', '2026-09-01') });
    assert.equal(backwards.statusCode, 400);
    assert.match(textOf(backwards.body), /Date the support ends must be on or after the day it began, 1 October 2026/);
    assert.equal((await db().selectFrom('reunification_support').select('id').where('child_id', 'in', [ava, cal]).execute()).length, 1, 'only the first support item stored');
  });

  test('care ended under a special guardianship order shows the permanence achieved, with its SSDA903 reason', async () => {
    const text = textOf((await worker.get(`/children/${ben}/care/permanence`)).body);
    assert.match(text, /Permanence achieved: Special guardianship order/);
    assert.match(text, /Date care ended 2 March 2026/);
    assert.match(text, /E45: Special guardianship order made to former foster carer\(s\) who is\/are relative\(s\) or friend\(s\)/);
    assert.doesNotMatch(text, /Record the plan for permanence/, 'no new plan once care has ended');
  });

  test('a plan from an earlier period of care is history: a child back in care needs a plan for this period, and it is due', async () => {
    const text = textOf((await worker.get(`/children/${dee}/care/permanence`)).body);
    assert.match(text, /No permanence plan is recorded for this period of care/);
    assert.match(text, /No permanence plan yet: due by/);
    assert.match(text, /Plans, newest first\s+From 1 April 2024: Return to parents or family/);
    assert.match(text, /Permanence achieved: Returned home\s+Date care ended 1 September 2024/);
    assert.match(text, /Record the plan for permanence/);
  });

  test('a restricted child stays restricted; an outsider gets 404; an IRO reads but gets 403 on the forms; all audited', async () => {
    assert.equal((await worker.get(`/children/${secret}/care/permanence`)).statusCode, 200, 'the named worker opens it');
    assert.equal((await manager.get(`/children/${secret}/care/permanence`)).statusCode, 404, 'a manager not named does not');
    assert.equal((await manager.get(`/children/${secret}/care/permanence/plan`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${ava}/care/permanence`)).statusCode, 404);
    await outsider.get('/');
    assert.equal((await outsider.post(`/children/${ava}/care/permanence/plan`, planForm({ ...dateFields('decidedOn', '2026-11-21') }))).statusCode, 404);
    const page = await iro.get(`/children/${ava}/care/permanence`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Record a change of plan|Add support for the return home/);
    assert.equal((await iro.get(`/children/${ava}/care/permanence/plan`)).statusCode, 403);
    assert.equal((await iro.get(`/children/${ava}/care/permanence/step`)).statusCode, 403);
    await iro.get(`/children/${ava}/care/permanence`);
    assert.equal((await iro.post(`/children/${ava}/care/permanence/plan`, planForm({ ...dateFields('decidedOn', '2026-11-21') }))).statusCode, 403);
    assert.equal((await plans(ava)).length, 2, 'nothing stored');
    assert.equal((await audits(ava, 'child.permanence-plan.create', 'denied')).length, 2, 'the outsider’s and the IRO’s attempts are audited');
    assert.ok((await audits(secret, 'child.view.permanence', 'denied')).length >= 1);
  });
});
