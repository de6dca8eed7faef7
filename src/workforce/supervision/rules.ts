// Supervision standards: how often each worker is due one-to-one supervision,
// when it is overdue, and when a child's case is due management oversight.
// Pure: the caller passes `today` and the stored dates. The standards are
// settings with defaults (docs/workforce.md).
import type { Role, SupervisionKind, Wellbeing } from '../../db/schema.ts';
import { isAsye } from '../../platform/access/roles.ts';
import { addDays, addMonths, daysBetween } from '../../platform/calendar/dates.ts';

export interface SupervisionSettings {
  /** ASYE: weekly for this many weeks from the start of the ASYE... */
  asyeWeeklyForWeeks: number;
  /** ...then fortnightly until this many months from the start of the ASYE, then as experienced workers. */
  asyeFortnightlyUntilMonths: number;
  /** Everyone else: every this many calendar months. */
  experiencedIntervalMonths: number;
  /** Supervision falling due within this many days shows as due soon. */
  dueSoonDays: number;
  /** Management oversight of a child on a child protection plan at least every this many weeks. */
  oversightWeeksCp: number;
  /** Management oversight of any other open case at least every this many weeks. */
  oversightWeeksOther: number;
  /** Roles whose one-to-one supervision is monitored. */
  supervisedRoles: Role[];
}

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  asyeWeeklyForWeeks: 6,
  asyeFortnightlyUntilMonths: 6,
  experiencedIntervalMonths: 1,
  dueSoonDays: 7,
  oversightWeeksCp: 4,
  oversightWeeksOther: 6,
  supervisedRoles: ['social_worker', 'practice_supervisor', 'team_manager', 'personal_adviser', 'iro'],
};

const POSITIVE_SETTINGS = [
  'asyeWeeklyForWeeks',
  'asyeFortnightlyUntilMonths',
  'experiencedIntervalMonths',
  'dueSoonDays',
  'oversightWeeksCp',
  'oversightWeeksOther',
] as const;

/** Stored settings over the defaults; anything missing or unusable takes its default. */
export function supervisionSettingsWithDefaults(stored: Partial<SupervisionSettings> | null | undefined): SupervisionSettings {
  const settings = { ...DEFAULT_SUPERVISION_SETTINGS };
  if (!stored || typeof stored !== 'object') return settings;
  for (const key of POSITIVE_SETTINGS) {
    const value = stored[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 104) settings[key] = value;
  }
  if (Array.isArray(stored.supervisedRoles)) settings.supervisedRoles = stored.supervisedRoles.filter((r) => typeof r === 'string');
  return settings;
}

export const KIND_LABELS: Record<SupervisionKind, string> = {
  reflective: 'Reflective supervision',
  case: 'Case supervision',
  asye: 'ASYE supervision',
  group: 'Group supervision',
};

export const WELLBEING_LABELS: Record<Wellbeing, string> = {
  well: 'Managing well',
  some_pressure: 'Under some pressure',
  struggling: 'Struggling: support agreed',
  not_discussed: 'Not discussed',
};

// ------------------------------------------------------- one-to-one supervision

export type Frequency = 'weekly' | 'fortnightly' | 'monthly';

export interface SupervisedWorker {
  role: Role;
  /** The day their ASYE began, if they have one. */
  asyeStartedOn: string | null;
}

/** The standard that applies to a worker on `on`: ASYE weekly, then fortnightly, then as experienced workers. */
export function frequencyOn(worker: SupervisedWorker, on: string, settings: SupervisionSettings): Frequency {
  if (worker.asyeStartedOn && isAsye(worker.role, worker.asyeStartedOn, on)) {
    if (on < addDays(worker.asyeStartedOn, settings.asyeWeeklyForWeeks * 7)) return 'weekly';
    if (on < addMonths(worker.asyeStartedOn, settings.asyeFortnightlyUntilMonths)) return 'fortnightly';
  }
  return 'monthly';
}

export function describeFrequency(frequency: Frequency, settings: SupervisionSettings): string {
  if (frequency === 'weekly') return 'Weekly (ASYE, first weeks)';
  if (frequency === 'fortnightly') return 'Fortnightly (ASYE)';
  return settings.experiencedIntervalMonths === 1 ? 'Monthly' : `Every ${settings.experiencedIntervalMonths} months`;
}

