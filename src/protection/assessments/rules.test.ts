import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assessmentDueDate,
  assessmentStatus,
  authorisedProblem,
  authoriserProblem,
  factorsProblem,
  missingForSubmission,
  seenProblem,
  startProblem,
  timescaleText,
} from './rules.ts';

const child = { dateOfBirth: '2016-05-04', dateOfDeath: null };
const referral = { referralDate: '2026-10-01', closeDate: null };

// Working Together to Safeguard Children 2023, chapter 3: "The maximum timeframe for the assessment to conclude,
// such that it is possible to reach a decision on next steps, should be no longer than 45 working days from the
// point of referral."
describe('the 45 working days from the point of referral', () => {
  test('a referral on Thursday 1 October 2026 is assessed by Thursday 3 December 2026 (45 working days, no bank holiday between)', () => {
    assert.equal(assessmentDueDate('2026-10-01'), '2026-12-03');
  });

  test('across Christmas: a referral on Monday 16 November 2026 is due on Thursday 21 January 2027, the bank holidays of 25 and 28 December and 1 January not counted', () => {
    assert.equal(assessmentDueDate('2026-11-16'), '2027-01-21');
  });

  test('completed on the 45th working day is in time; on the 46th it is late; open past the due date it is overdue', () => {
    assert.deepEqual(timescaleText('2026-10-01', '2026-12-03', '2026-12-10'), { days: 45, late: false, text: 'Completed in 45 working days' });
    assert.deepEqual(timescaleText('2026-10-01', '2026-12-04', '2026-12-10'), { days: 46, late: true, text: 'Completed in 46 working days, 1 over the 45' });
    assert.equal(timescaleText('2026-10-01', null, '2026-11-23').text, 'Day 37 of 45: due by 3 December 2026');
    assert.equal(timescaleText('2026-10-01', null, '2026-12-03').text, 'Day 45 of 45: due by 3 December 2026 (today)');
    assert.deepEqual(timescaleText('2026-10-01', null, '2026-12-04'), { days: 46, late: true, text: 'Day 46: overdue since 3 December 2026' });
  });
});

describe('the order of its dates', () => {
  test('started on or after the referral, while it was open, never in the future', () => {
    assert.equal(startProblem('2026-10-01', referral, child, '2026-11-23'), null);
    assert.match(startProblem('2026-09-30', referral, child, '2026-11-23')!, /on or after the referral, 1 October 2026/);
    assert.match(startProblem('2026-11-24', referral, child, '2026-11-23')!, /today or in the past/);
    assert.match(startProblem('2026-10-21', { referralDate: '2026-10-01', closeDate: '2026-10-20' }, child, '2026-11-23')!, /on or before the referral closed, 20 October 2026/);
  });

  test('the child seen on or after the start, never in the future', () => {
    assert.equal(seenProblem('2026-10-05', '2026-10-05', child, '2026-11-23'), null);
    assert.match(seenProblem('2026-10-04', '2026-10-05', child, '2026-11-23')!, /on or after the assessment started, 5 October 2026/);
    assert.match(seenProblem('2026-11-24', '2026-10-05', child, '2026-11-23')!, /today or in the past/);
  });

  test('authorised on or after the start and the submission, while the referral was open, never in the future', () => {
    const a = { startDate: '2026-10-05', submittedOn: '2026-11-20' };
    assert.equal(authorisedProblem('2026-11-20', a, referral, child, '2026-11-23'), null);
    assert.match(authorisedProblem('2026-11-19', a, referral, child, '2026-11-23')!, /on or after the assessment was submitted, 20 November 2026/);
    assert.match(authorisedProblem('2026-10-04', { startDate: '2026-10-05', submittedOn: '2026-10-04' }, referral, child, '2026-11-23')!, /on or after the assessment started/);
    assert.match(authorisedProblem('2026-11-24', a, referral, child, '2026-11-23')!, /today or in the past/);
    assert.match(authorisedProblem('2026-11-22', a, { referralDate: '2026-10-01', closeDate: '2026-11-21' }, child, '2026-11-23')!, /on or before the referral closed/);
  });
});

