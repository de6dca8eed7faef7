import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  carePeriods,
  countedPlacements,
  latestYearEnd,
  longTermStability,
  measureOf,
  movesSince,
  shortTermStability,
  yearStart,
  type StabilityEpisode,
} from './rules.ts';

// The measures are those of the DfE statistical release "Children looked after
// in England including adoptions" (placement stability), formerly national
// indicators NI 62 and NI 63:
//  - short term: "children looked after at 31 March with three or more
//    placements during the year";
//  - long term: "children looked after at 31 March aged under 16 who had been
//    looked after continuously for at least 2.5 years ... living in the same
//    placement for at least 2 years, or placed for adoption and their
//    adoptive placement together with their previous placement lasts for at
//    least 2 years".
// Children looked after under an agreed series of short-term breaks are left
// out of both.

/** Episodes of one period of care, each starting where the last ended (REC X1); the last open or ended with `ceased`. */
function period(steps: readonly (Partial<StabilityEpisode> & { start: string })[], end?: { date: string; reason: string }): StabilityEpisode[] {
  return steps.map((s, i) => {
    const next = steps[i + 1];
    const last = i === steps.length - 1;
    return {
      startDate: s.start,
      endDate: next ? next.start : last && end ? end.date : null,
      reasonNewEpisode: s.reasonNewEpisode ?? (i === 0 ? 'S' : 'P'),
      legalStatus: s.legalStatus ?? 'C2',
      placementType: s.placementType ?? 'U6',
      placementProvider: s.placementProvider ?? 'PR1',
      placementPostcode: s.placementPostcode ?? `AB${i} 1CD`,
      distanceMiles: s.distanceMiles ?? 3,
      outOfArea: s.outOfArea ?? false,
      reasonCeased: next ? 'X1' : last && end ? end.reason : null,
      reasonPlaceChange: next && (next.reasonNewEpisode ?? 'P') !== 'L' ? (s.reasonPlaceChange ?? 'CARPL') : null,
    };
  });
}

test('the year ending 31 March runs from 1 April; the latest year end is the last 31 March on or before today', () => {
  assert.equal(yearStart('2026-03-31'), '2025-04-01');
  assert.equal(latestYearEnd('2026-03-31'), '2026-03-31');
  assert.equal(latestYearEnd('2026-03-30'), '2025-03-31');
  assert.equal(latestYearEnd('2026-12-05'), '2026-03-31');
});

test('a change of legal status only (RNE L) is not a new placement; a change of placement (RNE P) is, with its reason', () => {
  const [p] = carePeriods(
    period([
      { start: '2024-01-10', legalStatus: 'C1' },
      { start: '2024-06-01', reasonNewEpisode: 'L', legalStatus: 'C2', placementPostcode: 'AB0 1CD' },
      { start: '2024-09-01', reasonNewEpisode: 'P', reasonPlaceChange: 'CREQB' },
    ]).map((e, i) => (i === 0 ? { ...e, reasonPlaceChange: null } : i === 1 ? { ...e, reasonPlaceChange: 'CREQB' } : e)),
  );
  assert.equal(p!.placements.length, 2);
  assert.deepEqual(p!.placements[0]!.legalStatuses, ['C1', 'C2']);
  assert.equal(p!.placements[0]!.end, '2024-09-01');
  assert.deepEqual(p!.placements[0]!.ended, { kind: 'moved', reasonPlaceChange: 'CREQB' });
  assert.equal(p!.placements[1]!.end, null);
});

test('a period of care ends with the reason care ceased, and a later start is a new period', () => {
  const episodes = [
    ...period([{ start: '2023-01-01' }, { start: '2023-05-01' }], { date: '2023-08-01', reason: 'E4A' }),
    ...period([{ start: '2024-02-01' }]),
  ];
  const periods = carePeriods(episodes);
  assert.equal(periods.length, 2);
  assert.equal(periods[0]!.end, '2023-08-01');
  assert.deepEqual(periods[0]!.placements[1]!.ended, { kind: 'care-ended', reasonCeased: 'E4A' });
  assert.equal(periods[1]!.end, null);
});