function after(from: string, frequency: Frequency, settings: SupervisionSettings): string {
  if (frequency === 'weekly') return addDays(from, 7);
  if (frequency === 'fortnightly') return addDays(from, 14);
  return addMonths(from, settings.experiencedIntervalMonths);
}

export type DueStatus = 'overdue' | 'due_soon' | 'on_track';

export interface SupervisionDue {
  frequency: Frequency;
  /** The day the next supervision is due by. */
  dueOn: string;
  status: DueStatus;
  /** Days past the due day (0 when not overdue). */
  daysOverdue: number;
  neverSupervised: boolean;
}

/**
 * When a worker's next supervision is due: one interval after the last one
 * held (the interval of the standard in force on that day), or, for someone
 * never supervised, one interval after they started in the role (or
 * began their ASYE, if later); with no start date known, it is due today.
 */
export function supervisionDue(
  worker: SupervisedWorker & { startedOn: string | null; lastHeldOn: string | null },
  settings: SupervisionSettings,
  today: string,
): SupervisionDue {
  let dueOn: string;
  let frequency: Frequency;
  if (worker.lastHeldOn) {
    frequency = frequencyOn(worker, worker.lastHeldOn, settings);
    dueOn = after(worker.lastHeldOn, frequency, settings);
  } else {
    const starts = [worker.startedOn, worker.asyeStartedOn && isAsye(worker.role, worker.asyeStartedOn, today) ? worker.asyeStartedOn : null].filter(
      (d): d is string => Boolean(d),
    );
    const start = starts.sort().at(-1);
    frequency = frequencyOn(worker, start ?? today, settings);
    dueOn = start ? after(start, frequency, settings) : today;
  }
  return { frequency, dueOn, ...dueStatus(dueOn, today, settings.dueSoonDays), neverSupervised: !worker.lastHeldOn };
}

export function dueStatus(dueOn: string, today: string, dueSoonDays: number): { status: DueStatus; daysOverdue: number } {
  if (today > dueOn) return { status: 'overdue', daysOverdue: daysBetween(dueOn, today) };
  if (daysBetween(today, dueOn) <= dueSoonDays) return { status: 'due_soon', daysOverdue: 0 };
  return { status: 'on_track', daysOverdue: 0 };
}

export const STATUS_TAGS: Record<DueStatus, { text: string; classes: string }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--yellow' },
  on_track: { text: 'On track', classes: 'govuk-tag--green' },
};

/** Share of supervised workers whose supervision is not overdue, in whole per cent; null with nobody to count. */
export function inTimePercent(statuses: readonly DueStatus[]): number | null {
  if (statuses.length === 0) return null;
  return Math.round((statuses.filter((s) => s !== 'overdue').length / statuses.length) * 100);
}

// --------------------------------------------------- per-child case oversight

export interface OversightDue {
  weeks: number;
  dueOn: string;
  status: DueStatus;
  daysOverdue: number;
}

/**
 * When a child's case is next due management oversight: N weeks after the
 * last oversight recorded, or after the case opened with its current team
 * when there has been none since (oversight before then was of an earlier
 * episode and does not count). N is the child protection standard while the
 * child is on a plan, the general standard otherwise.
 */
export function oversightDue(
  child: { onCpPlan: boolean; lastOversightOn: string | null; openedOn: string },
  settings: SupervisionSettings,
  today: string,
): OversightDue {
  const weeks = child.onCpPlan ? settings.oversightWeeksCp : settings.oversightWeeksOther;
  const from = child.lastOversightOn && child.lastOversightOn > child.openedOn ? child.lastOversightOn : child.openedOn;
  const dueOn = addDays(from, weeks * 7);
  return { weeks, dueOn, ...dueStatus(dueOn, today, Math.min(settings.dueSoonDays, weeks * 7)) };
}

// ------------------------------------------------------------- the forms

export const SUMMARY_MAX = 10_000;
export const ACTION_MAX = 500;
export const MAX_ACTIONS = 5;
