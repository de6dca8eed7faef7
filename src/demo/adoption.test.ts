import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { addDays, daysBetween } from '../platform/calendar/dates.ts';

/** The adoption scorecard's thresholds: A1 426 days, A2 121 days. */
const A1 = 426;
const A2 = 121;
/** Number, sex and legal status of adopters that agree, by the SSDA903 validation rules 511 to 524. */
const AGREEING = new Set(['1 F1 L0', '1 M1 L0', '2 MF L11', '2 MF L3', '2 MF L2', '2 FF L12', '2 FF L2', '2 FF L4', '2 MM L12', '2 MM L2', '2 MM L4']);

describeEachEngine(
  'the demo council’s adoptions, read from its care episodes',
  (use) => {
    test('children adopted, placed, waiting for a match and reversed, with most within the scorecard’s thresholds and a few over', async () => {
      const db = use().db;
      const rows = await db.selectFrom('adoption_decisions').selectAll().execute();
      const adopted = rows.filter((r) => r.adopted_on !== null);
      const waiting = rows.filter((r) => r.authority === 'placement_order' && r.matched_on === null && r.ceased_on === null);
      const reversed = rows.filter((r) => r.ceased_on !== null);
      assert.ok(adopted.length >= 1, `${adopted.length} adopted`);
      assert.ok(waiting.length >= 1, `${waiting.length} waiting for a match`);
      assert.equal(reversed.length, 2, 'two decisions reversed');
      const starts = await db.selectFrom('care_episodes').select(['child_id', 'start_date', 'end_date', 'reason_ceased', 'placement_type']).execute();
      assert.ok(rows.some((r) => r.foster_carers === true), 'some adopted by their foster carers');
      let a1Over = 0;
      for (const r of adopted) {
        const ended = starts.find((e) => e.child_id === r.child_id && e.end_date === r.adopted_on && (e.reason_ceased === 'E11' || e.reason_ceased === 'E12'));
        assert.ok(ended, 'the adoption order is the day care ended in adoption');
        const moved = starts.find((e) => e.child_id === r.child_id && e.start_date === r.placed_on);
        assert.ok(moved, 'placed on the day a placement began');
        if (/^A[3-6]$/.test(moved.placement_type)) assert.equal(r.foster_carers, moved.placement_type === 'A3' || moved.placement_type === 'A5', 'FOSTER_CARE agrees with the placement (SSDA903 rule 335)');
        assert.ok(AGREEING.has(`${r.adopters_count} ${r.adopters_sex} ${r.adopters_legal_status}`), 'the adopters’ codes agree');
        const careStart = starts.filter((e) => e.child_id === r.child_id && e.start_date <= r.decided_on).sort((a, b) => (a.start_date < b.start_date ? 1 : -1))[0]!;
        assert.ok(careStart, 'decided while looked after');
        if (daysBetween(careStart.start_date, r.placed_on!) > A1) a1Over += 1;
      }
      assert.ok(a1Over * 2 <= adopted.length, `${a1Over} of ${adopted.length} placed more than ${A1} days after care began`);
      const matched = rows.filter((r) => r.authority === 'placement_order' && r.matched_on !== null).map((r) => Math.max(0, daysBetween(r.authority_on!, r.matched_on!)));
      assert.ok(matched.length >= 1, 'matched after a placement order');
      const within = matched.filter((days) => days <= A2).length;
      assert.ok(within >= matched.length / 2, `${within} of ${matched.length} matched within 121 days of the order`);
    });

    test('every step in order and nothing in the future; previous permanence mostly none, never dated after care began', async () => {
      const db = use().db;
      for (const r of await db.selectFrom('adoption_decisions').selectAll().execute()) {
        const dates = [r.decided_on, r.matched_on, r.authority_on, r.placed_on, r.adopted_on, r.ceased_on].filter((d): d is string => d !== null);
        for (const d of dates) assert.ok(d <= TEST_TODAY, `${d} not in the future`);
        for (const d of dates) assert.ok(d >= r.decided_on, 'nothing before the decision');
        if (r.placed_on) assert.ok(r.placed_on >= r.matched_on! && r.placed_on >= r.authority_on!);
      }
      const previous = await db.selectFrom('previous_permanence').selectAll().execute();
      assert.ok(previous.length >= 10, `${previous.length} recorded`);
      const none = previous.filter((p) => p.option === 'Z1').length / previous.length;
      assert.ok(none > 0.7, `${none} had no previous permanence`);
      for (const p of previous) {
        assert.ok(p.care_started_on >= addDays(TEST_TODAY, -3 * 365 - 1));
        if (p.order_on) assert.ok(p.order_on < p.care_started_on);
      }
    });
  },
  { fixture: 'demo' },
);
