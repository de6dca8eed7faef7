import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s single assessments',
  (use) => {
    test('every completed assessment on the record has its assessment behind it, authorised that day by a manager who did not write it, in date order', async (t) => {
      const db = use().db;
      const events = await db.selectFrom('case_events').select('id').where('kind', '=', 'assessment').execute();
      const rows = await db
        .selectFrom('assessments as a')
        .innerJoin('referrals as r', 'r.id', 'a.referral_id')
        .leftJoin('case_events as ev', 'ev.id', 'a.case_event_id')
        .innerJoin('users as author', 'author.id', 'a.created_by')
        .leftJoin('users as manager', 'manager.id', 'a.authorised_by')
        .select([
          'a.id',
          'a.child_id',
          'r.child_id as referral_child',
          'r.referral_date',
          'r.close_date',
          'a.start_date',
          'a.child_seen_on',
          'a.submitted_on',
          'a.returned_on',
          'a.authorised_on',
          'a.outcome',
          'a.analysis',
          'a.child_views',
          'ev.event_date',
          'ev.child_id as event_child',
          'author.role as author_role',
          'manager.role as manager_role',
          'a.created_by',
          'a.authorised_by',
        ])
        .execute();
      const authorised = rows.filter((r) => r.authorised_on);
      assert.ok(events.length >= 50, `${events.length} assessment events`);
      const linked = authorised.length / events.length;
      assert.ok(linked > 0.9, `${authorised.length} of ${events.length} completed assessments have their record`);
      for (const r of rows) {
        assert.equal(r.child_id, r.referral_child);
        assert.ok(r.start_date >= r.referral_date && r.start_date <= TEST_TODAY, 'started on or after the referral, not in the future');
        if (r.child_seen_on) assert.ok(r.child_seen_on >= r.start_date && r.child_seen_on <= TEST_TODAY, 'seen after the start');
        if (r.submitted_on) assert.ok(r.submitted_on >= r.start_date);
        if (r.returned_on) assert.ok(r.returned_on >= r.start_date);
        if (r.authorised_on) {
          assert.equal(r.event_date, r.authorised_on, 'the case event is dated the authorisation');
          assert.equal(r.event_child, r.child_id);
          assert.ok(r.authorised_on >= r.submitted_on!, 'authorised after it was submitted');
          assert.ok(r.close_date === null || r.authorised_on <= r.close_date, 'while the referral was open');
          assert.ok(['team_manager', 'practice_supervisor'].includes(r.manager_role!), 'a manager authorised it');
          assert.notEqual(r.authorised_by, r.created_by);
          assert.ok(r.outcome && r.analysis && r.child_views, 'complete');
        }
      }
      const inProgress = rows.filter((r) => !r.authorised_on && !r.submitted_on).length;
      const awaiting = rows.filter((r) => !r.authorised_on && r.submitted_on).length;
      const outcomes = new Set(authorised.map((r) => r.outcome));
      t.diagnostic(`${authorised.length} authorised, ${inProgress} in progress, ${awaiting} awaiting authorisation; outcomes ${[...outcomes].join(', ')}`);
      assert.ok(inProgress >= 3, 'a few in progress now');
      assert.ok(outcomes.size >= 3, 'a mix of outcomes');
      assert.ok(rows.some((r) => r.returned_on), 'a few returned for more work');
    });

    test('factors are CIN census codes; “no factors identified” stands alone and only with no further action', async () => {
      const db = use().db;
      const factors = await db.selectFrom('assessment_factors as f').innerJoin('assessments as a', 'a.id', 'f.assessment_id').select(['f.assessment_id', 'f.code', 'a.outcome']).execute();
      assert.ok(factors.length > 50);
      const byAssessment = new Map<string, string[]>();
      for (const f of factors) byAssessment.set(f.assessment_id, [...(byAssessment.get(f.assessment_id) ?? []), f.code]);
      for (const f of factors) {
        if (f.code === '21') {
          assert.deepEqual(byAssessment.get(f.assessment_id), ['21']);
          assert.equal(f.outcome, 'no_further_action');
        }
      }
      assert.ok(new Set(factors.map((f) => f.code)).size >= 8, 'a spread of factors');
    });
  },
  { fixture: 'demo' },
);
