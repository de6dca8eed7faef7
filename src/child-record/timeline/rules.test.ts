import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { orderErrors } from '../../platform/http/forms.ts';
import { endDateProblem, eventDateProblem } from '../../platform/record-access/child-dates.ts';
import {
  careLeaverAgeProblem,
  episodeChanges,
  findOverlap,
  newEpisodeStartProblem,
  newestFirst,
  newPeriodProblem,
  periodsOverlap,
  placeChangeReasonRequired,
  reasonNewEpisodeProblem,
  type EpisodeFacts,
  type Period,
} from './rules.ts';

/** Day `n` after 1 January 2000, as 'YYYY-MM-DD'. */
const day = (n: number) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10);

test('periods are half-open: one ending on a day and one starting that day do not overlap', () => {
  assert.equal(periodsOverlap({ start: '2025-01-01', end: '2025-03-01' }, { start: '2025-03-01', end: null }), false);
  assert.equal(periodsOverlap({ start: '2025-01-01', end: '2025-03-01' }, { start: '2025-02-28', end: null }), true);
  assert.equal(periodsOverlap({ start: '2025-01-01', end: null }, { start: '2030-01-01', end: null }), true, 'two open periods always overlap');
  assert.equal(periodsOverlap({ start: '2025-01-01', end: null }, { start: '2024-01-01', end: '2025-01-02' }), true);
});

test('a period that starts and ends on the same day covers no day and overlaps nothing', () => {
  assert.equal(periodsOverlap({ start: '2025-02-01', end: '2025-02-01' }, { start: '2025-01-01', end: '2025-03-01' }), false);
  assert.equal(periodsOverlap({ start: '2025-01-01', end: null }, { start: '2025-02-01', end: '2025-02-01' }), false);
});

/** Periods that share no day, in order, with a gap of at least one day after each; the last may be open. */
const disjointPeriods = fc
  .record({
    bounds: fc.uniqueArray(fc.integer({ min: 0, max: 20_000 }), { minLength: 2, maxLength: 16 }),
    lastOpen: fc.boolean(),
  })
  .map(({ bounds, lastOpen }) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    const periods: { start: number; end: number | null }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) periods.push({ start: sorted[i]!, end: sorted[i + 1]! });
    if (lastOpen && periods.length) periods[periods.length - 1]!.end = null;
    return periods;
  });

const asPeriod = (p: { start: number; end: number | null }): Period => ({ start: day(p.start), end: p.end === null ? null : day(p.end) });

test('property: a new period overlapping any existing one is found; one placed in a gap is not', () => {
  fc.assert(
    fc.property(disjointPeriods, fc.nat(), fc.nat(), fc.nat({ max: 400 }), (periods, pick, offset, length) => {
      const existing = periods.map(asPeriod);
      // One that shares a day with a chosen period: starts inside it.
      const target = periods[pick % periods.length]!;
      const span = (target.end ?? target.start + 500) - target.start;
      const start = target.start + (offset % span);
      const overlapping: Period = { start: day(start), end: day(start + 1 + length) };
      assert.ok(findOverlap(overlapping, existing), 'an overlapping period is refused');
      // One in the gap after a period (or before the first), touching its neighbours at most.
      const gaps: [number, number][] = [[-400, periods[0]!.start]];
      periods.forEach((p, i) => {
        const next = periods[i + 1];
        if (p.end !== null) gaps.push([p.end, next ? next.start : p.end + 1000]);
      });
      const [from, to] = gaps[pick % gaps.length]!;
      if (to > from) {
        const gapStart = from + (offset % (to - from));
        const gapEnd = gapStart + 1 + (length % (to - gapStart));
        assert.equal(findOverlap({ start: day(gapStart), end: day(Math.min(gapEnd, to)) }, existing), undefined, 'a period in a gap is accepted');
      }
    }),
  );
});

