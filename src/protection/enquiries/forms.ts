// The strategy discussion, enquiry outcome and conference forms, read with the
// one form reader so one submission shows every problem. The checks that need
// the record (dates against birth, the enquiry, plans) are the service's.
import { z } from 'zod';
import type { Agency, ChildParticipation, FamilyParticipation, InviteeAgency, InviteeAttendance, S47Outcome } from '../../db/schema.ts';
import { choice, code, dateInput, dateKey, field, problem, readForm, sentText, text, uuidChoice, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
import { AGENCIES, ATTENDANCE, CHILD_PARTICIPATION, FAMILY_PARTICIPATION, INVITEE_AGENCIES, S47_OUTCOMES } from './rules.ts';

export const INFORMATION_MAX = 4000;
export const ACTIONS_MAX = 2000;
export const OUTLINE_MAX = 4000;
export const NAME_MAX = 200;
/** Rows of people a form offers: enough for a discussion or a conference; blank rows are ignored. */
export const ATTENDEE_ROWS = 8;
export const INVITEE_ROWS = 10;

/** An optional choice from `choices`: empty is null. */
function optionalChoice<K extends string>(choices: Readonly<Record<K, string>>, label: string) {
  return field<K | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(choices, value) ? (value as K) : problem(`${label} must be one of the options listed`);
  });
}

export interface Person<A extends string, X> {
  name: string;
  agency: A;
  extra: X;
}

/**
 * The rows of people on a form: each row with a name needs its agency (and
 * the row's other choice, when it has one); a row with an agency but no name
 * is refused; empty rows are dropped. Errors go against the row's fields.
 */
function readPeople<A extends string, X>(
  values: Record<string, unknown>,
  errors: Record<string, string>,
  prefix: string,
  rows: number,
  what: string,
  extra: { key: string; label: string; required: boolean },
): Person<A, X>[] {
  const people: Person<A, X>[] = [];
  for (let i = 1; i <= rows; i += 1) {
    const name = values[`${prefix}${i}Name`] as string | null | undefined;
    const agency = values[`${prefix}${i}Agency`] as A | null | undefined;
    const other = values[`${prefix}${i}${extra.key}`] as X | null | undefined;
    if (!name) {
      if ((agency || other) && !errors[`${prefix}${i}Name`]) errors[`${prefix}${i}Name`] = `Enter the name of ${what} ${i}, or clear the row`;
      continue;
    }
    if (!agency && !errors[`${prefix}${i}Agency`]) errors[`${prefix}${i}Agency`] = `Select the agency of ${what} ${i}`;
    if (extra.required && !other && !errors[`${prefix}${i}${extra.key}`]) errors[`${prefix}${i}${extra.key}`] = `Select ${extra.label} of ${what} ${i}`;
    if (agency && (!extra.required || other)) people.push({ name, agency, extra: (other ?? null) as X });
  }
  return people;
}

function peopleFields<A extends string>(prefix: string, rows: number, agencies: Readonly<Record<A, string>>, extraKey: string, extraField: z.ZodType) {
  const shape: Record<string, z.ZodType> = {};
  for (let i = 1; i <= rows; i += 1) {
    shape[`${prefix}${i}Name`] = text({ label: `Name ${i}`, max: NAME_MAX });
    shape[`${prefix}${i}Agency`] = optionalChoice(agencies, `Agency ${i}`);
    shape[`${prefix}${i}${extraKey}`] = extraField;
  }
  return shape;
}

function peopleOrder(prefix: string, rows: number, extraKey: string): string[] {
  return Array.from({ length: rows }, (_, i) => [`${prefix}${i + 1}Name`, `${prefix}${i + 1}Agency`, `${prefix}${i + 1}${extraKey}`]).flat();
}

// --- A strategy discussion ----------------------------------------------------

export interface DiscussionInput {
  date: string;
  attendees: Person<Agency, string | null>[];
  informationShared: string;
  s47Started: boolean;
  otherActions: string | null;
}

export const DISCUSSION_FIELDS = [dateKey('date'), 'attendees', ...peopleOrder('attendee', ATTENDEE_ROWS, 'Role'), 'informationShared', 's47Started', 'otherActions'];

const discussionForm = z.object({
  date: dateInput({ label: 'Date of the strategy discussion', required: true, requiredMessage: 'Enter the date of the strategy discussion' }),
  ...peopleFields('attendee', ATTENDEE_ROWS, AGENCIES, 'Role', text({ label: 'Role', max: NAME_MAX })),
  informationShared: text({ label: 'Information shared', max: INFORMATION_MAX, required: 'Enter the information shared' }),
  s47Started: yesNo('Select whether a section 47 enquiry starts'),
  otherActions: text({ label: 'Other actions agreed', max: ACTIONS_MAX }),
});

