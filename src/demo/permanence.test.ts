import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s permanence plans and journeys home',
  (use) => {
    test('a realistic mix: long-term fostering most often, return home, special guardianship, adoption for the youngest, a few parallel plans', async (t) => {
      const db = use().db;
      const plans = await db.selectFrom('permanence_plans as pp').innerJoin('people', 'people.id', 'pp.child_id').select(['pp.plan', 'pp.parallel_plan', 'pp.decided_on', 'people.date_of_birth']).execute();
      assert.ok(plans.length >= 20, `${plans.length} plans`);
      const count = (kind: string) => plans.filter((p) => p.plan === kind).length;
      const kinds = ['long_term_fostering', 'return_home', 'special_guardianship', 'adoption'];
      for (const kind of kinds) assert.ok(count(kind) > 0, `some ${kind}`);
      // Of children in care now, each one's latest plan in this period of care (SSDA903 RNE S starts one): long-term fostering the most common (many who left care went home).
      const { rows: now } = await sql<{ plan: string; n: number }>`
        SELECT plan, count(*)::int AS n FROM (
          SELECT DISTINCT ON (pp.child_id) pp.child_id, pp.plan FROM permanence_plans pp
          WHERE EXISTS (SELECT 1 FROM care_episodes ce WHERE ce.child_id = pp.child_id AND ce.end_date IS NULL)
            AND pp.decided_on >= (SELECT max(ce.start_date) FROM care_episodes ce WHERE ce.child_id = pp.child_id AND ce.reason_new_episode = 'S')
          ORDER BY pp.child_id, pp.decided_on DESC, pp.recorded_at DESC) latest
        GROUP BY plan ORDER BY n DESC, plan`.execute(db);
      t.diagnostic(`${plans.length} plans, ${plans.filter((p) => p.parallel_plan !== null).length} with a parallel plan; latest plans of children in care now: ${JSON.stringify(now)}`);
      assert.equal(now[0]?.plan, 'long_term_fostering', `plans of children in care now: ${JSON.stringify(now)}`);
      const parallel = plans.filter((p) => p.parallel_plan !== null).length;
      assert.ok(parallel > 0 && parallel < plans.length * 0.2, `${parallel} parallel plans`);
      const adoptions = plans.filter((p) => p.plan === 'adoption');
      const young = adoptions.filter((p) => Number(p.decided_on.slice(0, 4)) - Number(p.date_of_birth!.slice(0, 4)) <= 6).length;
      assert.ok(young >= adoptions.length * 0.8, 'adoption is the plan for young children');
    });

    test('most children in care have a plan by the second review; a few are late, and their plans show as due', async () => {
      const db = use().db;
      const { rows } = await sql<{ kind: string; n: number }>`
        SELECT status AS kind, count(*)::int AS n FROM due_items WHERE kind = 'permanence_plan' GROUP BY status`.execute(db);
      const overdue = rows.find((r) => r.kind === 'overdue')?.n ?? 0;
      const open = await db
        .selectFrom('care_episodes')
        .select((eb) => eb.fn.count<number>('child_id').distinct().as('n'))
        .where('end_date', 'is', null)
        .where('start_date', '<=', TEST_TODAY)
        .executeTakeFirstOrThrow();
      assert.ok(overdue > 0, 'a few are overdue on the work lists');
      assert.ok(overdue < Number(open.n) * 0.2, `${overdue} overdue of ${open.n} children in care`);
    });

    test('consistent with how care ended: special guardianship, adoption and return home plans match the SSDA903 reason; going home is the day care ended', async () => {
      const db = use().db;
      const { rows } = await sql<{ reason_ceased: string; plans: string[] }>`
        SELECT ce.reason_ceased, array_agg(pp.plan ORDER BY pp.decided_on) AS plans
        FROM care_episodes ce JOIN permanence_plans pp ON pp.child_id = ce.child_id AND pp.decided_on <= ce.end_date AND pp.decided_on >= ce.end_date - interval '3 years'
        WHERE ce.reason_ceased IN ('E45', 'E46', 'E47', 'E48', 'E11', 'E12', 'E4A', 'E4B', 'E13')
        GROUP BY ce.id, ce.reason_ceased`.execute(db);
      assert.ok(rows.length > 0, 'some periods ended in permanence with a plan');
      const planFor = (rec: string) => (['E45', 'E46', 'E47', 'E48'].includes(rec) ? 'special_guardianship' : rec === 'E11' || rec === 'E12' ? 'adoption' : 'return_home');
      const matching = rows.filter((r) => r.plans.at(-1) === planFor(r.reason_ceased));
      assert.ok(matching.length >= rows.length * 0.8, `${matching.length} of ${rows.length} plans match how care ended`);
      const home = await sql<{ n: number; matched: number }>`
        SELECT count(*)::int AS n,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM care_episodes ce WHERE ce.child_id = s.child_id AND ce.end_date = s.step_date AND ce.reason_ceased IN ('E4A', 'E4B', 'E13')))::int AS matched
        FROM reunification_steps s WHERE s.step = 'went_home'`.execute(db);
      assert.ok(home.rows[0]!.n > 0, 'some children went home');
      assert.equal(home.rows[0]!.matched, home.rows[0]!.n, 'every return home is the day care ended with a return home');
    });

    test('journeys home have support plans and steps, none dated after today or before the plan to return home', async () => {
      const db = use().db;
      const support = await db.selectFrom('reunification_support').select(['child_id', 'from_date']).execute();
      const steps = await db.selectFrom('reunification_steps').select(['child_id', 'step_date']).execute();
      assert.ok(support.length > 0 && steps.length > 0);
      const first = new Map<string, string>();
      for (const p of await db.selectFrom('permanence_plans').select(['child_id', 'decided_on']).where('plan', '=', 'return_home').orderBy('decided_on').execute()) {
        if (!first.has(p.child_id)) first.set(p.child_id, p.decided_on);
      }
      for (const s of [...steps.map((x) => ({ id: x.child_id, date: x.step_date })), ...support.map((x) => ({ id: x.child_id, date: x.from_date }))]) {
        assert.ok(s.date <= TEST_TODAY, 'not in the future');
        assert.ok(first.has(s.id) && s.date >= first.get(s.id)!, 'after the plan to return home');
      }
    });
  },
  { fixture: 'demo' },
);
