import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { ageOn, formatDate } from '../../platform/calendar/dates.ts';
import { orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { lockChild } from '../../platform/record-access/child-dates.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { HEALTH_YEAR_FIELDS } from './forms.ts';
import { findEpisodes } from '../stability/queries.ts';
import type { StabilityEpisode } from '../stability/rules.ts';
import { birthOf, healthAssessmentDates, listHealthYears, saveHealthYear, type StoredHealthYear } from './queries.ts';
import {
  assessedInYear,
  cohortProblem,
  oc2Cohort,
  assessmentWarning,
  childProblems,
  HEALTH_CHECK_UNDER,
  latestYear,
  recordableYears,
  SDQ_REASONS,
  yearBounds,
  yearLabel,
  type HealthYearAnswers,
} from './rules.ts';

const mayRecord = (viewer: Viewer) => assertRecordsCareWork(viewer, 'Health and wellbeing years');

const yesNo = (v: boolean | null) => (v === null ? 'Not asked' : v ? 'Yes' : 'No');

function presentYear(row: StoredHealthYear, dateOfBirth: string | null, assessments: readonly string[], episodes: readonly StabilityEpisode[]) {
  const year = Number(row.year_ending.slice(0, 4));
  const cohort = oc2Cohort(episodes, year);
  return {
    cohortWarning: cohort.inCohort ? null : `Not in the return: ${cohort.reason.charAt(0).toLowerCase()}${cohort.reason.slice(1)}, and the DfE asks about children looked after continuously for 12 months at 31 March`,
    ...row,
    year,
    label: yearLabel(year),
    ageText: dateOfBirth ? `${ageOn(dateOfBirth, row.year_ending)} on 31 March` : null,
    sdqText: row.sdq_score !== null ? String(row.sdq_score) : `No score: ${SDQ_REASONS[row.sdq_reason!].toLowerCase()}`,
    convictedText: yesNo(row.convicted),
    healthCheckText: yesNo(row.health_check),
    immunisationsText: yesNo(row.immunisations),
    teethText: yesNo(row.teeth_check),
    assessmentText: yesNo(row.health_assessment),
    assessmentWarning: assessmentWarning(row.health_assessment, assessments, year),
    substanceText: row.substance_misuse
      ? `Yes: ${row.intervention_received ? 'received an intervention' : row.intervention_offered ? 'offered an intervention and refused it' : 'no intervention received or offered'}`
      : 'No',
  };
}

export type PresentedHealthYear = ReturnType<typeof presentYear>;

async function healthData(trx: Db, a: Actor) {
  const [child, dateOfBirth, rows, assessments, episodes] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    birthOf(trx, a.childId),
    listHealthYears(trx, a.childId),
    healthAssessmentDates(trx, a.childId),
    findEpisodes(trx, a.childId),
  ]);
  const years = recordableYears(dateOfBirth, a.today);
  const cohorts = years.map((y) => ({ year: y, label: yearLabel(y), cohort: oc2Cohort(episodes, y) }));
  return {
    child,
    years: rows.map((r) => presentYear(r, dateOfBirth, assessments, episodes)),
    stored: rows,
    /** Each recordable year, newest first, and whether the child is in the OC2 cohort for it. */
    cohorts: cohorts.slice(0, 3).map((c) => ({
      ...c,
      text: c.cohort.inCohort ? `In the return: looked after continuously since ${formatDate(c.cohort.since)}` : `Not in the return: ${c.cohort.reason.charAt(0).toLowerCase()}${c.cohort.reason.slice(1)}`,
      recorded: rows.some((r) => r.year_ending === yearBounds(c.year).end),
    })),
    recordable: years.map((y) => ({
      year: y,
      label: yearLabel(y),
      inCohort: oc2Cohort(episodes, y).inCohort,
      assessed: assessedInYear(assessments, y),
      assessmentDates: assessments.filter((d) => d >= yearBounds(y).start && d <= yearBounds(y).end).map(formatDate),
      underFive: dateOfBirth ? ageOn(dateOfBirth, yearBounds(y).end) < HEALTH_CHECK_UNDER : null,
      recorded: rows.some((r) => r.year_ending === yearBounds(y).end),
    })),
    latest: latestYear(a.today),
    mayRecord: CARE_RECORDERS.includes(a.viewer.role),
  };
}

