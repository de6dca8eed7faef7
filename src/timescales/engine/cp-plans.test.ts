import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SETTINGS, dueItems, emptyTimeline, occurrences, type ChildTimeline } from './rules.ts';

// Working Together to Safeguard Children 2023, chapter 4, the child protection review conference:
// "The first child protection review conference should be held within 3 months of the initial
// child protection conference. Further reviews should be held at intervals of not more than 6
// months for as long as the child remains subject of a child protection plan."
describe('child protection review conferences (Working Together to Safeguard Children 2023, chapter 4)', () => {
  const onPlan = (events: ChildTimeline['events'], endDate: string | null = null): ChildTimeline => ({
    ...emptyTimeline('2016-05-01', null),
    cpPlans: [{ startDate: '2026-06-10', endDate }],
    events,
  });
  const reviews = (t: ChildTimeline, today: string) => occurrences(t, today).filter((o) => o.kind === 'cp_review');

  test('the first review is due within 3 months of the initial conference that made the plan', () => {
    const [first] = reviews(onPlan([]), '2026-07-01');
    assert.equal(first!.dueDate, '2026-09-10');
    assert.match(first!.rule.source, /Working Together to Safeguard Children 2023/);
  });

  test('further reviews at intervals of not more than 6 months from the last review held', () => {
    const held = onPlan([{ kind: 'cp_review', date: '2026-09-01' }]);
    const all = reviews(held, '2026-11-23');
    assert.deepEqual(all.map((o) => [o.dueDate, o.doneOn]), [['2026-09-10', '2026-09-01'], ['2027-03-01', null]]);
  });

  test('a first review held later than 3 months is late, and the next is 6 months after the day it was held', () => {
    const all = reviews(onPlan([{ kind: 'cp_review', date: '2026-09-20' }]), '2026-11-23');
    assert.equal(all[0]!.doneOn! > all[0]!.dueDate, true);
    assert.equal(all[1]!.dueDate, '2027-03-20');
  });

  test('for as long as the child remains subject of a plan: an ended plan owes no further review', () => {
    const ended = onPlan([{ kind: 'cp_review', date: '2026-09-01' }], '2026-09-01');
    assert.deepEqual(dueItems(ended, '2026-11-23').filter((i) => i.kind === 'cp_review'), []);
  });

  test('the first core group is due within the council’s working days of the plan starting (a local setting, default 10)', () => {
    const [item] = dueItems(onPlan([]), '2026-06-11').filter((i) => i.kind === 'core_group');
    assert.equal(item!.dueDate, '2026-06-24');
    const [shorter] = dueItems(onPlan([]), '2026-06-11', { ...DEFAULT_SETTINGS, coreGroupWorkingDays: 5 }).filter((i) => i.kind === 'core_group');
    assert.equal(shorter!.dueDate, '2026-06-17');
  });
});

// Working Together 2023, chapter 4: the core group develops the outline plan into a detailed plan
// with outcomes and timescales, and makes sure it is carried out.
describe('child protection plan actions (Working Together to Safeguard Children 2023, chapter 4)', () => {
  const child = (cpPlanActions: ChildTimeline['cpPlanActions']): ChildTimeline => ({ ...emptyTimeline('2016-05-01', null), cpPlanActions });
  const action = (dueDate: string, completedOn: string | null = null) => ({ planStart: '2026-09-01', planEnd: null, dueDate, completedOn, action: 'Register Pat with a dentist' });
  const items = (t: ChildTimeline) => dueItems(t, '2026-11-23').filter((i) => i.kind === 'cp_plan_action');

  test('an open action is due by the date the plan set; past it, overdue', () => {
    const [open, overdue] = [items(child([action('2026-11-30')]))[0]!, items(child([action('2026-11-20')]))[0]!];
    assert.equal(open.status, 'next_4_weeks');
    assert.equal(overdue.status, 'overdue');
    assert.equal(overdue.daysOverdue, 3);
    assert.match(overdue.basis, /plan from 1 September 2026: Register Pat/);
  });

  test('a done action is due no more', () => {
    assert.deepEqual(items(child([action('2026-11-20', '2026-11-21')])), []);
  });

  test('the plan\'s actions end with the plan: one due after it ended is not due, one missed while it ran is not overdue now', () => {
    const ended = (dueDate: string) => ({ ...action(dueDate), planEnd: '2026-11-10' });
    assert.deepEqual(items(child([ended('2026-11-20')])), []);
    const missed = items(child([ended('2026-11-01')]));
    assert.ok(missed.every((i) => i.status !== 'overdue'), JSON.stringify(missed));
  });
});
