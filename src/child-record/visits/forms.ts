// The visit and case-event forms, read with the one form reader, so one
// submission shows every problem at once. Pure: the checks that need the
// child's record (dates against birth, the child being looked after) are the
// service's.
import { z } from 'zod';
import type { CaseEventKind } from '../../db/schema.ts';
import {
  checkboxes,
  choice,
  dateInput,
  dateKey,
  field,
  optionalYesNo,
  postcode,
  problem,
  readForm,
  sentText,
  text,
  timeOfDay,
  wholeNumber,
  yesNo,
  type Body,
  type FormRead,
} from '../../platform/http/forms.ts';

export const NOTE_MAX = 10_000;
export const REASON_MAX = 500;

export const CASE_EVENT_LABELS: Record<CaseEventKind, string> = {
  referral_decision: 'Decision on the referral (next steps)',
  strategy_discussion: 'Strategy discussion',
  s47_no_conference: 'Section 47 enquiry ended without a conference',
  icpc: 'Initial child protection conference',
  core_group: 'Core group meeting',
  cp_review: 'Child protection review conference',
  assessment: 'Assessment completed',
  cla_review: 'Looked-after review',
  health_assessment: 'Health assessment',
  pep_review: 'Personal education plan review',
  needs_assessment: 'Needs assessment for the pathway plan',
  pathway_plan_review: 'Pathway plan review',
};

export const FREQUENCY_PLANS = {
  cp: 'Child protection plan',
  cin: 'Child in need plan',
  short_breaks: 'Short breaks (as agreed with the IRO)',
} as const;

export const FREQUENCY_UNITS = {
  working_days: 'working days',
  days: 'days',
  weeks: 'weeks',
  months: 'months',
} as const;

// --- Visit ------------------------------------------------------------------------

export interface VisitInput {
  visitDate: string;
  visitTime: string | null;
  visitorId: string;
  /** The allocated worker a stand-in visited for; null when the visitor is the child's own worker. */
  onBehalfOf: string | null;
  locationPostcode: string | null;
  virtual: boolean;
  childSeen: boolean;
  seenAlone: boolean | null;
  bedroomSeen: boolean | null;
  unsuccessfulReason: string | null;
  note: string;
}
export const VISIT_FIELDS = [dateKey('visitDate'), 'visitTime', 'visitorId', 'onBehalfOf', 'locationPostcode', 'virtual', 'childSeen', 'seenAlone', 'bedroomSeen', 'unsuccessfulReason', 'note'];

const visitForm = z.object({
  visitDate: dateInput({ label: 'Date of visit', required: true }),
  visitTime: timeOfDay({ label: 'Time of visit' }),
  visitorId: field((sent) => sentText(sent).trim() || problem('Select who visited')),
  onBehalfOf: field((sent) => sentText(sent).trim() || null),
  locationPostcode: postcode({ label: 'Postcode of the place visited' }),
  virtual: field((sent) => {
    const mode = sentText(sent).trim();
    if (mode === 'in_person' || mode === 'virtual') return mode === 'virtual';
    return problem('Select whether the visit was in person or virtual');
  }),
  childSeen: yesNo('Select whether the child was seen'),
  seenAlone: optionalYesNo(),
  bedroomSeen: optionalYesNo(),
  unsuccessfulReason: text({ label: 'Why the child was not seen', max: REASON_MAX }),
  note: text({ label: 'Note of the visit', max: NOTE_MAX, required: 'Enter a note of the visit' }),
});

export function readVisit(body: Body): FormRead<VisitInput> {
  const { values, errors } = readForm(visitForm, body);
  if (values.childSeen === false) {
    if (!values.unsuccessfulReason && !errors.unsuccessfulReason) errors.unsuccessfulReason = 'Enter why the child was not seen: the visit does not count as a statutory visit';
    if (values.seenAlone === true) errors.seenAlone = 'The child cannot have been seen alone when they were not seen';
  }
  if (values.childSeen === true) {
    if (values.unsuccessfulReason) errors.unsuccessfulReason = 'Leave why the child was not seen empty: you said the child was seen';
    if (values.seenAlone === null) errors.seenAlone = 'Select whether the child was seen alone';
    values.unsuccessfulReason = null;
  }
  return { values: { ...values, seenAlone: values.seenAlone ?? null, bedroomSeen: values.bedroomSeen ?? null }, errors };
}

// --- Case event -------------------------------------------------------------------

/** The events this form records: each of the others has its own record, with the detail its clock and measures need. */
export const RECORDED_HERE = ['referral_decision', 'cla_review', 'health_assessment', 'pep_review', 'needs_assessment', 'pathway_plan_review'] as const satisfies readonly CaseEventKind[];
type RecordedHere = (typeof RECORDED_HERE)[number];

/** Where each event recorded elsewhere is recorded, as the refusal says it. */
const RECORDED_ELSEWHERE: Record<Exclude<CaseEventKind, RecordedHere>, string> = {
  strategy_discussion: 'A strategy discussion is recorded on the child’s Help and protection tab (Enquiries), with who took part and its decision',
  s47_no_conference: 'The outcome of a section 47 enquiry is recorded on the child’s Help and protection tab (Enquiries)',
  icpc: 'An initial child protection conference is recorded on the child’s Help and protection tab (Enquiries), with its decision',
  core_group: 'A core group meeting is recorded on the child’s Help and protection tab (Plans), with what it agreed',
  cp_review: 'A child protection review conference is recorded on the child’s Help and protection tab (Plans), with its decision',
  assessment: 'An assessment is completed and authorised on the child’s Help and protection tab (Assessments)',
};