export type HealthData = Awaited<ReturnType<typeof healthData>>;

/** The child's years of health and wellbeing, with whether each agrees with the health assessments on the record. */
export async function healthView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.health-years', (trx) => healthData(trx, a));
}

export async function healthFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.health-year-form', async (trx) => {
    mayRecord(a.viewer);
    return healthData(trx, a);
  });
}

/** What the form shows when it opens for a year: the stored answers, or the health assessment as the record has it. */
export function healthYearDefaults(view: HealthData, yearText: string | undefined): Record<string, string> {
  const year = Number(yearText);
  const row = view.recordable.find((r) => r.year === year);
  if (!row) return {};
  const stored = view.stored.find((s) => s.year_ending === yearBounds(year).end);
  const yn = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
  if (!stored) return { yearEnding: String(year), healthAssessment: row.assessed ? 'yes' : 'no' };
  return {
    yearEnding: String(year),
    sdqScore: stored.sdq_score === null ? '' : String(stored.sdq_score),
    sdqReason: stored.sdq_reason ?? '',
    convicted: yn(stored.convicted),
    healthCheck: yn(stored.health_check),
    immunisations: yn(stored.immunisations),
    teethCheck: yn(stored.teeth_check),
    healthAssessment: yn(stored.health_assessment),
    substanceMisuse: yn(stored.substance_misuse),
    interventionReceived: yn(stored.intervention_received),
    interventionOffered: yn(stored.intervention_offered),
  };
}

/**
 * Records the year's answers, or corrects them when the year is already
 * recorded. Refused, with nothing stored, for a year not yet ended or before
 * the child was born, for a year in which the child is not in the OC2 cohort
 * (see oc2Cohort), and for answers that do not fit the child's age.
 * An answer about the health assessment that disagrees with the record is
 * stored and warned about, not refused: the assessment may be missing from
 * the Visits tab.
 */
export async function recordHealthYear(a: Actor, read: FormRead<HealthYearAnswers>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.health-year.record', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const person = await lockChild(trx, a.childId);
    const v = read.values;
    const errors = { ...read.errors };
    for (const [field, message] of Object.entries(childProblems(v, { dateOfBirth: person.date_of_birth }, a.today))) errors[field] ??= message;
    if (v.yearEnding !== undefined && !errors.yearEnding) {
      const outside = cohortProblem(oc2Cohort(await findEpisodes(trx, a.childId), v.yearEnding), v.yearEnding);
      if (outside) errors.yearEnding = outside;
    }
    if (Object.keys(errors).length) return refuse(orderErrors(errors, HEALTH_YEAR_FIELDS), await healthData(trx, a));
    const answers = v as HealthYearAnswers;
    const saved = await saveHealthYear(trx, {
      child_id: a.childId,
      year_ending: yearBounds(answers.yearEnding).end,
      sdq_score: answers.sdqScore,
      sdq_reason: answers.sdqReason,
      convicted: answers.convicted,
      health_check: answers.healthCheck,
      immunisations: answers.immunisations,
      teeth_check: answers.teethCheck,
      health_assessment: answers.healthAssessment,
      substance_misuse: answers.substanceMisuse,
      intervention_received: answers.substanceMisuse ? answers.interventionReceived : null,
      intervention_offered: answers.substanceMisuse ? answers.interventionOffered : null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name(saved.changed ? `health year ${answers.yearEnding} changed,` : `health year ${answers.yearEnding} recorded,`, saved.id);
    return saved;
  });
}
