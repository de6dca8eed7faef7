import { formatDate } from '../../platform/calendar/dates.ts';
import type { VarianceActionsTable, VarianceKindColumn } from '../../db/schema.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { workingDaysBetween } from '../../platform/calendar/working-days.ts';

/** Words for variances and their plans, and the promptness measures: pure. */

export const KIND_LABELS: Record<VarianceKindColumn, string> = {
  over_capacity: 'Over capacity',
  over_children_ceiling: 'Over the children ceiling',
  asye_protection: 'ASYE protection',
  under_floor: 'Under the floor',
};
export const VARIANCE_KINDS = Object.keys(KIND_LABELS) as VarianceKindColumn[];

export type VarianceLevel = 'amber' | 'red';
export const LEVEL_LABELS: Record<VarianceLevel, string> = { amber: 'Amber', red: 'Red' };

export type ActionType = VarianceActionsTable['action_type'];
export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  reallocate_children: 'Reallocate named children',
  add_reduction: 'Add a reduction',
  temporary_support: 'Temporary support',
  stop_new_allocations: 'Stop new allocations',
  other: 'Other action',
};
export const ACTION_TYPES = Object.keys(ACTION_TYPE_LABELS) as ActionType[];

export type ActionStatus = 'open' | 'done' | 'cancelled';
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };
export const ACTION_STATUSES = Object.keys(ACTION_STATUS_LABELS) as ActionStatus[];

export const EVENT_LABELS: Record<string, string> = {
  opened: 'Opened',
  level: 'Level changed',
  closed: 'Closed',
  reopened: 'Reopened',
  escalated: 'Escalated',
  plan_recorded: 'Action plan recorded',
  action_added: 'Action added',
  action_status: 'Action status changed',
};

/** "Over capacity, red" */
export function describeVariance(kind: VarianceKindColumn, level: VarianceLevel | null): string {
  return level ? `${KIND_LABELS[kind]}, ${level}` : KIND_LABELS[kind];
}

export interface PlanState {
  closed_on: string | null;
  plan_recorded_at: Date | null;
  plan_due_on: string;
}

/** Open, still without a plan, and past the day the plan was due. */
export function planOverdue(variance: PlanState, today: string): boolean {
  return variance.closed_on === null && variance.plan_recorded_at === null && variance.plan_due_on < today;
}

// ---- Promptness ----

export interface MeasureInput {
  openedOn: string;
  openedAt: Date;
  planDueOn: string;
  planRecordedAt: Date | null;
  firstActionAt: Date | null;
  closedAt: Date | null;
  closedOn: string | null;
}

export interface Spread {
  count: number;
  median: number | null;
  average: number | null;
}

export interface Promptness {
  opened: number;
  /** Working days from the day it opened to the day of the first action. */
  toFirstAction: Spread;
  /** Days from opening to closing (closed_at − opened_at), one decimal place. */
  toResolution: Spread;
  /** Variances that owed a plan, and how many had one by the deadline. */
  plans: { owed: number; inTime: number; percent: number | null };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { count: 0, median: null, average: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: values.length, median: round1(median), average: round1(values.reduce((s, v) => s + v, 0) / values.length) };
}

/**
 * Whether a variance counts towards "plan within the deadline", and whether
 * it met it. A plan is owed once the deadline has passed or a plan exists;
 * a variance that closed on or before its deadline without a plan owed none.
 */
export function planOutcome(v: MeasureInput, today: string): 'in_time' | 'late' | 'not_owed' {
  if (v.planRecordedAt) return londonDate(v.planRecordedAt) <= v.planDueOn ? 'in_time' : 'late';
  if (v.closedOn !== null && v.closedOn <= v.planDueOn) return 'not_owed';
  return today > v.planDueOn ? 'late' : 'not_owed';
}

export function promptness(rows: readonly MeasureInput[], today: string): Promptness {
  const toFirstAction = rows.filter((r) => r.firstActionAt).map((r) => workingDaysBetween(r.openedOn, londonDate(r.firstActionAt!)));
  const toResolution = rows.filter((r) => r.closedAt).map((r) => round1((r.closedAt!.getTime() - r.openedAt.getTime()) / 86_400_000));
  const outcomes = rows.map((r) => planOutcome(r, today));
  const owed = outcomes.filter((o) => o !== 'not_owed').length;
  const inTime = outcomes.filter((o) => o === 'in_time').length;
  return {
    opened: rows.length,
    toFirstAction: spread(toFirstAction),
    toResolution: spread(toResolution),
    plans: { owed, inTime, percent: owed ? Math.round((inTime / owed) * 100) : null },
  };
}

/** The last `count` calendar months up to and including today's, newest first, as 'YYYY-MM'. */
export function lastMonths(today: string, count = 12): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

/** The first day of the oldest of those months. */
export function measuresStart(today: string, count = 12): string {
  return `${lastMonths(today, count).at(-1)!}-01`;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
export function monthLabel(month: string): string {
  return monthFormat.format(new Date(`${month}-01T12:00:00Z`));
}

/** Promptness for each of the last months, newest first, and for all of them together. */
export function promptnessByMonth(rows: readonly MeasureInput[], today: string, count = 12) {
  const months = lastMonths(today, count);
  const byMonth = new Map<string, MeasureInput[]>(months.map((m) => [m, []]));
  for (const row of rows) byMonth.get(row.openedOn.slice(0, 7))?.push(row);
  const inRange = rows.filter((r) => byMonth.has(r.openedOn.slice(0, 7)));
  return {
    months: months.map((month) => ({ month, label: monthLabel(month), ...promptness(byMonth.get(month)!, today) })),
    total: promptness(inRange, today),
  };
}

/** Who owes a variance's action plan, and by when; null once a plan is recorded. */
export function planOwed(v: { plan_recorded_at: Date | null; plan_due_on: string; manager_name: string | null }): string | null {
  if (v.plan_recorded_at !== null) return null;
  return `${v.manager_name ?? 'The line manager'} owes an action plan by ${formatDate(v.plan_due_on)}`;
}

/**
 * What a manager must see before allocating to a worker: each open variance
 * (since when, and who owes its plan) and any plan action that says to stop
 * new allocations.
 */
export function standingWarnings(standing: readonly { kind: VarianceKindColumn; level: VarianceLevel | null; opened_on: string; plan_recorded_at: Date | null; plan_due_on: string; manager_name: string | null; stops_new_allocations: boolean }[]): string[] {
  const warnings = standing.map((v) => {
    const owed = planOwed(v);
    return `Already has an open variance (${describeVariance(v.kind, v.level)}) since ${formatDate(v.opened_on)}${owed ? `; ${owed}` : ''}`;
  });
  if (standing.some((v) => v.stops_new_allocations)) warnings.unshift('Their action plan says: stop new allocations');
  return warnings;
}