describe('its content and who authorises it', () => {
  test('submitted only when the child’s seeing, the factors, the three domains, both views, the analysis and the outcome are there', () => {
    const empty = { childSeen: null, factors: [], developmentalNeeds: null, parentingCapacity: null, familyEnvironment: null, childViews: null, parentsViews: null, analysis: null, outcome: null };
    assert.deepEqual(Object.keys(missingForSubmission(empty)), ['childSeen', 'factors', 'developmentalNeeds', 'parentingCapacity', 'familyEnvironment', 'childViews', 'parentsViews', 'analysis', 'outcome']);
    const full = { childSeen: false, factors: ['1B'], developmentalNeeds: 'a', parentingCapacity: 'b', familyEnvironment: 'c', childViews: 'd', parentsViews: 'e', analysis: 'f', outcome: 'early_help' as const };
    assert.deepEqual(missingForSubmission(full), {});
  });

  // CIN census schema 2024, assessmentfactorstype 21: "No factors identified - only use this if there is no
  // evidence of any of the factors above and no further action is being taken".
  test('“No factors identified” (21) stands alone and only with no further action', () => {
    assert.equal(factorsProblem(['21'], 'no_further_action'), null);
    assert.equal(factorsProblem(['21'], null), null);
    assert.match(factorsProblem(['21', '3A'], 'no_further_action')!, /cannot be selected with other factors/);
    assert.match(factorsProblem(['21'], 'cin_plan')!, /only used when the outcome is no further action/);
    assert.equal(factorsProblem(['3A', '4B'], 'cin_plan'), null);
  });

  test('a practice supervisor or team manager of the child’s team, or the service manager of its service, who neither wrote nor submitted it', () => {
    const team = { teamId: 't1', serviceId: 's1' };
    const written = { createdBy: 'worker', submittedBy: 'worker' };
    assert.equal(authoriserProblem({ id: 'm', role: 'team_manager', teamId: 't1', serviceId: 's1' }, written, team), null);
    assert.equal(authoriserProblem({ id: 'p', role: 'practice_supervisor', teamId: 't1', serviceId: 's1' }, written, team), null);
    assert.equal(authoriserProblem({ id: 's', role: 'service_manager', teamId: null, serviceId: 's1' }, written, team), null);
    assert.match(authoriserProblem({ id: 'm2', role: 'team_manager', teamId: 't2', serviceId: 's1' }, written, team)!, /of the child’s team/);
    assert.match(authoriserProblem({ id: 's2', role: 'service_manager', teamId: null, serviceId: 's2' }, written, team)!, /of the child’s team/);
    assert.match(authoriserProblem({ id: 'worker', role: 'social_worker', teamId: 't1', serviceId: 's1' }, written, team)!, /practice supervisor, team manager or service manager/);
    assert.match(authoriserProblem({ id: 'h', role: 'head_of_service', teamId: null, serviceId: null }, written, team)!, /practice supervisor, team manager or service manager/);
    assert.match(authoriserProblem({ id: 'm', role: 'team_manager', teamId: 't1', serviceId: 's1' }, { createdBy: 'm', submittedBy: 'worker' }, team)!, /did not write or submit it/);
    assert.match(authoriserProblem({ id: 'm', role: 'team_manager', teamId: 't1', serviceId: 's1' }, written, { teamId: null, serviceId: null })!, /of the child’s team/);
  });

  test('status: in progress, returned for more work, awaiting authorisation, authorised', () => {
    assert.equal(assessmentStatus({ submittedOn: null, authorisedOn: null, returnedOn: null }).text, 'In progress');
    assert.equal(assessmentStatus({ submittedOn: null, authorisedOn: null, returnedOn: '2026-11-20' }).text, 'Returned for more work');
    assert.equal(assessmentStatus({ submittedOn: '2026-11-21', authorisedOn: null, returnedOn: '2026-11-20' }).text, 'Awaiting authorisation');
    assert.equal(assessmentStatus({ submittedOn: '2026-11-21', authorisedOn: '2026-11-23', returnedOn: null }).text, 'Authorised');
  });
});
