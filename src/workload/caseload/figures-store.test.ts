import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { findWorkers } from './queries.ts';
import { CASE_HOLDING_ROLES, computeCaseloads, figuresFor, loadCaseloadContext } from './service.ts';
import { forecastsFor, forecastsFromFigures } from '../forecast/service.ts';
import { addChild, allocate } from '../../../test/support/caseload-world.ts';

/** The worker's figures worked out from their cases now, with nothing stored. */
async function workedOut(db: Db, workerId: string, today = TEST_TODAY) {
  const workers = await findWorkers(db, { workerIds: [workerId], roles: CASE_HOLDING_ROLES });
  const [c] = await computeCaseloads(db, workers, await loadCaseloadContext(db, today));
  return { children: c!.children, points: c!.points, available: c!.available.available, capacityPercent: c!.capacityPercent };
}

async function stored(db: Db, workerId: string, today = TEST_TODAY) {
  const { figures } = await figuresFor(db, { workerIds: [workerId] }, today);
  const f = figures[0]!;
  return { children: f.children, points: f.points, available: f.available.available, capacityPercent: f.capacityPercent };
}

async function storedOn(db: Db, workerId: string): Promise<string | null> {
  return (await db.selectFrom('worker_figures').select('as_at').where('worker_id', '=', workerId).executeTakeFirst())?.as_at ?? null;
}

describeEachEngine('stored caseload figures are always what weighing the cases would give', (use, engine) => {
  let teamId: string;
  let rae: string;
  let child: string;
  const db = () => use().db;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Figures Team'));
    rae = await createUser(db(), { email: 'figures-rae@example.org', role: 'social_worker', teamId, name: 'Rae Figures', qualifiedOn: '2015-07-01' });
    child = await addChild(db(), 'Figone', 'cin');
    await allocate(db(), child, teamId, rae);
  });

  test('a reader gets the figures weighing the cases gives, stored for the day', async () => {
    assert.deepEqual(await stored(db(), rae), await workedOut(db(), rae));
    assert.equal(await storedOn(db(), rae), TEST_TODAY);
  });

  test('each kind of change forgets the workers it concerns, in its own transaction; a rollback forgets nothing', async () => {
    const changes: [string, (trx: Db) => Promise<unknown>][] = [
      ['a new allocation', async (trx) => allocate(trx, await addChild(trx, 'Figtwo', 'cp'), teamId, rae)],
      ['a child’s plan', (trx) => trx.insertInto('cp_plans').values({ child_id: child, start_date: '2026-11-01', initial_category: 'NEG', latest_category: 'NEG' }).execute()],
      ['a child’s complexity', (trx) => trx.insertInto('case_factors').values({ child_id: child, complexity_tier: 3 }).execute()],
      ['a reduction of the worker’s time', (trx) =>
        trx.insertInto('workload_reductions').values({ user_id: rae, reason: 'phased_return', percent: 40, start_date: '2026-11-01', end_date: '2027-01-31' }).execute()],
      ['the worker’s hours', (trx) => trx.updateTable('users').set({ fte: 0.6 }).where('id', '=', rae).execute()],
      ['the team’s base', (trx) => trx.updateTable('teams').set({ base_postcode: 'BN1 1AA' }).where('id', '=', teamId).execute()],
      ['the caseload settings', (trx) =>
        trx.insertInto('caseload_settings').values({ id: 1, settings: JSON.stringify({ amberPercent: 90 }) }).onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify({ amberPercent: 90 }) })).execute()],
    ];
    for (const [what, change] of changes) {
      const before = await stored(db(), rae);
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            await change(trx);
            assert.equal(await storedOn(trx, rae), null, `${what}: forgotten inside the change`);
            throw new Error('rolled back');
          }),
        /rolled back/,
      );
      assert.equal(await storedOn(db(), rae), TEST_TODAY, `${what}: a change that did not commit forgets nothing`);
      assert.deepEqual(await stored(db(), rae), before);
      await change(db());
      assert.equal(await storedOn(db(), rae), null, `${what}: forgotten`);
      assert.deepEqual(await stored(db(), rae), await workedOut(db(), rae), `${what}: worked out again`);
    }
    assert.notDeepEqual(await stored(db(), rae), { children: 1, points: 0, available: 0, capacityPercent: 0 });
  });

  test('another day works the figures out for that day', async () => {
    await stored(db(), rae);
    const later = '2027-02-15'; // the phased return has ended
    assert.deepEqual(await stored(db(), rae, later), await workedOut(db(), rae, later));
    assert.equal(await storedOn(db(), rae), later);
  });

  if (engine === 'postgres') {
    test('a change waits while figures are being stored, so old figures are never kept as current', async () => {
      await db().deleteFrom('worker_figures').execute();
      let release!: () => void;
      const holds = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const readerLocked = new Promise<void>((resolve) => (locked = resolve));
      const reader = db()
        .transaction()
        .execute(async (trx) => {
          await figuresFor(trx, { workerIds: [rae] }, TEST_TODAY);
          locked();
          await holds;
        });
      await readerLocked;
      let writerDone = false;
      const writer = (async () => {
        await allocate(db(), await addChild(db(), 'Figthree', 'cin'), teamId, rae);
        writerDone = true;
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(writerDone, false, 'the allocation waits for the figures being stored');
      release();
      await Promise.all([reader, writer]);
      assert.equal(await storedOn(db(), rae), null);
      assert.deepEqual(await stored(db(), rae), await workedOut(db(), rae));
      const locks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(db());
      assert.equal(locks.rows[0]!.n, 0);
    });
  }
});

describeEachEngine(
  'the demo council’s stored caseload figures',
  (use) => {
    test('every case holder’s stored figures are what weighing their cases gives', async () => {
      const db = use().db;
      const workers = await findWorkers(db, { roles: CASE_HOLDING_ROLES });
      const { figures } = await figuresFor(db, {}, TEST_TODAY);
      const live = await computeCaseloads(db, workers, await loadCaseloadContext(db, TEST_TODAY));
      assert.ok(workers.length >= 10, `${workers.length} case holders`);
      assert.deepEqual(
        figures.map((f) => [f.worker.id, f.children, f.points, f.available.available, f.available.childrenCeiling, f.available.asyePercent, f.capacityPercent]),
        live.map((c) => [c.worker.id, c.children, c.points, c.available.available, c.available.childrenCeiling, c.available.asyePercent, c.capacityPercent]),
      );
    });

    test('every case holder’s stored forecast, with their team’s rate added, is the forecast worked out afresh', async () => {
      const db = use().db;
      const { context, figures } = await figuresFor(db, {}, TEST_TODAY, { withForecast: true });
      const stored = await forecastsFromFigures(db, figures, context);
      const fresh = await forecastsFor(db, await findWorkers(db, { roles: CASE_HOLDING_ROLES }), TEST_TODAY);
      assert.ok([...fresh.byWorker.values()].some((f) => f.weeks.some((w) => w.changes.length > 0)), 'some forecast changes over the weeks');
      assert.deepEqual(Object.fromEntries(stored.byWorker), Object.fromEntries(fresh.byWorker));
    });
  },
  { fixture: 'demo' },
);
