// A looked-after child's plan for permanence and, when the plan is to return
// home, the journey home. Pure: the service passes the child's periods of
// care, plans, reviews and today. Sources: Care Planning, Placement and Case
// Review (England) Regulations 2010, reg 5 (the care plan includes "the long
// term plan for the child's upbringing"); The Children Act 1989 guidance and
// regulations volume 2 (DfE, 2015), chapter 2, Permanence planning (a plan for
// permanence by the second review); the Placement of Children with Parents
// provisions, Part 4 of the 2010 Regulations (a trial at home while still
// looked after); SSDA903 reason episode ceased (REC) for how care ended.
import type { PermanencePlanKind, ReunificationStep } from '../../db/schema.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { eventDateProblem, type ChildDates } from '../../platform/record-access/child-dates.ts';

/**
 * The plans for permanence the guidance names. The council's own words, not a
 * DfE code set: Annex A (care plan, LACP003A) lists a coarser set, and the
 * SSDA903 return records only how care ended.
 */
export const PLAN_LABELS: Record<PermanencePlanKind, string> = {
  return_home: 'Return to parents or family',
  special_guardianship: 'Special guardianship order',
  child_arrangements: 'Child arrangements order with family or friends',
  long_term_fostering: 'Long-term fostering',
  adoption: 'Adoption',
  other_long_term: 'Other long-term placement (such as residential care)',
};

export const STEP_LABELS: Record<ReunificationStep, string> = {
  more_contact: 'Contact increased',
  overnight_stays: 'Overnight stays at home began',
  trial_at_home: 'Trial at home (placed with parents while looked after)',
  went_home: 'Went home',
  support_reviewed: 'Support plan reviewed',
  support_after_return: 'Support after the return home',
};

/** How a period of care ended in permanence, by its SSDA903 REC code. */
export type PermanenceOutcome = 'adoption' | 'special_guardianship' | 'child_arrangements' | 'return_home';

/** SSDA903 REC codes that end care in permanence: adopted (E11, E12), a child arrangements order (E41), a special guardianship order (E45 to E48), home to family (E4A, E4B, E13). */
export const OUTCOME_OF_REC: Readonly<Record<string, PermanenceOutcome>> = {
  E11: 'adoption',
  E12: 'adoption',
  E41: 'child_arrangements',
  E45: 'special_guardianship',
  E46: 'special_guardianship',
  E47: 'special_guardianship',
  E48: 'special_guardianship',
  E4A: 'return_home',
  E4B: 'return_home',
  E13: 'return_home',
};

/** How a period of care ended in permanence, if it did: by the SSDA903 reason the last placement ended (REC), as OUTCOME_OF_REC maps it. */
export function outcomeOfPeriod(p: { end: string | null; placements: readonly { ended: { kind: string; reasonCeased?: string } | null }[] }): { outcome: PermanenceOutcome; reasonCeased: string } | null {
  const ended = p.placements.at(-1)?.ended;
  if (!p.end || !ended || ended.kind !== 'care-ended' || !ended.reasonCeased) return null;
  const outcome = OUTCOME_OF_REC[ended.reasonCeased];
  return outcome ? { outcome, reasonCeased: ended.reasonCeased } : null;
}

export const OUTCOME_LABELS: Record<PermanenceOutcome, string> = {
  adoption: 'Adopted',
  special_guardianship: 'Special guardianship order',
  child_arrangements: 'Child arrangements order',
  return_home: 'Returned home',
};

export interface Period {
  start: string;
  end: string | null;
}

/** The period of care a day falls in, if any. */
export function periodOn(periods: readonly Period[], date: string): Period | null {
  return periods.find((p) => p.start <= date && (p.end === null || date <= p.end)) ?? null;
}

export interface PlanInput {
  plan: PermanencePlanKind;
  parallelPlan: PermanencePlanKind | null;
  decidedOn: string;
  reviewId: string | null;
}

export interface PlanContext {
  child: ChildDates & { forename: string };
  periods: readonly Period[];
  /** The latest plan already recorded, if any. */
  previous: { decidedOn: string; plan: PermanencePlanKind } | null;
  /** The looked-after reviews on the record, by id. */
  reviews: readonly { id: string; date: string }[];
}

/**
 * Why the plan cannot be recorded as given: decided on a day the child was
 * looked after (not before they came into care, not after care ended, not in
 * the future), not before the plan it replaces, a parallel plan different from
 * the primary, and agreed at a looked-after review of the same period of care
 * held on or before the day decided.
 */
