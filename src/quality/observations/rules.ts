import type { ObservationSetting, OfstedGrade } from '../../db/schema.ts';
import { MANAGER_ROLES, type Role } from '../../platform/access/roles.ts';
import { inLineAbove, managesWorker, type StaffSubject } from '../../platform/access/staff.ts';
import type { Viewer } from '../../platform/access/policy.ts';

/** Where practice was observed, in the order the form offers them. */
export const SETTINGS: Readonly<Record<ObservationSetting, string>> = {
  home_visit: 'A home visit',
  meeting: 'A meeting with the family or professionals',
  conference: 'A conference or review',
  direct_work: 'Direct work with a child',
  supervision: 'Supervision practice',
  other: 'Somewhere else',
};

/** Ofsted's words, best first. */
export const GRADES: Readonly<Record<OfstedGrade, string>> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

/** Managers and practice leads observe: team managers, practice supervisors, service managers, heads of service. */
export const OBSERVERS: readonly Role[] = MANAGER_ROLES;

/**
 * Whom a viewer may observe: never themselves; a head of service anyone; the
 * other observers the staff they manage (their team, their service, anyone
 * below them in the line).
 */
export function mayObserve(viewer: Viewer, worker: StaffSubject): boolean {
  if (viewer.id === worker.id || !OBSERVERS.includes(viewer.role)) return false;
  return viewer.role === 'head_of_service' || inLineAbove(viewer, worker) || managesWorker(viewer, worker);
}

/**
 * Why an observation's date cannot stand, or null: not in the future, not
 * before the worker started in their role (when that is known).
 */
export function observedOnProblem(observedOn: string, today: string, workerStarted: string | null): string | null {
  if (observedOn > today) return 'The date of the observation must be today or in the past';
  if (workerStarted && observedOn < workerStarted) return 'The date of the observation must be on or after the day the worker started in their role';
  return null;
}

/** The share of graded observations graded good or outstanding, as a whole percentage; null when none was graded. */
export function goodOrBetterPercent(grades: readonly (OfstedGrade | null)[]): number | null {
  const graded = grades.filter((g): g is OfstedGrade => g !== null);
  if (graded.length === 0) return null;
  return Math.round((100 * graded.filter((g) => g === 'outstanding' || g === 'good').length) / graded.length);
}

/** How many observations carry each grade (and none), in Ofsted's order. */
export function gradeCounts(grades: readonly (OfstedGrade | null)[]) {
  const rows = (Object.keys(GRADES) as OfstedGrade[]).map((g) => ({ grade: g, text: GRADES[g], count: grades.filter((x) => x === g).length }));
  return [...rows, { grade: null, text: 'Not graded', count: grades.filter((x) => x === null).length }];
}

/** A period's bounds from what a filter sent: the twelve months to today when nothing usable was sent; `to` never before `from`. */
export function periodOf(from: string | null, to: string | null, today: string, yearBefore: string): { from: string; to: string } {
  const start = from ?? yearBefore;
  const end = to ?? today;
  return end < start ? { from: end, to: start } : { from: start, to: end };
}
