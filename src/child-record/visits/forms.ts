// Reading the visit and case-event forms: each field on its own, so one
// submission shows every problem at once. Pure: the checks that need the
// child's record (dates against birth, the child being looked after) are the
// service's.
import type { CaseEventKind } from '../../db/schema.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { normalisePostcode } from '../../reference/geography.ts';
import { dateKey, readRequiredDate as readDate, textField as text, type Body, type FormRead } from '../../platform/http/forms.ts';

export const NOTE_MAX = 10_000;
export const REASON_MAX = 500;

export const CASE_EVENT_LABELS: Record<CaseEventKind, string> = {
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

function readYesNo(body: Body, name: string, choose: string | null, errors: FieldErrors): boolean | null | undefined {
  const value = text(body, name);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  if (value === '' && choose === null) return null;
  errors[name] = choose ?? 'Select yes or no';
  return undefined;
}

// --- Visit ------------------------------------------------------------------------

export interface VisitInput {
  visitDate: string;
  visitTime: string | null;
  visitorId: string;
  locationPostcode: string | null;
  virtual: boolean;
  childSeen: boolean;
  seenAlone: boolean | null;
  bedroomSeen: boolean | null;
  unsuccessfulReason: string | null;
  note: string;
}
export const VISIT_FIELDS = [dateKey('visitDate'), 'visitTime', 'visitorId', 'locationPostcode', 'virtual', 'childSeen', 'seenAlone', 'bedroomSeen', 'unsuccessfulReason', 'note'];

export function readVisit(body: Body): FormRead<VisitInput> {
  const errors: FieldErrors = {};
  const time = text(body, 'visitTime');
  let visitTime: string | null = null;
  if (time) {
    const match = /^(\d{1,2})[:.](\d{2})$/.exec(time);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) errors.visitTime = 'Time of visit must be a real time on the 24-hour clock, like 14:30';
    else visitTime = `${match[1]!.padStart(2, '0')}:${match[2]}`;
  }
  const visitorId = text(body, 'visitorId');
  if (!visitorId) errors.visitorId = 'Select who visited';
  const postcodeText = text(body, 'locationPostcode');
  let locationPostcode: string | null = null;
  if (postcodeText) {
    locationPostcode = normalisePostcode(postcodeText);
    if (!locationPostcode) errors.locationPostcode = 'Postcode of the place visited must be a real UK postcode, like BN21 4AB';
  }
  const mode = text(body, 'virtual');
  let virtual: boolean | undefined;
  if (mode === 'in_person') virtual = false;
  else if (mode === 'virtual') virtual = true;
  else errors.virtual = 'Select whether the visit was in person or virtual';
  const childSeen = readYesNo(body, 'childSeen', 'Select whether the child was seen', errors);
  const seenAlone = readYesNo(body, 'seenAlone', null, errors);
  const bedroomSeen = readYesNo(body, 'bedroomSeen', null, errors);
  const reason = text(body, 'unsuccessfulReason');
  let unsuccessfulReason: string | null = null;
  if (reason.length > REASON_MAX) errors.unsuccessfulReason = `Why the child was not seen must be ${REASON_MAX} characters or fewer`;
  else unsuccessfulReason = reason || null;
  if (childSeen === false) {
    if (!unsuccessfulReason && !errors.unsuccessfulReason) errors.unsuccessfulReason = 'Enter why the child was not seen: the visit does not count as a statutory visit';
    if (seenAlone === true) errors.seenAlone = 'The child cannot have been seen alone when they were not seen';
  }
  if (childSeen === true) {
    if (unsuccessfulReason) errors.unsuccessfulReason = 'Leave why the child was not seen empty: you said the child was seen';
    if (seenAlone === null) errors.seenAlone = 'Select whether the child was seen alone';
  }
  const note = text(body, 'note');
  if (!note) errors.note = 'Enter a note of the visit';
  else if (note.length > NOTE_MAX) errors.note = `Note of the visit must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`;
  const values: Partial<VisitInput> = {
    visitDate: readDate(body, 'visitDate', 'Date of visit', errors),
    visitTime,
    visitorId: visitorId || undefined,
    locationPostcode,
    virtual,
    childSeen: childSeen ?? undefined,
    seenAlone: seenAlone === undefined ? null : seenAlone,
    bedroomSeen: bedroomSeen === undefined ? null : bedroomSeen,
    unsuccessfulReason: childSeen === true ? null : unsuccessfulReason,
    note: note && note.length <= NOTE_MAX ? note : undefined,
  };
  return { values, errors };
}

