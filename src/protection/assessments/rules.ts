// The rules of a single assessment that need no database: its timescale,
// its status, the order of its dates, what it needs before it is submitted,
// and who may authorise it.
import type { AssessmentOutcome, Role } from '../../db/schema.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { addWorkingDays, workingDaysBetween } from '../../platform/calendar/working-days.ts';
import { eventDateProblem, type ChildDates } from '../../platform/record-access/child-dates.ts';

/**
 * Working Together to Safeguard Children 2023, chapter 3: "The maximum
 * timeframe for the assessment to conclude, such that it is possible to reach
 * a decision on next steps, should be no longer than 45 working days from the
 * point of referral." Statutory guidance, not a local standard.
 */
export const ASSESSMENT_WORKING_DAYS = 45;

/** The last day the assessment of a referral made on `referralDate` may be completed (authorised) within its timescale. */
export function assessmentDueDate(referralDate: string): string {
  return addWorkingDays(referralDate, ASSESSMENT_WORKING_DAYS);
}

export const OUTCOMES: Record<AssessmentOutcome, string> = {
  no_further_action: 'No further action',
  cin_plan: 'Child in need plan',
  strategy_discussion: 'Strategy discussion (the child may be suffering significant harm)',
  early_help: 'Step down to early help',
};

/** Who starts, writes and submits an assessment: the child's practitioners and their managers. */
export const ASSESSMENT_WRITERS: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager'];

/** Who authorises one: the managers of the child's team, and the service manager above it. */
export const ASSESSMENT_AUTHORISERS: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager'];

export type AssessmentStatusKey = 'in_progress' | 'returned' | 'submitted' | 'authorised';

export function assessmentStatus(a: { submittedOn: string | null; authorisedOn: string | null; returnedOn: string | null }): { key: AssessmentStatusKey; text: string; tag: string } {
  if (a.authorisedOn) return { key: 'authorised', text: 'Authorised', tag: 'govuk-tag--green' };
  if (a.submittedOn) return { key: 'submitted', text: 'Awaiting authorisation', tag: 'govuk-tag--yellow' };
  if (a.returnedOn) return { key: 'returned', text: 'Returned for more work', tag: 'govuk-tag--orange' };
  return { key: 'in_progress', text: 'In progress', tag: 'govuk-tag--blue' };
}

/**
 * Working days from the referral, against the 45: for a completed
 * assessment, to its authorisation (the CIN census's completion date); for
 * one still open, to today.
 */
export function timescaleText(referralDate: string, authorisedOn: string | null, today: string): { days: number; late: boolean; text: string } {
  const due = assessmentDueDate(referralDate);
  if (authorisedOn) {
    const days = workingDaysBetween(referralDate, authorisedOn);
    const late = authorisedOn > due;
    return { days, late, text: `Completed in ${days} working day${days === 1 ? '' : 's'}${late ? `, ${days - ASSESSMENT_WORKING_DAYS} over the ${ASSESSMENT_WORKING_DAYS}` : ''}` };
  }
  const days = workingDaysBetween(referralDate, today);
  if (today > due) return { days, late: true, text: `Day ${days}: overdue since ${formatDate(due)}` };
  const left = ASSESSMENT_WORKING_DAYS - days;
  return { days, late: false, text: `Day ${days} of ${ASSESSMENT_WORKING_DAYS}: due by ${formatDate(due)}${left === 0 ? ' (today)' : ''}` };
}

export interface ReferralDates {
  referralDate: string;
  closeDate: string | null;
}

/** The start is on or after the referral, while it was open, and not in the future. */
export function startProblem(start: string, referral: ReferralDates, child: ChildDates, today: string): string | null {
  const problem = eventDateProblem(start, 'The date the assessment started', child, today);
  if (problem) return problem;
  if (start < referral.referralDate) return `The date the assessment started must be on or after the referral, ${formatDate(referral.referralDate)}`;
  if (referral.closeDate && start > referral.closeDate) return `The date the assessment started must be on or before the referral closed, ${formatDate(referral.closeDate)}`;
  return null;
}

