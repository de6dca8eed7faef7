import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { VISIT_KINDS } from '../timescales/index.ts';
import { dueAcrossCouncil, dueForChildren } from '../timescales/index.ts';

describeEachEngine(
  'the demo council’s visits and reviews',
  (use) => {
    test('a realistic spread: most work in time, some due this week, some overdue, and children placed far away due a visit', async () => {
      const db = use().db;
      const open = await db.selectFrom('case_leads').select('child_id').execute();
      const due = await dueForChildren(
        db,
        open.map((o) => o.child_id),
        TEST_TODAY,
      );
      const items = [...due.values()].flat();
      const share = (status: string) => items.filter((i) => i.status === status).length / items.length;
      assert.ok(share('overdue') > 0.02 && share('overdue') < 0.2, `overdue ${share('overdue')}`);
      assert.ok(share('this_week') > 0.01, `this week ${share('this_week')}`);
      assert.ok(share('later') + share('next_4_weeks') > 0.6, 'most work is in hand');
      const far = await db
        .selectFrom('care_episodes')
        .select('child_id')
        .where('end_date', 'is', null)
        .where((eb) => eb.or([eb('placement_out_of_area', '=', true), eb('placement_distance_miles', '>', 20)]))
        .execute();
      const council = await dueAcrossCouncil(db, TEST_TODAY);
      assert.deepEqual(council, { workedOut: 0, children: due.size, items: items.length, overdue: items.filter((i) => i.status === 'overdue').length });
      const farDueSoon = far.filter((f) => (due.get(f.child_id) ?? []).some((i) => VISIT_KINDS.includes(i.kind) && i.status !== 'later'));
      assert.ok(farDueSoon.length >= 3, `${farDueSoon.length} children placed far away are due a visit in the next 4 weeks`);
    });

    test('visits and events are never after today, and every visit was made by someone who held the child that day, or by a team manager for them', async () => {
      const db = use().db;
      const late = await db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).where('visit_date', '>', TEST_TODAY).executeTakeFirstOrThrow();
      assert.equal(Number(late.n), 0);
      const lateEvents = await db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).where('event_date', '>', TEST_TODAY).executeTakeFirstOrThrow();
      assert.equal(Number(lateEvents.n), 0);
      const strangers = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM visits v
        WHERE NOT EXISTS (
          SELECT 1 FROM allocations a
          WHERE a.child_id = v.child_id AND a.worker_id = coalesce(v.on_behalf_of, v.visitor_id)
            AND a.start_date <= v.visit_date AND (a.end_date IS NULL OR a.end_date > v.visit_date)
        )`.execute(db);
      assert.equal(strangers.rows[0]!.n, 0);
      const standIns = await sql<{ n: number; managers: number }>`
        SELECT count(*)::int AS n, count(*) FILTER (WHERE u.role = 'team_manager')::int AS managers
        FROM visits v JOIN users u ON u.id = v.visitor_id WHERE v.on_behalf_of IS NOT NULL`.execute(db);
      assert.ok(standIns.rows[0]!.n > 0, 'some visits made by a stand-in');
      assert.equal(standIns.rows[0]!.managers, standIns.rows[0]!.n, 'every stand-in is a team manager');
      const notSeen = await db.selectFrom('visits').select((eb) => eb.fn.countAll<number>().as('n')).where('child_seen', '=', false).executeTakeFirstOrThrow();
      assert.ok(Number(notSeen.n) > 0, 'some visits where the child was not seen');
    });
  },
  { fixture: 'demo' },
);
