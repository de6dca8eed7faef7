import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { addChild, addFamily, allocate } from '../../../test/support/caseload-helpers.ts';
import { previewAllocation } from './service.ts';

/**
 * Worked by hand with the default weighting (CIN 4, CP 7, looked after 6;
 * over 50 miles + 2) and levels (amber 100%, floor 60%, ceiling 18; ASYE 60%
 * in the first 91 days; practice supervisor 50 points):
 *   Experienced: 14 CP cases = 98 of 100 points, 14 children. With X (CP): 105%, 15 children: opens an amber over-capacity variance.
 *   Asye (qualified 2026-10-01, day 53): 4 CIN = 16 of 60 points (26.7%). With X: 23 of 60 (38.3%): opens ASYE protection.
 *   Supervisor: no cases, 0 of 50. Held X until 2026-03-01. With X: 14%.
 *   X's sibling S was held by Experienced until 2026-05-01.
 *   Y is looked after, placed out of area at SW1A 1AA, 53.8 miles from the team base BN21 4AB: 6 + 2 = 8 points.
 */
describeEachEngine('allocation impact preview', (use) => {
  const t = appForSuite(use);
  const ids = {} as Record<'teamA' | 'teamB' | 'experienced' | 'asye' | 'supervisor' | 'manager' | 'x' | 'y' | 'sibling', string>;
  const db = () => use().db;

  before(async () => {
    const a = await createTeam(db(), 'Preview Team A');
    const b = await createTeam(db(), 'Preview Team B');
    ids.teamA = a.teamId;
    ids.teamB = b.teamId;
    ids.manager = await createUser(db(), { email: 'tm@preview.example', role: 'team_manager', teamId: a.teamId });
    await createUser(db(), { email: 'sm@preview.example', role: 'service_manager', serviceId: a.serviceId });
    await createUser(db(), { email: 'tmb@preview.example', role: 'team_manager', teamId: b.teamId });
    await createUser(db(), { email: 'admin@preview.example', role: 'system_admin' });
    ids.experienced = await createUser(db(), { email: 'exp@preview.example', name: 'Ezra Experienced', role: 'social_worker', teamId: a.teamId, qualifiedOn: '2011-01-01' });
    ids.asye = await createUser(db(), { email: 'asye@preview.example', name: 'Ada Asye', role: 'social_worker', teamId: a.teamId, qualifiedOn: '2026-10-01' });
    ids.supervisor = await createUser(db(), { email: 'ps@preview.example', name: 'Pat Supervisor', role: 'practice_supervisor', teamId: a.teamId });
    for (let i = 0; i < 14; i++) await allocate(db(), { childId: await addChild(db(), { status: 'cp' }), teamId: a.teamId, workerId: ids.experienced });
    for (let i = 0; i < 4; i++) await allocate(db(), { childId: await addChild(db(), { status: 'cin' }), teamId: a.teamId, workerId: ids.asye });
    ids.x = await addChild(db(), { status: 'cp', surname: 'Previewchild' });
    ids.sibling = await addChild(db(), { status: 'cin' });
    await addFamily(db(), 'Preview family', [ids.x, ids.sibling]);
    await allocate(db(), { childId: ids.sibling, teamId: a.teamId, workerId: ids.experienced, start: '2025-09-01', end: '2026-05-01' });
    await allocate(db(), { childId: ids.x, teamId: a.teamId, workerId: ids.supervisor, start: '2025-10-01', end: '2026-03-01' });
    // X waits in team A without a named worker, so the team's managers may open the record.
    await allocate(db(), { childId: ids.x, teamId: a.teamId, workerId: null, start: '2026-03-01' });
    ids.y = await addChild(db(), { status: 'cla', placementPostcode: 'SW1A 1AA', outOfArea: true });
    await allocate(db(), { childId: ids.y, teamId: a.teamId, workerId: null });
  });

  const preview = (childId: string) =>
    previewAllocation(db(), { childId, candidateWorkerIds: [ids.experienced, ids.asye, ids.supervisor, ids.manager], today: TEST_TODAY });

  test('capacity and children now → after, the variance it would open, continuity with the child and a sibling, and the ASYE warning', async () => {
    const result = (await preview(ids.x))!;
    const by = (id: string) => result.candidates.find((c) => c.workerId === id)!;
    const experienced = by(ids.experienced);
    assert.deepEqual([experienced.now.capacityPercent, experienced.after.capacityPercent], [98, 105]);
    assert.deepEqual([experienced.now.children, experienced.after.children], [14, 15]);
    assert.deepEqual(experienced.opens.map((c) => [c.kind, c.level]), [['over_capacity', 'amber']]);
    assert.deepEqual(experienced.continuity, { heldChild: null, heldUntil: null, siblingsKnown: 1 });
    assert.equal(experienced.asyeWarning, null);
    assert.equal(experienced.travelMiles, null, 'a child who is not placed has no travel');

    const asye = by(ids.asye);
    assert.deepEqual([asye.now.capacityPercent, asye.after.capacityPercent], [26.7, 38.3]);
    assert.deepEqual(asye.opens.map((c) => c.kind), ['asye_protection'], 'under the floor before and after: only the ASYE variance is new');
    assert.equal(asye.asyeWarning, 'In their first year (ASYE): should not lead a child protection case');
    assert.equal(asye.childrenCeiling, 10.8);

    const supervisor = by(ids.supervisor);
    assert.deepEqual([supervisor.now.capacityPercent, supervisor.after.capacityPercent], [0, 14]);
    assert.deepEqual(supervisor.continuity, { heldChild: 'before', heldUntil: '2026-03-01', siblingsKnown: 0 });

    const manager = by(ids.manager);
    assert.deepEqual([manager.now.capacityPercent, manager.after.capacityPercent], [null, Infinity], 'a team manager has no points of their own');
    assert.equal(manager.after.capacityText, 'No available points');
    assert.deepEqual(
      manager.opens.map((c) => [c.kind, c.level]),
      [['over_capacity', 'red'], ['over_children_ceiling', null]],
      'a manager holding a case is over their level of none, and the preview says so',
    );
    assert.deepEqual(manager.warnings, [
      'Would open a variance: Holds 7 points of cases, with no caseload allowed for the role',
      "Would open a variance: 1 child, where the role's recommended level is none",
      'Has no available points (reductions or role)',
    ]);
  });

  test('travel from the team base to the child’s placement, and its points in the figures after', async () => {
    const result = (await preview(ids.y))!;
    const experienced = result.candidates.find((c) => c.workerId === ids.experienced)!;
    assert.equal(experienced.travelMiles, 53.8);
    assert.equal(experienced.after.points, 98 + 6 + 2);
  });

  test('the page shows the team’s case holders in a table, with tags and warnings', async () => {
    const manager = await signedIn(t.app, 'tm@preview.example');
    const page = await manager.get(`/children/${ids.x}/allocation-preview`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /If Robin were allocated to someone in Preview Team A/);
    assert.match(text, /Ezra Experienced Social worker 98% Within level → , after: 105% Over amber 98 → 105 points 14 → , after: 15 recommended 18 Knows 1 sibling Not placed or not known Would open a variance: Capacity 105%, over the amber level of 100%/);
    assert.match(text, /Ada Asye Social worker, ASYE .* In their first year \(ASYE\): should not lead a child protection case/);
    assert.match(text, /Pat Supervisor .* Held this child before, until 1 March 2026/);
    assert.doesNotMatch(text, /tm@preview/);
    const sm = await signedIn(t.app, 'sm@preview.example');
    const smPage = await sm.get(`/children/${ids.x}/allocation-preview?team=${ids.teamA}`);
    assert.equal(smPage.statusCode, 200);
    assert.match(textOf(smPage.body), /Ezra Experienced/);
  });

  // LGA Standards for Employers, Standard 3: when demand exceeds capacity, a written plan, followed through.
  // A manager allocating must see that plan and the variance it answers before adding to the caseload.
  test('LGA Standard 3: the preview warns of a worker’s open variance, who owes its plan, and a plan action to stop new allocations', async () => {
    const worker = await createUser(db(), { email: 'vera@preview.example', name: 'Vera Variance', role: 'social_worker', teamId: ids.teamA, qualifiedOn: '2015-01-01' });
    const variance = await db()
      .insertInto('variances')
      .values({
        worker_id: worker,
        team_id: ids.teamA,
        kind: 'over_capacity',
        level: 'red',
        peak_level: 'red',
        opened_at: new Date('2026-11-16T09:00:00Z'),
        opened_on: '2026-11-16',
        opened_trigger: 'allocation',
        opened_value: 145,
        threshold: 110,
        current_value: 145,
        manager_id: ids.manager,
        plan_due_on: '2026-11-23',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const quiet = (await previewAllocation(db(), { childId: ids.x, candidateWorkerIds: [worker], today: TEST_TODAY }))!.candidates[0]!;
    assert.deepEqual(quiet.warnings.slice(0, 1), ['Already has an open variance (Over capacity, red) since 16 November 2026; tm owes an action plan by 23 November 2026']);
    await db()
      .insertInto('variance_actions')
      .values({ variance_id: variance.id, action_type: 'stop_new_allocations', description: 'No new cases until two are transferred', owner_id: ids.manager, due_on: '2026-12-18', created_by: ids.manager, created_at: new Date('2026-11-20T09:00:00Z') })
      .execute();
    await db().updateTable('variances').set({ plan_recorded_at: new Date('2026-11-20T09:00:00Z') }).where('id', '=', variance.id).execute();
    const stopped = (await previewAllocation(db(), { childId: ids.x, candidateWorkerIds: [worker], today: TEST_TODAY }))!.candidates[0]!;
    assert.deepEqual(stopped.warnings.slice(0, 2), ['Their action plan says: stop new allocations', 'Already has an open variance (Over capacity, red) since 16 November 2026']);
  });

  test('refusals: another team answers 404, a manager without access to the child 404, an administrator 403', async () => {
    const manager = await signedIn(t.app, 'tm@preview.example');
    assert.equal((await manager.get(`/children/${ids.x}/allocation-preview?team=${ids.teamB}`)).statusCode, 404);
    assert.equal((await manager.get(`/children/${ids.x}/allocation-preview?team=not-a-team`)).statusCode, 404);
    const other = await signedIn(t.app, 'tmb@preview.example');
    assert.equal((await other.get(`/children/${ids.x}/allocation-preview?team=${ids.teamB}`)).statusCode, 404);
    const admin = await signedIn(t.app, 'admin@preview.example');
    assert.equal((await admin.get(`/children/${ids.x}/allocation-preview`)).statusCode, 403);
  });
});
