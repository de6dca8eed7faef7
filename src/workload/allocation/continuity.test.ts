import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SW_REASONS, type SwReason } from '../../reference/codes.ts';
import { childContinuity, summariseContinuity, type AllocationSpell } from './continuity.ts';

const TODAY = '2025-03-31';
// The 365 days ending 31 March 2025 start on 1 April 2024.

const spell = (workerId: string | null, start: string, end: string | null, reason: SwReason | null = null): AllocationSpell => ({ workerId, start, end, reason });

const oneWorkerTwoYears = [spell('A', '2023-03-01', null)];
const threeWorkers = [
  // Deliberately out of order, with gaps between the workers.
  spell('B', '2024-06-01', '2024-11-15', 'LEFTRL'),
  spell('A', '2023-01-10', '2024-05-20', 'MANAGE'),
  spell('C', '2024-12-01', null),
];

test('a child with one worker for two years', () => {
  const c = childContinuity(oneWorkerTwoYears, TODAY);
  assert.equal(c.currentWorkerId, 'A');
  assert.equal(c.currentSince, '2023-03-01');
  assert.equal(c.currentRelationshipDays, 761); // 731 days to 1 March 2025 (2024 was a leap year) + 30
  assert.equal(c.firstAllocated, '2023-03-01');
  assert.equal(c.workersLast12Months, 1);
  assert.equal(c.workersEver, 1);
  assert.equal(c.changesLast12Months, 0);
  assert.deepEqual(c.changeReasons, {});
  assert.equal(c.unallocatedSince, null);
});

test('an unsorted history with gaps: changes counted with the reason the previous allocation ended', () => {
  const c = childContinuity(threeWorkers, TODAY);
  assert.equal(c.currentWorkerId, 'C');
  assert.equal(c.currentSince, '2024-12-01');
  assert.equal(c.currentRelationshipDays, 120); // 30 + 31 + 28 + 31
  assert.equal(c.firstAllocated, '2023-01-10');
  assert.equal(c.workersLast12Months, 3); // A held the case until 20 May 2024, inside the year
  assert.equal(c.workersEver, 3);
  assert.equal(c.changesLast12Months, 2); // A -> B on 1 June 2024, B -> C on 1 December 2024
  assert.deepEqual(c.changeReasons, { MANAGE: 1, LEFTRL: 1 });
  assert.equal(c.changesWithoutReason, 0);
  assert.equal(c.unallocatedSince, null);
});

test('a child whose worker has gone and who has no new one is unallocated from the end date', () => {
  const c = childContinuity([spell('A', '2024-01-01', '2025-03-01', 'LEFTRL')], TODAY);
  assert.equal(c.currentWorkerId, null);
  assert.equal(c.currentSince, null);
  assert.equal(c.currentRelationshipDays, null);
  assert.equal(c.unallocatedSince, '2025-03-01');
  assert.equal(c.workersLast12Months, 1);
  assert.equal(c.changesLast12Months, 0); // no one has taken over yet
});

test('an allocation ending today no longer holds the case; one starting today does', () => {
  const ended = childContinuity([spell('A', '2024-01-01', TODAY, 'ORGRST')], TODAY);
  assert.equal(ended.currentWorkerId, null);
  assert.equal(ended.unallocatedSince, TODAY);
  const handedOver = childContinuity([spell('A', '2024-01-01', TODAY, 'ORGRST'), spell('B', TODAY, null)], TODAY);
  assert.equal(handedOver.currentWorkerId, 'B');
  assert.equal(handedOver.currentRelationshipDays, 0);
  assert.deepEqual(handedOver.changeReasons, { ORGRST: 1 });
});

test('back-to-back allocations of the same worker are one relationship; a break starts a new one but is not a change', () => {
  const backToBack = childContinuity([spell('A', '2024-01-01', null), spell('A', '2022-05-01', '2024-01-01')], TODAY);
  assert.equal(backToBack.currentSince, '2022-05-01');
  assert.equal(backToBack.changesLast12Months, 0);
  const withBreak = childContinuity([spell('A', '2022-05-01', '2024-09-01', 'OTHERS'), spell('A', '2024-10-01', null)], TODAY);
  assert.equal(withBreak.currentSince, '2024-10-01');
  assert.equal(withBreak.workersEver, 1);
  assert.equal(withBreak.changesLast12Months, 0);
});

test('an overlapping handover: the later allocation leads from its start', () => {
  const c = childContinuity([spell('A', '2024-01-01', '2024-06-10', 'TSPROC'), spell('B', '2024-06-01', null)], TODAY);
  assert.equal(c.currentWorkerId, 'B');
  assert.equal(c.currentSince, '2024-06-01');
  assert.deepEqual(c.changeReasons, { TSPROC: 1 });
});

