// The rules of strategy discussions, section 47 enquiries and initial child
// protection conferences. Pure: the service passes the dates it has read.
import type { Agency, ChildParticipation, FamilyParticipation, InviteeAgency, InviteeAttendance, Role, S47Outcome } from '../../db/schema.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { addWorkingDays, workingDaysBetween } from '../../platform/calendar/working-days.ts';

export const WT = 'Working Together to Safeguard Children 2023';

/**
 * Who records these meetings and their decisions: the child's social workers,
 * their managers, and the independent chairs of conferences (here, IROs).
 * Personal advisers and analysts read them.
 */
export const ENQUIRY_RECORDERS: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'iro'];

/** The agencies at a strategy discussion (Working Together 2023: children's social care, police, health and others such as education). */
export const AGENCIES: Readonly<Record<Agency, string>> = {
  social_care: 'Children’s social care',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  other: 'Other',
};

/** The agencies of a conference's invitees: the same, and the child's family. */
export const INVITEE_AGENCIES: Readonly<Record<InviteeAgency, string>> = { ...AGENCIES, family: 'Family member or carer' };

/**
 * The three safeguarding partners a strategy discussion should involve
 * (Working Together 2023: "local authority children's social care, the
 * police [and] health"). A discussion without one of them is recorded as it
 * was; its page says who was missing.
 */
export const STATUTORY_PARTNERS: readonly Agency[] = ['social_care', 'police', 'health'];

export function missingPartners(agencies: readonly string[]): Agency[] {
  return STATUTORY_PARTNERS.filter((a) => !agencies.includes(a));
}

/**
 * The outcome of a section 47 enquiry, in the terms of Working Together 2023:
 * concerns substantiated and the child judged to be at continuing risk of
 * significant harm (an initial conference is convened); concerns substantiated
 * but the child not judged at continuing risk; concerns not substantiated.
 */
export const S47_OUTCOMES: Readonly<Record<S47Outcome, string>> = {
  substantiated_continuing_risk: 'Concerns substantiated and the child judged to be at continuing risk of significant harm',
  substantiated_not_continuing_risk: 'Concerns substantiated but the child not judged to be at continuing risk of significant harm',
  not_substantiated: 'Concerns not substantiated',
};

export const CHILD_PARTICIPATION: Readonly<Record<ChildParticipation, string>> = {
  attended: 'Attended and spoke for themselves',
  attended_part: 'Attended part of the conference',
  advocate: 'Views shared through an advocate',
  in_writing: 'Views shared in writing, a drawing or a recording',
  through_worker: 'Views shared through their social worker',
  did_not_take_part: 'Did not take part',
  too_young: 'Too young to take part',
};

export const FAMILY_PARTICIPATION: Readonly<Record<FamilyParticipation, string>> = {
  attended: 'Parents or carers attended',
  attended_part: 'Parents or carers attended part of the conference',
  advocate: 'Views shared through an advocate',
  in_writing: 'Views shared in writing',
  did_not_attend: 'Invited, did not attend',
  excluded: 'Excluded by the chair',
};

export const ATTENDANCE: Readonly<Record<InviteeAttendance, string>> = {
  attended: 'Attended',
  attended_and_report: 'Attended and sent a report',
  sent_report: 'Sent a report, did not attend',
  did_not_attend: 'Invited, did not attend',
};

/**
 * Why an enquiry's outcome cannot stand, or null. Working Together 2023:
 * where concerns are substantiated and the child is judged to be at
 * continuing risk of significant harm, an initial child protection conference
 * is convened; it cannot be recorded as not needed.
 */
export function outcomeProblem(outcome: S47Outcome, icpcRequired: boolean): string | null {
  if (outcome === 'substantiated_continuing_risk' && !icpcRequired) return 'A child judged to be at continuing risk of significant harm needs an initial child protection conference: choose Yes';
  return null;
}

/** An enquiry ends on or after the strategy discussion that started it. */
export function endedOnProblem(endedOn: string, startDate: string): string | null {
  return endedOn < startDate ? `The date the enquiry ended must be on or after the strategy discussion that started it, ${formatDate(startDate)}` : null;
}

/** A conference follows the strategy discussion that started the enquiry, and the enquiry's end where it is recorded. */
export function conferenceDateProblem(date: string, enquiry: { startDate: string; endedOn: string | null }): string | null {
  if (date < enquiry.startDate) return `The date of the conference must be on or after the strategy discussion that started the enquiry, ${formatDate(enquiry.startDate)}`;
  if (enquiry.endedOn && date < enquiry.endedOn) return `The date of the conference must be on or after the day the enquiry ended, ${formatDate(enquiry.endedOn)}`;
  return null;
}

/**
 * Why a plan cannot start on `date`, or null: the child is already on a plan
 * that day, or a later plan is recorded (a plan must not start before one
 * already there, nor overlap it).
 */
export function planOverlapProblem(plans: readonly { startDate: string; endDate: string | null }[], date: string): string | null {
  const open = plans.find((p) => p.startDate <= date && (p.endDate === null || p.endDate > date));
  if (open) return `The child is already on a child protection plan from ${formatDate(open.startDate)}: record a review conference instead, or end that plan first`;
  const later = plans.find((p) => p.startDate > date);
  if (later) return `A child protection plan from ${formatDate(later.startDate)} is already recorded: a plan cannot start before it`;
  return null;
}

/**
 * Working Together 2023 on the initial child protection conference's timing:
 * "within 15 working days of the strategy discussion, or the strategy
 * discussion at which section 47 enquiries were initiated if more than one has
 * been held". `startedOn` is the date of that discussion.
 */
export const ICPC_WORKING_DAYS = 15;

export function icpcTiming(startedOn: string, conferenceOn: string) {
  const due = addWorkingDays(startedOn, ICPC_WORKING_DAYS);
  const days = workingDaysBetween(startedOn, conferenceOn);
  return { due, workingDays: days, inTime: conferenceOn <= due };
}
