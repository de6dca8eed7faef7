// Who may see which team's and service's pages, and the figures drawn from
// children's allocation histories. Pure: callers pass data and `today`.
import type { ChildStatus, Role } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { describeCode, SW_REASONS } from '../../reference/codes.ts';
import { childContinuity, summariseContinuity, type AllocationSpell, type ChildContinuity, type ContinuitySummary } from '../allocation/continuity.ts';

/** Roles that manage one team. */
export const TEAM_MANAGER_ROLES: readonly Role[] = ['team_manager', 'practice_supervisor'];
/** Roles that may use the team pages at all; others get 403. */
export const TEAM_PAGE_ROLES: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager', 'head_of_service'];
/** Roles that may use the continuity pages. */
export const CONTINUITY_ROLES: readonly Role[] = [...TEAM_PAGE_ROLES, 'performance_analyst'];
/** Roles that see every team's and service's figures (never names without a relationship). */
const COUNCIL_WIDE: readonly Role[] = ['head_of_service', 'performance_analyst'];

export interface TeamRef {
  id: string;
  serviceId: string;
}

/** A team's pages: its team manager and practice supervisors, its service manager, and heads of service. */
export function seesTeam(viewer: Viewer, team: TeamRef): boolean {
  if (COUNCIL_WIDE.includes(viewer.role)) return true;
  if (TEAM_MANAGER_ROLES.includes(viewer.role)) return viewer.teamId === team.id;
  return viewer.role === 'service_manager' && viewer.serviceId === team.serviceId;
}

/** A service's pages: its service manager, and heads of service and analysts. */
export function seesService(viewer: Viewer, serviceId: string): boolean {
  return COUNCIL_WIDE.includes(viewer.role) || (viewer.role === 'service_manager' && viewer.serviceId === serviceId);
}

export function seesCouncil(viewer: Viewer): boolean {
  return COUNCIL_WIDE.includes(viewer.role);
}

export const STATUSES: readonly ChildStatus[] = ['looked_after', 'child_protection', 'child_in_need', 'care_leaver', 'closed'];

export function isStatus(value: unknown): value is ChildStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Bands of time with the current social worker. Boundaries are in days:
 * 3 months = 91, 6 months = 183, a year = 365, two years = 730.
 */
export const RELATIONSHIP_BANDS = [
  { label: 'Under 3 months', from: 0, to: 91 },
  { label: '3 to 6 months', from: 91, to: 183 },
  { label: '6 to 12 months', from: 183, to: 365 },
  { label: '1 to 2 years', from: 365, to: 730 },
  { label: '2 years or more', from: 730, to: Infinity },
] as const;

export interface ContinuityFigures {
  summary: ContinuitySummary;
  /** Children waiting in a queue (an open lead allocation without a worker). */
  unallocated: number;
  /** Allocated children in each band of time with their current worker. */
  bands: { label: string; count: number; percent: number | null }[];
  /** Mean days with the current worker over allocated children; null if none are allocated. */
  averageRelationshipDays: number | null;
  /** Changes in the last 12 months by reason, described, most common first. */
  reasons: { code: string; label: string; count: number }[];
}

/** One child's lead allocations, as read from the database. */
export interface LeadRow {
  child_id: string;
  worker_id: string | null;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
}

/** Groups lead allocation rows by child, ready for childContinuity. */
export function spellsByChild(rows: readonly LeadRow[]): Map<string, AllocationSpell[]> {
  const byChild = new Map<string, AllocationSpell[]>();
  for (const r of rows) {
    let spells = byChild.get(r.child_id);
    if (!spells) byChild.set(r.child_id, (spells = []));
    spells.push({ workerId: r.worker_id, start: r.start_date, end: r.end_date, reason: r.end_reason as AllocationSpell['reason'] });
  }
  return byChild;
}

/** Each child's continuity today. */
export function continuityByChild(rows: readonly LeadRow[], today: string): Map<string, ChildContinuity> {
  const result = new Map<string, ChildContinuity>();
  for (const [childId, spells] of spellsByChild(rows)) result.set(childId, childContinuity(spells, today));
  return result;
}

/** Figures across children (a team's, a service's, the council's), from each child's continuity on one day. */
export function continuityFigures(children: readonly ChildContinuity[]): ContinuityFigures {
  const summary = summariseContinuity(children);
  const days = children.map((c) => c.currentRelationshipDays).filter((d): d is number => d !== null);
  const bands = RELATIONSHIP_BANDS.map((band) => {
    const count = days.filter((d) => d >= band.from && d < band.to).length;
    return { label: band.label, count, percent: days.length ? Math.round((count / days.length) * 100) : null };
  });
  const reasons = SW_REASONS.filter((code) => summary.reasons[code])
    .map((code) => ({ code, label: describeCode('swReason', code), count: summary.reasons[code]! }))
    .sort((a, b) => b.count - a.count);
  return {
    summary,
    unallocated: children.filter((c) => c.currentWorkerId === null).length,
    bands,
    averageRelationshipDays: days.length ? Math.round(days.reduce((sum, d) => sum + d, 0) / days.length) : null,
    reasons,
  };
}

/** "74%" or "–" when there is nothing to divide by. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}
