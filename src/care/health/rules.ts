// What the DfE's SSDA903 return asks in its OC2 table about a looked-after
// child's health and wellbeing in each year to 31 March, and the rules an
// answer must keep. Pure: no database, no clock (today is passed in).
// Source: DfE, "Children looked after in England including adoptions: guide
// to the SSDA903 collection", the OC2 table (SDQ_SCORE, SDQ_REASON,
// CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT,
// SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED).
import { ageOn, formatDate } from '../../platform/calendar/dates.ts';
import type { SdqReason } from '../../db/schema.ts';
import { CODE_SETS } from '../../reference/codes.ts';
import { measuredPeriods, type StabilityEpisode } from '../stability/rules.ts';

/** SSDA903 SDQ_REASON, from the reference code set (the 903 schema's OC2 codes, described from the DfE's guide). */
export const SDQ_REASONS = Object.fromEntries(CODE_SETS.sdqReason.map((e) => [e.code, e.description])) as Record<SdqReason, string>;

/** The strengths and difficulties questionnaire total runs from 0 to 40. */
export const SDQ_MIN = 0;
export const SDQ_MAX = 40;
/** The questionnaire is for children aged 4 to 16 (DfE SSDA903 guide, OC2). */
export const SDQ_AGES = { from: 4, to: 16 } as const;
/** Health surveillance and promotion checks are asked about only for children under 5 on 31 March. */
export const HEALTH_CHECK_UNDER = 5;

/** The last day of the year to 31 March `year`, and its first. */
export function yearBounds(year: number): { start: string; end: string } {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` };
}

export const yearLabel = (year: number) => `Year to 31 March ${year}`;

/**
 * The latest year that may be recorded: the last one that has ended. A year
 * is recorded once it is over, as the return asks about the whole year; on
 * 31 March itself the year has ended.
 */
export function latestYear(today: string): number {
  const y = Number(today.slice(0, 4));
  return today >= `${y}-03-31` ? y : y - 1;
}

/** The years a child may have recorded, newest first: from the year in which they were born to the latest ended one. */
export function recordableYears(dateOfBirth: string | null, today: string, earliest = 6): number[] {
  const last = latestYear(today);
  const first = dateOfBirth ? firstYear(dateOfBirth) : last - earliest + 1;
  const years: number[] = [];
  for (let y = last; y >= first; y--) years.push(y);
  return years;
}

/** The first year to 31 March that a child born on this day lived in. */
export function firstYear(dateOfBirth: string): number {
  const y = Number(dateOfBirth.slice(0, 4));
  return dateOfBirth <= `${y}-03-31` ? y : y + 1;
}

export interface HealthYearAnswers {
  yearEnding: number;
  sdqScore: number | null;
  sdqReason: SdqReason | null;
  convicted: boolean;
  healthCheck: boolean | null;
  immunisations: boolean;
  teethCheck: boolean;
  healthAssessment: boolean;
  substanceMisuse: boolean;
  interventionReceived: boolean | null;
  interventionOffered: boolean | null;
}

/** Whether a yes/no was answered (not left empty, and read without a problem). */
const answered = (v: boolean | null | undefined): v is boolean => v === true || v === false;

/** The checks across fields that need nothing but the answers: field name -> message. */
export function answerProblems(v: Partial<HealthYearAnswers>, sent: { sdqScore: boolean; sdqReason: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (sent.sdqScore && sent.sdqReason) errors.sdqReason = 'Enter a score or a reason there is no score, not both';
  else if (!sent.sdqScore && !sent.sdqReason) errors.sdqScore = 'Enter the strengths and difficulties score, or select why there is none';
  if (v.substanceMisuse === false) {
    if (answered(v.interventionReceived)) errors.interventionReceived = 'Leave the intervention unanswered: no substance misuse problem is recorded';
    if (answered(v.interventionOffered)) errors.interventionOffered = 'Leave the intervention offered unanswered: no substance misuse problem is recorded';
  } else if (v.substanceMisuse === true) {
    if (v.interventionReceived === null) errors.interventionReceived = 'Select whether the child received an intervention for substance misuse';
    if (v.interventionOffered === null) errors.interventionOffered = 'Select whether an intervention was offered and refused';
    if (v.interventionReceived === true && v.interventionOffered === true) {
      errors.interventionOffered = 'An intervention cannot be both received and offered but refused: select no for one of them';
    }
  }
  return errors;
}

/** The checks that need the child's date of birth and today: field name -> message. */
export function childProblems(v: Partial<HealthYearAnswers>, child: { dateOfBirth: string | null }, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (v.yearEnding === undefined) return errors;
  const { end } = yearBounds(v.yearEnding);
  if (v.yearEnding > latestYear(today)) {
    errors.yearEnding = `The year must have ended: the latest year that can be recorded is the year to 31 March ${latestYear(today)}`;
    return errors;
  }
  if (!child.dateOfBirth) return errors;
  if (end < child.dateOfBirth) {
    errors.yearEnding = `The year must end on or after the child's date of birth, ${formatDate(child.dateOfBirth)}`;
    return errors;
  }
  const age = ageOn(child.dateOfBirth, end);
  if (v.sdqReason === 'SDQ1' && age >= SDQ_AGES.from && age <= SDQ_AGES.to) {
    errors.sdqReason = `The child was ${age} on 31 March ${v.yearEnding}: the under 4 or over 16 reason does not apply`;
  }
  if (age >= HEALTH_CHECK_UNDER && answered(v.healthCheck)) {
    errors.healthCheck = `Leave health checks unanswered: they are asked about only for children under 5, and the child was ${age} on 31 March ${v.yearEnding}`;
  } else if (age < HEALTH_CHECK_UNDER && v.healthCheck === null) {
    errors.healthCheck = 'Select whether the child’s health surveillance and promotion checks were up to date';
  }
  return errors;
}

