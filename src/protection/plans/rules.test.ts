import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionDoneProblem, actionStatus, coreGroupProblem, overlapProblem, planEndProblem, preProceedingsProblems, reviewConferenceProblem } from './rules.ts';

const plan = { start: '2026-09-01', end: null };
const today = '2026-11-23';

test('a plan cannot end before it began or in the future', () => {
  assert.match(planEndProblem('2026-08-31', plan.start, today)!, /on or after the day the plan started, 1 September 2026/);
  assert.match(planEndProblem('2026-11-24', plan.start, today)!, /today or in the past/);
  assert.equal(planEndProblem('2026-09-01', plan.start, today), null);
});

test('an action is done after the plan began and not in the future', () => {
  assert.match(actionDoneProblem('2026-08-31', plan, today)!, /on or after the day the plan started/);
  assert.match(actionDoneProblem('2026-11-24', plan, today)!, /today or in the past/);
  assert.equal(actionDoneProblem('2026-11-23', plan, today), null);
});

test('Working Together 2023: the core group follows the initial conference that made the plan; a review conference comes after it', () => {
  assert.equal(coreGroupProblem('2026-09-01', plan), null, 'a core group may meet on the day of the conference');
  assert.match(coreGroupProblem('2026-08-31', plan)!, /initial conference that made the plan, 1 September 2026/);
  assert.match(reviewConferenceProblem('2026-09-01', plan)!, /after the initial conference/);
  assert.match(reviewConferenceProblem('2026-12-01', { start: '2026-09-01', end: '2026-11-01' })!, /on or before the day the plan ended/);
});

test('CIN census: one child in need plan at a time; a period crossing another is refused, touching is allowed only after its end', () => {
  const earlier = [{ start: '2026-01-01', end: '2026-03-31' }];
  assert.match(overlapProblem({ start: '2026-03-31', end: null }, earlier, 'The plan', 'child in need plan')!, /overlaps the child in need plan from 1 January 2026 to 31 March 2026/);
  assert.equal(overlapProblem({ start: '2026-04-01', end: null }, earlier, 'The plan', 'child in need plan'), null);
  assert.match(overlapProblem({ start: '2025-06-01', end: '2026-01-01' }, earlier, 'The plan', 'plan')!, /overlaps/);
});

test('Public Law Outline: decision, letter before proceedings, meeting, outcome, in order; a family group conference after its offer', () => {
  const steps = { decisionDate: '2026-09-01', letterDate: null, initialMeetingDate: null, fgdmOfferedOn: null, fgdmHeldOn: null, outcomeDate: null };
  assert.deepEqual(preProceedingsProblems(steps, today), {});
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, letterDate: '2026-08-30' }, today)), ['letterDate']);
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, initialMeetingDate: '2026-09-10' }, today)), ['initialMeetingDate']);
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, letterDate: '2026-09-05', initialMeetingDate: '2026-09-04' }, today)), ['initialMeetingDate']);
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, fgdmOfferedOn: '2026-09-10', fgdmHeldOn: '2026-09-09' }, today)), ['fgdmHeldOn']);
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, outcomeDate: '2026-08-01' }, today)), ['outcomeDate']);
  assert.deepEqual(Object.keys(preProceedingsProblems({ ...steps, letterDate: '2026-11-30' }, today)), ['letterDate']);
});

test('an action’s status: done, done late, overdue or open', () => {
  assert.equal(actionStatus({ dueDate: '2026-11-20', completedOn: '2026-11-19' }, today).key, 'done');
  assert.equal(actionStatus({ dueDate: '2026-11-20', completedOn: '2026-11-21' }, today).key, 'done_late');
  assert.equal(actionStatus({ dueDate: '2026-11-22', completedOn: null }, today).key, 'overdue');
  assert.equal(actionStatus({ dueDate: '2026-11-23', completedOn: null }, today).key, 'open');
});
