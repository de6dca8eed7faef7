import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s care leavers: goals and the local offer',
  (use) => {
    const db = () => use().db;

    test('most care leavers with a personal adviser have goals in their plan, some achieved, all dated within their life and the plan', async () => {
      const { rows } = await sql<{ with_goals: number; advised: number; achieved: number; open: number }>`
        SELECT
          (SELECT count(DISTINCT child_id) FROM pathway_goals)::int AS with_goals,
          (SELECT count(*) FROM allocations WHERE role = 'personal_adviser' AND end_date IS NULL)::int AS advised,
          (SELECT count(*) FROM pathway_goals WHERE outcome = 'achieved')::int AS achieved,
          (SELECT count(*) FROM pathway_goals WHERE outcome IS NULL)::int AS open`.execute(db());
      const figures = rows[0]!;
      assert.ok(figures.with_goals >= figures.advised * 0.5, `${figures.with_goals} of ${figures.advised} advised young people have goals`);
      assert.ok(figures.achieved > 0 && figures.open > 0, 'some goals achieved, some still worked towards');
      const impossible = await sql`
        SELECT g.id FROM pathway_goals g JOIN people p ON p.id = g.child_id
        WHERE g.set_on < p.date_of_birth OR g.set_on > ${TEST_TODAY}::date OR g.closed_on > ${TEST_TODAY}::date`.execute(db());
      assert.deepEqual(impossible.rows, []);
    });

    test('the council has a local offer for care leavers', async () => {
      const offer = await db().selectFrom('care_settings').select('local_offer_summary').executeTakeFirstOrThrow();
      assert.match(offer.local_offer_summary, /personal adviser/);
    });
  },
  { fixture: 'demo' },
);
