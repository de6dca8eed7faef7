// The form for a looked-after child's year of health and wellbeing, read with
// the one form reader so one submission shows every problem. The checks that
// need the child's age or today are the service's (see rules.ts).
import { z } from 'zod';
import type { SdqReason } from '../../db/schema.ts';
import { field, optionalYesNo, problem, readForm, sentText, wholeNumber, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import { answerProblems, SDQ_MAX, SDQ_MIN, SDQ_REASONS, type HealthYearAnswers } from './rules.ts';

/** In the order the form asks them, so the error summary reads down the page. */
export const HEALTH_YEAR_FIELDS = [
  'yearEnding',
  'sdqScore',
  'sdqReason',
  'healthAssessment',
  'healthCheck',
  'immunisations',
  'teethCheck',
  'substanceMisuse',
  'interventionReceived',
  'interventionOffered',
  'convicted',
];

const healthYearForm = z.object({
  yearEnding: wholeNumber({ label: 'Year', min: 1950, max: 2200, required: 'Select the year to 31 March', invalid: 'Select a year from the list' }),
  sdqScore: wholeNumber({
    label: 'Strengths and difficulties score',
    min: SDQ_MIN,
    max: SDQ_MAX,
    invalid: `Strengths and difficulties score must be a whole number from ${SDQ_MIN} to ${SDQ_MAX}`,
  }),
  sdqReason: field<SdqReason | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(SDQ_REASONS, value) ? (value as SdqReason) : problem('Reason there is no score must be one of the options listed');
  }),
  convicted: yesNo('Select whether the child was convicted or given a youth caution during the year'),
  healthCheck: optionalYesNo(),
  immunisations: yesNo('Select whether the child’s immunisations were up to date'),
  teethCheck: yesNo('Select whether the child’s teeth were checked by a dentist during the year'),
  healthAssessment: yesNo('Select whether the child had their annual health assessment'),
  substanceMisuse: yesNo('Select whether the child was identified as having a substance misuse problem'),
  interventionReceived: optionalYesNo(),
  interventionOffered: optionalYesNo(),
});

/** The answers for one year; a score and a reason, or neither, are refused here. */
export function readHealthYear(body: Body): FormRead<HealthYearAnswers> {
  const { values, errors } = readForm(healthYearForm, body);
  const sent = { sdqScore: sentText(body.sdqScore).trim() !== '', sdqReason: sentText(body.sdqReason).trim() !== '' };
  for (const [field, message] of Object.entries(answerProblems(values, sent))) errors[field] ??= message;
  return { values: values as Partial<HealthYearAnswers>, errors };
}