test('property: overlap is symmetric, and an open period starting on or after every end is accepted', () => {
  const period = fc.record({ start: fc.integer({ min: 0, max: 1000 }), length: fc.option(fc.integer({ min: 0, max: 300 })) }).map(({ start, length }) => ({
    start: day(start),
    end: length === null ? null : day(start + length),
  }));
  fc.assert(fc.property(period, period, (a, b) => periodsOverlap(a, b) === periodsOverlap(b, a)));
  fc.assert(
    fc.property(disjointPeriods, fc.nat({ max: 100 }), (periods, after) => {
      const existing = periods.map(asPeriod);
      const last = periods[periods.length - 1]!;
      if (last.end === null) {
        assert.match(newPeriodProblem(day(last.start + after), existing, 'Start date', 'plan') ?? '', /has been open since/);
      } else {
        assert.equal(newPeriodProblem(day(last.end + after), existing, 'Start date', 'plan'), null);
        if (last.end > last.start) assert.match(newPeriodProblem(day(last.end - 1), existing, 'Start date', 'plan') ?? '', /overlaps the plan from/);
      }
    }),
  );
});

test('event dates: not in the future, not before birth, not after death; an unborn child has no birth limit', () => {
  const child = { dateOfBirth: '2015-06-01', dateOfDeath: null };
  assert.equal(eventDateProblem('2026-11-23', 'Start date', child, '2026-11-23'), null, 'today is allowed');
  assert.equal(eventDateProblem('2026-11-24', 'Start date', child, '2026-11-23'), 'Start date must be today or in the past');
  assert.equal(eventDateProblem('2015-06-01', 'Start date', child, '2026-11-23'), null, 'the day of birth is allowed');
  assert.equal(eventDateProblem('2015-05-31', 'Start date', child, '2026-11-23'), "Start date must be on or after the child's date of birth, 1 June 2015");
  assert.equal(eventDateProblem('2010-01-01', 'Date of contact', { dateOfBirth: null, dateOfDeath: null }, '2026-11-23'), null);
  assert.equal(
    eventDateProblem('2020-01-02', 'End date', { dateOfBirth: '2015-06-01', dateOfDeath: '2020-01-01' }, '2026-11-23'),
    'End date must be on or before the date the child died, 1 January 2020',
  );
});

test('an end date may be the start date but not before it', () => {
  assert.equal(endDateProblem('2026-03-02', '2026-03-02', 'Closure date', 'referral'), null);
  assert.equal(endDateProblem('2026-03-02', '2026-03-01', 'Closure date', 'referral'), 'Closure date must be on or after the date the referral started, 2 March 2026');
});

const episode = (overrides: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  legalStatus: 'C1',
  placementType: 'U6',
  placementProvider: 'PR1',
  placementPostcode: 'BN21 4AB',
  placementUrn: null,
  ...overrides,
});

test('what changed between episodes: legal status, or any part of the placement', () => {
  assert.deepEqual(episodeChanges(episode(), episode()), { legalStatus: false, placement: false });
  assert.deepEqual(episodeChanges(episode(), episode({ legalStatus: 'C2' })), { legalStatus: true, placement: false });
  for (const change of [{ placementType: 'U4' }, { placementProvider: 'PR4' }, { placementPostcode: 'TN34 1AA' }, { placementUrn: 'SC123456' }]) {
    assert.deepEqual(episodeChanges(episode(), episode(change)), { legalStatus: false, placement: true }, JSON.stringify(change));
  }
});

