import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';

describeEachEngine(
  'the demo council’s strategy discussions, section 47 enquiries and initial conferences',
  (use) => {
    test('every strategy discussion is written up, mostly with the three safeguarding partners; every enquiry starts on its discussion’s date', async (t) => {
      const db = use().db;
      const events = await db.selectFrom('case_events').select(['id', 's47_started']).where('kind', '=', 'strategy_discussion').execute();
      const details = await db.selectFrom('strategy_discussions').select('case_event_id').execute();
      assert.ok(events.length >= 20, `${events.length} discussions`);
      assert.equal(details.length, events.length, 'each discussion has its details');
      const agencies = await db.selectFrom('strategy_discussion_attendees').select(['case_event_id', 'agency']).execute();
      const withAll = events.filter((e) => ['social_care', 'police', 'health'].every((a) => agencies.some((x) => x.case_event_id === e.id && x.agency === a))).length / events.length;
      assert.ok(withAll > 0.8 && withAll < 1, `${withAll} with social care, police and health`);
      const enquiries = await db
        .selectFrom('s47_enquiries as enq')
        .innerJoin('case_events as ev', 'ev.id', 'enq.strategy_discussion_id')
        .select(['enq.start_date', 'ev.event_date', 'ev.s47_started', 'enq.child_id', 'ev.child_id as event_child'])
        .execute();
      assert.equal(enquiries.length, events.filter((e) => e.s47_started).length, 'one enquiry for each discussion that started one');
      for (const e of enquiries) {
        assert.equal(e.start_date, e.event_date);
        assert.equal(e.child_id, e.event_child);
      }
      t.diagnostic(`${events.length} discussions, ${enquiries.length} enquiries, ${withAll.toFixed(3)} with all three partners`);
    });

    test('each initial conference is written up, follows its enquiry, and its plan is the plan that started that day with its category', async (t) => {
      const db = use().db;
      const icpcs = await db.selectFrom('case_events').select('id').where('kind', '=', 'icpc').execute();
      const conferences = await db
        .selectFrom('child_protection_conferences as cpc')
        .innerJoin('case_events as ev', 'ev.id', 'cpc.case_event_id')
        .innerJoin('s47_enquiries as enq', 'enq.id', 'cpc.enquiry_id')
        .innerJoin('cp_plans as plan', 'plan.id', 'cpc.cp_plan_id')
        .innerJoin('users as chair', 'chair.id', 'cpc.chair_id')
        .select(['ev.event_date', 'enq.start_date', 'enq.ended_on', 'enq.outcome', 'enq.icpc_required', 'plan.start_date as plan_start', 'plan.initial_category', 'cpc.category', 'chair.role', 'cpc.child_id', 'plan.child_id as plan_child'])
        .execute();
      assert.ok(conferences.length >= 10, `${conferences.length} conferences`);
      assert.ok(conferences.length / icpcs.length > 0.9, `${conferences.length} of ${icpcs.length} written up`);
      for (const c of conferences) {
        assert.equal(c.plan_start, c.event_date, 'the plan starts on the day of the conference');
        assert.equal(c.category, c.initial_category);
        assert.equal(c.child_id, c.plan_child);
        assert.equal(c.role, 'iro');
        assert.ok(c.start_date <= c.ended_on! && c.ended_on! <= c.event_date, 'discussion, end of enquiry, conference, in that order');
        assert.equal(c.outcome, 'substantiated_continuing_risk');
        assert.equal(c.icpc_required, true);
      }
      const invitees = await db.selectFrom('conference_invitees').select(['case_event_id']).execute();
      assert.ok(invitees.length >= conferences.length * 4, 'at least 4 invitees each');
      const underWay = await db.selectFrom('s47_enquiries').select('id').where('outcome', 'is', null).execute();
      const ended = await db
        .selectFrom('s47_enquiries as enq')
        .innerJoin('case_events as ev', 'ev.id', 'enq.no_conference_event_id')
        .select(['ev.kind', 'ev.event_date', 'enq.ended_on', 'enq.icpc_required'])
        .execute();
      for (const e of ended) assert.deepEqual([e.kind, e.event_date, e.icpc_required], ['s47_no_conference', e.ended_on, false], 'an enquiry without a conference wrote its event on the day it ended');
      assert.ok(ended.length > 0 && underWay.length > 0, 'some enquiries ended without a conference, some still under way');
      t.diagnostic(`${conferences.length} conferences of ${icpcs.length}; ${ended.length} ended without one; ${underWay.length} under way`);
    });
  },
  { fixture: 'demo' },
);