// --- Case event -------------------------------------------------------------------

export interface CaseEventInput {
  kind: CaseEventKind;
  eventDate: string;
  s47Started: boolean | null;
  note: string | null;
}
export const CASE_EVENT_FIELDS = ['kind', dateKey('eventDate'), 's47Started', 'note'];

export function readCaseEvent(body: Body): FormRead<CaseEventInput> {
  const errors: FieldErrors = {};
  const kindText = text(body, 'kind');
  let kind: CaseEventKind | undefined;
  if (!kindText) errors.kind = 'Select what happened';
  else if (!Object.hasOwn(CASE_EVENT_LABELS, kindText)) errors.kind = 'What happened must be one of the options listed';
  else kind = kindText as CaseEventKind;
  let s47Started: boolean | null = null;
  const s47 = text(body, 's47Started');
  if (kind === 'strategy_discussion') {
    if (s47 === 'yes') s47Started = true;
    else if (s47 === 'no') s47Started = false;
    else errors.s47Started = 'Select whether the strategy discussion started a section 47 enquiry';
  } else if (s47) {
    errors.s47Started = 'Leave the section 47 question unanswered: it is only for a strategy discussion';
  }
  const note = text(body, 'note');
  if (note.length > NOTE_MAX) errors.note = `Note must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer`;
  return { values: { kind, eventDate: readDate(body, 'eventDate', 'Date', errors), s47Started, note: note && note.length <= NOTE_MAX ? note : null }, errors };
}

// --- Visiting frequency -------------------------------------------------------------

export interface FrequencyInput {
  appliesTo: keyof typeof FREQUENCY_PLANS;
  everyN: number;
  unit: keyof typeof FREQUENCY_UNITS;
  fromDate: string;
}
export const FREQUENCY_FIELDS = ['appliesTo', 'everyN', 'unit', dateKey('fromDate')];

export function readFrequency(body: Body): FormRead<FrequencyInput> {
  const errors: FieldErrors = {};
  const appliesTo = text(body, 'appliesTo');
  if (!Object.hasOwn(FREQUENCY_PLANS, appliesTo)) errors.appliesTo = appliesTo ? 'Plan must be one of the options listed' : 'Select which plan sets the frequency';
  const n = text(body, 'everyN');
  let everyN: number | undefined;
  if (!n) errors.everyN = 'Enter how often the child is to be visited';
  else if (!/^\d{1,3}$/.test(n) || Number(n) < 1 || Number(n) > 365) errors.everyN = 'How often must be a whole number from 1 to 365';
  else everyN = Number(n);
  const unit = text(body, 'unit');
  if (!Object.hasOwn(FREQUENCY_UNITS, unit)) errors.unit = unit ? 'Unit must be one of the options listed' : 'Select days, working days, weeks or months';
  return {
    values: {
      appliesTo: errors.appliesTo ? undefined : (appliesTo as FrequencyInput['appliesTo']),
      everyN,
      unit: errors.unit ? undefined : (unit as FrequencyInput['unit']),
      fromDate: readDate(body, 'fromDate', 'Date the frequency applies from', errors),
    },
    errors,
  };
}

// --- Placement terms -----------------------------------------------------------------

export interface PlacementTermsInput {
  longTermTo18: boolean;
  temporaryConnectedPerson: boolean;
}

export function readPlacementTerms(body: Body): FormRead<PlacementTermsInput> {
  const raw = body.terms;
  const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const errors: FieldErrors = {};
  if (chosen.some((c) => c !== 'long_term_to_18' && c !== 'temporary_connected_person')) errors.terms = 'Select only the options listed';
  return { values: { longTermTo18: chosen.includes('long_term_to_18'), temporaryConnectedPerson: chosen.includes('temporary_connected_person') }, errors };
}

export function orderErrors(errors: FieldErrors, order: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const key of order) if (errors[key]) out[key] = errors[key];
  for (const [key, value] of Object.entries(errors)) if (!out[key]) out[key] = value;
  return out;
}
