// The SSDA903 OC2 table for a collection year, built from each child's
// recorded health and wellbeing year: one row per child of the cohort (looked
// after continuously for 12 months at 31 March) whose year is recorded, with
// the schema's column names and formats (SSDA903 schema 2024, table OC2:
// CHILD, DOB, SDQ_SCORE, SDQ_REASON, CONVICTED, HEALTH_CHECK, IMMUNISATIONS,
// TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED,
// INTERVENTION_OFFERED; dates dd/mm/yyyy, yes/no as 1/0, blank as empty).
// Pure: the returns work reads the rows and writes the file.
import { ageOn } from '../../platform/calendar/dates.ts';
import type { StabilityEpisode } from '../stability/rules.ts';
import { CONVICTION_FROM_AGE, HEALTH_CHECK_UNDER, oc2Cohort, SDQ_AGES, yearBounds, type HealthYearAnswers } from './rules.ts';

export const OC2_COLUMNS = [
  'CHILD',
  'DOB',
  'SDQ_SCORE',
  'SDQ_REASON',
  'CONVICTED',
  'HEALTH_CHECK',
  'IMMUNISATIONS',
  'TEETH_CHECK',
  'HEALTH_ASSESSMENT',
  'SUBSTANCE_MISUSE',
  'INTERVENTION_RECEIVED',
  'INTERVENTION_OFFERED',
] as const;

export type Oc2Row = Record<(typeof OC2_COLUMNS)[number], string>;

export interface Oc2Child {
  /** The council's child identifier (SSDA903 CHILD). */
  laChildId: string;
  dateOfBirth: string;
  episodes: readonly StabilityEpisode[];
  /** The year recorded for the collection year, or null. */
  year: Omit<HealthYearAnswers, 'yearEnding'> | null;
}

/** An ISO day as the 903 writes dates: dd/mm/yyyy. */
export function ssdaDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

const flag = (v: boolean | null | undefined) => (v === true ? '1' : v === false ? '0' : '');

/**
 * The OC2 rows for the year to 31 March `yearEnd` (for example 2026), in the
 * order given. Left out: children outside the cohort (validation rules 185,
 * 190, 198) and those with no year recorded (the page lists them). Left
 * blank, as the validation rules ask:
 * - SDQ_SCORE and SDQ_REASON for a child under 4 on 31 March (rule 188) or
 *   17 or over on 1 April (rule 189);
 * - HEALTH_CHECK for a child aged 5 or over on 31 March (rule 546);
 * - CONVICTED for a child under 10 on 31 March (rule 542);
 * - INTERVENTION_RECEIVED and INTERVENTION_OFFERED without substance misuse
 *   (rule 193), and INTERVENTION_OFFERED when an intervention was received
 *   (rule 158).
 */
export function oc2Rows(yearEnd: number, children: readonly Oc2Child[]): Oc2Row[] {
  const { start, end } = yearBounds(yearEnd);
  const rows: Oc2Row[] = [];
  for (const c of children) {
    const y = c.year;
    if (!y || !oc2Cohort(c.episodes, yearEnd).inCohort) continue;
    const ageAtEnd = ageOn(c.dateOfBirth, end);
    const sdqAsked = ageAtEnd >= SDQ_AGES.from && ageOn(c.dateOfBirth, start) <= SDQ_AGES.to;
    rows.push({
      CHILD: c.laChildId,
      DOB: ssdaDate(c.dateOfBirth),
      SDQ_SCORE: sdqAsked && y.sdqScore !== null ? String(y.sdqScore) : '',
      SDQ_REASON: sdqAsked && y.sdqReason !== null ? y.sdqReason : '',
      CONVICTED: ageAtEnd >= CONVICTION_FROM_AGE ? flag(y.convicted) : '',
      HEALTH_CHECK: ageAtEnd < HEALTH_CHECK_UNDER ? flag(y.healthCheck) : '',
      IMMUNISATIONS: flag(y.immunisations),
      TEETH_CHECK: flag(y.teethCheck),
      HEALTH_ASSESSMENT: flag(y.healthAssessment),
      SUBSTANCE_MISUSE: flag(y.substanceMisuse),
      INTERVENTION_RECEIVED: y.substanceMisuse ? flag(y.interventionReceived) : '',
      INTERVENTION_OFFERED: y.substanceMisuse && y.interventionReceived !== true ? flag(y.interventionOffered) : '',
    });
  }
  return rows;
}
