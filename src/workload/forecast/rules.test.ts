import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTING, type WeightingRules } from '../caseload/rules.ts';
import { allocationRate, caseOn, describeChanges, forecastDates, forecastWorker, type ForecastCase, type ForecastWorker } from './rules.ts';

// Wednesday 2 December 2026: the forecast's weeks are today, then Mondays 7, 14, 21, 28 December, 4, 11, 18, 25 January.
const TODAY = '2026-12-02';
const NO_TREND = { perWorkerPerWeek: 0, pointsPerCase: 4 };

const aCase = (childId: string, overrides: Partial<ForecastCase['weighing']> = {}, dates: Partial<Omit<ForecastCase, 'weighing'>> = {}): ForecastCase => ({
  weighing: { childId, role: 'lead', status: 'child_in_need', complexityTier: 1, familyId: null, placementPostcode: null, placementOutOfArea: null, travelMiles: null, ...overrides },
  dateOfBirth: '2012-01-01',
  supportUntil: null,
  courtProceedingsSince: null,
  ...dates,
});

const aWorker = (cases: ForecastCase[], overrides: Partial<ForecastWorker> = {}): ForecastWorker => ({ role: 'social_worker', fte: 1, asyeStartedOn: null, reductions: [], cases, ...overrides });

const points = (f: ReturnType<typeof forecastWorker>) => f.weeks.map((w) => w.points);

