import type { ChildStatus, Role } from '../../db/schema.ts';
import { addDays, daysBetween } from '../../platform/calendar/dates.ts';
import { addWorkingDays } from '../../platform/calendar/working-days.ts';

/**
 * Caseload arithmetic, pure: no database, no clock. The shape follows the
 * practice councils publish (points per case by type and complexity, extras
 * for travel and court work, a full-time maximum scaled by FTE, reductions,
 * ASYE protection) and the HMPPS capacity measure:
 *   capacity % = case points ÷ available points × 100.
 * Defaults and their rationale are in docs/caseload.md.
 */

export type CaseRole = 'lead' | 'co_worker' | 'personal_adviser';
export type ComplexityTier = 1 | 2 | 3;

export interface WeightingRules {
  /** Points for a case by the child's derived status. */
  points: Record<ChildStatus, number>;
  /** Multiplier by complexity tier (1 = typical). */
  complexity: Record<ComplexityTier, number>;
  /** Second and later siblings of one family held by one worker count this share of their points. */
  siblingShare: number;
  /** Extra points for a placement outside the council's area, by distance from the worker's base (first matching band from the top). */
  travelBands: { overMiles: number; points: number }[];
  /** Extra points while the child is subject to care proceedings (once per family). */
  courtPoints: number;
  /** Share of a case's points a co-worker carries (the lead keeps all of theirs). */
  coWorkerShare: number;
}

export const DEFAULT_WEIGHTING: WeightingRules = {
  points: { child_in_need: 4, child_protection: 7, looked_after: 6, care_leaver: 4, awaiting_decision: 0, closed: 0 },
  complexity: { 1: 1, 2: 1.25, 3: 1.5 },
  siblingShare: 0.5,
  travelBands: [
    { overMiles: 100, points: 3 },
    { overMiles: 50, points: 2 },
    { overMiles: 20, points: 1 },
  ],
  courtPoints: 3,
  coWorkerShare: 0.5,
};

export type ReductionReason = 'leave' | 'phased_return' | 'secondment' | 'special_duties' | 'other';

export interface RoleLevels {
  /** Available points for a full-time, experienced worker in this role; 0 = not case-holding. */
  fullTimePoints: number;
  /** Recommended maximum number of children for a full-time worker (scaled by FTE). */
  childrenCeiling: number;
}

export interface CaseloadSettings {
  roles: Partial<Record<Role, RoleLevels>>;
  /** Capacity % above which a worker is over the recommended level. */
  amberPercent: number;
  /** Capacity % above which a worker is seriously over. */
  redPercent: number;
  /** Capacity % below which a case-holding worker's capacity is under-used. */
  floorPercent: number;
  /** ASYE: share of full available points by day of the ASYE year, from the day it began. */
  asyeSchedule: { fromDay: number; percent: number }[];
  /** Statuses an ASYE worker should not lead on (court work is flagged too). */
  asyeAvoidStatuses: ChildStatus[];
  /** Largest share of time each reason may take off; all together never more than 100%. */
  reductionCaps: Record<ReductionReason, number>;
  contractedHoursFullTime: number;
  /** Working days a manager has to record an action plan for a new variance. */
  planWorkingDays: number;
  /** Days after opening when an unresolved variance goes to the head of service. */
  headEscalationDays: number;
  /** Days after opening when a variance still unresolved goes on to the director; 0 stops the chain at the head of service. */
  directorEscalationDays: number;
  /**
   * A breach within this many days of a variance of the same kind closing
   * continues that variance (its plan deadline and escalation run on), so a
   * day back within the level cannot restart the clock. 0 never links.
   */
  reopenWithinDays: number;
}

export const DEFAULT_SETTINGS: CaseloadSettings = {
  roles: {
    social_worker: { fullTimePoints: 100, childrenCeiling: 18 },
    practice_supervisor: { fullTimePoints: 50, childrenCeiling: 9 },
    team_manager: { fullTimePoints: 0, childrenCeiling: 0 },
    personal_adviser: { fullTimePoints: 100, childrenCeiling: 25 },
  },
  amberPercent: 100,
  redPercent: 110,
  floorPercent: 60,
  asyeSchedule: [
    { fromDay: 0, percent: 60 },
    { fromDay: 91, percent: 70 },
    { fromDay: 182, percent: 80 },
    { fromDay: 274, percent: 90 },
  ],
  asyeAvoidStatuses: ['child_protection'],
  reductionCaps: { leave: 100, phased_return: 60, secondment: 100, special_duties: 30, other: 50 },
  contractedHoursFullTime: 37,
  planWorkingDays: 5,
  headEscalationDays: 28,
  directorEscalationDays: 56,
  reopenWithinDays: 28,
};