test('the reason for a new episode must say what changed (SSDA903 RNE)', () => {
  assert.equal(reasonNewEpisodeProblem('S', null, episode()), null);
  assert.match(reasonNewEpisodeProblem('P', null, episode()) ?? '', /must be "S: Started to be looked after"/);
  assert.match(reasonNewEpisodeProblem('S', episode(), episode({ legalStatus: 'C2' })) ?? '', /already looked after/);
  assert.match(reasonNewEpisodeProblem('L', episode(), episode()) ?? '', /are the same as in the current episode/);
  const legal = episode({ legalStatus: 'C2' });
  const moved = episode({ placementPostcode: 'TN34 1AA' });
  const both = episode({ legalStatus: 'C2', placementType: 'U4' });
  const accepted: [string, EpisodeFacts][] = [
    ['L', legal],
    ['P', moved],
    ['T', moved],
    ['B', both],
    ['U', both],
  ];
  for (const [code, next] of accepted) assert.equal(reasonNewEpisodeProblem(code, episode(), next), null, code);
  assert.match(reasonNewEpisodeProblem('P', episode(), legal) ?? '', /only the legal status changed, so choose L/);
  assert.match(reasonNewEpisodeProblem('L', episode(), moved) ?? '', /only the placement changed, so choose P or T/);
  assert.match(reasonNewEpisodeProblem('P', episode(), both) ?? '', /both the legal status and the placement changed, so choose B or U/);
  assert.match(reasonNewEpisodeProblem('B', episode(), moved) ?? '', /choose P or T/);
});

test('a reason for the placement change is needed when the placement changes, except to or from a temporary one', () => {
  assert.equal(placeChangeReasonRequired('P', 'U6', 'U4'), true);
  assert.equal(placeChangeReasonRequired('U', 'U6', 'K2'), true);
  assert.equal(placeChangeReasonRequired('L', 'U6', 'U6'), false);
  assert.equal(placeChangeReasonRequired('P', 'T1', 'U4'), false);
  assert.equal(placeChangeReasonRequired('T', 'U6', 'T2'), false);
});

test('a new care episode starts after the open one began and outside every ended one', () => {
  const ended: Period[] = [{ start: '2024-02-01', end: '2024-10-01' }];
  const open: Period = { start: '2026-01-05', end: null };
  assert.equal(newEpisodeStartProblem('2026-03-01', open, ended, 'Start date'), null);
  assert.match(newEpisodeStartProblem('2026-01-05', open, ended, 'Start date') ?? '', /must be after 5 January 2026/);
  assert.match(newEpisodeStartProblem('2025-12-01', open, ended, 'Start date') ?? '', /must be after 5 January 2026/);
  assert.equal(newEpisodeStartProblem('2024-10-01', null, ended, 'Start date'), null, 'on the day the last one ended');
  assert.match(newEpisodeStartProblem('2024-09-30', null, ended, 'Start date') ?? '', /overlaps the care episode from 1 February 2024 to 1 October 2024/);
});

test('care leaver categories apply from 16; born on 29 February, 16 on 1 March when that year has none', () => {
  assert.equal(careLeaverAgeProblem('2010-11-23', '2026-11-23'), null, 'the 16th birthday itself');
  assert.match(careLeaverAgeProblem('2010-11-24', '2026-11-23') ?? '', /turns 16 on 24 November 2026/);
  assert.match(careLeaverAgeProblem('2012-02-29', '2028-02-28') ?? '', /turns 16 on 29 February 2028/);
  // 2100 is not a leap year.
  assert.match(careLeaverAgeProblem('2084-02-29', '2100-02-28') ?? '', /turns 16 on 1 March 2100/);
  assert.equal(careLeaverAgeProblem('2084-02-29', '2100-03-01'), null);
  assert.match(careLeaverAgeProblem(null, '2026-11-23') ?? '', /no date of birth/);
});

test('newest first, with same-day items in the reverse of their usual order', () => {
  const items = [
    { id: 'contact', date: '2026-01-05', rank: 0 },
    { id: 'old', date: '2025-01-01', rank: 3 },
    { id: 'referral', date: '2026-01-05', rank: 1 },
    { id: 'new', date: '2026-02-01', rank: 0 },
  ];
  assert.deepEqual(newestFirst(items).map((i) => i.id), ['new', 'referral', 'contact', 'old']);
});

test('errors follow the order of the form', () => {
  assert.deepEqual(Object.keys(orderErrors({ outcome: 'x', extra: 'y', 'contactDate-day': 'z' }, ['contactDate-day', 'source', 'outcome'])), ['contactDate-day', 'outcome', 'extra']);
});