test('the weeks are today and the eight Mondays after it; a Monday looks to the next one', () => {
  assert.deepEqual(forecastDates(TODAY), ['2026-12-02', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28', '2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25']);
  assert.equal(forecastDates('2026-12-07')[1], '2026-12-14');
  assert.equal(forecastDates('2026-12-06')[1], '2026-12-07', 'a Sunday looks to the next day');
});

test('a child in need turning 18 closes on their birthday (Children Act 1989 s105: a child is under 18)', () => {
  const f = forecastWorker(aWorker([aCase('a', {}, { dateOfBirth: '2008-12-10' }), aCase('b')]), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(points(f), [8, 8, 4, 4, 4, 4, 4, 4, 4]);
  assert.deepEqual(f.weeks[2]!.changes, [{ kind: 'closing', childId: 'a', detail: '18th birthday' }]);
  assert.deepEqual(describeChanges(f.weeks[2]!.changes), ['1 case closing: 18th birthday']);
  assert.equal(f.weeks[2]!.knownCases, 1);
});

test('a child protection plan child turning 18 closes too; a plan with no recorded end is taken to continue', () => {
  const f = forecastWorker(aWorker([aCase('a', { status: 'child_protection' }, { dateOfBirth: '2009-01-05' }), aCase('b', { status: 'child_protection' })]), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(points(f), [14, 14, 14, 14, 14, 14, 7, 7, 7], 'still 17 on Monday 4 January, 18 by the 11th');
});

test('a looked-after child turning 18 leaves care and steps down to a care leaver’s points (Children Act 1989 s23C)', () => {
  const f = forecastWorker(aWorker([aCase('a', { status: 'looked_after' }, { dateOfBirth: '2008-12-20' })]), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(points(f), [6, 6, 6, 4, 4, 4, 4, 4, 4]);
  assert.deepEqual(describeChanges(f.weeks[3]!.changes), ['1 case stepping down: leaves care at 18']);
});

test('a care leaver’s case ends the day after the support end the record holds, or at 21 without one (s23C, s23CA)', () => {
  const recorded = aCase('a', { status: 'care_leaver', role: 'personal_adviser' }, { dateOfBirth: '2003-01-01', supportUntil: '2026-12-20' });
  const at21 = aCase('b', { status: 'care_leaver', role: 'personal_adviser' }, { dateOfBirth: '2006-01-02' });
  assert.equal(caseOn(recorded, '2026-12-20').status, 'care_leaver', 'still supported on the last day');
  assert.equal(caseOn(recorded, '2026-12-21').status, 'closed');
  assert.equal(caseOn(at21, '2027-01-01').status, 'care_leaver');
  assert.equal(caseOn(at21, '2027-01-02').status, 'closed', 'the 21st birthday');
  const f = forecastWorker(aWorker([recorded, at21], { role: 'personal_adviser' }), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(points(f), [8, 8, 8, 4, 4, 0, 0, 0, 0]);
  assert.deepEqual(describeChanges(f.weeks[5]!.changes), ['1 case closing: care leaver’s support ends']);
});

test('care proceedings recorded to begin add the court points from that day', () => {
  const f = forecastWorker(aWorker([aCase('a', { status: 'looked_after' }, { courtProceedingsSince: '2026-12-15' })]), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(points(f), [6, 6, 6, 9, 9, 9, 9, 9, 9]);
  assert.deepEqual(describeChanges(f.weeks[3]!.changes), ['1 case going to court: care proceedings begin']);
});

test('when one of two siblings closes, the other is weighed in full again', () => {
  const family = { familyId: 'f1' };
  const f = forecastWorker(aWorker([aCase('a', family, { dateOfBirth: '2008-12-10' }), aCase('b', family)]), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.equal(f.weeks[0]!.points, 6, '4 + 4 × 0.5');
  assert.equal(f.weeks[2]!.points, 4);
});

test('a reduction starting and ending moves the available points, and says so', () => {
  const f = forecastWorker(
    aWorker([aCase('a')], { reductions: [{ reason: 'leave', percent: 50, hoursPerWeek: null, startDate: '2026-12-08', endDate: '2026-12-18' }] }),
    DEFAULT_SETTINGS,
    DEFAULT_WEIGHTING,
    NO_TREND,
    TODAY,
  );
  assert.deepEqual(f.weeks.map((w) => w.available), [100, 100, 50, 100, 100, 100, 100, 100, 100]);
  assert.deepEqual(f.weeks.map((w) => w.capacityPercent), [4, 4, 8, 4, 4, 4, 4, 4, 4]);
  assert.deepEqual(describeChanges(f.weeks[2]!.changes), ['1 reduction starts: leave']);
  assert.deepEqual(describeChanges(f.weeks[3]!.changes), ['1 reduction ends: leave']);
});

test('ASYE protection steps up on its schedule (80% from day 183, 90% from day 275) and the year ends', () => {
  // Began 10 March 2026: day 268 today, day 275 on 9 December; the year ends on 10 March 2027.
  const f = forecastWorker(aWorker([aCase('a')], { asyeStartedOn: '2026-03-10' }), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(f.weeks.map((w) => w.available), [80, 80, 90, 90, 90, 90, 90, 90, 90]);
  assert.deepEqual(describeChanges(f.weeks[2]!.changes), ['ASYE protection steps up to 90%']);
  const ending = forecastWorker(aWorker([aCase('a')], { asyeStartedOn: '2026-01-01' }), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, NO_TREND, TODAY);
  assert.deepEqual(describeChanges(ending.weeks[5]!.changes), ['ASYE year ends: full caseload']);
  assert.equal(ending.weeks[5]!.available, 100);
});

test('the team’s rate of new allocations: per case-holding worker, per week; nothing without workers', () => {
  assert.equal(allocationRate(24, 4, 12), 0.5);
  assert.equal(allocationRate(5, 0, 12), 0);
  assert.equal(allocationRate(0, 3, 12), 0);
});

// A weighting where one case is 105 points, so a worker starts over amber and under red.
const HEAVY: WeightingRules = { ...DEFAULT_WEIGHTING, points: { ...DEFAULT_WEIGHTING.points, looked_after: 105 } };

test('a worker over amber taking new allocations at the team’s rate is forecast to cross red in week 3, and flagged', () => {
  // Half a new case a week at 4 points: + 2 points a week, so over 110 once more than 1.25 cases are expected (after 17.5 days).
  const f = forecastWorker(aWorker([aCase('a', { status: 'looked_after' })]), DEFAULT_SETTINGS, HEAVY, { perWorkerPerWeek: 0.5, pointsPerCase: 4 }, TODAY);
  assert.deepEqual(f.weeks.map((w) => w.over), ['amber', 'amber', 'amber', 'red', 'red', 'red', 'red', 'red', 'red']);
  assert.equal(f.redCrossing?.week, 3);
  assert.equal(f.redCrossing?.date, '2026-12-21');
  assert.deepEqual(describeChanges(f.weeks[1]!.changes), ['0.4 new allocations expected (the team’s recent rate)']);
  assert.equal(f.weeks[3]!.expectedNew, 1.4);
});

test('a crossing after four weeks is shown but not flagged; a worker already over red is not flagged (their variance is open)', () => {
  const late = forecastWorker(aWorker([aCase('a', { status: 'looked_after' })]), DEFAULT_SETTINGS, HEAVY, { perWorkerPerWeek: 0.2, pointsPerCase: 4 }, TODAY);
  assert.equal(late.weeks.findIndex((w) => w.over === 'red'), 7, 'over 1.25 cases after 43.75 days: the week of 18 January');
  assert.equal(late.redCrossing, null);
  const red = { ...HEAVY, points: { ...HEAVY.points, looked_after: 115 } };
  const already = forecastWorker(aWorker([aCase('a', { status: 'looked_after' })]), DEFAULT_SETTINGS, red, { perWorkerPerWeek: 0.5, pointsPerCase: 4 }, TODAY);
  assert.equal(already.weeks[0]!.over, 'red');
  assert.equal(already.redCrossing, null);
});

test('a case closing can take a worker back under red before they cross: no flag', () => {
  const f = forecastWorker(
    aWorker([aCase('a', { status: 'looked_after' }), aCase('b', {}, { dateOfBirth: '2008-12-05' })]),
    DEFAULT_SETTINGS,
    HEAVY,
    { perWorkerPerWeek: 0.5, pointsPerCase: 4 },
    TODAY,
  );
  assert.equal(f.weeks[0]!.points, 109);
  assert.equal(f.weeks[1]!.points, 106.43, 'the child in need case closed on 5 December; 5/7 of half a case expected');
  assert.equal(f.redCrossing?.week, 3);
  const noTrend = forecastWorker(aWorker([aCase('a', { status: 'looked_after' }), aCase('b', {}, { dateOfBirth: '2008-12-05' })]), DEFAULT_SETTINGS, HEAVY, NO_TREND, TODAY);
  assert.equal(noTrend.redCrossing, null);
});

test('no new allocations while a worker is on full leave, nor for a role with no caseload of its own', () => {
  const onLeave = forecastWorker(
    aWorker([aCase('a')], { reductions: [{ reason: 'leave', percent: 100, hoursPerWeek: null, startDate: '2026-12-01', endDate: '2026-12-31' }] }),
    DEFAULT_SETTINGS,
    DEFAULT_WEIGHTING,
    { perWorkerPerWeek: 1, pointsPerCase: 4 },
    TODAY,
  );
  assert.deepEqual(onLeave.weeks.slice(0, 5).map((w) => w.expectedNew), [0, 0, 0, 0, 0]);
  assert.equal(onLeave.weeks[5]!.expectedNew, 1, 'back on 1 January, allocations resume');
  const manager = forecastWorker(aWorker([], { role: 'team_manager' }), DEFAULT_SETTINGS, DEFAULT_WEIGHTING, { perWorkerPerWeek: 1, pointsPerCase: 4 }, TODAY);
  assert.deepEqual(manager.weeks.map((w) => w.points), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test('the words for a week count cases and give reasons; they never carry a child’s id', () => {
  const lines = describeChanges([
    { kind: 'closing', childId: 'child-1', detail: '18th birthday' },
    { kind: 'closing', childId: 'child-2', detail: '18th birthday' },
    { kind: 'leaves_care', childId: 'child-3', detail: 'leaves care at 18' },
  ]);
  assert.deepEqual(lines, ['2 cases closing: 18th birthday', '1 case stepping down: leaves care at 18']);
  assert.ok(!lines.join(' ').includes('child-'));
});