test('allocations after today are ignored', () => {
  const c = childContinuity([spell('A', '2024-01-01', null), spell('B', '2025-04-10', null)], TODAY);
  assert.equal(c.currentWorkerId, 'A');
  assert.equal(c.workersEver, 1);
});

test('the last 12 months are the 365 days ending today: an allocation ceasing on their first day is outside them', () => {
  // The year to 31 March 2025 starts on 1 April 2024. Ceasing on 1 April, A last held the case on 31 March 2024.
  const before = childContinuity([spell('A', '2023-01-01', '2024-04-01', 'MANAGE'), spell('B', '2024-04-01', null)], TODAY);
  assert.equal(before.workersLast12Months, 1);
  assert.equal(before.changesLast12Months, 1); // B took over on 1 April 2024, inside the year
  const inside = childContinuity([spell('A', '2023-01-01', '2024-04-02', 'MANAGE'), spell('B', '2024-04-02', null)], TODAY);
  assert.equal(inside.workersLast12Months, 2);
  const changedTheDayBefore = childContinuity([spell('A', '2023-01-01', '2024-03-31', 'MANAGE'), spell('B', '2024-03-31', null)], TODAY);
  assert.equal(changedTheDayBefore.changesLast12Months, 0);
});

test('changes before the last 12 months count towards workersEver but not the year', () => {
  const c = childContinuity([spell('A', '2020-01-01', '2023-01-01', 'MANAGE'), spell('B', '2023-01-01', null)], TODAY);
  assert.equal(c.workersEver, 2);
  assert.equal(c.workersLast12Months, 1);
  assert.equal(c.changesLast12Months, 0);
  assert.deepEqual(c.changeReasons, {});
});

test('time held by a team without a named worker is unallocated time', () => {
  const via = childContinuity([spell('A', '2024-01-01', '2024-06-01', 'LEFTRL'), spell(null, '2024-06-01', '2024-07-01'), spell('B', '2024-07-01', null)], TODAY);
  assert.equal(via.workersEver, 2);
  assert.deepEqual(via.changeReasons, { LEFTRL: 1 });
  const waiting = childContinuity([spell('A', '2024-01-01', '2024-06-01', 'LEFTRL'), spell(null, '2024-06-01', null)], TODAY);
  assert.equal(waiting.currentWorkerId, null);
  assert.equal(waiting.unallocatedSince, '2024-06-01');
  const neverNamed = childContinuity([spell(null, '2024-06-01', null)], TODAY);
  assert.equal(neverNamed.unallocatedSince, null);
  assert.equal(neverNamed.workersEver, 0);
});

test('a missing or unrecognised reason is counted apart', () => {
  const c = childContinuity([spell('A', '2024-05-01', '2024-08-01'), spell('B', '2024-08-01', '2024-10-01', 'closed' as SwReason), spell('C', '2024-10-01', null)], TODAY);
  assert.equal(c.changesLast12Months, 2);
  assert.equal(c.changesWithoutReason, 2);
  assert.deepEqual(c.changeReasons, {});
});

test('bad dates are refused rather than guessed at', () => {
  assert.throws(() => childContinuity([spell('A', '2024-05-01', '2024-04-01')], TODAY), RangeError);
  assert.throws(() => childContinuity([spell('A', '2025-02-30', null)], TODAY), RangeError);
  assert.throws(() => childContinuity([spell('A', '1/5/2024', null)], TODAY), RangeError);
  assert.throws(() => childContinuity([], '31/03/2025'), RangeError);
  assert.deepEqual(childContinuity([], TODAY), {
    currentWorkerId: null,
    currentSince: null,
    currentRelationshipDays: null,
    firstAllocated: null,
    daysSinceFirstAllocated: null,
    workersLast12Months: 0,
    workersEver: 0,
    changesLast12Months: 0,
    changeReasons: {},
    changesWithoutReason: 0,
    unallocatedSince: null,
  });
});

