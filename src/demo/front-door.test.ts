import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { addDays } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';

describeEachEngine(
  'the demo council’s front door: a year of contacts, decided and signed off, a few waiting',
  (use) => {
    test('the assessment teams work the front door; a year of contacts, most decided within a working day, a fifth to a third referred', async (t) => {
      const db = use().db;
      const teams = await db.selectFrom('teams').select(['name', 'front_door']).execute();
      assert.ok(teams.some((team) => team.front_door), 'some front-door teams');
      assert.ok(teams.filter((team) => team.front_door).every((team) => team.name.startsWith('Assessment')), 'the assessment teams');
      const year = await db
        .selectFrom('contacts')
        .selectAll()
        .where('contact_date', '>=', addDays(TEST_TODAY, -365))
        .execute();
      const decided = year.filter((c) => c.decided_by !== null);
      assert.ok(decided.length >= 50, `${decided.length} decided in the year`);
      const inTime = decided.filter((c) => c.decided_on! <= addWorkingDays(c.contact_date, 1)).length / decided.length;
      assert.ok(inTime > 0.85 && inTime < 0.99, `${inTime} decided within a working day, a few late`);
      const referred = decided.filter((c) => c.outcome === 'referral').length / decided.length;
      t.diagnostic(`${year.length} contacts in the year; ${inTime.toFixed(3)} decided in time; ${referred.toFixed(3)} referred`);
      assert.ok(referred >= 0.2 && referred <= 0.34, `${referred} referred`);
      for (const outcome of ['advice', 'early_help', 'no_further_action']) assert.ok(decided.some((c) => c.outcome === outcome), outcome);
      for (const c of decided) {
        assert.ok(c.decided_on! >= c.contact_date && c.decided_on! <= TEST_TODAY);
        assert.ok(c.reason && c.worried_person && c.consent && c.threshold_level && c.rationale);
        if (c.signed_off_by) assert.notEqual(c.signed_off_by, c.decided_by, 'never signed off by the one who decided');
      }
      const linked = decided.filter((c) => c.referral_id !== null);
      assert.ok(linked.length > 0 && linked.every((c) => c.outcome === 'referral'), 'referral decisions name their referral');
    });

    test('the queue has work: a few contacts awaiting a decision on children with no open referral, and a few awaiting sign-off', async () => {
      const db = use().db;
      const waiting = await db
        .selectFrom('contacts')
        .innerJoin('child_status', 'child_status.child_id', 'contacts.child_id')
        .select(['contacts.contact_date', 'child_status.status'])
        .where('contacts.outcome', 'is', null)
        .execute();
      assert.ok(waiting.length >= 1 && waiting.length <= 12, `${waiting.length} awaiting a decision`);
      assert.ok(waiting.some((w) => w.status === 'awaiting_decision'), 'a child known only by a contact awaiting decision');
      const unsigned = await db.selectFrom('contacts').select('id').where('decided_by', 'is not', null).where('signed_off_by', 'is', null).execute();
      assert.ok(unsigned.length >= 1 && unsigned.length <= 4, `${unsigned.length} awaiting sign-off`);
    });
  },
  { fixture: 'demo' },
);
