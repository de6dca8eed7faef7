import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { ageOn } from '../platform/calendar/dates.ts';

describeEachEngine(
  'the demo council’s looked-after reviews: chairs, participation and recommendations',
  (use) => {
    test('most reviews are written up, chaired by the child’s IRO, with participation in a realistic mix', async (t) => {
      const db = use().db;
      const reviews = await db.selectFrom('case_events').select('id').where('kind', '=', 'cla_review').execute();
      const outcomes = await db
        .selectFrom('care_reviews as cr')
        .innerJoin('case_events as ev', 'ev.id', 'cr.case_event_id')
        .innerJoin('people', 'people.id', 'cr.child_id')
        .innerJoin('users as chair', 'chair.id', 'cr.chair_id')
        .select(['cr.participation', 'cr.chair_was_allocated', 'cr.plan_endorsed', 'ev.event_date', 'ev.kind', 'people.date_of_birth', 'chair.role', 'ev.child_id', 'cr.child_id as outcome_child'])
        .execute();
      assert.ok(outcomes.length >= 50, `${outcomes.length} outcomes`);
      assert.ok(outcomes.length / reviews.length > 0.6, `${outcomes.length} of ${reviews.length} reviews written up`);
      for (const o of outcomes) {
        assert.equal(o.kind, 'cla_review');
        assert.equal(o.child_id, o.outcome_child);
        assert.equal(o.role, 'iro', 'every chair is an IRO');
        if (o.date_of_birth) assert.equal(o.participation === 'PN0', ageOn(o.date_of_birth, o.event_date) < 4, 'PN0 exactly for children under 4 (SSDA903 rules 440, 441)');
      }
      const share = (f: (o: (typeof outcomes)[number]) => boolean) => outcomes.filter(f).length / outcomes.length;
      const allocated = share((o) => o.chair_was_allocated);
      assert.ok(allocated > 0.85 && allocated < 1, `${allocated} chaired by the child’s own IRO`);
      const spoke = share((o) => o.participation === 'PN1');
      assert.ok(spoke > 0.2 && spoke < 0.55, `${spoke} attended and spoke for themselves`);
      assert.ok(new Set(outcomes.map((o) => o.participation)).size >= 6, 'a spread of codes');
      const endorsed = share((o) => o.plan_endorsed);
      t.diagnostic(`${outcomes.length} outcomes of ${reviews.length} reviews; own IRO ${allocated.toFixed(3)}; PN1 ${spoke.toFixed(3)}; endorsed ${endorsed.toFixed(3)}`);
      assert.ok(endorsed > 0.85 && endorsed < 1, `${endorsed} plans endorsed`);
    });

    test('1 to 4 recommendations a review, mostly done on time, a few open and a handful overdue; nothing dated impossibly', async (t) => {
      const db = use().db;
      const recs = await db
        .selectFrom('review_recommendations as rr')
        .innerJoin('case_events as ev', 'ev.id', 'rr.review_id')
        .select(['rr.review_id', 'rr.due_date', 'rr.completed_on', 'rr.what_done', 'rr.owner_id', 'rr.owner_other', 'ev.event_date'])
        .execute();
      const perReview = new Map<string, number>();
      for (const r of recs) perReview.set(r.review_id, (perReview.get(r.review_id) ?? 0) + 1);
      assert.ok([...perReview.values()].every((n) => n >= 1 && n <= 4), '1 to 4 a review');
      for (const r of recs) {
        assert.ok(r.due_date >= r.event_date, 'due on or after the review');
        if (r.completed_on) assert.ok(r.completed_on >= r.event_date && r.completed_on <= TEST_TODAY, 'done after the review, not in the future');
        assert.equal(r.completed_on === null, r.what_done === null);
      }
      const fallenDue = recs.filter((r) => r.due_date < TEST_TODAY);
      const onTime = fallenDue.filter((r) => r.completed_on && r.completed_on <= r.due_date).length / fallenDue.length;
      assert.ok(onTime > 0.7 && onTime < 0.95, `${onTime} done on time`);
      const overdue = fallenDue.filter((r) => r.completed_on === null).length;
      assert.ok(overdue >= 5 && overdue / recs.length < 0.06, `${overdue} overdue of ${recs.length}`);
      const notDue = recs.filter((r) => r.due_date >= TEST_TODAY && r.completed_on === null).length;
      t.diagnostic(`${recs.length} recommendations; ${onTime.toFixed(3)} of those fallen due done on time; ${overdue} overdue; ${notDue} open and not yet due`);
      assert.ok(notDue > 0, 'some open and not yet due');
      assert.ok(recs.some((r) => r.owner_id) && recs.some((r) => r.owner_other), 'owners both here and outside');
    });
  },
  { fixture: 'demo' },
);
