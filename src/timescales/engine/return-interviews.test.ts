import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueItems, emptyTimeline, MISSING_GUIDANCE, occurrences, type ChildTimeline } from './rules.ts';

// Children who run away or go missing from home or care, statutory guidance (DfE, January 2014): when a child
// is found, they "must be offered an independent return interview", which "should be carried out within 72
// hours of the child returning to their home or care setting". The guidance requires the offer: a child may
// decline it, and the offer declined answers the item as the interview held does.
describe('return interviews (Children who run away or go missing from home or care, 2014)', () => {
  const child = (missingEpisodes: ChildTimeline['missingEpisodes'], dateOfBirth = '2010-02-01'): ChildTimeline => ({ ...emptyTimeline(dateOfBirth, null), missingEpisodes });
  const missing = (startDate: string, endDate: string | null, interviewDoneOn: string | null = null) => ({ kind: 'missing' as const, startDate, endDate, interviewDoneOn });
  const interviews = (timeline: ChildTimeline, today: string) => dueItems(timeline, today).filter((i) => i.kind === 'return_interview');

  test('offered on return and carried out within 72 hours of the child returning: due 3 days after the return, naming the guidance', () => {
    const [item, ...rest] = interviews(child([missing('2026-11-20', '2026-11-22')]), '2026-11-23');
    assert.equal(rest.length, 0);
    assert.equal(item!.dueDate, '2026-11-25');
    assert.equal(item!.status, 'this_week');
    assert.equal(item!.rule.source, MISSING_GUIDANCE);
    assert.match(item!.rule.text, /within 72 hours of the child returning/);
    assert.match(item!.basis, /returned 22 November 2026, missing from 20 November 2026/);
  });

  test('not due while the child is still missing: the interview follows the return', () => {
    assert.deepEqual(interviews(child([missing('2026-11-20', null)]), '2026-11-23'), []);
  });

  test('an interview held within the 72 hours answers it in time; one held later answers it late', () => {
    const inTime = occurrences(child([missing('2026-11-01', '2026-11-02', '2026-11-05')]), '2026-11-23').filter((o) => o.kind === 'return_interview');
    assert.deepEqual(inTime.map((o) => [o.dueDate, o.doneOn]), [['2026-11-05', '2026-11-05']]);
    const late = occurrences(child([missing('2026-11-01', '2026-11-02', '2026-11-09')]), '2026-11-23').filter((o) => o.kind === 'return_interview');
    assert.deepEqual(late.map((o) => [o.dueDate, o.doneOn]), [['2026-11-05', '2026-11-09']]);
    assert.deepEqual(interviews(child([missing('2026-11-01', '2026-11-02', '2026-11-09')]), '2026-11-23'), []);
  });

  test('never offered: overdue from the fourth day after the return', () => {
    const [item] = interviews(child([missing('2026-11-10', '2026-11-12')]), '2026-11-23');
    assert.equal(item!.status, 'overdue');
    assert.equal(item!.daysOverdue, 8);
  });

  test('away from placement without authorisation, whereabouts known, starts no interview clock', () => {
    assert.deepEqual(interviews(child([{ kind: 'away', startDate: '2026-11-20', endDate: '2026-11-21', interviewDoneOn: null }]), '2026-11-23'), []);
  });

  test('the offer for one return lapses when the child goes missing again; the next return brings its own', () => {
    const timeline = child([missing('2026-11-01', '2026-11-02'), missing('2026-11-04', '2026-11-20')]);
    const items = interviews(timeline, '2026-11-23');
    assert.deepEqual(items.map((i) => i.dueDate), ['2026-11-23']);
    const first = occurrences(timeline, '2026-11-23').find((o) => o.kind === 'return_interview' && o.dueDate === '2026-11-05');
    assert.equal(first, undefined, 'gone missing again before the 72 hours ran out: the first item falls outside its period');
  });

  test('the guidance is for children: no interview falls due after the 18th birthday', () => {
    assert.deepEqual(interviews(child([missing('2026-11-18', '2026-11-19')], '2008-11-21'), '2026-11-23'), []);
  });
});
