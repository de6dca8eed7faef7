import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PermanencePlanKind } from '../../db/schema.ts';
import { carePeriods, type StabilityEpisode } from '../stability/rules.ts';
import { permanenceFacts, permanenceFigures, type PermanenceEntry } from './measures.ts';

// The year to 31 March 2026 (1 April 2025 to 31 March 2026), seen on Monday 23 November 2026.
const YEAR = 2026;
const TODAY = '2026-11-23';

function episode(start: string, end: string | null, rec: string | null, legalStatus = 'C2'): StabilityEpisode {
  return {
    startDate: start,
    endDate: end,
    reasonNewEpisode: 'S',
    legalStatus,
    placementType: 'U4',
    placementProvider: 'PR1',
    placementPostcode: 'BN21 4AB',
    distanceMiles: null,
    outOfArea: false,
    reasonCeased: rec,
    reasonPlaceChange: null,
  };
}

const plan = (decidedOn: string, kind: PermanencePlanKind, parallelPlan: PermanencePlanKind | null = null) => ({ decidedOn, plan: kind, parallelPlan });

function child(episodes: StabilityEpisode[], more: Partial<Omit<PermanenceEntry, 'periods'>> = {}): PermanenceEntry {
  return { periods: carePeriods(episodes), plans: [], reviews: [], supportFrom: [], ...more };
}

const children = {
  // Came into care in May 2025; plan decided at the second review (held 20 August 2025).
  ann: child([episode('2025-05-01', null, null)], { reviews: ['2025-05-20', '2025-08-20'], plans: [plan('2025-08-20', 'long_term_fostering')] }),
  // Second review held 25 September 2025; plan (adoption, parallel special guardianship) decided 20 days later.
  ben: child([episode('2025-06-02', null, null)], { reviews: ['2025-06-25', '2025-09-25'], plans: [plan('2025-10-15', 'adoption', 'special_guardianship')] }),
  // Back in care: went home in June 2024 with a plan to return home and support; in care again from July 2025,
  // first review 20 July 2025, second due 20 October 2025, no plan in this period: the earlier plan must not count.
  cal: child([episode('2023-01-10', '2024-06-01', 'E4A'), episode('2025-07-01', null, null)], {
    reviews: ['2023-02-01', '2023-05-01', '2025-07-20'],
    plans: [plan('2023-04-01', 'return_home')],
    supportFrom: ['2023-05-01'],
  }),
  // Short breaks only (V3): no permanence plan is asked for, and the child is not counted.
  dee: child([episode('2025-05-01', null, null, 'V3')], { reviews: ['2025-05-20', '2025-08-20'] }),
  // Came into care in January 2026: the second review falls after 31 March 2026.
  eve: child([episode('2026-01-15', null, null)], { reviews: ['2026-02-05'] }),
  // Left care in the year: a special guardianship order (E45), adopted (E11), another authority took over (E3).
  fay: child([episode('2024-02-01', '2025-09-30', 'E45')], { plans: [plan('2024-05-01', 'special_guardianship')] }),
  ivy: child([episode('2023-02-01', '2025-11-01', 'E11')], { plans: [plan('2023-05-01', 'adoption')] }),
  jo: child([episode('2024-02-01', '2025-08-01', 'E3')]),
  // Went home in the year: Gus with support begun before care ended, Hal (E13) with none, Kim with support only after.
  gus: child([episode('2024-03-01', '2025-12-01', 'E4A')], { plans: [plan('2024-06-01', 'return_home')], supportFrom: ['2025-06-01'] }),
  hal: child([episode('2024-01-01', '2026-02-01', 'E13')], { plans: [plan('2024-04-01', 'return_home')] }),
  // Came into care in September 2025 and went home in November, before the second review was due: not in (a).
  kim: child([episode('2025-09-01', '2025-11-15', 'E4A')], { reviews: ['2025-09-20'], plans: [plan('2025-09-20', 'return_home')], supportFrom: ['2025-12-01'] }),
};

const facts = (c: PermanenceEntry, year = YEAR) => permanenceFacts(c, year, TODAY);

test('volume 2 guidance, chapter 2: "a plan for permanence by the second review"; the second review is the one held, or due 3 months after the first (reg 33(1)(b))', () => {
  assert.deepEqual(facts(children.ann).secondReview, { start: '2025-05-01', due: '2025-08-20', held: true, planned: true, planOn: '2025-08-20', daysLate: 0 });
  assert.deepEqual(facts(children.ben).secondReview, { start: '2025-06-02', due: '2025-09-25', held: true, planned: false, planOn: '2025-10-15', daysLate: 20 });
  // Cal's earlier plan, from 2023, is of an earlier period of care: no plan yet, late from 20 October 2025 to today.
  assert.deepEqual(facts(children.cal).secondReview, { start: '2025-07-01', due: '2025-10-20', held: false, planned: false, planOn: null, daysLate: 399 });
  assert.equal(facts(children.dee).secondReview, null, 'short breaks');
  assert.equal(facts(children.eve).secondReview, null, 'second review after the year end');
  assert.equal(facts(children.kim).secondReview, null, 'care ended before the second review was due');
});

test('the figures for the year: the plan by the second review, plans at the year end, leaving care to permanence by route, and support for going home', () => {
  const f = permanenceFigures(Object.values(children).map((c) => facts(c)));
  assert.deepEqual(f.plannedBySecondReview, { numerator: 1, denominator: 3, percent: 33.3 });
  // In care on 31 March 2026: Ann, Ben, Cal and Eve (not Dee, on short breaks; not those who left).
  assert.equal(f.inCare, 4);
  assert.deepEqual(f.byPlan, { return_home: 0, special_guardianship: 0, child_arrangements: 0, long_term_fostering: 1, adoption: 1, other_long_term: 0 });
  assert.deepEqual(f.byParallelPlan, { return_home: 0, special_guardianship: 1, child_arrangements: 0, long_term_fostering: 0, adoption: 0, other_long_term: 0 });
  // Cal's plan to return home from the earlier period is not in force now; Eve has none yet.
  assert.equal(f.noPlan, 2);
  assert.equal(f.leftCare, 6);
  assert.deepEqual(f.toPermanence, { numerator: 5, denominator: 6, percent: 83.3 });
  assert.deepEqual(f.byRoute, { adoption: 1, special_guardianship: 1, child_arrangements: 0, return_home: 3 });
  // Home: Gus with support begun before care ended; Hal with none; Kim's support began only after he went home.
  assert.deepEqual(f.homeWithSupport, { numerator: 1, denominator: 3, percent: 33.3 });
});

test('an earlier year counts the earlier period of care: Cal went home in June 2024 with support (year to 31 March 2025)', () => {
  const cal = facts(children.cal, 2025);
  assert.deepEqual(cal.left, { outcome: 'return_home', supported: true });
  assert.equal(cal.atYearEnd, null, 'not in care on 31 March 2025');
  assert.equal(cal.secondReview, null, 'came into care before the year');
});

test('a plan decided after the year end is not in force at it, and care ending on 31 March means not in care at the year end', () => {
  const later = child([episode('2025-12-01', null, null)], { plans: [plan('2026-04-10', 'long_term_fostering')] });
  assert.deepEqual(facts(later).atYearEnd, { plan: null, parallelPlan: null });
  const endedOnTheDay = child([episode('2025-01-01', '2026-03-31', 'E41')]);
  assert.equal(facts(endedOnTheDay).atYearEnd, null);
  assert.deepEqual(facts(endedOnTheDay).left, { outcome: 'child_arrangements', supported: false });
});
