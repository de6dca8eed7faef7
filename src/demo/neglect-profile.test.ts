import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s neglect profile: seven domains, repeated for children on plans for neglect, mostly improving',
  (use) => {
    test('version 1 holds seven domains, each with a descriptor for every grade', async () => {
      const domains = await use().db.selectFrom('neglect_profile_domains').selectAll().where('version', '=', 1).execute();
      assert.equal(domains.length, 7);
      for (const d of domains) for (const g of [d.grade_1, d.grade_2, d.grade_3, d.grade_4, d.grade_5]) assert.ok(g.length > 20, d.name);
    });

    test('completions on children with an open plan for neglect, dated in their life, every domain graded, most improving', async (t) => {
      const db = use().db;
      const profiles = await db
        .selectFrom('neglect_profiles as p')
        .innerJoin('people', 'people.id', 'p.child_id')
        .select(['p.id', 'p.child_id', 'p.completed_on', 'people.date_of_birth'])
        .orderBy('p.child_id')
        .orderBy('p.completed_on')
        .execute();
      const children = [...new Set(profiles.map((p) => p.child_id))];
      t.diagnostic(`${profiles.length} completions for ${children.length} children`);
      assert.ok(children.length >= 5, `${children.length} children with profiles`);
      assert.ok(profiles.length > children.length, 'repeated over time');
      const onNeglectPlans = await db.selectFrom('cp_plans').select('child_id').where('end_date', 'is', null).where('latest_category', '=', 'NEG').where('child_id', 'in', children).distinct().execute();
      assert.equal(onNeglectPlans.length, children.length);
      for (const p of profiles) assert.ok(p.completed_on <= TEST_TODAY && p.completed_on >= p.date_of_birth!, p.completed_on);
      const grades = await db.selectFrom('neglect_profile_grades').select(['profile_id', 'grade']).execute();
      const total = (id: string) => grades.filter((g) => g.profile_id === id).reduce((sum, g) => sum + g.grade, 0);
      assert.equal(grades.length, profiles.length * 7);
      const repeated = children.map((c) => profiles.filter((p) => p.child_id === c)).filter((list) => list.length > 1);
      const better = repeated.filter((list) => total(list.at(-1)!.id) < total(list[0]!.id)).length;
      assert.ok(better > repeated.length / 2, `${better} of ${repeated.length} improved`);
      const worse = repeated.filter((list) => total(list.at(-1)!.id) >= total(list[0]!.id)).length;
      t.diagnostic(`${worse} of ${repeated.length} children seen more than once have not improved`);
    });
  },
  { fixture: 'demo' },
);
