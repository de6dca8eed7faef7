import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueItems, emptyTimeline, occurrences, type ChildTimeline } from './rules.ts';

// Care Planning, Placement and Case Review (England) Regulations 2010, reg 36: the IRO monitors the
// performance by the local authority of their functions in relation to the child's case; reg 37: the
// authority makes arrangements to implement decisions arising out of the review. IRO Handbook (2010),
// chapter 3: each recommendation names who is responsible and the timescale for carrying it out.
describe('review recommendations (Care Planning Regulations 2010, regs 36 and 37; IRO Handbook 2010)', () => {
  const child = (reviewRecommendations: ChildTimeline['reviewRecommendations']): ChildTimeline => ({ ...emptyTimeline('2012-05-01', null), reviewRecommendations });
  const rec = (dueDate: string, completedOn: string | null = null) => ({ reviewDate: '2026-10-01', dueDate, completedOn, action: 'Refer Sam to the virtual school for a tutor' });
  const recommendations = (timeline: ChildTimeline, today: string) => dueItems(timeline, today).filter((i) => i.kind === 'review_recommendation');

  test('an open recommendation is due by the date the review set, naming the review and the regulations', () => {
    const [item, ...rest] = recommendations(child([rec('2026-11-30')]), '2026-11-23');
    assert.equal(rest.length, 0);
    assert.equal(item!.dueDate, '2026-11-30');
    assert.equal(item!.status, 'next_4_weeks');
    assert.match(item!.rule.source, /reg(s)? 36/);
    assert.match(item!.basis, /review on 1 October 2026: Refer Sam to the virtual school/);
  });

  test('past its date and not done, it is overdue, by the days since the date', () => {
    const [item] = recommendations(child([rec('2026-11-20')]), '2026-11-23');
    assert.equal(item!.status, 'overdue');
    assert.equal(item!.daysOverdue, 3);
  });

  test('done by its date it is answered in time, done later it is answered late, and neither is due any more', () => {
    const timeline = child([rec('2026-11-20', '2026-11-18'), rec('2026-11-10', '2026-11-15')]);
    assert.deepEqual(recommendations(timeline, '2026-11-23'), []);
    const done = occurrences(timeline, '2026-11-23').filter((o) => o.kind === 'review_recommendation').map((o) => [o.dueDate, o.doneOn, o.doneOn! <= o.dueDate]);
    assert.deepEqual(done.sort(), [['2026-11-10', '2026-11-15', false], ['2026-11-20', '2026-11-18', true]]);
  });

  test('each recommendation is its own item', () => {
    assert.equal(recommendations(child([rec('2026-11-20'), rec('2026-12-20')]), '2026-11-23').length, 2);
  });
});
