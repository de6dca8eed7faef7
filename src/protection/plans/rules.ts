// The rules of a child's plans: child protection plans with their actions,
// core groups and review conferences; child in need plans; pre-proceedings;
// early help. Pure: the service passes the plan's dates and today.
import type { Role } from '../../db/schema.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';

export const WORKING_TOGETHER = 'Working Together to Safeguard Children 2023';

/**
 * Who records a plan's actions, core groups, child in need plans,
 * pre-proceedings steps and early help: the child's social workers and the
 * managers who answer for the case, and the IROs who chair conferences.
 */
export const PLAN_RECORDERS: readonly Role[] = ['social_worker', 'iro', ...MANAGER_ROLES];

/**
 * Who records what a review conference decided: the independent chair (an
 * IRO here) and the managers. Working Together 2023 (chapter 4, para 244 on):
 * the conference chair is independent of the case management.
 */
export const CONFERENCE_RECORDERS: readonly Role[] = ['iro', ...MANAGER_ROLES];

/**
 * Why a plan ended: the council's own list. The CIN census records only the
 * day a plan ended (CPPendDate), and the SSD's ssd_cp_plans only
 * cppl_cp_plan_end_date, so neither gives a reason; these are the usual ones.
 */
export const END_REASONS = {
  no_longer_at_risk: 'No longer at continuing risk of significant harm',
  looked_after: 'Became looked after',
  transferred: 'Moved to another council (plan transferred)',
  reached_18: 'Reached 18',
  died: 'Died',
  other: 'Other',
} as const;
export type EndReason = keyof typeof END_REASONS;

/** How the child took part in a review conference (ssd_cp_reviews cppr_cp_review_participation, in words). */
export const CHILD_PARTICIPATION = {
  attended: 'Attended and spoke for themselves',
  advocate: 'Attended with an advocate, or an advocate spoke for them',
  views_conveyed: 'Did not attend; views conveyed',
  did_not_take_part: 'Did not attend and views were not conveyed',
  too_young: 'Too young to take part',
} as const;
export type ChildParticipation = keyof typeof CHILD_PARTICIPATION;

export const CIN_DECISIONS = {
  continue: 'The plan continues',
  end: 'The plan ends: needs met',
  step_up: 'Step up to a section 47 enquiry',
  step_down: 'Step down to early help',
} as const;

export const PRE_PROCEEDINGS_OUTCOMES = {
  issue: 'Issue care proceedings',
  step_down: 'Step down: proceedings not needed',
} as const;

export const EARLY_HELP_END_REASONS = {
  needs_met: 'Needs met',
  step_up: 'Step up to children’s social care (a contact or referral)',
  declined: 'Family withdrew consent',
  moved: 'Moved away',
  other: 'Other',
} as const;

export interface Period {
  start: string;
  end: string | null;
}

/** A date inside a plan: on or after its start, on or before its end. */
export function withinPlan(date: string, plan: Period, label: string, what: string): string | null {
  if (date < plan.start) return `${label} must be on or after the day the ${what} started, ${formatDate(plan.start)}`;
  if (plan.end && date > plan.end) return `${label} must be on or before the day the ${what} ended, ${formatDate(plan.end)}`;
  return null;
}

/** An action is due on or after the plan began. */
export function actionDueProblem(dueDate: string, plan: Period): string | null {
  return dueDate < plan.start ? `Due by must be on or after the day the plan started, ${formatDate(plan.start)}` : null;
}

/** An action is done after the plan began and not in the future. */
export function actionDoneProblem(doneOn: string, plan: Period, today: string): string | null {
  if (doneOn > today) return 'Date done must be today or in the past';
  if (doneOn < plan.start) return `Date done must be on or after the day the plan started, ${formatDate(plan.start)}`;
  return null;
}

/**
 * A core group meets once the initial conference has made the plan (Working
 * Together 2023: the core group is established at the initial conference and
 * first meets within 10 working days of it), so not before the plan began.
 */
export function coreGroupProblem(date: string, plan: Period): string | null {
  if (date < plan.start) return `Date of the core group must be on or after the initial conference that made the plan, ${formatDate(plan.start)}`;
  if (plan.end && date > plan.end) return `Date of the core group must be on or before the day the plan ended, ${formatDate(plan.end)}`;
  return null;
}

/** A review conference reviews a plan already in force: after the day it began. */
export function reviewConferenceProblem(date: string, plan: Period): string | null {
  if (date <= plan.start) return `Date of the review conference must be after the initial conference that made the plan, ${formatDate(plan.start)}`;
  if (plan.end && date > plan.end) return `Date of the review conference must be on or before the day the plan ended, ${formatDate(plan.end)}`;
  return null;
}