test('summary: the kept-worker share counts children allocated for a year, and those who kept their worker', () => {
  const summary = summariseContinuity([
    childContinuity(oneWorkerTwoYears, TODAY), // allocated 2 years, same worker: kept
    childContinuity(threeWorkers, TODAY), // allocated since 2023, current worker 120 days: not kept
    childContinuity([spell('D', '2025-01-01', null)], TODAY), // allocated under a year: not in the share
    childContinuity([spell('A', '2024-01-01', '2025-03-01', 'LEFTRL')], TODAY), // unallocated: not in the share
  ]);
  assert.deepEqual(summary, {
    children: 4,
    allocated: 3,
    allocatedAYearOrMore: 2,
    keptWorker12Months: 1,
    keptWorker12MonthsShare: 0.5,
    averageWorkersLast12Months: 1.5, // (1 + 3 + 1 + 1) / 4
    childrenWith3PlusWorkersLast12Months: 1,
    changesLast12Months: 2,
    reasons: { MANAGE: 1, LEFTRL: 1 },
    changesWithoutReason: 0,
  });
});

test('summary of no children, or none allocated for a year, has no share rather than a made-up one', () => {
  const empty = summariseContinuity([]);
  assert.equal(empty.keptWorker12MonthsShare, null);
  assert.equal(empty.averageWorkersLast12Months, null);
  assert.equal(summariseContinuity([childContinuity([spell('D', '2025-01-01', null)], TODAY)]).keptWorker12MonthsShare, null);
});

test('a worker held for exactly 365 days counts as kept; 364 does not', () => {
  const history = (start: string) => [spell('X', '2020-01-01', start, 'MANAGE'), spell('Y', start, null)];
  assert.equal(summariseContinuity([childContinuity(history('2024-03-31'), TODAY)]).keptWorker12Months, 1); // 365 days
  assert.equal(summariseContinuity([childContinuity(history('2024-04-01'), TODAY)]).keptWorker12Months, 0); // 364 days
});

// ----------------------------------------------------------------- properties

const BASE = Date.UTC(2022, 0, 1);
const dateAt = (offset: number) => new Date(BASE + offset * 86_400_000).toISOString().slice(0, 10);

const arbitrarySpell = fc
  .record({
    workerId: fc.constantFrom('A', 'B', 'C', 'D', 'E', null),
    start: fc.integer({ min: 0, max: 1500 }),
    length: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    reason: fc.option(fc.constantFrom(...SW_REASONS), { nil: null }),
  })
  .map(({ workerId, start, length, reason }) => spell(workerId, dateAt(start), length === null ? null : dateAt(start + length), reason));
const arbitraryHistory = fc.array(arbitrarySpell, { maxLength: 8 });
const arbitraryToday = fc.integer({ min: 0, max: 1600 }).map(dateAt);

test('property: workersLast12Months ≤ workersEver, and every new worker in the year came by a change', () => {
  fc.assert(
    fc.property(arbitraryHistory, arbitraryToday, (history, today) => {
      const c = childContinuity(history, today);
      assert.ok(c.workersLast12Months <= c.workersEver);
      assert.ok(c.changesLast12Months >= c.workersLast12Months - 1);
      const reasons = Object.values(c.changeReasons).reduce((sum, n) => sum + n, 0);
      assert.equal(reasons + c.changesWithoutReason, c.changesLast12Months);
      assert.equal(c.currentWorkerId === null, c.currentSince === null);
      if (c.currentWorkerId !== null) {
        assert.equal(c.unallocatedSince, null);
        assert.ok(c.workersLast12Months >= 1);
        assert.ok(c.currentRelationshipDays! <= c.daysSinceFirstAllocated!);
        assert.ok(history.some((h) => h.workerId === c.currentWorkerId && h.start <= today && (h.end === null || h.end > today)));
      }
    }),
  );
});

test('property: the order of the history makes no difference', () => {
  fc.assert(
    fc.property(arbitraryHistory, arbitraryToday, fc.func(fc.integer()), (history, today, key) => {
      const shuffled = [...history].sort((a, b) => key(a) - key(b));
      assert.deepEqual(childContinuity(shuffled, today), childContinuity(history, today));
    }),
  );
});

test('property: the summary adds up', () => {
  fc.assert(
    fc.property(fc.array(arbitraryHistory, { maxLength: 6 }), arbitraryToday, (histories, today) => {
      const children = histories.map((h) => childContinuity(h, today));
      const s = summariseContinuity(children);
      assert.ok(s.keptWorker12Months <= s.allocatedAYearOrMore && s.allocatedAYearOrMore <= s.allocated && s.allocated <= s.children);
      if (s.keptWorker12MonthsShare !== null) assert.ok(s.keptWorker12MonthsShare >= 0 && s.keptWorker12MonthsShare <= 1);
      const reasons = Object.values(s.reasons).reduce((sum, n) => sum + n, 0);
      assert.equal(reasons + s.changesWithoutReason, s.changesLast12Months);
      assert.equal(s.childrenWith3PlusWorkersLast12Months, children.filter((c) => c.workersLast12Months >= 3).length);
    }),
  );
});
