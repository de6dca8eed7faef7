import type { ChildStatus } from '../../db/schema.ts';
import { addDays, birthday, daysBetween } from '../../platform/calendar/dates.ts';
import {
  availablePoints,
  capacityPercent,
  weighCases,
  type CaseForWeighting,
  type CaseloadSettings,
  type WeightingRules,
  type WorkerForCapacity,
} from '../caseload/rules.ts';

/**
 * The caseload forecast, pure: a worker's capacity week by week for the next
 * eight weeks, from what the record already knows will change (children
 * turning 18, care leavers' support ending, care proceedings beginning,
 * reductions starting and ending, ASYE protection stepping up) and from the
 * team's recent rate of new allocations. Each week's figures are worked out
 * with the caseload rules themselves (`weighCases`, `availablePoints`), so a
 * forecast week is weighed exactly as that day would be. docs/caseload.md,
 * "Forecast", explains the method.
 */

/** Weeks ahead shown. */
export const FORECAST_WEEKS = 8;
/** A worker forecast over red within this many weeks is flagged and their manager told. */
export const WARN_WITHIN_WEEKS = 4;
/** Weeks of allocation history the team's rate of new allocations is taken from. */
export const TREND_WEEKS = 12;

/** A case as the forecast reads it: its weighting today, and the dates that will change it. */
export interface ForecastCase {
  weighing: Omit<CaseForWeighting, 'inCourtProceedings'>;
  dateOfBirth: string | null;
  /** Care leavers: the support end the record holds (to 25 on request); without one, support runs to the 21st birthday. */
  supportUntil: string | null;
  /** The day care proceedings began (or will begin), if any. */
  courtProceedingsSince: string | null;
}

export interface ForecastWorker extends WorkerForCapacity {
  cases: readonly ForecastCase[];
}

/** The team's rate of new allocations: how many a case-holding worker took on a week, and what a case weighs on average. */
export interface AllocationTrend {
  perWorkerPerWeek: number;
  pointsPerCase: number;
}

export type ChangeKind = 'closing' | 'leaves_care' | 'court_begins' | 'reduction_starts' | 'reduction_ends' | 'asye_step' | 'asye_ends' | 'new_allocations';

export interface ForecastChange {
  kind: ChangeKind;
  /** The case concerned, for a change to a case; never shown on pages that list counts. */
  childId?: string;
  /** Why, in words without names: '18th birthday', 'leave', '80%'. */
  detail: string;
  /** Expected new allocations (a fraction) for 'new_allocations'. */
  amount?: number;
}

export interface ForecastWeek {
  /** Week 0 is today; weeks 1 to 8 are the Mondays after it. */
  week: number;
  date: string;
  points: number;
  available: number;
  capacityPercent: number | null;
  /** Cases still held from today's caseload, and the new allocations expected by then (one decimal place). */
  knownCases: number;
  expectedNew: number;
  over: 'amber' | 'red' | null;
  changes: ForecastChange[];
}

export interface WorkerForecast {
  weeks: ForecastWeek[];
  /** The first week (1 to WARN_WITHIN_WEEKS) forecast over red when today is not: the crossing to warn of. */
  redCrossing: ForecastWeek | null;
}

/** Today, then the Monday after today and each Monday after that. */
export function forecastDates(today: string, weeks = FORECAST_WEEKS): string[] {
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday
  const nextMonday = addDays(today, ((8 - weekday) % 7) || 7);
  return [today, ...Array.from({ length: weeks }, (_, i) => addDays(nextMonday, 7 * i))];
}

interface CaseOnDay {
  status: ChildStatus;
  inCourt: boolean;
  /** Why the case is closed or stepped down by that day. */
  why: { kind: 'closing' | 'leaves_care'; detail: string } | null;
}

/** The first day a care leaver's support has ended: the day after the recorded end, or the 21st birthday (Children Act 1989 s23C; to 25 on request, s23CA). */
export function supportEndsOn(c: Pick<ForecastCase, 'dateOfBirth' | 'supportUntil'>): string | null {
  if (c.supportUntil) return addDays(c.supportUntil, 1);
  return c.dateOfBirth ? birthday(c.dateOfBirth, 21) : null;
}

/** The days that change a case, worked out once for all the weeks of a forecast. */
interface CaseMilestones {
  adultOn: string | null;
  supportEnds: string | null;
}

function milestonesOf(c: ForecastCase): CaseMilestones {
  return { adultOn: c.dateOfBirth ? birthday(c.dateOfBirth, 18) : null, supportEnds: supportEndsOn(c) };
}

