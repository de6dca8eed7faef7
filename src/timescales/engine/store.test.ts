import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { councilCompleteOn, loadTimelines, scopeComputedOn } from './queries.ts';
import { dueItems } from './rules.ts';
import { dueAcrossCouncil, dueForChildren } from './service.ts';
import { ensureScopeStored } from './store.ts';
import { loadTimescaleSettings } from './settings.ts';
import { overdueWorkload } from '../../workload/index.ts';

// TEST_TODAY is Monday 23 November 2026.

/** What the engine says today, worked out from the records with nothing stored. */
async function engineSays(db: Db, childId: string, today = TEST_TODAY) {
  const timeline = (await loadTimelines(db, [childId])).get(childId)!;
  return dueItems(timeline, today, await loadTimescaleSettings(db));
}

async function computedOn(db: Db, childId: string): Promise<string | null> {
  const row = await db.selectFrom('due_computed').select('as_at').where('child_id', '=', childId).executeTakeFirst();
  return row?.as_at ?? null;
}

describeEachEngine('the store of due items is always what the engine would say', (use, engine) => {
  let worker: string;
  let teamId: string;
  let child: string;
  const db = () => use().db;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Store Team'));
    worker = await createUser(db(), { email: 'store-worker@example.org', role: 'social_worker', teamId, name: 'Sol Worker' });
    child = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'ST1', forename: 'Ada', surname: 'Stored', date_of_birth: '2015-05-05', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db().insertInto('allocations').values({ child_id: child, role: 'lead', team_id: teamId, worker_id: worker, start_date: '2026-10-01' }).execute();
    // On a plan since 2 November, never visited: the first visit was due on 16 November.
    await db().insertInto('cp_plans').values({ child_id: child, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  });

  const visit = (date: string) => ({
    child_id: child,
    kind: 'social_worker' as const,
    visit_date: date,
    visitor_id: worker,
    child_seen: true,
    seen_alone: true,
    note: 'Seen at home.',
    recorded_by: worker,
    recorded_at: new Date(`${date}T15:00:00Z`),
  });

  test('a reader gets the engine’s items, and they are stored for the day', async () => {
    const due = await dueForChildren(db(), [child], TEST_TODAY);
    assert.deepEqual(due.get(child), await engineSays(db(), child));
    assert.ok(due.get(child)!.some((i) => i.kind === 'cp_visit' && i.status === 'overdue'), 'the first visit is overdue');
    assert.equal(await computedOn(db(), child), TEST_TODAY);
  });

  test('a change to the child’s records forgets their items in its own transaction, and a rollback keeps them', async () => {
    await dueForChildren(db(), [child], TEST_TODAY);
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('visits').values(visit('2026-11-20')).execute();
          assert.equal(await computedOn(trx, child), null, 'forgotten inside the change');
          throw new Error('the change fails');
        }),
      /the change fails/,
    );
    assert.equal(await computedOn(db(), child), TEST_TODAY, 'a change that did not commit forgets nothing');

    await db().insertInto('visits').values(visit('2026-11-20')).execute();
    assert.equal(await computedOn(db(), child), null);
    const due = (await dueForChildren(db(), [child], TEST_TODAY)).get(child)!;
    assert.deepEqual(due, await engineSays(db(), child));
    const nextVisit = due.find((i) => i.kind === 'cp_visit')!;
    assert.ok(nextVisit.dueDate > TEST_TODAY && nextVisit.status !== 'overdue', `the visit on 20 November moved the next one on, to ${nextVisit.dueDate}`);
  });

  test('every kind of record the engine reads forgets the child: plans, dates of birth, deletions', async () => {
    await dueForChildren(db(), [child], TEST_TODAY);
    await db().updateTable('cp_plans').set({ latest_category: 'EMO' }).where('child_id', '=', child).execute();
    assert.equal(await computedOn(db(), child), null, 'an update');
    await dueForChildren(db(), [child], TEST_TODAY);
    await db().updateTable('people').set({ date_of_birth: '2015-05-06' }).where('id', '=', child).execute();
    assert.equal(await computedOn(db(), child), null, 'the date of birth');
    await dueForChildren(db(), [child], TEST_TODAY);
    await db().deleteFrom('visits').where('child_id', '=', child).where('visit_date', '=', '2026-11-20').execute();
    assert.equal(await computedOn(db(), child), null, 'a deletion');
    const due = (await dueForChildren(db(), [child], TEST_TODAY)).get(child)!;
    assert.equal(due.find((i) => i.kind === 'cp_visit')?.status, 'overdue', 'without the visit the first one is overdue again');
  });

  test('a change of lead worker forgets the child, and the overdue counts follow the case', async () => {
    const viewer = { id: worker, role: 'team_manager' as const, teamId, serviceId: null };
    const overdueOf = async (who: string) => {
      const { byWorker } = await overdueWorkload(db(), viewer, new Date(`${TEST_TODAY}T09:00:00Z`), { teamId }, TEST_TODAY);
      return byWorker.get(who)?.visits ?? 0;
    };
    assert.ok((await overdueOf(worker)) >= 1, 'the overdue first visit counts for Sol');
    const other = await createUser(db(), { email: 'store-other@example.org', role: 'social_worker', teamId, name: 'Oli Other' });
    await db().transaction().execute(async (trx) => {
      await trx.updateTable('allocations').set({ end_date: '2026-11-22' }).where('child_id', '=', child).where('end_date', 'is', null).execute();
      await trx.insertInto('allocations').values({ child_id: child, role: 'lead', team_id: teamId, worker_id: other, start_date: '2026-11-23' }).execute();
    });
    assert.equal(await computedOn(db(), child), null);
    assert.equal(await overdueOf(worker), 0, 'nothing counts for Sol once the case has moved');
    assert.ok((await overdueOf(other)) >= 1, 'the overdue visit counts for Oli');
    const stored = await db().selectFrom('due_items').select(['lead_worker_id', 'as_at']).distinct().where('child_id', '=', child).execute();
    assert.deepEqual(stored, [{ lead_worker_id: other, as_at: TEST_TODAY }]);
  });

  test('another day works the child out again for that day', async () => {
    await dueForChildren(db(), [child], TEST_TODAY);
    const later = '2026-12-14';
    const due = (await dueForChildren(db(), [child], later)).get(child)!;
    assert.deepEqual(due, await engineSays(db(), child, later));
    assert.equal(await computedOn(db(), child), later);
    assert.ok(due.find((i) => i.kind === 'cp_visit')!.daysOverdue > 20);
  });

  test('a change to the local standards forgets every child, and the council job works them out again', async () => {
    await dueAcrossCouncil(db(), TEST_TODAY);
    assert.equal(await computedOn(db(), child), TEST_TODAY);
    const again = await dueAcrossCouncil(db(), TEST_TODAY);
    assert.equal(again.workedOut, 0, 'nothing to do when every child is current');
    await db()
      .insertInto('timescale_settings')
      .values({ id: 1, settings: JSON.stringify({ cpVisit: { everyN: 5, unit: 'days' } }) })
      .onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify({ cpVisit: { everyN: 5, unit: 'days' } }) }))
      .execute();
    assert.equal(await computedOn(db(), child), null);
    const council = await dueAcrossCouncil(db(), TEST_TODAY);
    assert.ok(council.workedOut >= 1);
    const due = (await dueForChildren(db(), [child], TEST_TODAY)).get(child)!;
    assert.deepEqual(due, await engineSays(db(), child));
    await db().deleteFrom('timescale_settings').execute();
  });

  if (engine === 'postgres') {
    test('a change waits while items are being stored, so it can never be marked current with the old records', async () => {
      await db().deleteFrom('due_computed').where('child_id', '=', child).execute();
      let releaseReader!: () => void;
      const readerHolds = new Promise<void>((resolve) => (releaseReader = resolve));
      let readerLocked!: () => void;
      const locked = new Promise<void>((resolve) => (readerLocked = resolve));
      const reader = db()
        .transaction()
        .execute(async (trx) => {
          await dueForChildren(trx, [child], TEST_TODAY);
          readerLocked();
          await readerHolds;
        });
      await locked;
      let writerDone = false;
      const writer = db()
        .insertInto('visits')
        .values(visit('2026-11-21'))
        .execute()
        .then(() => (writerDone = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(writerDone, false, 'the change waits for the items being stored');
      releaseReader();
      await Promise.all([reader, writer]);
      assert.equal(await computedOn(db(), child), null, 'the change forgot what was stored before it');
      const due = (await dueForChildren(db(), [child], TEST_TODAY)).get(child)!;
      assert.deepEqual(due, await engineSays(db(), child));
      const locks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(db());
      assert.equal(locks.rows[0]!.n, 0, 'no lock outlives its transaction');
    });
  }
});