export interface CaseForWeighting {
  childId: string;
  role: CaseRole;
  status: ChildStatus;
  complexityTier: ComplexityTier;
  familyId: string | null;
  placementPostcode: string | null;
  placementOutOfArea: boolean | null;
  /** Miles from the worker's team base to the placement, when known. */
  travelMiles: number | null;
  inCourtProceedings: boolean;
}

export interface WeighedCase {
  childId: string;
  points: number;
  reasons: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const STATUS_WORDS: Record<ChildStatus, string> = {
  child_in_need: 'child in need',
  child_protection: 'child protection plan',
  looked_after: 'looked after',
  care_leaver: 'care leaver',
  awaiting_decision: 'contact awaiting decision',
  closed: 'case closed',
};

/**
 * Points for each case a worker holds, with the reasons in words.
 * - A case's base is status points × complexity, times the co-worker share
 *   when the worker is not the lead.
 * - Siblings (same family) held by the same worker: the heaviest counts in
 *   full, the rest at `siblingShare`.
 * - Travel counts once per family and placement postcode, court work once per
 *   family, each on the case the worker carries most of.
 * So allocating another case never lowers a worker's total.
 */
export function weighCases(cases: readonly CaseForWeighting[], rules: WeightingRules): WeighedCase[] {
  const share = (c: CaseForWeighting) => (c.role === 'co_worker' ? rules.coWorkerShare : 1);
  const weighed = cases.map((c) => {
    const reasons = [`${STATUS_WORDS[c.status]}: ${rules.points[c.status]} points`];
    if (c.complexityTier !== 1) reasons.push(`complexity tier ${c.complexityTier}: × ${rules.complexity[c.complexityTier]}`);
    if (share(c) !== 1) reasons.push(`co-worker: × ${share(c)}`);
    return { c, base: rules.points[c.status] * rules.complexity[c.complexityTier] * share(c), extra: 0, reasons };
  });
  const familyOf = (c: CaseForWeighting) => c.familyId ?? `child:${c.childId}`;
  const heaviestFirst = [...weighed].sort((a, b) => b.base - a.base || share(b.c) - share(a.c) || a.c.childId.localeCompare(b.c.childId));
  const familiesSeen = new Set<string>();
  const tripsSeen = new Set<string>();
  const courtSeen = new Set<string>();
  for (const w of heaviestFirst) {
    const family = familyOf(w.c);
    if (familiesSeen.has(family)) {
      w.base *= rules.siblingShare;
      w.reasons.push(`sibling of a child already counted: × ${rules.siblingShare}`);
    }
    familiesSeen.add(family);
  }
  // Extras go to the case with the largest share in its family (leads before co-workers).
  const byShare = [...weighed].sort((a, b) => share(b.c) - share(a.c) || b.base - a.base || a.c.childId.localeCompare(b.c.childId));
  for (const w of byShare) {
    const family = familyOf(w.c);
    const band = w.c.placementOutOfArea && w.c.travelMiles !== null ? rules.travelBands.find((b) => (w.c.travelMiles ?? 0) > b.overMiles) : undefined;
    const trip = `${family}|${w.c.placementPostcode ?? w.c.childId}`;
    if (band && !tripsSeen.has(trip)) {
      w.extra += band.points * share(w.c);
      w.reasons.push(`placed out of area, ${w.c.travelMiles} miles away: + ${round2(band.points * share(w.c))}`);
      tripsSeen.add(trip);
    }
    if (w.c.inCourtProceedings && !courtSeen.has(family)) {
      w.extra += rules.courtPoints * share(w.c);
      w.reasons.push(`care proceedings: + ${round2(rules.courtPoints * share(w.c))}`);
      courtSeen.add(family);
    }
  }
  return weighed.map((w) => ({ childId: w.c.childId, points: round2(w.base + w.extra), reasons: w.reasons }));
}

export interface Reduction {
  reason: ReductionReason;
  percent: number | null;
  hoursPerWeek: number | null;
  startDate: string;
  endDate: string;
}

export interface WorkerForCapacity {
  role: Role;
  fte: number;
  /** The day their ASYE began: protection runs for a year from it. */
  asyeStartedOn: string | null;
  reductions: readonly Reduction[];
}

export interface AvailablePoints {
  fullTimePoints: number;
  afterFte: number;
  /** Set for an ASYE worker: the protected share of points today. */
  asyePercent: number | null;
  reductions: { reason: ReductionReason; percent: number; points: number; endDate: string }[];
  available: number;
  childrenCeiling: number;
  explanation: string[];
}

/**
 * A lead case an ASYE worker should not hold: a status the settings name
 * (child protection by default), or care proceedings that have begun (a
 * start date still to come is not yet court work).
 */
export function unsuitableForAsye(c: Pick<CaseForWeighting, 'role' | 'status' | 'inCourtProceedings'>, settings: Pick<CaseloadSettings, 'asyeAvoidStatuses'>): boolean {
  return c.role === 'lead' && (settings.asyeAvoidStatuses.includes(c.status) || c.inCourtProceedings);
}

/** Days since the ASYE began, or null when not in its year. */
export function asyeDay(role: Role, asyeStartedOn: string | null, today: string): number | null {
  if (role !== 'social_worker' || !asyeStartedOn || asyeStartedOn > today) return null;
  const days = daysBetween(asyeStartedOn, today);
  return days < 365 ? days : null;
}

export function asyePercentOn(day: number, schedule: CaseloadSettings['asyeSchedule']): number {
  const step = [...schedule].sort((a, b) => b.fromDay - a.fromDay).find((s) => day >= s.fromDay);
  return step?.percent ?? 100;
}

/** A worker's available points today: role default × FTE × ASYE protection, less reductions in force. */
export function availablePoints(worker: WorkerForCapacity, settings: CaseloadSettings, today: string): AvailablePoints {
  const levels = settings.roles[worker.role] ?? { fullTimePoints: 0, childrenCeiling: 0 };
  const explanation: string[] = [];
  const afterFte = levels.fullTimePoints * worker.fte;
  explanation.push(`${levels.fullTimePoints} points full time × ${worker.fte} FTE = ${round2(afterFte)}`);
  const day = asyeDay(worker.role, worker.asyeStartedOn, today);
  const asyePercent = day === null ? null : asyePercentOn(day, settings.asyeSchedule);
  let available = afterFte;
  if (day !== null && asyePercent !== null) {
    available = (afterFte * asyePercent) / 100;
    explanation.push(`ASYE protection, day ${day + 1} of the first year: ${asyePercent}%`);
  }
  const contracted = settings.contractedHoursFullTime * worker.fte;
  let totalPercent = 0;
  const reductions: AvailablePoints['reductions'] = [];
  for (const r of worker.reductions) {
    if (r.startDate > today || r.endDate < today) continue;
    const asked = r.percent ?? (contracted > 0 ? ((r.hoursPerWeek ?? 0) / contracted) * 100 : 100);
    const capped = Math.min(asked, settings.reductionCaps[r.reason], 100 - totalPercent);
    if (capped <= 0) continue;
    totalPercent += capped;
    const points = round2((available * capped) / 100);
    reductions.push({ reason: r.reason, percent: round2(capped), points, endDate: r.endDate });
    explanation.push(`${r.reason.replace('_', ' ')} until ${r.endDate}: − ${round2(capped)}%${capped < asked ? ` (capped from ${round2(asked)}%)` : ''}`);
  }
  const afterReductions = available * (1 - totalPercent / 100);
  const ceilingShare = (asyePercent ?? 100) / 100;
  return {
    fullTimePoints: levels.fullTimePoints,
    afterFte: round2(afterFte),
    asyePercent,
    reductions,
    available: round2(afterReductions),
    childrenCeiling: Math.round(levels.childrenCeiling * worker.fte * ceilingShare * (1 - totalPercent / 100) * 10) / 10,
    explanation,
  };
}

export function capacityPercent(points: number, available: number): number | null {
  if (available <= 0) return points > 0 ? Infinity : null;
  return Math.round((points / available) * 1000) / 10;
}

export type VarianceKind = 'over_capacity' | 'over_children_ceiling' | 'asye_protection' | 'under_floor';
export type VarianceLevel = 'amber' | 'red';

export interface WorkerFigures {
  role: Role;
  children: number;
  points: number;
  available: AvailablePoints;
  /** Lead cases an ASYE worker should not hold (CP plans, court work). */
  asyeUnsuitableLeads: number;
}

export interface VarianceCondition {
  kind: VarianceKind;
  level: VarianceLevel | null;
  value: number;
  threshold: number;
  description: string;
}

/** Which recommended levels a worker is outside of right now. */
export function varianceConditions(figures: WorkerFigures, settings: CaseloadSettings): VarianceCondition[] {
  const levels = settings.roles[figures.role];
  if (!levels || levels.fullTimePoints <= 0) {
    // A role with no caseload of its own (a team manager, say) that holds cases anyway is over its level of none.
    if (figures.children === 0 && figures.points === 0) return [];
    const held: VarianceCondition[] = [
      { kind: 'over_capacity', level: 'red', value: 999, threshold: settings.redPercent, description: `Holds ${figures.points} points of cases, with no caseload allowed for the role` },
    ];
    if (figures.children > 0) {
      held.push({
        kind: 'over_children_ceiling',
        level: null,
        value: figures.children,
        threshold: 0,
        description: `${figures.children} ${figures.children === 1 ? 'child' : 'children'}, where the role's recommended level is none`,
      });
    }
    return held;
  }
  const conditions: VarianceCondition[] = [];
  const percent = capacityPercent(figures.points, figures.available.available);
  if (percent !== null && percent > settings.amberPercent) {
    const red = percent > settings.redPercent;
    conditions.push({
      kind: 'over_capacity',
      level: red ? 'red' : 'amber',
      value: Number.isFinite(percent) ? percent : 999,
      threshold: red ? settings.redPercent : settings.amberPercent,
      description: `Capacity ${Number.isFinite(percent) ? `${percent}%` : 'with no available points'}, over the ${red ? 'red' : 'amber'} level of ${red ? settings.redPercent : settings.amberPercent}%`,
    });
  }
  if (figures.children > figures.available.childrenCeiling) {
    conditions.push({
      kind: 'over_children_ceiling',
      level: null,
      value: figures.children,
      threshold: figures.available.childrenCeiling,
      description: `${figures.children} children, over the recommended ${figures.available.childrenCeiling}`,
    });
  }
  if (figures.available.asyePercent !== null && figures.asyeUnsuitableLeads > 0) {
    conditions.push({
      kind: 'asye_protection',
      level: null,
      value: figures.asyeUnsuitableLeads,
      threshold: 0,
      description: `ASYE worker leading ${figures.asyeUnsuitableLeads} child protection or court ${figures.asyeUnsuitableLeads === 1 ? 'case' : 'cases'}`,
    });
  }
  if (percent !== null && percent < settings.floorPercent && figures.available.available > 0) {
    conditions.push({
      kind: 'under_floor',
      level: null,
      value: percent,
      threshold: settings.floorPercent,
      description: `Capacity ${percent}%, under the floor of ${settings.floorPercent}%`,
    });
  }
  return conditions;
}

export interface OpenVariance {
  id: string;
  kind: VarianceKind;
  level: VarianceLevel | null;
}

export interface VarianceChanges {
  open: VarianceCondition[];
  close: OpenVariance[];
  /** Open variances whose level or value changed. */
  update: { variance: OpenVariance; condition: VarianceCondition }[];
}

/**
 * Compares what is open with what is true now: opens what is new, closes
 * what is back within level, updates the rest. A worker within every level
 * ends with nothing open.
 */
export function reconcileVariances(open: readonly OpenVariance[], conditions: readonly VarianceCondition[]): VarianceChanges {
  const changes: VarianceChanges = { open: [], close: [], update: [] };
  for (const condition of conditions) {
    const existing = open.find((v) => v.kind === condition.kind);
    if (existing) changes.update.push({ variance: existing, condition });
    else changes.open.push(condition);
  }
  for (const variance of open) {
    if (!conditions.some((c) => c.kind === variance.kind)) changes.close.push(variance);
  }
  return changes;
}

export function planDueOn(openedOn: string, settings: CaseloadSettings): string {
  return addWorkingDays(openedOn, settings.planWorkingDays);
}

export type EscalationStage = 'none' | 'service_manager' | 'head_of_service' | 'director';

/**
 * Where an open variance should be: with the service manager once the plan
 * deadline passes without a plan, with the head of service once it has been
 * open `headEscalationDays` without being resolved, and with the director
 * once open `directorEscalationDays` (when that step is in the chain).
 */
export function escalationStage(
  variance: { openedOn: string; planDueOn: string; planRecorded: boolean },
  settings: CaseloadSettings,
  today: string,
): EscalationStage {
  if (settings.directorEscalationDays > 0 && today >= addDays(variance.openedOn, settings.directorEscalationDays)) return 'director';
  if (today >= addDays(variance.openedOn, settings.headEscalationDays)) return 'head_of_service';
  if (!variance.planRecorded && today > variance.planDueOn) return 'service_manager';
  return 'none';
}

/** Merges stored settings over the defaults, so a missing key keeps its default. */
export function withDefaults(stored: Partial<CaseloadSettings> | null | undefined): CaseloadSettings {
  return { ...DEFAULT_SETTINGS, ...(stored ?? {}), roles: { ...DEFAULT_SETTINGS.roles, ...(stored?.roles ?? {}) } };
}

export function weightingWithDefaults(stored: Partial<WeightingRules> | null | undefined): WeightingRules {
  return {
    ...DEFAULT_WEIGHTING,
    ...(stored ?? {}),
    points: { ...DEFAULT_WEIGHTING.points, ...(stored?.points ?? {}) },
    complexity: { ...DEFAULT_WEIGHTING.complexity, ...(stored?.complexity ?? {}) },
  };
}
