import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Faker, base, en, en_GB } from '@faker-js/faker';
import type { Db } from '../db/database.ts';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { createTeam, createUser } from '../../test/support/users.ts';
import { addChild, allocate } from '../../test/support/caseload-helpers.ts';
import { planDueOn, DEFAULT_SETTINGS } from '../workload/index.ts';
import { CASE_HOLDING_ROLES, escalateVariances, reassessWorkers } from '../workload/index.ts';
import { findWorkers } from '../workload/index.ts';
import { generateCaseload } from './caseload.ts';
import type { DemoContext } from './context.ts';

function demoContext(db: Db, seed: number): DemoContext {
  const faker = new Faker({ locale: [en_GB, en, base], seed });
  const todayMs = Date.parse(`${TEST_TODAY}T00:00:00Z`);
  return {
    db,
    faker,
    random: {
      int: (min, max) => faker.number.int({ min, max }),
      chance: (p) => faker.number.float({ min: 0, max: 1 }) < p,
      pick: (items) => faker.helpers.arrayElement(items as unknown[]) as never,
    },
    scale: 0.1,
    today: TEST_TODAY,
    passwordHash: 'not used',
    daysAgo: (days) => new Date(todayMs - days * 86_400_000).toISOString().slice(0, 10),
    yearsAgo: (years) => `${Number(TEST_TODAY.slice(0, 4)) - years}${TEST_TODAY.slice(4)}`,
  };
}

const YEAR_AGO = '2025-10-01';

/** A small hand-made council standing in for the demo's children until they are generated. */
async function smallCouncil(db: Db) {
  const { teamId, serviceId } = await createTeam(db, 'Demo Caseload Team');
  const manager = await createUser(db, { email: 'tm@demo-caseload.example', role: 'team_manager', teamId });
  await createUser(db, { email: 'sm@demo-caseload.example', role: 'service_manager', serviceId });
  await createUser(db, { email: 'head@demo-caseload.example', role: 'head_of_service' });
  await createUser(db, { email: 'admin@demo-caseload.example', role: 'system_admin' });
  const worker = (n: number, qualifiedOn = '2012-01-01') =>
    createUser(db, { email: `sw${n}@demo-caseload.example`, role: 'social_worker', teamId, lineManagerId: manager, qualifiedOn });
  const give = async (workerId: string, count: number, status: 'cin' | 'cp' | 'cla') => {
    for (let i = 0; i < count; i++) await allocate(db, { childId: await addChild(db, { status, since: YEAR_AGO }), teamId, workerId, start: YEAR_AGO });
  };
  await give(await worker(1), 15, 'cp'); // 105%: over amber
  await give(await worker(2), 3, 'cin'); // 12%: under the floor
  await give(await worker(3, '2026-10-01'), 1, 'cp'); // ASYE leading a CP case
  await give(await worker(4), 19, 'cin'); // over the children ceiling
  await give(await worker(5), 12, 'cla'); // 72%: within every level
}

describeEachEngine('demo caseload data', (use) => {
  test('a year of trend, today’s check, and variances at every stage, consistent with the engine', async () => {
    const db = use().db;
    await smallCouncil(db);
    const summary = await generateCaseload(demoContext(db, 11));

    assert.equal((await db.selectFrom('weighting_models').select('id').execute()).length, 2, 'a weighting model with a history');
    const dates = await db.selectFrom('workload_snapshots').select('snapshot_date').distinct().execute();
    assert.equal(dates.length, 53, '52 weeks back-filled and today');
    assert.ok(summary.snapshots > 0);

    const variances = await db.selectFrom('variances').selectAll().execute();
    const open = variances.filter((v) => v.closed_at === null);
    assert.equal(open.length, summary.openVariances);
    for (const v of open) assert.equal(v.plan_due_on, planDueOn(v.opened_on, DEFAULT_SETTINGS), 'plan due by the working-day rule');
    const ago = (days: number) => new Date(Date.parse(`${TEST_TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    assert.ok(open.some((v) => v.escalated_to_head_at !== null && v.opened_on <= ago(28) && v.kind === 'over_capacity'), 'one with the head of service');
    const planAt = (v: (typeof open)[number]) => (v.plan_recorded_at ? new Date(v.plan_recorded_at).toISOString().slice(0, 10) : null);
    const inTime = open.filter((v) => planAt(v) !== null && planAt(v)! <= v.plan_due_on);
    assert.ok(inTime.length > 0, 'a plan recorded in time');
    const doneActions = await db.selectFrom('variance_actions').select('variance_id').where('status', '=', 'done').execute();
    assert.ok(inTime.some((v) => doneActions.some((a) => a.variance_id === v.id)), 'with an action done');
    assert.ok(open.some((v) => planAt(v) !== null && planAt(v)! > v.plan_due_on && v.escalated_to_service_at !== null), 'a plan recorded late');
    assert.ok(open.some((v) => v.plan_recorded_at === null && v.plan_due_on < TEST_TODAY && v.escalated_to_service_at !== null), 'escalated to the service manager');
    assert.ok(open.some((v) => v.plan_recorded_at === null && v.plan_due_on >= TEST_TODAY), 'just opened, plan not yet due');
    assert.ok(variances.filter((v) => v.closed_at !== null).length >= 3, 'some closed');
    const events = await db.selectFrom('variance_events').select(['variance_id', 'kind']).execute();
    for (const v of variances) assert.ok(events.some((e) => e.variance_id === v.id && e.kind === 'opened'), 'every variance has its history');

    // The engine agrees with the story: nothing more to escalate, nothing to open or close.
    const now = new Date(`${TEST_TODAY}T09:00:00Z`);
    assert.equal(await escalateVariances(db, { today: TEST_TODAY, now }), 0);
    const workers = await findWorkers(db, { roles: CASE_HOLDING_ROLES });
    await reassessWorkers(db, workers.map((w) => w.id), { today: TEST_TODAY, now, trigger: 'daily check', actorId: null });
    const after = await db.selectFrom('variances').select('id').where('closed_at', 'is', null).execute();
    assert.deepEqual(after.map((v) => v.id).sort(), open.map((v) => v.id).sort());
  });
});
