import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conferenceDateProblem, endedOnProblem, icpcTiming, missingPartners, outcomeProblem, planOverlapProblem } from './rules.ts';

describe('the initial conference’s timing (Working Together to Safeguard Children 2023)', () => {
  // "The initial child protection conference should take place within 15 working days of the strategy
  // discussion, or the strategy discussion at which section 47 enquiries were initiated if more than one has been held."
  test('within 15 working days of the strategy discussion at which the enquiry was started', () => {
    const started = '2026-03-02'; // a Monday
    assert.deepEqual(icpcTiming(started, '2026-03-23'), { due: '2026-03-23', workingDays: 15, inTime: true });
    assert.deepEqual(icpcTiming(started, '2026-03-24'), { due: '2026-03-23', workingDays: 16, inTime: false });
  });

  test('bank holidays are not working days: Good Friday and Easter Monday 2026 push the date on', () => {
    const timing = icpcTiming('2026-03-30', '2026-04-22');
    assert.equal(timing.due, '2026-04-22', '15 working days from Monday 30 March, skipping 3 and 6 April');
    assert.equal(timing.inTime, true);
  });
});

describe('sequences', () => {
  test('an enquiry ends on or after the strategy discussion that started it', () => {
    assert.equal(endedOnProblem('2026-03-02', '2026-03-02'), null);
    assert.match(endedOnProblem('2026-03-01', '2026-03-02') ?? '', /on or after the strategy discussion that started it, 2 March 2026/);
  });

  test('a conference follows its strategy discussion and the end of the enquiry', () => {
    const enquiry = { startDate: '2026-03-02', endedOn: '2026-03-10' };
    assert.equal(conferenceDateProblem('2026-03-12', enquiry), null);
    assert.match(conferenceDateProblem('2026-03-01', enquiry) ?? '', /on or after the strategy discussion/);
    assert.match(conferenceDateProblem('2026-03-09', enquiry) ?? '', /on or after the day the enquiry ended, 10 March 2026/);
    assert.equal(conferenceDateProblem('2026-03-05', { startDate: '2026-03-02', endedOn: null }), null);
  });

  test('a plan is refused while the child is on one, or before one already recorded', () => {
    assert.equal(planOverlapProblem([{ startDate: '2025-01-06', endDate: '2025-09-01' }], '2026-03-12'), null);
    assert.match(planOverlapProblem([{ startDate: '2025-01-06', endDate: null }], '2026-03-12') ?? '', /already on a child protection plan from 6 January 2025/);
    assert.match(planOverlapProblem([{ startDate: '2026-04-01', endDate: null }], '2026-03-12') ?? '', /cannot start before it/);
    assert.equal(planOverlapProblem([{ startDate: '2025-01-06', endDate: '2026-03-12' }], '2026-03-12'), null, 'a plan ending that day is not open');
  });
});

describe('the enquiry’s outcome (Working Together 2023)', () => {
  // "Where concerns of significant harm are substantiated and the child is judged to be at continuing risk of
  // significant harm, an initial child protection conference should be convened."
  test('a child at continuing risk of significant harm needs an initial conference', () => {
    assert.match(outcomeProblem('substantiated_continuing_risk', false) ?? '', /needs an initial child protection conference/);
    assert.equal(outcomeProblem('substantiated_continuing_risk', true), null);
    assert.equal(outcomeProblem('not_substantiated', false), null);
  });
});

describe('strategy discussions (Working Together 2023)', () => {
  test('names the safeguarding partners missing from a discussion', () => {
    assert.deepEqual(missingPartners(['social_care', 'police', 'health', 'education']), []);
    assert.deepEqual(missingPartners(['social_care', 'education']), ['police', 'health']);
  });
});