/** Whether the answer about the annual health assessment disagrees with the health assessments on the record in that year. */
export function assessmentWarning(answer: boolean, assessmentDates: readonly string[], year: number): string | null {
  const { start, end } = yearBounds(year);
  const inYear = assessmentDates.filter((d) => d >= start && d <= end);
  if (answer && inYear.length === 0) return `Recorded as had, but no health assessment is on the record between ${formatDate(start)} and ${formatDate(end)}`;
  if (!answer && inYear.length > 0) return `Recorded as not had, but a health assessment on ${formatDate(inYear[0]!)} is on the record`;
  return null;
}

/** Whether the record holds a health assessment in the year. */
export function assessedInYear(assessmentDates: readonly string[], year: number): boolean {
  const { start, end } = yearBounds(year);
  return assessmentDates.some((d) => d >= start && d <= end);
}

export type Oc2Cohort = { inCohort: true; since: string } | { inCohort: false; reason: string };

/**
 * Whether the child is in the OC2 cohort for the year to 31 March `year`:
 * looked after on 31 March and continuously for at least 12 months before
 * it, that is, in a period of care that began on or before 1 April of the
 * year before and had not ended by 31 March. Episodes under an agreed series
 * of short breaks (legal status V3, V4) are not counted as looked after for
 * this purpose. Sources: DfE, "Children looked after in England including
 * adoptions: guide to the SSDA903 collection" (the OC2 table is completed only
 * for children looked after continuously for at least 12 months at 31 March;
 * a period of care runs on through episodes joined with REC X1), and the
 * SSDA903 validation rules 185, 190 and 198, which refuse OC2 items for a
 * child not looked after continuously for 12 months at 31 March.
 */
export function oc2Cohort(episodes: readonly StabilityEpisode[], year: number): Oc2Cohort {
  const { start, end } = yearBounds(year);
  const periods = measuredPeriods(episodes);
  const atEnd = periods.find((p) => p.start <= end && (p.end === null || p.end > end));
  if (!atEnd) {
    return { inCohort: false, reason: `Not looked after on 31 March ${year}${episodes.length && periods.length === 0 ? ' (short breaks only, which do not count)' : ''}` };
  }
  if (atEnd.start > start) {
    return { inCohort: false, reason: `Looked after from ${formatDate(atEnd.start)}: less than 12 months on 31 March ${year}` };
  }
  return { inCohort: true, since: atEnd.start };
}

/** The message refusing a year for a child outside the cohort. */
export function cohortProblem(cohort: Oc2Cohort, year: number): string | null {
  if (cohort.inCohort) return null;
  return `The year to 31 March ${year} cannot be recorded: the DfE asks about children looked after continuously for 12 months at 31 March, and this child was not (${cohort.reason.charAt(0).toLowerCase()}${cohort.reason.slice(1)})`;
}