test('short term (NI 62): three placements during the year ending 31 March puts the child in the numerator', () => {
  const episodes = period([{ start: '2024-01-10' }, { start: '2025-06-01' }, { start: '2025-11-01' }]);
  assert.deepEqual(shortTermStability(episodes, '2026-03-31'), { counted: true, placements: 3, threeOrMore: true });
  // The year before: the first placement, and the second not yet begun.
  assert.deepEqual(shortTermStability(episodes, '2025-03-31'), { counted: true, placements: 1, threeOrMore: false });
});

test('short term (NI 62): a placement that ended before 1 April does not count in the year', () => {
  const episodes = period([{ start: '2024-01-10' }, { start: '2025-04-01' }, { start: '2025-11-01' }]);
  assert.equal(shortTermStability(episodes, '2026-03-31').placements, 2, 'left the first on 1 April: not a day of it in the year');
  const oneDayIn = period([{ start: '2024-01-10' }, { start: '2025-04-02' }, { start: '2025-11-01' }]);
  assert.equal(shortTermStability(oneDayIn, '2026-03-31').placements, 3);
});

test('short term (NI 62): a period of care that began during the year counts its first placement', () => {
  const episodes = period([{ start: '2025-07-01' }, { start: '2025-09-01' }, { start: '2026-01-15' }]);
  assert.deepEqual(shortTermStability(episodes, '2026-03-31'), { counted: true, placements: 3, threeOrMore: true });
});

test('short term (NI 62): placements are counted, not changes of legal status', () => {
  const episodes = period([
    { start: '2025-05-01', legalStatus: 'L2', placementPostcode: 'ZZ1 1ZZ' },
    { start: '2025-05-08', reasonNewEpisode: 'L', legalStatus: 'C1', placementPostcode: 'ZZ1 1ZZ' },
    { start: '2025-10-01', reasonNewEpisode: 'L', legalStatus: 'C2', placementPostcode: 'ZZ1 1ZZ' },
    { start: '2026-01-01', reasonNewEpisode: 'P' },
  ]);
  assert.deepEqual(shortTermStability(episodes, '2026-03-31'), { counted: true, placements: 2, threeOrMore: false });
});

test('short term (NI 62): only children looked after on the date are counted', () => {
  const left = period([{ start: '2025-05-01' }, { start: '2025-07-01' }, { start: '2025-09-01' }], { date: '2026-03-31', reason: 'E4A' });
  assert.deepEqual(shortTermStability(left, '2026-03-31'), { counted: false, placements: 0, threeOrMore: false }, 'care ended on 31 March: not looked after at 31 March');
  assert.equal(shortTermStability(left, '2026-03-30').counted, true);
});

test('short term (NI 62): children looked after only under a series of short breaks (V3, V4) are left out', () => {
  const breaks = [
    ...period([{ start: '2025-05-01', legalStatus: 'V3' }], { date: '2025-05-03', reason: 'E4A' }),
    ...period([{ start: '2025-08-01', legalStatus: 'V3' }], { date: '2025-08-03', reason: 'E4A' }),
    ...period([{ start: '2026-03-30', legalStatus: 'V4' }]),
  ];
  assert.equal(shortTermStability(breaks, '2026-03-31').counted, false);
  // Short breaks earlier in the year do not add placements to a later period of full care.
  const thenCare = [...breaks.slice(0, 2), ...period([{ start: '2025-12-01', legalStatus: 'C1' }])];
  assert.deepEqual(shortTermStability(thenCare, '2026-03-31'), { counted: true, placements: 1, threeOrMore: false });
});

test('short term: temporary placements (T0 to T4), returns to the same carers after them and changes with the same carers (RNE T) are not counted as placements', () => {
  const episodes = period([
    { start: '2025-05-01', placementType: 'U6', placementPostcode: 'AA1 1AA' },
    { start: '2025-07-01', placementType: 'T2', placementPostcode: 'BB1 1BB', reasonPlaceChange: null },
    { start: '2025-07-10', placementType: 'U6', placementPostcode: 'AA1 1AA', reasonPlaceChange: null },
    { start: '2025-10-01', reasonNewEpisode: 'T', placementType: 'U4', placementPostcode: 'AA1 1AA', reasonPlaceChange: 'PLACE' },
  ]);
  assert.equal(shortTermStability(episodes, '2026-03-31').placements, 1);
  const [p] = carePeriods(episodes);
  assert.deepEqual(countedPlacements(p!), [{ start: '2025-05-01', end: null, adoptive: false }]);
  assert.equal(movesSince(carePeriods(episodes), '2025-04-01'), 0);
});

