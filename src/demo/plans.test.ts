import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s plans: actions, core groups, review conferences, end reasons, child in need plans, pre-proceedings and early help',
  (use) => {
    test('every plan has actions, mostly done on time, some overdue on open plans; nothing dated impossibly', async (t) => {
      const db = use().db;
      const rows = await db
        .selectFrom('cp_plan_actions as a')
        .innerJoin('cp_plans as p', 'p.id', 'a.plan_id')
        .select(['a.due_date', 'a.completed_on', 'a.owner_id', 'a.owner_other', 'a.owner_agency', 'p.start_date', 'p.end_date', 'a.child_id', 'p.child_id as plan_child'])
        .execute();
      const plans = await db.selectFrom('cp_plans').select(['id', 'end_date', 'end_reason']).execute();
      assert.ok(rows.length >= plans.length * 3, `${rows.length} actions for ${plans.length} plans`);
      for (const r of rows) {
        assert.equal(r.child_id, r.plan_child);
        assert.ok(r.due_date >= r.start_date, 'due after the plan began');
        if (r.completed_on) assert.ok(r.completed_on >= r.start_date && r.completed_on <= TEST_TODAY, 'done in the plan, not in the future');
        assert.equal(r.owner_id === null, r.owner_other !== null);
        if (r.owner_other) assert.ok(r.owner_agency, 'someone named has an agency');
      }
      const fallenDue = rows.filter((r) => r.due_date < (r.end_date ?? TEST_TODAY));
      const onTime = fallenDue.filter((r) => r.completed_on && r.completed_on <= r.due_date).length / fallenDue.length;
      const overdue = rows.filter((r) => r.end_date === null && r.completed_on === null && r.due_date < TEST_TODAY).length;
      t.diagnostic(`${rows.length} actions; ${onTime.toFixed(3)} on time; ${overdue} overdue`);
      assert.ok(onTime > 0.6 && onTime < 0.95, `${onTime} done on time`);
      assert.ok(overdue > 0, 'some overdue');
      for (const p of plans) assert.equal(p.end_reason !== null, p.end_date !== null, 'every ended plan, and only those, has a reason');
      assert.ok(new Set(plans.map((p) => p.end_reason).filter(Boolean)).size >= 2, 'a spread of reasons');
    });

    test('core groups and review conferences are written up within their plans; a review conference ends a plan exactly on its end', async () => {
      const db = use().db;
      const groups = await db
        .selectFrom('core_groups as cg')
        .innerJoin('case_events as ev', 'ev.id', 'cg.case_event_id')
        .innerJoin('cp_plans as p', 'p.id', 'cg.plan_id')
        .select(['ev.event_date', 'ev.kind', 'p.start_date', 'p.end_date'])
        .execute();
      assert.ok(groups.length > 0);
      for (const g of groups) {
        assert.equal(g.kind, 'core_group');
        assert.ok(g.event_date >= g.start_date && (g.end_date === null || g.event_date <= g.end_date));
      }
      const reviews = await db
        .selectFrom('cp_review_conferences as rc')
        .innerJoin('case_events as ev', 'ev.id', 'rc.case_event_id')
        .innerJoin('cp_plans as p', 'p.id', 'rc.plan_id')
        .innerJoin('users as chair', 'chair.id', 'rc.chair_id')
        .select(['ev.event_date', 'ev.kind', 'p.start_date', 'p.end_date', 'p.end_reason', 'rc.decision', 'chair.role'])
        .execute();
      assert.ok(reviews.length > 0);
      for (const r of reviews) {
        assert.equal(r.kind, 'cp_review');
        assert.equal(r.role, 'iro');
        assert.ok(r.event_date > r.start_date);
        assert.equal(r.decision === 'end', r.end_date === r.event_date, 'ends the plan exactly when the plan ended that day');
        if (r.decision === 'end') assert.equal(r.end_reason, 'no_longer_at_risk');
      }
    });

    test('child in need plans do not overlap, pre-proceedings run in order, early help one episode at a time', async (t) => {
      const db = use().db;
      const cin = await db.selectFrom('cin_plans').select(['child_id', 'start_date', 'end_date']).orderBy('child_id').orderBy('start_date').execute();
      assert.ok(cin.length > 0);
      for (const [i, p] of cin.entries()) {
        const next = cin[i + 1];
        if (next && next.child_id === p.child_id) assert.ok(p.end_date !== null && p.end_date < next.start_date, 'no overlap');
      }
      const pre = await db.selectFrom('pre_proceedings').selectAll().execute();
      assert.ok(pre.length > 0);
      for (const p of pre) {
        if (p.letter_date) assert.ok(p.letter_date >= p.decision_date);
        if (p.initial_meeting_date) assert.ok(p.letter_date && p.initial_meeting_date >= p.letter_date);
        if (p.fgdm_held_on) assert.ok(p.fgdm_offered_on && p.fgdm_held_on >= p.fgdm_offered_on);
      }
      const early = await db.selectFrom('early_help_episodes').select(['child_id', 'start_date', 'end_date', 'stepped_down', 'end_reason']).orderBy('child_id').orderBy('start_date').execute();
      assert.ok(early.some((e) => e.stepped_down) && early.some((e) => e.end_reason === 'step_up'), 'steps down and up');
      for (const [i, e] of early.entries()) {
        const next = early[i + 1];
        if (next && next.child_id === e.child_id) assert.ok(e.end_date !== null && e.end_date < next.start_date, 'one at a time');
      }
      t.diagnostic(`${cin.length} CIN plans; ${pre.length} pre-proceedings; ${early.length} early help episodes`);
    });
  },
  { fixture: 'demo' },
);
