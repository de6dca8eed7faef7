// The assessment's forms, read with the one form reader so one submission
// shows every problem. The checks that need the referral, the child or the
// stored assessment are the service's (see rules.ts).
import { z } from 'zod';
import type { AssessmentOutcome } from '../../db/schema.ts';
import { checkboxes, choice, dateInput, dateKey, field, optionalYesNo, problem, readForm, sentText, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { isCode } from '../../reference/codes.ts';
import { OUTCOMES } from './rules.ts';

export const DOMAIN_MAX = 8000;
export const VIEWS_MAX = 4000;
export const REASON_MAX = 2000;

export interface StartInput {
  referralId: string;
  startDate: string;
}
export const START_FIELDS = ['referralId', dateKey('startDate')];

const startForm = z.object({
  referralId: uuidChoice({ label: 'The referral', choose: 'Select the referral the assessment is for' }),
  startDate: dateInput({ label: 'The date the assessment started', required: true, requiredMessage: 'Enter the date the assessment started' }),
});

export function readStart(body: Body): FormRead<StartInput> {
  return readForm(startForm, body);
}

export interface AssessmentInput {
  startDate: string;
  childSeen: boolean | null;
  childSeenOn: string | null;
  seenAlone: boolean | null;
  factors: string[];
  developmentalNeeds: string | null;
  parentingCapacity: string | null;
  familyEnvironment: string | null;
  childViews: string | null;
  parentsViews: string | null;
  analysis: string | null;
  outcome: AssessmentOutcome | null;
}
export const ASSESSMENT_FIELDS = [
  dateKey('startDate'),
  'childSeen',
  dateKey('childSeenOn'),
  'seenAlone',
  'factors',
  'developmentalNeeds',
  'parentingCapacity',
  'familyEnvironment',
  'childViews',
  'parentsViews',
  'analysis',
  'outcome',
];

const outcome = field<AssessmentOutcome | null>((sent) => {
  const value = sentText(sent).trim();
  if (!value) return null;
  return Object.hasOwn(OUTCOMES, value) ? (value as AssessmentOutcome) : problem('The outcome must be one of the options listed');
});

const assessmentForm = z.object({
  startDate: dateInput({ label: 'The date the assessment started', required: true, requiredMessage: 'Enter the date the assessment started' }),
  childSeen: optionalYesNo('Select whether the child was seen'),
  childSeenOn: dateInput({ label: 'The date the child was seen' }),
  seenAlone: optionalYesNo('Select whether the child was seen alone'),
  factors: checkboxes((v) => isCode('assessmentFactor', v), 'The factors must be ones listed'),
  developmentalNeeds: text({ label: 'The child’s developmental needs', max: DOMAIN_MAX, keepLayout: true }),
  parentingCapacity: text({ label: 'Parenting capacity', max: DOMAIN_MAX, keepLayout: true }),
  familyEnvironment: text({ label: 'Family and environmental factors', max: DOMAIN_MAX, keepLayout: true }),
  childViews: text({ label: 'The child’s views', max: VIEWS_MAX, keepLayout: true }),
  parentsViews: text({ label: 'The parents’ or carers’ views', max: VIEWS_MAX, keepLayout: true }),
  analysis: text({ label: 'Analysis', max: DOMAIN_MAX, keepLayout: true }),
  outcome,
});

/**
 * The assessment as far as it is written: everything but the start may be
 * left for later. When the child was seen, the date and whether alone are
 * asked; when not, neither may be given.
 */
export function readAssessment(body: Body): FormRead<AssessmentInput> {
  const { values, errors } = readForm(assessmentForm, body);
  const seenKey = dateKey('childSeenOn');
  if (values.childSeen === true) {
    if (!values.childSeenOn && !errors[seenKey]) errors[seenKey] = 'Enter the date the child was seen';
    if (values.seenAlone === null && !errors.seenAlone) errors.seenAlone = 'Select whether the child was seen alone';
  } else {
    values.childSeenOn = null;
    values.seenAlone = null;
  }
  return { values, errors };
}

export type Decision = 'authorise' | 'return';

export interface AuthorisationInput {
  decision: Decision;
  authorisedOn: string | null;
  reason: string | null;
}
export const AUTHORISATION_FIELDS = ['decision', dateKey('authorisedOn'), 'reason'];

const authorisationForm = z.object({
  decision: choice<Decision>(['authorise', 'return'], { label: 'Your decision', choose: 'Select whether you authorise the assessment or return it for more work' }),
  authorisedOn: dateInput({ label: 'The date of authorisation' }),
  reason: text({ label: 'What needs more work', max: REASON_MAX }),
});

/** Authorising asks the date; returning asks what needs more work. */
export function readAuthorisation(body: Body): FormRead<AuthorisationInput> {
  const { values, errors } = readForm(authorisationForm, body);
  if (values.decision === 'authorise' && !values.authorisedOn && !errors[dateKey('authorisedOn')]) errors[dateKey('authorisedOn')] = 'Enter the date of authorisation';
  if (values.decision === 'return' && !values.reason && !errors.reason) errors.reason = 'Enter what needs more work before the assessment can be authorised';
  return { values, errors };
}
