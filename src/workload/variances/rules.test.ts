import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastMonths, measuresStart, planOutcome, planOverdue, promptness, spread, type MeasureInput } from './rules.ts';

const TODAY = '2026-11-23';

const variance = (overrides: Partial<MeasureInput>): MeasureInput => ({
  openedOn: '2026-11-02',
  openedAt: new Date('2026-11-02T09:00:00Z'),
  planDueOn: '2026-11-09',
  planRecordedAt: null,
  firstActionAt: null,
  closedAt: null,
  closedOn: null,
  ...overrides,
});

test('median and average, to one decimal place', () => {
  assert.deepEqual(spread([]), { count: 0, median: null, average: null });
  assert.deepEqual(spread([5, 1, 3]), { count: 3, median: 3, average: 3 });
  assert.deepEqual(spread([1, 2, 4, 10]), { count: 4, median: 3, average: 4.3 });
});

test('a plan counts as in time by its London date, on or before the day it was due', () => {
  // 23:30 UTC on 9 November is 23:30 in London (GMT): still the due day.
  assert.equal(planOutcome(variance({ planRecordedAt: new Date('2026-11-09T23:30:00Z') }), TODAY), 'in_time');
  assert.equal(planOutcome(variance({ planRecordedAt: new Date('2026-11-10T00:30:00Z') }), TODAY), 'late');
  // In summer London is an hour ahead: 23:30 UTC is already the next day.
  assert.equal(planOutcome(variance({ planDueOn: '2026-06-09', planRecordedAt: new Date('2026-06-09T23:30:00Z') }), TODAY), 'late');
});

test('no plan: owed once the deadline has passed, unless the variance closed by then', () => {
  assert.equal(planOutcome(variance({}), TODAY), 'late');
  assert.equal(planOutcome(variance({ planDueOn: TODAY }), TODAY), 'not_owed', 'due today: not late yet');
  assert.equal(planOutcome(variance({ closedOn: '2026-11-09' }), TODAY), 'not_owed');
  assert.equal(planOutcome(variance({ closedOn: '2026-11-10' }), TODAY), 'late');
});

test('an overdue plan is an open variance without a plan after its due day', () => {
  assert.equal(planOverdue({ closed_on: null, plan_recorded_at: null, plan_due_on: '2026-11-20' }, TODAY), true);
  assert.equal(planOverdue({ closed_on: null, plan_recorded_at: null, plan_due_on: TODAY }, TODAY), false);
  assert.equal(planOverdue({ closed_on: null, plan_recorded_at: new Date(), plan_due_on: '2026-11-20' }, TODAY), false);
  assert.equal(planOverdue({ closed_on: '2026-11-21', plan_recorded_at: null, plan_due_on: '2026-11-20' }, TODAY), false);
});

test('working days to the first action leave out weekends; days to resolution are elapsed time', () => {
  const figures = promptness(
    [
      // Opened Friday 6 November, first action Monday 9 November: one working day.
      variance({ openedOn: '2026-11-06', openedAt: new Date('2026-11-06T15:00:00Z'), firstActionAt: new Date('2026-11-09T10:00:00Z'), closedAt: new Date('2026-11-08T03:00:00Z'), closedOn: '2026-11-08' }),
      variance({ firstActionAt: new Date('2026-11-05T10:00:00Z') }),
    ],
    TODAY,
  );
  assert.deepEqual(figures.toFirstAction, { count: 2, median: 2, average: 2 }, '1 and 3 working days');
  assert.deepEqual(figures.toResolution, { count: 1, median: 1.5, average: 1.5 }, '36 hours');
});

test('the last twelve months, newest first, across a year end', () => {
  assert.deepEqual(lastMonths('2026-02-10', 3), ['2026-02', '2026-01', '2025-12']);
  assert.equal(lastMonths(TODAY).length, 12);
  assert.equal(measuresStart(TODAY), '2025-12-01');
});
