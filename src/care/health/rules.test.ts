// The rules for a year's answers, as the DfE's SSDA903 guide sets out the OC2
// table ("Children looked after in England including adoptions: guide to the
// SSDA903 collection"): an SDQ score 0 to 40 for children aged 4 to 16, or a
// reason there is none; health checks only for children under 5; the
// interventions only when substance misuse is identified.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerProblems, assessedInYear, assessmentWarning, childProblems, cohortFigures, cohortProblem, firstYear, oc2Cohort, type CohortEntry, latestYear, recordableYears, yearBounds, type HealthYearAnswers } from './rules.ts';

const answers = (o: Partial<HealthYearAnswers> = {}): Partial<HealthYearAnswers> => ({
  yearEnding: 2026,
  sdqScore: 14,
  sdqReason: null,
  convicted: false,
  healthCheck: null,
  immunisations: true,
  teethCheck: true,
  healthAssessment: true,
  substanceMisuse: false,
  interventionReceived: null,
  interventionOffered: null,
  ...o,
});
const score = { sdqScore: true, sdqReason: false };

describe('SSDA903 OC2 years (DfE SSDA903 guide)', () => {
  test('a year runs from 1 April to 31 March and may be recorded once it has ended', () => {
    assert.deepEqual(yearBounds(2026), { start: '2025-04-01', end: '2026-03-31' });
    assert.equal(latestYear('2026-11-23'), 2026);
    assert.equal(latestYear('2026-03-30'), 2025);
    assert.equal(latestYear('2026-03-31'), 2026, 'on 31 March the year has ended');
    assert.equal(firstYear('2023-06-01'), 2024);
    assert.equal(firstYear('2023-03-31'), 2023);
    assert.deepEqual(recordableYears('2023-06-01', '2026-11-23'), [2026, 2025, 2024]);
  });

  test('a score or a reason, never both nor neither (SDQ_SCORE, SDQ_REASON)', () => {
    assert.deepEqual(answerProblems(answers(), score), {});
    assert.match(answerProblems(answers(), { sdqScore: true, sdqReason: true }).sdqReason!, /not both/);
    assert.match(answerProblems(answers(), { sdqScore: false, sdqReason: false }).sdqScore!, /or select why there is none/);
  });

  test('interventions only with substance misuse, and not both received and offered but refused', () => {
    assert.match(answerProblems(answers({ interventionOffered: false }), score).interventionOffered!, /no substance misuse problem is recorded/);
    assert.match(answerProblems(answers({ substanceMisuse: true }), score).interventionReceived!, /Select whether/);
    assert.match(answerProblems(answers({ substanceMisuse: true, interventionReceived: true, interventionOffered: true }), score).interventionOffered!, /both received and offered/);
    assert.deepEqual(answerProblems(answers({ substanceMisuse: true, interventionReceived: true, interventionOffered: false }), score), {});
  });

  test('the child’s age on 31 March: SDQ1 only outside 4 to 16, health checks only under 5; no future years nor years before birth', () => {
    const child = { dateOfBirth: '2011-03-14' };
    const today = '2026-11-23';
    assert.match(childProblems(answers({ sdqScore: null, sdqReason: 'SDQ1' }), child, today).sdqReason!, /was 15 on 31 March 2026/);
    assert.deepEqual(childProblems(answers({ sdqScore: null, sdqReason: 'SDQ1' }), { dateOfBirth: '2009-03-01' }, today), {}, 'aged 17');
    assert.deepEqual(childProblems(answers({ sdqScore: null, sdqReason: 'SDQ1', healthCheck: true }), { dateOfBirth: '2023-01-01' }, today), {}, 'aged 3');
    assert.match(childProblems(answers({ healthCheck: true }), child, today).healthCheck!, /only for children under 5/);
    assert.match(childProblems(answers({ healthCheck: null }), { dateOfBirth: '2022-01-01' }, today).healthCheck!, /Select whether/);
    assert.match(childProblems(answers({ yearEnding: 2027 }), child, today).yearEnding!, /must have ended/);
    assert.match(childProblems(answers({ yearEnding: 2010 }), child, today).yearEnding!, /on or after the child's date of birth/);
    assert.deepEqual(childProblems(answers({ yearEnding: 2011, healthCheck: true }), child, today), {}, 'born 14 March 2011: the year to 31 March 2011');
  });

  test('the annual health assessment answer against the assessments recorded in the year (HEALTH_ASSESSMENT)', () => {
    const dates = ['2025-03-30', '2025-06-10'];
    assert.equal(assessedInYear(dates, 2026), true);
    assert.equal(assessedInYear(['2025-03-31'], 2026), false);
    assert.equal(assessmentWarning(true, dates, 2026), null);
    assert.match(assessmentWarning(false, dates, 2026)!, /10 June 2025/);
    assert.match(assessmentWarning(true, [], 2026)!, /between 1 April 2025 and 31 March 2026/);
  });
});

// DfE, "Children looked after in England including adoptions: guide to the
// SSDA903 collection": the OC2 table is for "children looked after
// continuously for at least 12 months at 31 March"; validation rules 185, 190
// and 198 refuse OC2 items for a child "not looked after continuously for at
// least 12 months at 31 March". Short breaks (V3, V4) are not counted as
// being looked after for this purpose.
describe('the OC2 cohort: looked after continuously for at least 12 months at 31 March', () => {
  const ep = (startDate: string, endDate: string | null = null, o: Partial<Parameters<typeof oc2Cohort>[0][number]> = {}) => ({
    startDate,
    endDate,
    reasonNewEpisode: 'S',
    legalStatus: 'C2',
    placementType: 'U4',
    placementProvider: 'PR1',
    placementPostcode: null,
    distanceMiles: null,
    outOfArea: null,
    reasonCeased: endDate ? 'E11' : null,
    reasonPlaceChange: null,
    ...o,
  });
  test('looked after from 1 April of the year before and still on 31 March: in the cohort', () => {
    assert.deepEqual(oc2Cohort([ep('2025-04-01')], 2026), { inCohort: true, since: '2025-04-01' });
  });
  test('looked after from 2 April: less than 12 months, not in the cohort', () => {
    const c = oc2Cohort([ep('2025-04-02')], 2026);
    assert.equal(c.inCohort, false);
    assert.match(cohortProblem(c, 2026)!, /less than 12 months on 31 March 2026/);
  });
  test('care that ended on 31 March or before: not looked after at 31 March', () => {
    assert.equal(oc2Cohort([ep('2020-01-01', '2026-03-31')], 2026).inCohort, false);
    assert.equal(oc2Cohort([ep('2020-01-01', '2026-04-01')], 2026).inCohort, true);
  });
  test('episodes joined end to start (REC X1) are one continuous period; a gap starts a new one', () => {
    const joined = [ep('2024-06-01', '2025-08-01', { reasonCeased: 'X1' }), ep('2025-08-01', null, { reasonNewEpisode: 'P' })];
    assert.deepEqual(oc2Cohort(joined, 2026), { inCohort: true, since: '2024-06-01' });
    const gap = [ep('2024-06-01', '2025-08-01'), ep('2025-08-02')];
    assert.equal(oc2Cohort(gap, 2026).inCohort, false);
  });
  test('short breaks (V3, V4) do not count as looked after for the cohort', () => {
    const c = oc2Cohort([ep('2020-01-01', null, { legalStatus: 'V3' })], 2026);
    assert.equal(c.inCohort, false);
    assert.match(c.inCohort ? '' : c.reason, /short breaks only/);
  });
  test('no care at all: not in the cohort, and cohortProblem says why', () => {
    assert.match(cohortProblem(oc2Cohort([], 2026), 2026)!, /cannot be recorded: .*not looked after on 31 March 2026/);
    assert.equal(cohortProblem({ inCohort: true, since: '2020-01-01' }, 2026), null);
  });
});

// The DfE's outcomes for children looked after continuously for 12 months: SDQ
// totals banded 0-13 normal, 14-16 borderline, 17+ a cause for concern, reported
// for ages 5 to 16 (LG Inform metric 2135, from the DfE's data); health checks
// for those under 5; convictions for those aged 10 or over.
describe('the council’s OC2 figures', () => {
  const y = (o: Partial<NonNullable<CohortEntry['year']>> = {}): NonNullable<CohortEntry['year']> => ({
    sdqScore: null,
    convicted: false,
    healthCheck: null,
    immunisations: true,
    teethCheck: true,
    healthAssessment: true,
    substanceMisuse: false,
    interventionReceived: null,
    interventionOffered: null,
    ...o,
  });
  test('shares of the recorded, the age-limited ones of those of that age, and the SDQ bands', () => {
    const f = cohortFigures([
      { age: 12, year: y({ sdqScore: 13 }) },
      { age: 9, year: y({ sdqScore: 14, teethCheck: false }) },
      { age: 16, year: y({ sdqScore: 17, convicted: true, substanceMisuse: true, interventionReceived: false, interventionOffered: true }) },
      { age: 4, year: y({ sdqScore: 20, healthCheck: false, healthAssessment: false }) },
      { age: 17, year: y({ sdqScore: 30, immunisations: false }) },
      { age: 8, year: null },
    ]);
    assert.equal(f.cohort, 6);
    assert.equal(f.recorded, 5);
    assert.equal(f.notRecorded, 1);
    assert.deepEqual(f.healthAssessment, { numerator: 4, denominator: 5, percent: 80 });
    assert.deepEqual(f.immunisations, { numerator: 4, denominator: 5, percent: 80 });
    assert.deepEqual(f.teethCheck, { numerator: 4, denominator: 5, percent: 80 });
    assert.deepEqual(f.healthCheckUnderFive, { numerator: 0, denominator: 1, percent: 0 });
    // Aged 5 to 16: the 12-, 9- and 16-year-olds (the 4- and 17-year-olds' scores are not in the figure).
    assert.deepEqual(f.sdqCompleted, { numerator: 3, denominator: 3, percent: 100 });
    assert.equal(f.sdqAverage, 14.7);
    assert.deepEqual(f.sdqBorderline, { numerator: 1, denominator: 3, percent: 33.3 });
    assert.deepEqual(f.sdqConcern, { numerator: 1, denominator: 3, percent: 33.3 });
    assert.deepEqual(f.substanceMisuse, { numerator: 1, denominator: 5, percent: 20 });
    assert.deepEqual(f.interventionReceived, { numerator: 0, denominator: 1, percent: 0 });
    assert.deepEqual(f.interventionRefused, { numerator: 1, denominator: 1, percent: 100 });
    // Aged 10 or over: 12, 16 and 17.
    assert.deepEqual(f.convicted, { numerator: 1, denominator: 3, percent: 33.3 });
  });
  test('no one recorded: no shares, no average', () => {
    const f = cohortFigures([{ age: 8, year: null }]);
    assert.equal(f.healthAssessment.percent, null);
    assert.equal(f.sdqAverage, null);
  });
});