export function planProblems(v: Partial<PlanInput>, ctx: PlanContext, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (v.plan && v.parallelPlan && v.plan === v.parallelPlan) errors.parallelPlan = 'The parallel plan must be different from the main plan';
  if (!v.decidedOn) return errors;
  const date = v.decidedOn;
  const name = ctx.child.forename;
  const dateProblem = eventDateProblem(date, 'Date the plan was decided', ctx.child, today);
  if (dateProblem) {
    errors['decidedOn-day'] = dateProblem;
    return errors;
  }
  const period = periodOn(ctx.periods, date);
  if (!period) {
    const before = [...ctx.periods].filter((p) => p.start <= date).at(-1);
    const after = ctx.periods.find((p) => p.start > date);
    if (ctx.periods.length === 0) errors['decidedOn-day'] = `${name} has not been looked after: a permanence plan is for a child in care`;
    else if (!before) errors['decidedOn-day'] = `Date the plan was decided must be on or after the day ${name} came into care, ${formatDate(after!.start)}`;
    else errors['decidedOn-day'] = `Date the plan was decided must be on or before the day ${name}’s care ended, ${formatDate(before.end!)}${after ? `, or on or after ${formatDate(after.start)} when care began again` : ''}`;
    return errors;
  }
  if (ctx.previous && date < ctx.previous.decidedOn) {
    errors['decidedOn-day'] = `Date the plan was decided must be on or after the day the plan it replaces was decided, ${formatDate(ctx.previous.decidedOn)}`;
    return errors;
  }
  if (v.reviewId) {
    const review = ctx.reviews.find((r) => r.id === v.reviewId);
    if (!review) errors.reviewId = 'The review must be one of the looked-after reviews listed';
    else if (!periodOn([period], review.date)) errors.reviewId = `The review must be one held in this period of care, from ${formatDate(period.start)}`;
    else if (review.date > date) errors.reviewId = `The review that agreed the plan must be on or before the day it was decided, ${formatDate(date)}`;
  }
  return errors;
}

export interface StepContext {
  child: ChildDates;
  /** The day the first plan to return home was decided, if there is one. */
  returnHomeSince: string | null;
  /** The day the child went home, if recorded. */
  wentHomeOn: string | null;
}

/** Why a step home cannot be recorded: it follows a plan to return home, is not in the future, going home is recorded once, and support after the return follows it. */
export function stepProblems(v: { step?: ReunificationStep; stepDate?: string }, ctx: StepContext, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!ctx.returnHomeSince) {
    errors.step = 'Record a plan to return home first: the journey home follows the plan';
    return errors;
  }
  if (v.step === 'went_home' && ctx.wentHomeOn) errors.step = `Going home is already recorded, on ${formatDate(ctx.wentHomeOn)}`;
  if (!v.stepDate) return errors;
  const problem = eventDateProblem(v.stepDate, 'Date', ctx.child, today);
  if (problem) errors['stepDate-day'] = problem;
  else if (v.stepDate < ctx.returnHomeSince) errors['stepDate-day'] = `Date must be on or after the day the plan to return home was decided, ${formatDate(ctx.returnHomeSince)}`;
  else if (v.step === 'support_after_return') {
    if (!ctx.wentHomeOn) errors.step = 'Record the day the child went home before support after the return';
    else if (v.stepDate < ctx.wentHomeOn) errors['stepDate-day'] = `Date must be on or after the day the child went home, ${formatDate(ctx.wentHomeOn)}`;
  }
  return errors;
}

/** Why an item of support cannot be recorded: after a plan to return home, started by today, and ending on or after it starts. */
export function supportProblems(v: { fromDate?: string; toDate?: string | null }, ctx: { child: ChildDates; returnHomeSince: string | null }, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!ctx.returnHomeSince) {
    errors.what = 'Record a plan to return home first: the support plan is part of it';
    return errors;
  }
  if (!v.fromDate) return errors;
  const problem = eventDateProblem(v.fromDate, 'Date the support began', ctx.child, today);
  if (problem) errors['fromDate-day'] = problem;
  else if (v.toDate && v.toDate < v.fromDate) errors['toDate-day'] = `Date the support ends must be on or after the day it began, ${formatDate(v.fromDate)}`;
  return errors;
}

/** The plan in force on a day: the latest decided on or before it. */
export function planOn<T extends { decidedOn: string }>(plans: readonly T[], date: string): T | null {
  return [...plans].filter((p) => p.decidedOn <= date).sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0)).at(-1) ?? null;
}

/** Whether a period of care has a plan decided by a due day (the second review): for the council's measure. */
export function plannedBy(plans: readonly { decidedOn: string }[], period: Period, due: string): boolean {
  return plans.some((p) => p.decidedOn >= period.start && p.decidedOn <= due);
}