export const RECORDED_HERE_LABELS = Object.fromEntries(RECORDED_HERE.map((kind) => [kind, CASE_EVENT_LABELS[kind]])) as Record<RecordedHere, string>;

export interface CaseEventInput {
  kind: RecordedHere;
  eventDate: string;
  note: string | null;
}
export const CASE_EVENT_FIELDS = ['kind', dateKey('eventDate'), 'note'];

const caseEventForm = z.object({
  kind: field((sent) => {
    const kind = sentText(sent).trim();
    if (!kind) return problem('Select what happened');
    if (Object.hasOwn(RECORDED_ELSEWHERE, kind)) return problem(RECORDED_ELSEWHERE[kind as keyof typeof RECORDED_ELSEWHERE]);
    return Object.hasOwn(RECORDED_HERE_LABELS, kind) ? (kind as RecordedHere) : problem('What happened must be one of the options listed');
  }),
  eventDate: dateInput({ label: 'Date', required: true }),
  note: text({ label: 'Note', max: NOTE_MAX }),
});

export function readCaseEvent(body: Body): FormRead<CaseEventInput> {
  const { values, errors } = readForm(caseEventForm, body);
  return { values: { ...values, note: values.note ?? null }, errors };
}

// --- Visiting frequency -------------------------------------------------------------

export interface FrequencyInput {
  appliesTo: keyof typeof FREQUENCY_PLANS;
  everyN: number;
  unit: keyof typeof FREQUENCY_UNITS;
  fromDate: string;
  agreedBy: string;
}
export const FREQUENCY_FIELDS = ['appliesTo', 'everyN', 'unit', dateKey('fromDate'), 'agreedBy'];

const frequencyForm = z.object({
  appliesTo: choice(FREQUENCY_PLANS, { label: 'Plan', choose: 'Select which plan sets the frequency' }),
  everyN: wholeNumber({ label: 'How often', min: 1, max: 365, required: 'Enter how often the child is to be visited' }),
  unit: choice(FREQUENCY_UNITS, { label: 'Unit', choose: 'Select days, working days, weeks or months' }),
  fromDate: dateInput({ label: 'Date the frequency applies from', required: true }),
  agreedBy: field((sent) => sentText(sent).trim() || problem('Select who agreed the frequency')),
});

export function readFrequency(body: Body): FormRead<FrequencyInput> {
  return readForm(frequencyForm, body);
}

// --- Placement terms -----------------------------------------------------------------

export const PLACEMENT_TERMS = ['long_term_to_18', 'six_monthly_visits', 'temporary_connected_person', 'placed_before_assessment'] as const;
export const CHILD_VIEW_MAX = 2_000;

export interface PlacementTermsInput {
  longTermTo18: boolean;
  sixMonthlyVisits: boolean;
  temporaryConnectedPerson: boolean;
  placedBeforeAssessment: boolean;
  agreedWithIro: string | null;
  childView: string | null;
}
export const PLACEMENT_TERMS_FIELDS = ['terms', 'agreedWithIro', 'childView'];

const placementTermsForm = z.object({
  terms: checkboxes(PLACEMENT_TERMS, 'Select only the options listed'),
  agreedWithIro: field((sent) => sentText(sent).trim() || null),
  childView: text({ label: 'The child’s view', max: CHILD_VIEW_MAX }),
});

/**
 * Reads the placement's terms. A placement intended to last until 18 moves
 * visits to 3-monthly after its first year, so the 2015 guidance's conditions
 * are asked for with it: the IRO who agreed, and the child's view. Six-monthly
 * visits are only for a long-term placement.
 */
export function readPlacementTerms(body: Body): FormRead<PlacementTermsInput> {
  const { values, errors } = readForm(placementTermsForm, body);
  const chosen: readonly string[] = values.terms ?? [];
  const longTermTo18 = chosen.includes('long_term_to_18');
  const sixMonthlyVisits = chosen.includes('six_monthly_visits');
  if (sixMonthlyVisits && !longTermTo18 && !errors.terms) errors.terms = 'Six-monthly visits are only for a placement intended to last until the child is 18: select that too, or neither';
  if (longTermTo18) {
    if (!values.agreedWithIro) errors.agreedWithIro = 'Select the IRO who agreed the placement is to last until the child is 18';
    if (!values.childView && !errors.childView) errors.childView = 'Enter the child’s view of staying in this placement until they are 18';
  }
  return {
    values: {
      longTermTo18,
      sixMonthlyVisits,
      temporaryConnectedPerson: chosen.includes('temporary_connected_person'),
      placedBeforeAssessment: chosen.includes('placed_before_assessment'),
      agreedWithIro: longTermTo18 ? (values.agreedWithIro ?? null) : null,
      childView: longTermTo18 ? (values.childView ?? null) : null,
    },
    errors,
  };
}

// --- Private fostering ----------------------------------------------------------------

export const CARER_NAME_MAX = 200;

export interface PrivateFosteringInput {
  notifiedOn: string;
  carerName: string;
}
export const PRIVATE_FOSTERING_FIELDS = [dateKey('notifiedOn'), 'carerName'];

const privateFosteringForm = z.object({
  notifiedOn: dateInput({ label: 'Date the council was told', required: true }),
  carerName: text({ label: 'Private foster carer', max: CARER_NAME_MAX, required: 'Enter the name of the private foster carer' }),
});

export function readPrivateFostering(body: Body): FormRead<PrivateFosteringInput> {
  return readForm(privateFosteringForm, body);
}

const privateFosteringEndForm = z.object({ endedOn: dateInput({ label: 'Date the arrangement ended', required: true }) });

export function readPrivateFosteringEnd(body: Body): FormRead<{ endedOn: string }> {
  return readForm(privateFosteringEndForm, body);
}