/**
 * A case's status on a later day, from what the record knows today:
 * - a child in need or on a child protection plan is no longer one at 18
 *   (Children Act 1989 s105: a child is a person under 18), so the case closes;
 * - a looked-after child leaves care at 18 and becomes a care leaver (s23C):
 *   the case steps down to a care leaver's points;
 * - a care leaver's case closes when their support ends (supportEndsOn);
 * - care proceedings count from the day they begin, as today's weighting does.
 * Plans with no recorded end and proceedings with no recorded conclusion are
 * taken to continue: the forecast does not guess.
 */
export function caseOn(c: ForecastCase, day: string, milestones: CaseMilestones = milestonesOf(c)): CaseOnDay {
  let status = c.weighing.status;
  let why: CaseOnDay['why'] = null;
  const adult = milestones.adultOn !== null && milestones.adultOn <= day;
  if (adult && (status === 'child_in_need' || status === 'child_protection')) {
    status = 'closed';
    why = { kind: 'closing', detail: '18th birthday' };
  } else if (adult && status === 'looked_after') {
    status = 'care_leaver';
    why = { kind: 'leaves_care', detail: 'leaves care at 18' };
  }
  if (status === 'care_leaver') {
    const ends = milestones.supportEnds;
    if (ends !== null && ends <= day) {
      status = 'closed';
      why = { kind: 'closing', detail: 'care leaver’s support ends' };
    }
  }
  return { status, inCourt: Boolean(c.courtProceedingsSince && c.courtProceedingsSince <= day), why };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The worker's points on a day from the cases they hold today, each in its state that day (closed ones dropped, so siblings are weighed again). */
function knownPoints(cases: readonly ForecastCase[], states: readonly CaseOnDay[], weighting: WeightingRules) {
  const open = cases.map((c, i) => ({ c, on: states[i]! })).filter((x) => x.on.status !== 'closed');
  const weighed = weighCases(
    open.map(({ c, on }) => ({ ...c.weighing, status: on.status, inCourtProceedings: on.inCourt })),
    weighting,
  );
  return { points: weighed.reduce((sum, w) => sum + w.points, 0), held: open.length };
}

/** A forecast week from the worker's own record alone, before the team's rate of new allocations is added. */
export interface KnownWeek {
  week: number;
  date: string;
  /** The points of today's cases in their state that day (not rounded). */
  knownPoints: number;
  available: number;
  knownCases: number;
  changes: ForecastChange[];
}

/**
 * What the record already says of a worker's weeks ahead. It changes only
 * when what the caseload figures are worked out from changes, or the day
 * does, so it is kept with those figures (migration 0050) and the team's
 * current rate is added when a page is shown (`withTrend`).
 */
export interface KnownForecast {
  /** Whether the role holds a caseload of its own, so takes new allocations. */
  takesAllocations: boolean;
  weeks: KnownWeek[];
}

export function knownForecast(worker: ForecastWorker, settings: CaseloadSettings, weighting: WeightingRules, today: string): KnownForecast {
  const milestones = worker.cases.map(milestonesOf);
  const weeks: KnownWeek[] = [];
  let previous: { date: string; available: ReturnType<typeof availablePoints>; states: CaseOnDay[]; known: ReturnType<typeof knownPoints> } | null = null;
  forecastDates(today).forEach((date, week) => {
    const available = availablePoints(worker, settings, date);
    const states = worker.cases.map((c, i) => caseOn(c, date, milestones[i]));
    const changes: ForecastChange[] = [];
    if (previous) {
      worker.cases.forEach((c, i) => {
        const before = previous!.states[i]!;
        const now = states[i]!;
        if (now.status !== before.status && now.why) changes.push({ kind: now.why.kind, childId: c.weighing.childId, detail: now.why.detail });
        else if (now.inCourt && !before.inCourt && now.status !== 'closed') changes.push({ kind: 'court_begins', childId: c.weighing.childId, detail: 'care proceedings begin' });
      });
      for (const r of worker.reductions) {
        if (r.startDate > previous.date && r.startDate <= date) changes.push({ kind: 'reduction_starts', detail: r.reason.replace('_', ' ') });
        const ended = addDays(r.endDate, 1);
        if (r.startDate <= previous.date && ended > previous.date && ended <= date) changes.push({ kind: 'reduction_ends', detail: r.reason.replace('_', ' ') });
      }
      if (available.asyePercent !== previous.available.asyePercent) {
        if (available.asyePercent === null) changes.push({ kind: 'asye_ends', detail: 'ASYE year ends' });
        else if (previous.available.asyePercent !== null) changes.push({ kind: 'asye_step', detail: `${available.asyePercent}%` });
      }
    }
    // The cases weigh the same as last week unless one of them changed: most weeks none does.
    const unchanged = previous?.states.every((before, i) => before.status === states[i]!.status && before.inCourt === states[i]!.inCourt);
    const known = previous && unchanged ? previous.known : knownPoints(worker.cases, states, weighting);
    weeks.push({ week, date, knownPoints: known.points, available: available.available, knownCases: known.held, changes });
    previous = { date, available, states, known };
  });
  return { takesAllocations: (settings.roles[worker.role]?.fullTimePoints ?? 0) > 0, weeks };
}

/**
 * The forecast with the team's rate of new allocations added. They accrue,
 * week by week, only while the worker has points available (someone on full
 * leave takes none) and only for a role that holds a caseload of its own.
 */
export function withTrend(known: KnownForecast, settings: CaseloadSettings, trend: AllocationTrend): WorkerForecast {
  let expected = 0;
  const weeks = known.weeks.map((k, i): ForecastWeek => {
    const changes: ForecastChange[] = [];
    const before = known.weeks[i - 1];
    if (before && known.takesAllocations && k.available > 0 && trend.perWorkerPerWeek > 0) {
      const added = (trend.perWorkerPerWeek * daysBetween(before.date, k.date)) / 7;
      expected += added;
      changes.push({ kind: 'new_allocations', detail: 'the team’s recent rate', amount: round1(added) });
    }
    const points = round2(k.knownPoints + expected * trend.pointsPerCase);
    const capacity = capacityPercent(points, k.available);
    const over = capacity === null ? null : capacity > settings.redPercent ? 'red' : capacity > settings.amberPercent ? 'amber' : null;
    return { week: k.week, date: k.date, points, available: k.available, capacityPercent: capacity, knownCases: k.knownCases, expectedNew: round1(expected), over, changes: [...changes, ...k.changes] };
  });
  const today0 = weeks[0]!;
  const redCrossing = today0.over === 'red' ? null : (weeks.slice(1, WARN_WITHIN_WEEKS + 1).find((w) => w.over === 'red') ?? null);
  return { weeks, redCrossing };
}

/** One worker's forecast: what the record knows, with the team's rate added. */
export function forecastWorker(worker: ForecastWorker, settings: CaseloadSettings, weighting: WeightingRules, trend: AllocationTrend, today: string): WorkerForecast {
  return withTrend(knownForecast(worker, settings, weighting, today), settings, trend);
}

/**
 * The team's rate of new allocations: allocations to its case-holding workers
 * that began in the last `weeks` weeks, per case-holding worker, per week.
 * No workers, or no history, is a rate of nothing.
 */
export function allocationRate(newAllocations: number, caseHoldingWorkers: number, weeks = TREND_WEEKS): number {
  if (caseHoldingWorkers <= 0 || weeks <= 0) return 0;
  return Math.round((newAllocations / caseHoldingWorkers / weeks) * 1000) / 1000;
}

const CHANGE_WORDS: Record<Exclude<ChangeKind, 'new_allocations'>, [string, string]> = {
  closing: ['case closing', 'cases closing'],
  leaves_care: ['case stepping down', 'cases stepping down'],
  court_begins: ['case going to court', 'cases going to court'],
  reduction_starts: ['reduction starts', 'reductions start'],
  reduction_ends: ['reduction ends', 'reductions end'],
  asye_step: ['ASYE protection steps up to', 'ASYE protection steps up to'],
  asye_ends: ['ASYE year ends', 'ASYE year ends'],
};

/**
 * A week's changes in words, as counts and reasons, never naming a child:
 * "2 cases closing: 18th birthday", "1 reduction ends: leave",
 * "0.4 new allocations expected (the team’s recent rate)".
 */
export function describeChanges(changes: readonly ForecastChange[]): string[] {
  const lines: string[] = [];
  const counted = new Map<string, { kind: ChangeKind; detail: string; count: number }>();
  for (const c of changes) {
    if (c.kind === 'new_allocations') continue;
    const key = `${c.kind}|${c.detail}`;
    const entry = counted.get(key) ?? { kind: c.kind, detail: c.detail, count: 0 };
    entry.count += 1;
    counted.set(key, entry);
  }
  for (const { kind, detail, count } of counted.values()) {
    if (kind === 'new_allocations') continue;
    if (kind === 'asye_step') lines.push(`ASYE protection steps up to ${detail}`);
    else if (kind === 'asye_ends') lines.push('ASYE year ends: full caseload');
    else {
      const [one, many] = CHANGE_WORDS[kind];
      lines.push(`${count} ${count === 1 ? one : many}: ${detail}`);
    }
  }
  const added = changes.filter((c) => c.kind === 'new_allocations').reduce((sum, c) => sum + (c.amount ?? 0), 0);
  if (added > 0) lines.push(`${round1(added)} new ${round1(added) === 1 ? 'allocation' : 'allocations'} expected (the team’s recent rate)`);
  return lines;
}