export function readDiscussion(body: Body): FormRead<DiscussionInput> {
  const { values, errors } = readForm(discussionForm, body);
  const attendees = readPeople<Agency, string | null>(values, errors, 'attendee', ATTENDEE_ROWS, 'attendee', { key: 'Role', label: 'the role', required: false });
  if (attendees.length === 0 && !Object.keys(errors).some((k) => k.startsWith('attendee'))) errors.attendees = 'Enter at least one person who took part, with their agency';
  return {
    values: { date: values.date, attendees, informationShared: values.informationShared, s47Started: values.s47Started, otherActions: values.otherActions ?? null },
    errors,
  };
}

// --- The enquiry's outcome ------------------------------------------------------

export interface OutcomeInput {
  outcome: S47Outcome;
  endedOn: string;
  icpcRequired: boolean;
}

export const OUTCOME_FIELDS = ['outcome', dateKey('endedOn'), 'icpcRequired'];

const outcomeForm = z.object({
  outcome: choice(Object.keys(S47_OUTCOMES) as S47Outcome[], { label: 'Outcome', choose: 'Select the outcome of the enquiry' }),
  endedOn: dateInput({ label: 'Date the enquiry ended', required: true, requiredMessage: 'Enter the date the enquiry ended' }),
  icpcRequired: yesNo('Select whether an initial child protection conference is needed'),
});

export function readOutcome(body: Body): FormRead<OutcomeInput> {
  return readForm(outcomeForm, body);
}

// --- The initial conference -----------------------------------------------------

export interface ConferenceInput {
  date: string;
  chairId: string;
  invitees: Person<InviteeAgency, InviteeAttendance>[];
  childParticipation: ChildParticipation;
  familyParticipation: FamilyParticipation;
  planDecided: boolean;
  category: string | null;
  planOutline: string | null;
}

export const CONFERENCE_FIELDS = [
  dateKey('date'),
  'chairId',
  'invitees',
  ...peopleOrder('invitee', INVITEE_ROWS, 'Attendance'),
  'childParticipation',
  'familyParticipation',
  'planDecided',
  'category',
  'planOutline',
];

const conferenceForm = z.object({
  date: dateInput({ label: 'Date of the conference', required: true, requiredMessage: 'Enter the date of the conference' }),
  chairId: uuidChoice({ label: 'Who chaired the conference', choose: 'Select who chaired the conference', invalid: 'The chair must be one of the chairs listed' }),
  ...peopleFields('invitee', INVITEE_ROWS, INVITEE_AGENCIES, 'Attendance', optionalChoice(ATTENDANCE, 'Attendance')),
  childParticipation: choice(Object.keys(CHILD_PARTICIPATION) as ChildParticipation[], { label: 'How the child took part', choose: 'Select how the child took part' }),
  familyParticipation: choice(Object.keys(FAMILY_PARTICIPATION) as FamilyParticipation[], { label: 'How the family took part', choose: 'Select how the family took part' }),
  planDecided: yesNo('Select whether the conference decided on a child protection plan'),
  category: code('cpCategory', { label: 'Category of abuse' }),
  planOutline: text({ label: 'Outline of the plan', max: OUTLINE_MAX }),
});

/** A plan needs its category and outline; a conference that decides on none has neither. */
export function readConference(body: Body): FormRead<ConferenceInput> {
  const { values, errors } = readForm(conferenceForm, body);
  const invitees = readPeople<InviteeAgency, InviteeAttendance>(values, errors, 'invitee', INVITEE_ROWS, 'invitee', { key: 'Attendance', label: 'whether they attended', required: true });
  if (invitees.length === 0 && !Object.keys(errors).some((k) => k.startsWith('invitee'))) errors.invitees = 'Enter at least one person invited, with their agency and whether they attended';
  if (values.planDecided === true) {
    if (!values.category && !errors.category) errors.category = 'Select the initial category of abuse';
    if (!values.planOutline && !errors.planOutline) errors.planOutline = 'Enter an outline of the child protection plan';
  }
  if (values.planDecided === false) {
    if (values.category) errors.category = 'Leave the category empty when the conference decided on no plan';
    if (values.planOutline) errors.planOutline = 'Leave the outline empty when the conference decided on no plan';
  }
  return {
    values: {
      date: values.date,
      chairId: values.chairId,
      invitees,
      childParticipation: values.childParticipation,
      familyParticipation: values.familyParticipation,
      planDecided: values.planDecided,
      category: values.category ?? null,
      planOutline: values.planOutline ?? null,
    },
    errors,
  };
}