/** The child is seen on or after the start of the assessment, and not in the future. */
export function seenProblem(seenOn: string, start: string, child: ChildDates, today: string): string | null {
  const problem = eventDateProblem(seenOn, 'The date the child was seen', child, today);
  if (problem) return problem;
  if (seenOn < start) return `The date the child was seen must be on or after the assessment started, ${formatDate(start)}`;
  return null;
}

/** The authorisation is on or after the start and the submission, while the referral was open, and not in the future. */
export function authorisedProblem(on: string, a: { startDate: string; submittedOn: string }, referral: ReferralDates, child: ChildDates, today: string): string | null {
  const problem = eventDateProblem(on, 'The date of authorisation', child, today);
  if (problem) return problem;
  if (on < a.startDate) return `The date of authorisation must be on or after the assessment started, ${formatDate(a.startDate)}`;
  if (on < a.submittedOn) return `The date of authorisation must be on or after the assessment was submitted, ${formatDate(a.submittedOn)}`;
  if (referral.closeDate && on > referral.closeDate) return `The date of authorisation must be on or before the referral closed, ${formatDate(referral.closeDate)}`;
  return null;
}

export interface AssessmentContent {
  childSeen: boolean | null;
  factors: readonly string[];
  developmentalNeeds: string | null;
  parentingCapacity: string | null;
  familyEnvironment: string | null;
  childViews: string | null;
  parentsViews: string | null;
  analysis: string | null;
  outcome: AssessmentOutcome | null;
}

/** What an assessment still lacks before a manager can read it for authorisation, keyed by the field of the edit form. */
export function missingForSubmission(a: AssessmentContent): Record<string, string> {
  const missing: Record<string, string> = {};
  if (a.childSeen === null) missing.childSeen = 'Say whether the child was seen during the assessment';
  if (a.factors.length === 0) missing.factors = 'Select the factors identified, or “No factors identified”';
  if (!a.developmentalNeeds) missing.developmentalNeeds = 'Write about the child’s developmental needs';
  if (!a.parentingCapacity) missing.parentingCapacity = 'Write about the parenting capacity';
  if (!a.familyEnvironment) missing.familyEnvironment = 'Write about the family and environmental factors';
  if (!a.childViews) missing.childViews = 'Record the child’s views, in their words';
  if (!a.parentsViews) missing.parentsViews = 'Record the parents’ or carers’ views';
  if (!a.analysis) missing.analysis = 'Write the analysis';
  if (!a.outcome) missing.outcome = 'Select the outcome of the assessment';
  return missing;
}

/**
 * The CIN census schema's code 21, "No factors identified - only use this if
 * there is no evidence of any of the factors above and no further action is
 * being taken": it stands alone, and only with no further action.
 */
export function factorsProblem(codes: readonly string[], outcome: AssessmentOutcome | null): string | null {
  if (!codes.includes('21')) return null;
  if (codes.length > 1) return '“No factors identified” cannot be selected with other factors';
  if (outcome && outcome !== 'no_further_action') return '“No factors identified” is only used when the outcome is no further action';
  return null;
}

export interface Authoriser {
  id: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
}

/**
 * Why this person may not authorise the assessment, or null: a practice
 * supervisor or team manager of the child's team, or the service manager of
 * that team's service; never the worker who wrote or submitted it.
 */
export function authoriserProblem(viewer: Authoriser, a: { createdBy: string; submittedBy: string | null }, childTeam: { teamId: string | null; serviceId: string | null }): string | null {
  if (!ASSESSMENT_AUTHORISERS.includes(viewer.role)) return 'An assessment is authorised by a practice supervisor, team manager or service manager of the child’s team.';
  if (viewer.id === a.createdBy || viewer.id === a.submittedBy) return 'An assessment is authorised by a manager who did not write or submit it.';
  const ofTeam = viewer.role === 'service_manager' ? childTeam.serviceId !== null && viewer.serviceId === childTeam.serviceId : childTeam.teamId !== null && viewer.teamId === childTeam.teamId;
  if (!ofTeam) return 'An assessment is authorised by a manager of the child’s team.';
  return null;
}
