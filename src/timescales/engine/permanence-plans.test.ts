import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueItems, emptyTimeline, occurrences, PERMANENCE_GUIDANCE, type ChildTimeline } from './rules.ts';

// Care Planning, Placement and Case Review (England) Regulations 2010, reg 5: the care plan includes "the long
// term plan for the child's upbringing" (the plan for permanence). The Children Act 1989 guidance volume 2,
// chapter 2 (Permanence planning): the plan for permanence is in the care plan by the second review. Reg 33:
// the first review within 20 working days of the child becoming looked after, the second within 3 months of the first.
describe('permanence plan by the second review (CPPCR 2010 reg 5 and 33; volume 2 guidance, chapter 2)', () => {
  const episode = (startDate: string, endDate: string | null = null, legalStatus = 'C2') => ({
    startDate,
    endDate,
    reasonNewEpisode: 'S',
    reasonCeased: endDate ? 'E4A' : null,
    legalStatus,
    placementType: 'U4',
    placementPostcode: null,
  });
  const child = (careEpisodes: ChildTimeline['careEpisodes'], reviews: string[] = [], permanencePlans: string[] = []): ChildTimeline => ({
    ...emptyTimeline('2018-05-01', null),
    careEpisodes,
    events: reviews.map((date) => ({ kind: 'cla_review' as const, date })),
    permanencePlans,
  });
  const planItems = (t: ChildTimeline, today: string) => dueItems(t, today).filter((i) => i.kind === 'permanence_plan');

  test('no review held yet: due on the day the second review is due, 3 months after the day the first is due (20 working days), naming the guidance', () => {
    // In care from Monday 2 March 2026: 20 working days is 30 March 2026; the second review 3 months later.
    const [item, ...rest] = planItems(child([episode('2026-03-02')]), '2026-04-01');
    assert.equal(rest.length, 0);
    assert.equal(item!.dueDate, '2026-06-30');
    assert.equal(item!.rule.source, PERMANENCE_GUIDANCE);
    assert.match(item!.rule.text, /by the second review/);
  });

  test('the first review held late moves the second review, and so the plan: 3 months after the first review held', () => {
    const [item] = planItems(child([episode('2026-03-02')], ['2026-04-10']), '2026-05-01');
    assert.equal(item!.dueDate, '2026-07-10');
  });

  test('the second review held: the plan is due by the day of that review', () => {
    const [item] = planItems(child([episode('2026-03-02')], ['2026-03-27', '2026-06-15']), '2026-06-20');
    assert.equal(item!.dueDate, '2026-06-15');
    assert.equal(item!.status, 'overdue');
    assert.match(item!.basis, /second review held 15 June 2026/);
  });

  test('a plan decided by the second review answers it in time; one decided after answers it late; either way nothing stays due', () => {
    const inTime = child([episode('2026-03-02')], ['2026-03-27', '2026-06-15'], ['2026-06-15']);
    assert.deepEqual(occurrences(inTime, '2026-07-01').filter((o) => o.kind === 'permanence_plan').map((o) => [o.dueDate, o.doneOn]), [['2026-06-15', '2026-06-15']]);
    const late = child([episode('2026-03-02')], ['2026-03-27', '2026-06-15'], ['2026-07-20']);
    assert.deepEqual(occurrences(late, '2026-08-01').filter((o) => o.kind === 'permanence_plan').map((o) => [o.dueDate, o.doneOn]), [['2026-06-15', '2026-07-20']]);
    assert.deepEqual(planItems(late, '2026-08-01'), []);
  });

  test('a plan from an earlier period of care does not answer a new one: each period of care needs its plan', () => {
    const t = child([episode('2024-01-08', '2024-09-01'), episode('2026-03-02')], [], ['2024-04-01']);
    assert.deepEqual(planItems(t, '2026-07-01').map((i) => i.dueDate), ['2026-06-30']);
  });

  test('care that ends before the second review is due leaves nothing due', () => {
    assert.deepEqual(planItems(child([episode('2026-03-02', '2026-05-01')]), '2026-07-01'), []);
  });

  test('a series of short breaks (V3, V4) has no permanence plan', () => {
    assert.deepEqual(planItems(child([episode('2026-03-02', null, 'V4')]), '2026-07-01'), []);
  });
});