/** A plan ends on or after the day it began, and not in the future. */
export function planEndProblem(end: string, start: string, today: string, what = 'plan'): string | null {
  if (end > today) return 'Date the plan ended must be today or in the past';
  if (end < start) return `Date the plan ended must be on or after the day the ${what} started, ${formatDate(start)}`;
  return null;
}

/**
 * A child in need plan may not overlap another: a child has one child in need
 * plan at a time (CIN census: each CINPlanStartDate opens one period, closed by
 * its CINPlanEndDate). The new period, from `start` to `end` (open when null),
 * must not cross any of `others`.
 */
export function overlapProblem(period: Period, others: readonly Period[], label: string, what: string): string | null {
  for (const o of others) {
    const startsBeforeOtherEnds = o.end === null || period.start <= o.end;
    const endsAfterOtherStarts = period.end === null || period.end >= o.start;
    if (startsBeforeOtherEnds && endsAfterOtherStarts) {
      return `${label} overlaps the ${what} from ${formatDate(o.start)}${o.end ? ` to ${formatDate(o.end)}` : ' (still open)'}`;
    }
  }
  return null;
}

export interface PreProceedingsSteps {
  decisionDate: string;
  letterDate: string | null;
  initialMeetingDate: string | null;
  fgdmOfferedOn: string | null;
  fgdmHeldOn: string | null;
  outcomeDate: string | null;
}

/**
 * The Public Law Outline's pre-proceedings run in order: the decision to enter
 * them (the legal planning meeting), the letter before proceedings, the
 * pre-proceedings meeting it invites the parents to, then the decision to
 * issue or step down. A family group conference is held after it is offered.
 * Returns each out-of-order step's problem, keyed by its field.
 */
export function preProceedingsProblems(s: PreProceedingsSteps, today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const dates: [keyof PreProceedingsSteps, string][] = [
    ['decisionDate', 'Date of the decision to enter pre-proceedings'],
    ['letterDate', 'Date the letter before proceedings was sent'],
    ['initialMeetingDate', 'Date of the pre-proceedings meeting'],
    ['fgdmOfferedOn', 'Date a family group conference was offered'],
    ['fgdmHeldOn', 'Date the family group conference was held'],
    ['outcomeDate', 'Date of the decision to issue or step down'],
  ];
  for (const [key, label] of dates) {
    const value = s[key];
    if (value && value > today) problems[key] = `${label} must be today or in the past`;
  }
  if (s.letterDate && !problems.letterDate && s.letterDate < s.decisionDate) problems.letterDate = `Date the letter before proceedings was sent must be on or after the decision to enter pre-proceedings, ${formatDate(s.decisionDate)}`;
  if (s.initialMeetingDate && !problems.initialMeetingDate) {
    if (!s.letterDate) problems.initialMeetingDate = 'Enter the date the letter before proceedings was sent: the meeting follows the letter';
    else if (s.initialMeetingDate < s.letterDate) problems.initialMeetingDate = `Date of the pre-proceedings meeting must be on or after the letter before proceedings, ${formatDate(s.letterDate)}`;
  }
  if (s.fgdmHeldOn && !problems.fgdmHeldOn) {
    if (!s.fgdmOfferedOn) problems.fgdmHeldOn = 'Enter the date a family group conference was offered: it is held after the offer';
    else if (s.fgdmHeldOn < s.fgdmOfferedOn) problems.fgdmHeldOn = `Date the family group conference was held must be on or after the offer, ${formatDate(s.fgdmOfferedOn)}`;
  }
  if (s.outcomeDate && !problems.outcomeDate) {
    const after = s.initialMeetingDate ?? s.decisionDate;
    if (s.outcomeDate < after) problems.outcomeDate = `Date of the decision to issue or step down must be on or after ${s.initialMeetingDate ? 'the pre-proceedings meeting' : 'the decision to enter pre-proceedings'}, ${formatDate(after)}`;
  }
  return problems;
}

/** Where a plan's action stands today. */
export function actionStatus(a: { dueDate: string; completedOn: string | null }, today: string): { key: 'done' | 'done_late' | 'overdue' | 'open'; text: string } {
  if (a.completedOn) return a.completedOn <= a.dueDate ? { key: 'done', text: `Done ${formatDate(a.completedOn)}` } : { key: 'done_late', text: `Done late, ${formatDate(a.completedOn)}` };
  return a.dueDate < today ? { key: 'overdue', text: `Overdue: due ${formatDate(a.dueDate)}` } : { key: 'open', text: `Due by ${formatDate(a.dueDate)}` };
}