test('long term (NI 63): under 16, looked after for 2.5 years, in the same placement for 2 years is stable', () => {
  const episodes = period([{ start: '2023-01-01' }, { start: '2024-03-31' }]);
  assert.deepEqual(longTermStability(episodes, '2015-06-01', '2026-03-31'), { counted: true, stable: true, placedSince: '2024-03-31' });
  const moved = period([{ start: '2023-01-01' }, { start: '2024-04-01' }]);
  assert.deepEqual(longTermStability(moved, '2015-06-01', '2026-03-31'), { counted: true, stable: false, placedSince: '2024-04-01' }, 'one day short of 2 years');
});

test('long term (NI 63): a change of legal status only does not end the placement', () => {
  const episodes = period([
    { start: '2023-01-01', legalStatus: 'C1', placementPostcode: 'AA1 1AA' },
    { start: '2024-01-01', reasonNewEpisode: 'L', legalStatus: 'C2', placementPostcode: 'AA1 1AA' },
  ]);
  assert.equal(longTermStability(episodes, '2015-06-01', '2026-03-31').stable, true);
});

test('long term (NI 63): only children under 16 looked after continuously for at least 2.5 years are counted', () => {
  const episodes = period([{ start: '2023-09-30' }]);
  assert.equal(longTermStability(episodes, '2015-06-01', '2026-03-31').counted, true, 'looked after from 30 September 2023: 2.5 years on 30 March 2026');
  assert.equal(longTermStability(period([{ start: '2023-10-01' }]), '2015-06-01', '2026-03-31').counted, false, '2.5 years only on 1 April 2026');
  assert.equal(longTermStability(episodes, '2010-03-31', '2026-03-31').counted, false, '16 on 31 March');
  assert.equal(longTermStability(episodes, '2010-04-01', '2026-03-31').counted, true, '16 the next day');
  const broken = [...period([{ start: '2022-01-01' }], { date: '2024-06-01', reason: 'E4A' }), ...period([{ start: '2024-07-01' }])];
  assert.equal(longTermStability(broken, '2015-06-01', '2026-03-31').counted, false, 'care was not continuous');
});

test('long term (NI 63): placed for adoption, the adoptive placement together with the previous placement lasting 2 years is stable', () => {
  const episodes = period([
    { start: '2022-06-01', placementType: 'U6' },
    { start: '2023-09-01', placementType: 'U6' },
    { start: '2025-09-01', reasonNewEpisode: 'B', legalStatus: 'E1', placementType: 'A6' },
  ]);
  assert.deepEqual(longTermStability(episodes, '2022-05-01', '2026-03-31'), { counted: true, stable: true, placedSince: '2023-09-01' });
  // The same move from a placement that began under 2 years before does not count as stable.
  const shorter = period([
    { start: '2022-06-01', placementType: 'U6' },
    { start: '2024-09-01', placementType: 'U6' },
    { start: '2025-09-01', reasonNewEpisode: 'B', legalStatus: 'E1', placementType: 'A6' },
  ]);
  assert.equal(longTermStability(shorter, '2022-05-01', '2026-03-31').stable, false);
});

test('a measure is the numerator over the denominator, to one decimal place, and none when no child is counted', () => {
  assert.deepEqual(measureOf(1, 9), { numerator: 1, denominator: 9, percent: 11.1 });
  assert.deepEqual(measureOf(0, 0), { numerator: 0, denominator: 0, percent: null });
});

test('moves on the record: new placements after the first of each period, since a day', () => {
  const periods = carePeriods([...period([{ start: '2024-01-01' }, { start: '2025-06-01' }], { date: '2025-08-01', reason: 'E4A' }), ...period([{ start: '2025-10-01' }, { start: '2026-02-01' }])]);
  assert.equal(movesSince(periods, '2025-01-01'), 2, 'a move in each period; starting a new period is not a move');
  assert.equal(movesSince(periods.slice(1), '2000-01-01'), 1);
});
