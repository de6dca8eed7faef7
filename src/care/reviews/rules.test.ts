import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseloadBand, chairProblem, completionProblem, dueDateProblem, participationProblem, recommendationStatus } from './rules.ts';

// DfE SSDA903 validation rules 440 and 441: "Participation method indicates child was under 4 years old at
// the time of the review, but date of birth and review date indicates the child was 4 years old or over",
// and the reverse. REVIEW_CODE PN0: "Child aged under 4 at the time of the review".
describe('participation in the review (SSDA903 Reviews REVIEW_CODE; validation rules 440 and 441)', () => {
  test('PN0 is for a child under 4 on the day of the review, and only for them', () => {
    assert.equal(participationProblem('PN0', '2023-06-01', '2026-11-01'), null);
    assert.match(participationProblem('PN0', '2022-06-01', '2026-11-01')!, /4 or over on the day of the review \(4 on 1 June 2026\)/);
    assert.match(participationProblem('PN1', '2023-06-01', '2026-11-01')!, /under 4 on the day of the review/);
    assert.equal(participationProblem('PN7', '2022-06-01', '2026-11-01'), null);
  });

  test('the fourth birthday itself counts as 4', () => {
    assert.equal(participationProblem('PN1', '2022-11-01', '2026-11-01'), null);
    assert.notEqual(participationProblem('PN0', '2022-11-01', '2026-11-01'), null);
  });
});

// Children Act 1989 s25B and Care Planning Regulations 2010 reg 36: the IRO chairs the review.
describe('the chair (Children Act 1989 s25B; Care Planning Regulations 2010 reg 36)', () => {
  test('must be an independent reviewing officer, working here now', () => {
    assert.equal(chairProblem({ role: 'iro', disabled: false }), null);
    assert.match(chairProblem({ role: 'social_worker', disabled: false })!, /must be an independent reviewing officer/);
    assert.match(chairProblem({ role: 'team_manager', disabled: false })!, /must be an independent reviewing officer/);
    assert.match(chairProblem(null)!, /must be an independent reviewing officer/);
    assert.match(chairProblem({ role: 'iro', disabled: true })!, /works here now/);
  });
});

// IRO Handbook (2010) chapter 3 and reg 37: each recommendation has who will carry it out and by when.
describe('recommendations (Care Planning Regulations 2010 reg 37; IRO Handbook 2010)', () => {
  test('due on or after the day of the review, never before', () => {
    assert.equal(dueDateProblem('2026-10-01', '2026-10-01'), null);
    assert.match(dueDateProblem('2026-09-30', '2026-10-01')!, /on or after the day of the review, 1 October 2026/);
  });

  test('done on or after the review and not in the future', () => {
    assert.equal(completionProblem('2026-11-23', '2026-10-01', '2026-11-23'), null);
    assert.match(completionProblem('2026-11-24', '2026-10-01', '2026-11-23')!, /today or in the past/);
    assert.match(completionProblem('2026-09-30', '2026-10-01', '2026-11-23')!, /on or after the day of the review/);
  });

  test('open, overdue once past its date, done in time or late', () => {
    assert.equal(recommendationStatus({ dueDate: '2026-11-23', completedOn: null }, '2026-11-23').key, 'open');
    assert.equal(recommendationStatus({ dueDate: '2026-11-22', completedOn: null }, '2026-11-23').key, 'overdue');
    assert.equal(recommendationStatus({ dueDate: '2026-11-22', completedOn: '2026-11-22' }, '2026-11-23').key, 'done');
    assert.equal(recommendationStatus({ dueDate: '2026-11-22', completedOn: '2026-11-23' }, '2026-11-23').key, 'done_late');
  });
});

// IRO Handbook (2010) para 7.15: a caseload of 50 to 70 looked-after children for a full-time IRO.
describe('IRO caseloads (IRO Handbook 2010, para 7.15: 50 to 70 looked-after children a full-time IRO)', () => {
  test('a full-time IRO with 50 to 70 children is within the range; 71 is above it; 49 below', () => {
    assert.equal(caseloadBand(50, 1).band, 'within');
    assert.equal(caseloadBand(70, 1).band, 'within');
    assert.equal(caseloadBand(71, 1).band, 'above');
    assert.equal(caseloadBand(49, 1).band, 'below');
  });

  test('scaled by working time: a half-time IRO is above the range with 36', () => {
    assert.deepEqual(caseloadBand(36, 0.5), { band: 'above', from: 25, to: 35 });
  });
});
