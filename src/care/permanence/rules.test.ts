import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OUTCOME_OF_REC, planOn, planProblems, plannedBy, stepProblems, type PlanContext } from './rules.ts';

// Care Planning, Placement and Case Review (England) Regulations 2010, reg 5: the care plan includes "the long
// term plan for the child's upbringing" (the plan for permanence): a plan for a child who is looked after, so it is
// decided while they are. A change of plan replaces the plan from its date; the earlier plan stays on the record.
describe('the plan for permanence (CPPCR 2010 reg 5)', () => {
  const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
    child: { dateOfBirth: '2019-04-02', dateOfDeath: null, forename: 'Ava' },
    periods: [
      { start: '2024-01-08', end: '2024-09-01' },
      { start: '2026-03-02', end: null },
    ],
    previous: null,
    reviews: [
      { id: 'r1', date: '2024-02-02' },
      { id: 'r2', date: '2026-03-27' },
    ],
    ...over,
  });
  const today = '2026-11-23';

  test('decided on a day the child was looked after is accepted', () => {
    assert.deepEqual(planProblems({ plan: 'adoption', decidedOn: '2026-06-30', reviewId: 'r2' }, ctx(), today), {});
  });

  test('refused before the child came into care, between periods of care, and with no care at all', () => {
    assert.match(planProblems({ decidedOn: '2023-12-01' }, ctx(), today)['decidedOn-day']!, /on or after the day Ava came into care, 8 January 2024/);
    assert.match(planProblems({ decidedOn: '2025-05-01' }, ctx(), today)['decidedOn-day']!, /on or before the day Ava’s care ended, 1 September 2024, or on or after 2 March 2026 when care began again/);
    assert.match(planProblems({ decidedOn: '2025-05-01' }, ctx({ periods: [] }), today)['decidedOn-day']!, /Ava has not been looked after/);
  });

  test('a change of plan cannot start before the plan it replaces', () => {
    const previous = { decidedOn: '2026-06-30', plan: 'return_home' as const };
    assert.match(planProblems({ decidedOn: '2026-06-01' }, ctx({ previous }), today)['decidedOn-day']!, /on or after the day the plan it replaces was decided, 30 June 2026/);
    assert.deepEqual(planProblems({ decidedOn: '2026-06-30' }, ctx({ previous }), today), {}, 'the same day is not before it');
  });

  test('twin-track planning: the parallel plan differs from the main plan', () => {
    assert.match(planProblems({ plan: 'adoption', parallelPlan: 'adoption' }, ctx(), today).parallelPlan!, /different from the main plan/);
  });

  test('the review that agreed it is a review of the same period of care, held on or before the day decided', () => {
    assert.match(planProblems({ decidedOn: '2026-06-30', reviewId: 'r1' }, ctx(), today).reviewId!, /held in this period of care, from 2 March 2026/);
    assert.match(planProblems({ decidedOn: '2026-03-20', reviewId: 'r2' }, ctx(), today).reviewId!, /on or before the day it was decided/);
    assert.match(planProblems({ decidedOn: '2026-06-30', reviewId: 'nope' }, ctx(), today).reviewId!, /one of the looked-after reviews listed/);
  });

  test('the plan in force on a day is the latest decided by then', () => {
    const plans = [{ decidedOn: '2026-04-01', plan: 'a' }, { decidedOn: '2026-08-01', plan: 'b' }];
    assert.equal(planOn(plans, '2026-07-01')?.plan, 'a');
    assert.equal(planOn(plans, '2026-08-01')?.plan, 'b');
    assert.equal(planOn(plans, '2026-03-01'), null);
  });

  test('planned by the second review: a plan in the period, on or before the day', () => {
    assert.equal(plannedBy([{ decidedOn: '2026-06-30' }], { start: '2026-03-02', end: null }, '2026-06-30'), true);
    assert.equal(plannedBy([{ decidedOn: '2026-07-01' }], { start: '2026-03-02', end: null }, '2026-06-30'), false);
    assert.equal(plannedBy([{ decidedOn: '2024-03-01' }], { start: '2026-03-02', end: null }, '2026-06-30'), false);
  });
});

// SSDA903 reason episode ceased (REC): how care ended, in the DfE's codes.
describe('permanence achieved, by how care ended (SSDA903 REC)', () => {
  test('adopted (E11, E12), child arrangements order (E41), special guardianship (E45 to E48), home (E4A, E4B, E13); other endings are not permanence', () => {
    assert.deepEqual(
      ['E11', 'E12', 'E41', 'E45', 'E46', 'E47', 'E48', 'E4A', 'E4B', 'E13'].map((c) => OUTCOME_OF_REC[c]),
      ['adoption', 'adoption', 'child_arrangements', 'special_guardianship', 'special_guardianship', 'special_guardianship', 'special_guardianship', 'return_home', 'return_home', 'return_home'],
    );
    for (const other of ['E2', 'E3', 'E5', 'E6', 'E7', 'E8', 'E9', 'E17', 'X1']) assert.equal(OUTCOME_OF_REC[other], undefined, other);
  });
});

describe('the journey home (a plan to return home)', () => {
  const child = { dateOfBirth: '2019-04-02', dateOfDeath: null };
  test('steps follow a plan to return home, in date order with it; support after the return follows going home', () => {
    assert.match(stepProblems({ step: 'more_contact', stepDate: '2026-05-01' }, { child, returnHomeSince: null, wentHomeOn: null }, '2026-11-23').step!, /plan to return home first/);
    assert.match(stepProblems({ step: 'support_after_return', stepDate: '2026-10-01' }, { child, returnHomeSince: '2026-06-01', wentHomeOn: null }, '2026-11-23').step!, /went home before support after the return/);
    assert.deepEqual(stepProblems({ step: 'trial_at_home', stepDate: '2026-09-01' }, { child, returnHomeSince: '2026-06-01', wentHomeOn: null }, '2026-11-23'), {});
  });
});