/** One child of the OC2 cohort for the council's figures: their age on 31 March and their year as recorded, or null when none is. */
export interface CohortEntry {
  age: number | null;
  year: {
    sdqScore: number | null;
    convicted: boolean;
    healthCheck: boolean | null;
    immunisations: boolean;
    teethCheck: boolean;
    healthAssessment: boolean;
    substanceMisuse: boolean;
    interventionReceived: boolean | null;
    interventionOffered: boolean | null;
  } | null;
}

export interface Share {
  numerator: number;
  denominator: number;
  /** To one decimal place, or null with no one to count. */
  percent: number | null;
}

const share = (numerator: number, denominator: number): Share => ({ numerator, denominator, percent: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10 });

/**
 * The SDQ total bands the DfE's statistics use: 0 to 13 normal, 14 to 16
 * borderline, 17 and over a cause for concern; the score is reported for
 * children aged 5 to 16 on 31 March (DfE, "Outcomes for children who were
 * looked after continuously for 12 months at 31 March", as described by LG
 * Inform metric 2135, "Emotional and behavioural health of looked after
 * children - average score").
 */
export const SDQ_BANDS = { borderlineFrom: 14, concernFrom: 17 } as const;
export const SDQ_REPORTED_AGES = { from: 5, to: 16 } as const;
/** Convictions and youth cautions are counted for children aged 10 or over on 31 March (the age of criminal responsibility). */
export const CONVICTION_FROM_AGE = 10;

export interface CohortFigures {
  /** Children in the OC2 cohort. */
  cohort: number;
  /** Of them, those with the year recorded: the denominator of every share below but the age-limited ones. */
  recorded: number;
  notRecorded: number;
  healthAssessment: Share;
  immunisations: Share;
  teethCheck: Share;
  /** Of those recorded aged under 5 on 31 March. */
  healthCheckUnderFive: Share;
  /** Of those recorded aged 5 to 16 on 31 March: with a score. */
  sdqCompleted: Share;
  /** Average of those scores, to one decimal place. */
  sdqAverage: number | null;
  /** Of those scored: 14 to 16, and 17 or more. */
  sdqBorderline: Share;
  sdqConcern: Share;
  substanceMisuse: Share;
  /** Of those with a substance misuse problem. */
  interventionReceived: Share;
  interventionRefused: Share;
  /** Of those recorded aged 10 or over on 31 March. */
  convicted: Share;
}

/** The DfE's OC2 measures over these children of the cohort (DfE, "Children looked after in England including adoptions", outcomes for children looked after continuously for 12 months). */
export function cohortFigures(entries: readonly CohortEntry[]): CohortFigures {
  const recorded = entries.filter((e) => e.year !== null) as (CohortEntry & { year: NonNullable<CohortEntry['year']> })[];
  const count = (of: typeof recorded, f: (y: NonNullable<CohortEntry['year']>) => boolean) => of.filter((e) => f(e.year)).length;
  const underFive = recorded.filter((e) => e.age !== null && e.age < HEALTH_CHECK_UNDER);
  const sdqAged = recorded.filter((e) => e.age !== null && e.age >= SDQ_REPORTED_AGES.from && e.age <= SDQ_REPORTED_AGES.to);
  const scores = sdqAged.map((e) => e.year.sdqScore).filter((s): s is number => s !== null);
  const misuse = recorded.filter((e) => e.year.substanceMisuse);
  const tenPlus = recorded.filter((e) => e.age !== null && e.age >= CONVICTION_FROM_AGE);
  return {
    cohort: entries.length,
    recorded: recorded.length,
    notRecorded: entries.length - recorded.length,
    healthAssessment: share(count(recorded, (y) => y.healthAssessment), recorded.length),
    immunisations: share(count(recorded, (y) => y.immunisations), recorded.length),
    teethCheck: share(count(recorded, (y) => y.teethCheck), recorded.length),
    healthCheckUnderFive: share(count(underFive, (y) => y.healthCheck === true), underFive.length),
    sdqCompleted: share(scores.length, sdqAged.length),
    sdqAverage: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null,
    sdqBorderline: share(scores.filter((s) => s >= SDQ_BANDS.borderlineFrom && s < SDQ_BANDS.concernFrom).length, scores.length),
    sdqConcern: share(scores.filter((s) => s >= SDQ_BANDS.concernFrom).length, scores.length),
    substanceMisuse: share(misuse.length, recorded.length),
    interventionReceived: share(count(misuse, (y) => y.interventionReceived === true), misuse.length),
    interventionRefused: share(count(misuse, (y) => y.interventionOffered === true), misuse.length),
    convicted: share(count(tenPlus, (y) => y.convicted), tenPlus.length),
  };
}
