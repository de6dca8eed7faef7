import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s care leavers around their birthdays',
  (use) => {
    test('19 to 21-year-olds close to the national mix: most in touch, many not in education, employment or training, a few in higher education, most suitably housed', async () => {
      const db = use().db;
      const checks = await db.selectFrom('care_leaver_outcomes').select(['birthday_age', 'in_touch', 'activity', 'accommodation', 'gathered_on', 'bursary_paid']).execute();
      const older = checks.filter((c) => c.birthday_age >= 19 && c.birthday_age <= 21);
      assert.ok(older.length >= 20, `${older.length} checks of 19 to 21-year-olds`);
      const share = (pick: (c: (typeof older)[number]) => boolean) => older.filter(pick).length / older.length;
      const inTouch = share((c) => c.in_touch === 'YES');
      const neet = share((c) => ['G4', 'G5', 'G6'].includes(c.activity));
      const higher = share((c) => ['F1', 'P1'].includes(c.activity));
      const suitable = share((c) => c.accommodation.endsWith('1'));
      assert.ok(inTouch > 0.8 && inTouch < 0.97, `in touch ${inTouch}`);
      assert.ok(neet > 0.25 && neet < 0.5, `not in education, employment or training ${neet}`);
      assert.ok(higher > 0.02 && higher < 0.15, `in higher education ${higher}`);
      assert.ok(suitable > 0.78 && suitable < 0.96, `in suitable accommodation ${suitable}`);
      const stayingPut = checks.filter((c) => c.accommodation.startsWith('Z'));
      assert.ok(stayingPut.length > 0, 'some stay put with their former foster carers');
      assert.ok(stayingPut.every((c) => c.birthday_age >= 18 && c.birthday_age <= 20), 'staying put from 18 to 20 only');
      assert.ok(checks.every((c) => c.gathered_on <= TEST_TODAY), 'nothing gathered after today');
      assert.ok(checks.filter((c) => c.bursary_paid !== null).every((c) => ['F1', 'P1'].includes(c.activity)), 'the bursary with higher education only');
    });
  },
  { fixture: 'demo' },
);
