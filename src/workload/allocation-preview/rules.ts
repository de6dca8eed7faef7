import type { ChildStatus, Role } from '../../db/schema.ts';
import {
  capacityPercent,
  unsuitableForAsye,
  varianceConditions,
  weighCases,
  type AvailablePoints,
  type CaseloadSettings,
  type VarianceCondition,
  type WeightingRules,
} from '../caseload/rules.ts';
import type { CapacityBand } from '../caseload/figures.ts';
import { caseForWeighting, type StoredCase } from '../caseload/weighting-input.ts';

/**
 * The arithmetic of "what if this worker took this child": pure, the same
 * rules as the caseload engine, with one hypothetical lead case added.
 */

/** A case a worker holds (or would hold), as the caseload engine knows it: the stored case and its travel. */
export interface HeldCase extends StoredCase {
  travelMiles: number | null;
}

/**
 * The worker's cases with the child added as their lead case. A case the
 * worker already holds for the child (as co-worker, say) is replaced by the
 * lead one, so a child is never counted twice.
 */
export function withHypotheticalLead(cases: readonly HeldCase[], child: Omit<HeldCase, 'role'>): HeldCase[] {
  return [...cases.filter((c) => c.child_id !== child.child_id), { ...child, role: 'lead' }];
}

export interface Figures {
  points: number;
  children: number;
  capacityPercent: number | null;
  conditions: VarianceCondition[];
  asyeUnsuitableLeads: number;
}

/** A worker's figures from their cases, as computeCaseloads works them out. */
export function figuresFor(
  worker: { role: Role },
  cases: readonly HeldCase[],
  available: AvailablePoints,
  rules: { weighting: WeightingRules; settings: CaseloadSettings; today: string },
): Figures {
  const inputs = cases.map((c) => caseForWeighting(c, c.travelMiles, rules.today));
  const weighed = weighCases(inputs, rules.weighting);
  const points = Math.round(weighed.reduce((sum, c) => sum + c.points, 0) * 100) / 100;
  const children = new Set(cases.filter((c) => c.role !== 'co_worker').map((c) => c.child_id)).size;
  const isAsye = available.asyePercent !== null;
  const asyeUnsuitableLeads = isAsye ? inputs.filter((c) => unsuitableForAsye(c, rules.settings)).length : 0;
  const conditions = varianceConditions({ role: worker.role, children, points, available, asyeUnsuitableLeads }, rules.settings);
  return { points, children, capacityPercent: capacityPercent(points, available.available), conditions, asyeUnsuitableLeads };
}

/**
 * The variances an allocation would open (conditions true after but not
 * before), and those it would make worse (amber to red, or a larger value).
 */
export function varianceDifference(before: readonly VarianceCondition[], after: readonly VarianceCondition[]) {
  const opens = after.filter((a) => !before.some((b) => b.kind === a.kind));
  const worsens = after.filter((a) => {
    const was = before.find((b) => b.kind === a.kind);
    return was !== undefined && was.level === 'amber' && a.level === 'red';
  });
  return { opens, worsens };
}

/** The preview's shorter tag wording for each capacity band (the band itself is the caseload pages' rule). */
export const BAND_TAGS: Record<CapacityBand, { text: string; classes: string }> = {
  under_floor: { text: 'Under floor', classes: 'govuk-tag--grey' },
  within: { text: 'Within level', classes: 'govuk-tag--green' },
  over_amber: { text: 'Over amber', classes: 'govuk-tag--orange' },
  over_red: { text: 'Over red', classes: 'govuk-tag--red' },
};

export function formatPercent(percent: number | null): string {
  if (percent === null) return 'Not measured';
  if (!Number.isFinite(percent)) return 'No available points';
  return `${percent}%`;
}

/** Whether an ASYE worker should be warned off leading this child, and why. */
export function asyeWarning(
  isAsye: boolean,
  child: { status: ChildStatus; courtProceedingsSince: string | null },
  settings: Pick<CaseloadSettings, 'asyeAvoidStatuses'>,
  today: string,
): string | null {
  if (!isAsye) return null;
  const reasons: string[] = [];
  if (settings.asyeAvoidStatuses.includes(child.status)) reasons.push(child.status === 'child_protection' ? 'a child protection case' : `a ${child.status.replace(/_/g, ' ')} case`);
  if (child.courtProceedingsSince !== null && child.courtProceedingsSince <= today) reasons.push('care proceedings');
  return reasons.length ? `In their first year (ASYE): should not lead ${reasons.join(' or ')}` : null;
}
