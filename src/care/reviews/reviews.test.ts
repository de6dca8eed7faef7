import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026. The reviews were held on 1 October 2026.
describeEachEngine('looked-after reviews: the chair, participation, plan and recommendations on the child’s record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let iro: Agent;
  let otherIro: Agent;
  let manager: Agent;
  let workerId: string;
  let iroId: string;
  let otherIroId: string;
  let managerId: string;
  let teen: string;
  let toddler: string;
  let secret: string;
  let teenReview: string;
  let toddlerReview: string;
  let secretReview: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'rv', team: 'Reviews team', worker: 'Rita Worker', outsider: 'Otto Outsider' }));
    iroId = await createUser(db(), { email: 'rv-iro@example.org', role: 'iro', name: 'Ivy Reviewer' });
    otherIroId = await createUser(db(), { email: 'rv-iro2@example.org', role: 'iro', name: 'Ian Standin' });
    managerId = await createUser(db(), { email: 'rv-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    iro = await signedIn(t.app, 'rv-iro@example.org');
    otherIro = await signedIn(t.app, 'rv-iro2@example.org');
    manager = await signedIn(t.app, 'rv-manager@example.org');
    const child = async (la: string, forename: string, dob: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Reviewtest', date_of_birth: dob, sex: 'F', restricted, restriction_reason: restricted ? 'Adoption placement' : null }).returning('id').executeTakeFirstOrThrow()).id;
    teen = await child('RV0001', 'Tia', '2012-03-14');
    toddler = await child('RV0002', 'Remi', '2023-06-01');
    secret = await child('RV0003', 'Sol', '2013-01-01', true);
    const allocations = [teen, toddler, secret].flatMap((id) => [
      { child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' },
      { child_id: id, role: 'iro' as const, team_id: teamId, worker_id: iroId, start_date: '2025-01-05' },
    ]);
    await db().insertInto('allocations').values(allocations).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }, { child_id: secret, user_id: managerId, granted_by: null }]).execute();
    const review = async (childId: string) =>
      (await db().insertInto('case_events').values({ child_id: childId, kind: 'cla_review', event_date: '2026-10-01', recorded_by: workerId, recorded_at: new Date('2026-10-01T12:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
    teenReview = await review(teen);
    toddlerReview = await review(toddler);
    secretReview = await review(secret);
  });

  const outcome = (overrides: Record<string, string> = {}) => ({ chairId: iroId, participation: 'PN1', planEndorsed: 'yes', summary: 'Settled at home and school.', ...overrides });
  const recommendation = (overrides: Record<string, string> = {}) => ({ action: 'Refer Tia to the virtual school for tuition', owner: workerId, ownerOther: '', ...dateFields('dueDate', '2026-11-30'), ...overrides });
  const done = (overrides: Record<string, string> = {}) => ({ ...dateFields('completedOn', '2026-11-20'), whatDone: 'Referral made; tutor starts in December', ...overrides });
  const outcomes = (childId: string) => db().selectFrom('care_reviews').selectAll().where('child_id', '=', childId).execute();
  const recommendations = (childId: string) => db().selectFrom('review_recommendations').selectAll().where('child_id', '=', childId).orderBy('recorded_at').execute();
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  const refused = async (agent: Agent, url: string, body: Record<string, string>, field: string, message: RegExp, childId: string, action: string) => {
    const [beforeOutcomes, beforeRecs] = [await outcomes(childId), await recommendations(childId)];
    const failedBefore = (await audits(childId, action, 'failed')).length;
    await agent.get(url);
    const res = await agent.post(url, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
    assert.match(textOf(res.body), message);
    assert.deepEqual(await outcomes(childId), beforeOutcomes, 'no outcome stored');
    assert.deepEqual(await recommendations(childId), beforeRecs, 'no recommendation stored');
    assert.equal((await audits(childId, action, 'failed')).length, failedBefore + 1, 'the refusal is audited');
  };

  test('the allocated IRO records the outcome; the page and the chronology show the chair, participation and plan, audited', async () => {
    const care = textOf((await iro.get(`/children/${teen}/care`)).body);
    assert.match(care, /Looked-after reviews and recommendations/);
    const list = textOf((await iro.get(`/children/${teen}/care/reviews`)).body);
    assert.match(list, /Review on 1 October 2026/);
    assert.match(list, /The outcome of this review is not recorded yet/);
    const url = `/children/${teen}/care/reviews/${teenReview}/outcome`;
    const form = await iro.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Tia’s IRO on the day: Ivy Reviewer/);
    assert.match(form.body, new RegExp(`value="${iroId}" checked`), 'the allocated IRO is offered first');
    const saved = await iro.post(url, outcome());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${teen}/care/reviews?done=outcome`);
    const [row] = await outcomes(teen);
    assert.equal(row!.chair_id, iroId);
    assert.equal(row!.chair_was_allocated, true);
    assert.equal(row!.participation, 'PN1');
    assert.equal(row!.plan_endorsed, true);
    const page = textOf((await worker.get(`/children/${teen}/care/reviews`)).body);
    assert.match(page, /Chaired by Ivy Reviewer/);
    assert.doesNotMatch(page, /not the child’s allocated IRO/);
    assert.match(page, /Child physically attends and speaks for themselves \(PN1\)/);
    assert.match(page, /Care plan Endorsed/);
    assert.equal((await audits(teen, 'child.review.outcome', 'allowed')).length, 1);
    const chronology = textOf((await worker.get(`/children/${teen}/chronology`)).body);
    assert.match(chronology, /Looked-after review chaired by Ivy Reviewer/);
  });

  test('a second outcome for the same review is refused; so are a non-IRO chair and a participation code the child’s age rules out', async () => {
    await refused(iro, `/children/${teen}/care/reviews/${teenReview}/outcome`, outcome(), 'chairId', /The outcome of the review on 1 October 2026 is already recorded/, teen, 'child.review.outcome');
    const toddlerUrl = `/children/${toddler}/care/reviews/${toddlerReview}/outcome`;
    await refused(iro, toddlerUrl, outcome({ chairId: workerId, participation: 'PN0' }), 'chairId', /The chair must be an independent reviewing officer/, toddler, 'child.review.outcome');
    await refused(iro, toddlerUrl, outcome({ chairId: managerId, participation: 'PN0' }), 'chairId', /The chair must be an independent reviewing officer/, toddler, 'child.review.outcome');
    await refused(iro, toddlerUrl, outcome({ participation: 'PN1' }), 'participation', /The child was under 4 on the day of the review/, toddler, 'child.review.outcome');
    await refused(iro, toddlerUrl, outcome({ participation: 'PN9' }), 'participation', /How the child took part must be one of the options listed/, toddler, 'child.review.outcome');
    await refused(iro, toddlerUrl, outcome({ chairId: '', participation: '', planEndorsed: '' }), 'chairId', /Select who chaired the review.*Select how the child took part.*Select whether the review endorsed the care plan/, toddler, 'child.review.outcome');
  });

  test('another IRO may chair: allowed, and the review says it was not the child’s allocated IRO', async () => {
    const url = `/children/${toddler}/care/reviews/${toddlerReview}/outcome`;
    await manager.get(url);
    const saved = await manager.post(url, outcome({ chairId: otherIroId, participation: 'PN0', planEndorsed: 'no' }));
    assert.equal(saved.statusCode, 303);
    const [row] = await outcomes(toddler);
    assert.equal(row!.chair_was_allocated, false);
    const page = textOf((await worker.get(`/children/${toddler}/care/reviews`)).body);
    assert.match(page, /Chaired by Ian Standin \(not the child’s allocated IRO\)/);
    assert.match(page, /Care plan Not endorsed/);
  });

  test('a recommendation with a worker or someone else as owner; refused before the outcome, dated before the review, or owned by no one', async () => {
    await refused(manager, `/children/${secret}/care/reviews/${secretReview}/recommendations/new`, recommendation(), 'action', /Record the outcome of the review on 1 October 2026 before its recommendations/, secret, 'child.review.recommendation');
    const url = `/children/${teen}/care/reviews/${teenReview}/recommendations/new`;
    await refused(iro, url, recommendation({ ...dateFields('dueDate', '2026-09-30') }), 'dueDate-day', /Due by must be on or after the day of the review, 1 October 2026/, teen, 'child.review.recommendation');
    await refused(iro, url, recommendation({ owner: 'other', ownerOther: '' }), 'ownerOther', /Enter who will carry it out/, teen, 'child.review.recommendation');
    await refused(iro, url, recommendation({ owner: otherIroId }), 'owner', /Who will do it must be one of the options listed/, teen, 'child.review.recommendation');
    await refused(iro, url, recommendation({ action: '' }), 'action', /Enter what the review recommended/, teen, 'child.review.recommendation');
    await iro.get(url);
    assert.equal((await iro.post(url, recommendation())).statusCode, 303);
    await iro.get(url);
    assert.equal((await iro.post(url, recommendation({ action: 'Carers to arrange weekly family time', owner: 'other', ownerOther: 'Foster carer', ...dateFields('dueDate', '2026-11-01') }))).statusCode, 303);
    const rows = await recommendations(teen);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.owner_id, workerId);
    assert.equal(rows[1]!.owner_other, 'Foster carer');
    assert.equal(rows[1]!.owner_id, null);
    const page = textOf((await worker.get(`/children/${teen}/care/reviews`)).body);
    assert.match(page, /Rita Worker\. Due by 30 November 2026/);
    assert.match(page, /Foster carer\. Overdue: due 1 November 2026/);
    assert.match(page, /1 overdue/);
  });

  test('an overdue recommendation is on the work due of the child’s social worker, and of the IRO who monitors it (reg 36)', async () => {
    const mine = textOf((await worker.get('/work')).body);
    assert.match(mine, /Review recommendation/);
    const iros = textOf((await iro.get('/work')).body);
    assert.match(iros, /Review recommendation/);
    assert.doesNotMatch(textOf((await otherIro.get('/work')).body), /Review recommendation/);
  });

  test('the social worker records one done: not in the future, not before the review, and only once', async () => {
    const [first] = await recommendations(teen);
    const url = `/children/${teen}/care/reviews/recommendations/${first!.id}/done`;
    await refused(worker, url, done({ ...dateFields('completedOn', '2026-11-24') }), 'completedOn-day', /Date done must be today or in the past/, teen, 'child.review.recommendation-done');
    await refused(worker, url, done({ ...dateFields('completedOn', '2026-09-30') }), 'completedOn-day', /Date done must be on or after the day of the review, 1 October 2026/, teen, 'child.review.recommendation-done');
    await refused(worker, url, done({ whatDone: '' }), 'whatDone', /Enter what was done/, teen, 'child.review.recommendation-done');
    await worker.get(url);
    assert.equal((await worker.post(url, done())).statusCode, 303);
    const [row] = await recommendations(teen);
    assert.equal(row!.completed_on, '2026-11-20');
    assert.equal(row!.completed_by, workerId);
    await refused(worker, url, done(), 'completedOn-day', /already recorded as done on 20 November 2026/, teen, 'child.review.recommendation-done');
    const page = textOf((await worker.get(`/children/${teen}/care/reviews`)).body);
    assert.match(page, /Done 20 November 2026/);
    const chronology = textOf((await worker.get(`/children/${teen}/chronology`)).body);
    assert.match(chronology, /Review recommendation done/);
    assert.match(chronology, /Review recommendation made/);
  });

  test('a social worker reads the reviews but may not record an outcome or a recommendation (403, audited)', async () => {
    const page = await worker.get(`/children/${teen}/care/reviews`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Add a recommendation/);
    assert.equal((await worker.get(`/children/${teen}/care/reviews/${teenReview}/recommendations/new`)).statusCode, 403);
    const before = await recommendations(teen);
    assert.equal((await worker.post(`/children/${teen}/care/reviews/${teenReview}/recommendations/new`, recommendation())).statusCode, 403);
    assert.deepEqual(await recommendations(teen), before, 'nothing stored');
    assert.equal((await worker.get(`/children/${secret}/care/reviews/${secretReview}/outcome`)).statusCode, 403);
    assert.ok((await audits(teen, 'child.review.recommendation', 'denied')).length >= 1);
  });

  test('a restricted child stays restricted: their allocated IRO, not named on the record, gets 404; an outsider gets 404; another child’s review is not found', async () => {
    assert.equal((await iro.get(`/children/${secret}/care/reviews`)).statusCode, 404);
    assert.equal((await iro.get(`/children/${secret}/care/reviews/${secretReview}/outcome`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${teen}/care/reviews`)).statusCode, 404);
    assert.equal((await otherIro.get(`/children/${teen}/care/reviews`)).statusCode, 404, 'an IRO with no relationship to the child cannot open the record');
    assert.equal((await iro.get(`/children/${teen}/care/reviews/${toddlerReview}/outcome`)).statusCode, 404);
    assert.equal((await iro.get(`/children/${teen}/care/reviews/not-a-review/outcome`)).statusCode, 404);
    await iro.get(`/children/${teen}/care/reviews`);
    assert.equal((await iro.post(`/children/${secret}/care/reviews/${secretReview}/outcome`, outcome())).statusCode, 404);
    assert.deepEqual(await outcomes(secret), []);
  });
});
