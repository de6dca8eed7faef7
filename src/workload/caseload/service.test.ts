import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { caseloadsFor, reassessWorkers, runDailyCaseloadCheck } from './service.ts';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T09:00:00Z');

async function addChild(db: Db, n: number, status: 'cin' | 'cp' | 'cla') {
  const child = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: `CL${n}`, forename: 'Child', surname: `Number${n}`, date_of_birth: '2016-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('referrals').values({ child_id: child.id, referral_date: '2026-01-05', source: '1A', primary_need: 'N1' }).execute();
  if (status === 'cp') await db.insertInto('cp_plans').values({ child_id: child.id, start_date: '2026-02-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  if (status === 'cla') {
    await db
      .insertInto('care_episodes')
      .values({ child_id: child.id, start_date: '2026-03-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_postcode: 'BN21 4AB', placement_out_of_area: false })
      .execute();
  }
  return child.id;
}

describeEachEngine('caseload figures and variances', (use) => {
  let teamId: string;
  let workerId: string;
  let managerId: string;
  before(async () => {
    const db = use().db;
    ({ teamId } = await createTeam(db, 'Caseload Team'));
    managerId = await createUser(db, { email: 'tm@example.org', role: 'team_manager', teamId });
    workerId = await createUser(db, { email: 'sw@example.org', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
  });

  const allocate = (childId: string) =>
    use().db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-06-01' }).execute();
  const reassess = (trigger = 'allocation') => reassessWorkers(use().db, [workerId], { today: TODAY, now: NOW, trigger, actorId: managerId });
  const openVariances = () => use().db.selectFrom('variances').selectAll().where('worker_id', '=', workerId).where('closed_at', 'is', null).execute();

  test('both measures, each case with its points and why', async () => {
    await allocate(await addChild(use().db, 1, 'cp'));
    await allocate(await addChild(use().db, 2, 'cla'));
    await allocate(await addChild(use().db, 3, 'cin'));
    const { caseloads } = await caseloadsFor(use().db, { teamId }, TODAY);
    const worker = caseloads.find((c) => c.worker.id === workerId)!;
    assert.equal(worker.children, 3);
    assert.equal(worker.points, 17, 'CP 7 + looked after 6 + CIN 4');
    assert.equal(worker.capacityPercent, 17);
    assert.deepEqual(worker.cases.map((c) => c.reasons[0]).sort(), ['child in need: 4 points', 'child protection plan: 7 points', 'looked after: 6 points']);
    const manager = caseloads.find((c) => c.worker.id === managerId)!;
    assert.equal(manager.conditions.length, 0, 'a team manager without cases is not under-used');
  });

  test('a variance opens the moment the worker crosses a level, with a plan due in 5 working days, and closes when back within', async () => {
    await reassess();
    assert.deepEqual((await openVariances()).map((v) => v.kind), ['under_floor']);
    for (let n = 10; n < 26; n++) await allocate(await addChild(use().db, n, 'cp'));
    await reassess();
    const open = await openVariances();
    assert.deepEqual(open.map((v) => v.kind).sort(), ['over_capacity', 'over_children_ceiling']);
    const capacity = open.find((v) => v.kind === 'over_capacity')!;
    assert.equal(capacity.level, 'red', '17 + 16 × 7 = 129 points, 19 children');
    assert.equal(capacity.plan_due_on, '2026-11-30');
    assert.equal(capacity.manager_id, managerId);
    const closedFloor = await use().db.selectFrom('variances').selectAll().where('kind', '=', 'under_floor').executeTakeFirstOrThrow();
    assert.equal(closedFloor.closed_on, TODAY);

    await use().db
      .insertInto('workload_reductions')
      .values({ user_id: workerId, reason: 'special_duties', percent: 20, start_date: '2026-11-01', end_date: '2027-02-28' })
      .execute();
    await reassess('reduction');
    const worse = (await openVariances()).find((v) => v.kind === 'over_capacity')!;
    assert.equal(worse.id, capacity.id, 'the same variance stays open');
    assert.equal(Number(worse.current_value), 161.3, '129 ÷ 80');

    await use().db.updateTable('allocations').set({ end_date: TODAY, end_reason: 'MANAGE' }).where('worker_id', '=', workerId).execute();
    await reassess('allocation');
    assert.deepEqual((await openVariances()).map((v) => v.kind), ['under_floor'], 'with no cases left only the floor is breached');
    const events = await use().db.selectFrom('variance_events').select(['kind']).where('variance_id', '=', capacity.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.kind), ['opened', 'closed']);
  });

  test('the daily check runs once a day, escalates late plans and takes a snapshot', async () => {
    const db = use().db;
    await db.updateTable('variances').set({ opened_on: '2026-11-10', plan_due_on: '2026-11-17' }).where('closed_at', 'is', null).execute();
    const first = await runDailyCaseloadCheck(db, { today: TODAY, now: NOW });
    assert.equal(first.ran, true);
    assert.ok(first.escalated >= 1);
    const again = await runDailyCaseloadCheck(db, { today: TODAY, now: NOW });
    assert.equal(again.ran, false, 'a second run the same day does nothing');
    const escalated = await db.selectFrom('variances').select('escalated_to_service_at').where('closed_at', 'is', null).execute();
    assert.ok(escalated.every((v) => v.escalated_to_service_at !== null));
    const snapshots = await db.selectFrom('workload_snapshots').selectAll().where('snapshot_date', '=', TODAY).execute();
    assert.equal(snapshots.length, 2, 'the worker and the team manager');
  });
});
