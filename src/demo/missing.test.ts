import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { addDays } from '../platform/calendar/dates.ts';

describeEachEngine(
  'the demo council’s missing episodes',
  (use) => {
    test('a minority of looked-after teenagers, a few going missing repeatedly, most interviews held within 72 hours, some late, a couple declined', async () => {
      const db = use().db;
      const episodes = await db.selectFrom('missing_episodes').selectAll().execute();
      const children = new Set(episodes.map((e) => e.child_id));
      const lookedAfter = await db.selectFrom('care_episodes').select('child_id').distinct().where('end_date', 'is', null).execute();
      assert.ok(children.size >= 5, `${children.size} children with episodes`);
      assert.ok(children.size < lookedAfter.length * 0.2, 'a minority');
      const recent = (childId: string) => episodes.filter((e) => e.child_id === childId && e.start_date > addDays(TEST_TODAY, -90)).length;
      const repeated = [...children].filter((id) => recent(id) >= 3);
      assert.ok(repeated.length >= 1 && repeated.length < children.size / 2, `${repeated.length} of ${children.size} going missing repeatedly`);
      const returned = episodes.filter((e) => e.kind === 'M' && e.end_date !== null);
      const inTime = returned.filter((e) => e.interview_held_on !== null && e.interview_held_on <= addDays(e.end_date!, 3));
      const late = returned.filter((e) => e.interview_held_on !== null && e.interview_held_on > addDays(e.end_date!, 3));
      const declined = returned.filter((e) => e.interview_outcome === 'declined');
      assert.ok(inTime.length > returned.length / 2, `${inTime.length} of ${returned.length} held within 72 hours`);
      assert.ok(late.length >= 1, 'some late');
      assert.ok(declined.length >= 1, 'some declined');
    });

    test('dates in order: nothing after today, returns after starts, interviews after returns, no overlaps', async () => {
      const db = use().db;
      const episodes = await db.selectFrom('missing_episodes').selectAll().orderBy('child_id').orderBy('start_date').execute();
      for (const [i, e] of episodes.entries()) {
        assert.ok(e.start_date <= TEST_TODAY);
        if (e.end_date) assert.ok(e.end_date >= e.start_date && e.end_date <= TEST_TODAY);
        if (e.interview_offered_on) assert.ok(e.interview_offered_on >= e.end_date! && e.interview_offered_on <= TEST_TODAY);
        if (e.interview_held_on) assert.ok(e.interview_held_on >= e.interview_offered_on! && e.interview_held_on <= TEST_TODAY);
        const next = episodes[i + 1];
        if (next && next.child_id === e.child_id) assert.ok(e.end_date !== null && e.end_date < next.start_date, 'episodes do not overlap');
      }
    });
  },
  { fixture: 'demo' },
);
