import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';

describeEachEngine(
  'the demo council’s year of practice quality: observations, feedback, compliments and complaints',
  (use) => {
    test('observations are mostly good, some outstanding, a few requiring improvement; none in the future, none of oneself; most reflected on', async () => {
      const rows = await use().db.selectFrom('practice_observations').select(['grade', 'observed_on', 'worker_id', 'observer_id', 'reflection']).execute();
      assert.ok(rows.length >= 20, `${rows.length} observations`);
      const share = (g: string) => rows.filter((r) => r.grade === g).length / rows.length;
      assert.ok(share('good') > 0.4 && share('outstanding') > 0.05 && share('requires_improvement') > 0 && share('requires_improvement') < 0.25);
      assert.ok(rows.every((r) => r.observed_on <= TEST_TODAY && r.worker_id !== r.observer_id));
      assert.ok(rows.filter((r) => r.reflection).length > rows.length / 2);
    });

    test('feedback is mostly positive with some critical; every answer uses its link once; compliments and complaints with stages in order', async () => {
      const answers = await use().db.selectFrom('feedback_responses').select(['listened']).execute();
      assert.ok(answers.length >= 10);
      assert.ok(answers.filter((a) => a.listened >= 4).length > answers.length / 2 && answers.some((a) => a.listened <= 2));
      const entries = await use().db.selectFrom('compliments_complaints').selectAll().execute();
      assert.ok(entries.some((e) => e.kind === 'compliment') && entries.some((e) => e.kind === 'complaint'));
      for (const e of entries.filter((x) => x.stage === 2)) {
        const before = entries.find((x) => x.id === e.follows_id)!;
        assert.equal(before.stage, 1);
        assert.ok(before.responded_on! <= e.received_on);
      }
    });
  },
  { fixture: 'demo' },
);