describeEachEngine('a council found complete for the day: readers compare only the children changed since', (use) => {
  const db = () => use().db;
  let teamA: string;
  let teamB: string;
  let worker: string;
  let childA: string;
  let childB: string;

  const newChild = async (laChildId: string) =>
    (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: laChildId, forename: 'Kit', surname: laChildId, date_of_birth: '2016-03-03', sex: 'M' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const lead = (childId: string, teamId: string) =>
    db().insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: worker, start_date: '2026-10-01' }).execute();

  /** The quick answer, as readers ask it in their own queries. */
  const answers = async (scope: { teamId?: string } = {}) =>
    Boolean((await db().selectNoFrom(() => scopeComputedOn(TEST_TODAY, scope).as('current')).executeTakeFirstOrThrow()).current);
  /** The long way: every open lead in the scope compared with the day its child was worked out. */
  const everyLedChildCurrent = async (scope: { teamId?: string } = {}) => {
    const leads = await db().selectFrom('case_leads').select(['child_id', 'team_id']).execute();
    const computed = new Map((await db().selectFrom('due_computed').select(['child_id', 'as_at']).execute()).map((r) => [r.child_id, r.as_at]));
    return leads.filter((l) => !scope.teamId || l.team_id === scope.teamId).every((l) => computed.get(l.child_id) === TEST_TODAY);
  };
  /** The quick answer for the council and both teams, checked against the long way, as [council, team A, team B]. */
  const currentNow = async () => {
    const scopes = [{}, { teamId: teamA }, { teamId: teamB }];
    const quick = await Promise.all(scopes.map((scope) => answers(scope)));
    assert.deepEqual(quick, await Promise.all(scopes.map((scope) => everyLedChildCurrent(scope))), 'the quick answer is the long one');
    return quick;
  };

  before(async () => {
    ({ teamId: teamA } = await createTeam(db(), 'Day Team A'));
    ({ teamId: teamB } = await createTeam(db(), 'Day Team B'));
    worker = await createUser(db(), { email: 'day-worker@example.org', role: 'social_worker', teamId: teamA, name: 'Dee Worker' });
    childA = await newChild('DAY1');
    childB = await newChild('DAY2');
    await lead(childA, teamA);
    await lead(childB, teamB);
    await db().insertInto('cp_plans').values({ child_id: childA, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  });

  test('the nightly work records the day, and a change to one child makes only its scopes not current until worked out', async () => {
    assert.deepEqual(await currentNow(), [false, false, false], 'nothing is worked out yet');
    await dueAcrossCouncil(db(), TEST_TODAY);
    assert.equal(await councilCompleteOn(db(), TEST_TODAY), true);
    assert.deepEqual(await db().selectFrom('due_pending').select('child_id').execute(), [], 'what changed before is forgotten');
    assert.deepEqual(await currentNow(), [true, true, true]);

    await db().insertInto('visits').values({ child_id: childA, kind: 'social_worker', visit_date: '2026-11-20', visitor_id: worker, child_seen: true, seen_alone: true, note: 'Seen.', recorded_by: worker, recorded_at: new Date('2026-11-20T15:00:00Z') }).execute();
    assert.deepEqual(await currentNow(), [false, false, true], 'the council and team A wait for child A; team B does not');
    await ensureScopeStored(db(), TEST_TODAY, { teamId: teamA });
    assert.deepEqual(await currentNow(), [true, true, true]);
  });

  test('a child newly led is compared, though nothing was ever worked out for them', async () => {
    const childC = await newChild('DAY3');
    assert.deepEqual(await currentNow(), [true, true, true], 'a child nobody leads does not count');
    await lead(childC, teamB);
    assert.deepEqual(await currentNow(), [false, true, false]);
    await ensureScopeStored(db(), TEST_TODAY);
    assert.deepEqual(await currentNow(), [true, true, true]);
  });

  test('a child worked out for another day is compared again', async () => {
    await dueForChildren(db(), [childB], '2026-11-24');
    assert.deepEqual(await currentNow(), [false, true, false]);
    await dueForChildren(db(), [childB], TEST_TODAY);
    assert.deepEqual(await currentNow(), [true, true, true]);
  });

  test('a change to the local standards forgets the day as well as every child, and the next council reading records it again', async () => {
    await db().insertInto('timescale_settings').values({ id: 1, settings: JSON.stringify({ cpVisit: { everyN: 5, unit: 'days' } }) }).execute();
    assert.equal(await councilCompleteOn(db(), TEST_TODAY), false);
    assert.deepEqual(await currentNow(), [false, false, false]);
    await ensureScopeStored(db(), TEST_TODAY);
    assert.equal(await councilCompleteOn(db(), TEST_TODAY), true);
    assert.deepEqual(await currentNow(), [true, true, true]);
    await db().deleteFrom('timescale_settings').execute();
  });

  test('another day is compared in full until the council is worked out for it', async () => {
    const tomorrow = '2026-11-24';
    assert.equal(await councilCompleteOn(db(), tomorrow), false);
    const current = await db().selectNoFrom(() => scopeComputedOn(tomorrow).as('current')).executeTakeFirstOrThrow();
    assert.equal(Boolean(current.current), false);
  });
});

describeEachEngine(
  'the demo council’s stored due items',
  (use) => {
    test('every open case’s stored items are exactly what the engine works out afresh', async () => {
      const db = use().db;
      const open = await db.selectFrom('allocations').select('child_id').distinct().where('role', '=', 'lead').where('end_date', 'is', null).execute();
      const ids = open.map((o) => o.child_id);
      const stored = await dueForChildren(db, ids, TEST_TODAY);
      const [timelines, settings] = await Promise.all([loadTimelines(db, ids), loadTimescaleSettings(db)]);
      assert.ok(ids.length > 100);
      // Items of one kind due the same day (two plan actions, say) have no order between them: compare them as a set.
      const key = (v: unknown): string =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${k}:${key((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
      const inOrder = (items: readonly unknown[]) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      for (const id of ids) assert.deepEqual(inOrder(stored.get(id)!), inOrder(dueItems(timelines.get(id)!, TEST_TODAY, settings)), id);
    });
  },
  { fixture: 'demo' },
);
