import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { WORKER_FIGURES_LOCK } from '../../db/migrations/0009_worker_figures.ts';
import type { Db } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { caseloadsFor, escalateVariances, reassessWorkers, runDailyCaseloadCheck } from './service.ts';

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

describeEachEngine('caseload figures and variances', (use, engine) => {
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
    const notified = await use().db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', managerId).where('event_key', '=', `variance-opened:${capacity.id}`).execute();
    assert.deepEqual(notified, [{ kind: 'variance-opened', link: `/variances/${capacity.id}` }], 'the worker’s manager is told at once');
    await reassess();
    assert.equal((await use().db.selectFrom('notifications').select('id').where('event_key', '=', `variance-opened:${capacity.id}`).execute()).length, 1, 'once, however often reassessed');
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

  // LGA Standards for Employers, Standard 3: when demand exceeds capacity, a plan, followed through and escalated.
  // A day or two back within the level is not the end of the overload: within the settings' 28 days the same
  // variance reopens, so its plan deadline and escalation (both counted from when it first opened) run on.
  test('LGA Standard 3: overload back within 28 days of a variance closing continues that variance; later, a new one opens', async () => {
    const db = use().db;
    const worker = await createUser(db, { email: 'sw-reopen@example.org', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
    const on = (today: string, trigger: string) => reassessWorkers(db, [worker], { today, now: new Date(`${today}T09:00:00Z`), trigger, actorId: managerId });
    const give = async (from: number, to: number, start: string) => {
      for (let n = from; n < to; n++) {
        await db.insertInto('allocations').values({ child_id: await addChild(db, n, 'cp'), role: 'lead', team_id: teamId, worker_id: worker, start_date: start }).execute();
      }
    };
    const takeBack = (count: number, on: string) =>
      db.updateTable('allocations').set({ end_date: on, end_reason: 'MANAGE' }).where('id', 'in', (eb) => eb.selectFrom('allocations').select('id').where('worker_id', '=', worker).where('end_date', 'is', null).limit(count)).execute();
    const capacity = () => db.selectFrom('variances').selectAll().where('worker_id', '=', worker).where('kind', '=', 'over_capacity').orderBy('opened_at').execute();

    await give(100, 116, '2026-10-01'); // 16 child protection cases: 112 points, over red
    await on('2026-11-02', 'allocation');
    const [first] = await capacity();
    assert.deepEqual([first!.opened_on, first!.plan_due_on, first!.closed_on], ['2026-11-02', '2026-11-09', null]);

    await takeBack(3, '2026-11-05'); // 13 cases: 91 points, within the level
    await on('2026-11-05', 'allocation');
    assert.equal((await capacity())[0]!.closed_on, '2026-11-05');

    await give(116, 119, '2026-11-12'); // back to 16, a week later
    await on('2026-11-12', 'allocation');
    const reopened = await capacity();
    assert.equal(reopened.length, 1, 'no new variance');
    assert.deepEqual([reopened[0]!.id, reopened[0]!.opened_on, reopened[0]!.plan_due_on, reopened[0]!.closed_on], [first!.id, '2026-11-02', '2026-11-09', null], 'the same variance, its deadlines unchanged');
    const events = await db.selectFrom('variance_events').select(['kind', 'detail']).where('variance_id', '=', first!.id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.kind), ['opened', 'closed', 'reopened']);
    assert.match(events[2]!.detail, /back over within 28 days of closing on 5 November 2026, so this variance continues/);

    await takeBack(3, '2026-11-13');
    await on('2026-11-13', 'allocation');
    await give(119, 122, '2026-12-14');
    await on('2026-12-14', 'allocation'); // 31 days after it closed: a new overload
    const later = await capacity();
    assert.equal(later.length, 2);
    assert.deepEqual([later[1]!.opened_on, later[1]!.plan_due_on], ['2026-12-14', '2026-12-21']);
  });

  test('LGA Standard 3: the daily check takes an unresolved variance on to the director after 56 days, once, naming them', async () => {
    const db = use().db;
    const directorId = await createUser(db, { email: 'director@example.org', role: 'head_of_service', name: 'Dana Director' });
    const worker = await createUser(db, { email: 'sw-director@example.org', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
    const variance = await db
      .insertInto('variances')
      .values({
        worker_id: worker,
        team_id: teamId,
        kind: 'over_capacity',
        level: 'red',
        peak_level: 'red',
        opened_at: new Date('2026-09-28T09:00:00Z'),
        opened_on: '2026-09-28',
        opened_trigger: 'allocation',
        opened_value: 130,
        threshold: 110,
        current_value: 130,
        manager_id: managerId,
        plan_due_on: '2026-10-05',
        plan_recorded_at: new Date('2026-10-02T09:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await escalateVariances(db, { today: TODAY, now: NOW }); // 56 days after 28 September
    await escalateVariances(db, { today: TODAY, now: NOW });
    const row = await db.selectFrom('variances').select(['escalated_to_head_at', 'escalated_to_director_at', 'escalated_to_service_at']).where('id', '=', variance.id).executeTakeFirstOrThrow();
    assert.ok(row.escalated_to_head_at && row.escalated_to_director_at, 'to the head of service and on to the director');
    assert.equal(row.escalated_to_service_at, null, 'its plan was recorded in time');
    const events = await db.selectFrom('variance_events').select('detail').where('variance_id', '=', variance.id).where('kind', '=', 'escalated').execute();
    assert.equal(events.length, 2, 'each step once');
    assert.match(events[1]!.detail, /Unresolved after 56 days: escalated to the director \(Dana Director\)/);
    const told = await db.selectFrom('notifications').select('event_key').where('user_id', '=', directorId).where('kind', '=', 'variance-escalated').orderBy('event_key').execute();
    assert.deepEqual(told.map((n) => n.event_key), [`variance-escalated:${variance.id}:director`, `variance-escalated:${variance.id}:head`], 'told at each step, once');
  });

  if (engine === 'postgres') {
    // A levels save holds the figures lock shared (its trigger) and then reassesses the same variances; if the
    // check changed a variance before waiting for that lock, the two would wait on each other until one failed.
    test('the daily check waits for the figures lock before it changes a variance, so a save at the same moment never deadlocks with it', async () => {
      const db = use().db;
      const worker = await createUser(db, { email: 'sw-deadlock@example.org', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
      const variance = await db
        .insertInto('variances')
        .values({
          worker_id: worker,
          team_id: teamId,
          kind: 'under_floor',
          level: null,
          peak_level: null,
          opened_at: new Date('2026-11-09T09:00:00Z'),
          opened_on: '2026-11-09',
          opened_trigger: 'allocation',
          opened_value: 0,
          threshold: 60,
          current_value: 0,
          manager_id: managerId,
          plan_due_on: '2026-11-16',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let saveOutcome = '';
      const save = db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock_shared(hashtext(${WORKER_FIGURES_LOCK}))`.execute(trx);
        holding();
        await released;
        const rows = await sql<{ id: string }>`SELECT id FROM variances WHERE id = ${variance.id} FOR UPDATE NOWAIT`.execute(trx).catch((error: Error) => error);
        saveOutcome = rows instanceof Error ? rows.message : 'locked the variance';
      });
      await held;
      const check = runDailyCaseloadCheck(db, { today: TODAY, now: NOW, force: true });
      const waitingForLock = async () => {
        const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(db);
        return waiting.rows[0]!.n > 0;
      };
      while (!(await waitingForLock())) await new Promise((resolve) => setImmediate(resolve));
      release();
      await save;
      const result = await check;
      assert.equal(saveOutcome, 'locked the variance', 'the check had not touched the variance while it waited');
      assert.equal(result.ran, true);
      const row = await db.selectFrom('variances').select('escalated_to_service_at').where('id', '=', variance.id).executeTakeFirstOrThrow();
      assert.ok(row.escalated_to_service_at, 'once the save is done, the check escalates the late plan');
    });
  }
});
