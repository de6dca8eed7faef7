import type { Db } from '../../db/database.ts';
import type { ChildStatus } from '../../db/schema.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { distanceMiles } from '../../reference/geography.ts';
import { capacityBand } from '../caseload/figures.ts';
import { placementTravelMiles } from '../caseload/weighting-input.ts';
import { findWorkers } from '../caseload/queries.ts';
import type { VarianceCondition } from '../caseload/rules.ts';
import { CASE_HOLDING_ROLES, computeCaseloads, loadCaseloadContext } from '../caseload/service.ts';
import { findOpenVarianceStanding } from '../variances/queries.ts';
import { standingWarnings } from '../variances/rules.ts';
import { findAllocationHistory, findPreviewChild, findSiblingIds } from './queries.ts';
import {
  asyeWarning,
  BAND_TAGS,
  figuresFor,
  formatPercent,
  varianceDifference,
  withHypotheticalLead,
} from './rules.ts';

export interface PreviewOptions {
  childId: string;
  /** The workers to compare; anyone who cannot hold cases (or is disabled) is left out. */
  candidateWorkerIds: readonly string[];
  today: string;
}

export interface MeasureNowAfter {
  capacityPercent: number | null;
  capacityText: string;
  tag: { text: string; classes: string } | null;
  children: number;
  points: number;
}

export interface CandidatePreview {
  workerId: string;
  name: string;
  roleLabel: string;
  teamName: string | null;
  fte: number;
  asye: boolean;
  childrenCeiling: number;
  now: MeasureNowAfter;
  after: MeasureNowAfter;
  /** Variances the allocation would open, and open ones it would take from amber to red. */
  opens: VarianceCondition[];
  worsens: VarianceCondition[];
  continuity: {
    /** The worker holds the child now, held them before (until `heldUntil`), or never. */
    heldChild: 'now' | 'before' | null;
    heldUntil: string | null;
    /** Siblings (same family) the worker holds now or has held. */
    siblingsKnown: number;
  };
  asyeWarning: string | null;
  /** Straight-line miles from the worker's team base to the child's placement; null when not placed or not known. */
  travelMiles: number | null;
  /** Everything a manager should weigh, in words. */
  warnings: string[];
}

export interface AllocationPreview {
  childId: string;
  status: ChildStatus;
  placementPostcode: string | null;
  candidates: CandidatePreview[];
}

/**
 * What allocating the child as lead to each candidate would do: capacity and
 * children now → after, the variances it would open, whether the worker has
 * known the child or a sibling, ASYE suitability and the travel to the
 * child's placement. Figures only: the caller decides who may see them, and
 * no child other than this one is named.
 */
export async function previewAllocation(db: Db, options: PreviewOptions): Promise<AllocationPreview | null> {
  const child = await findPreviewChild(db, options.childId);
  if (!child) return null;
  const context = await loadCaseloadContext(db, options.today);
  const workers = await findWorkers(db, { workerIds: [...new Set(options.candidateWorkerIds)], roles: CASE_HOLDING_ROLES });
  const [caseloads, siblingIds, standing] = await Promise.all([
    computeCaseloads(db, workers, context),
    findSiblingIds(db, child.id),
    findOpenVarianceStanding(
      db,
      workers.map((w) => w.id),
    ),
  ]);
  const history = await findAllocationHistory(
    db,
    workers.map((w) => w.id),
    [child.id, ...siblingIds],
  );
  const rules = { weighting: context.weighting, settings: context.settings, today: options.today };
  const { id: childId, ...childFactors } = child;
  const candidates = caseloads.map((now): CandidatePreview => {
    const worker = now.worker;
    const travelMiles = child.placement_postcode && worker.team_base_postcode ? distanceMiles(worker.team_base_postcode, child.placement_postcode) : null;
    const hypothetical = { ...childFactors, child_id: childId, travelMiles: placementTravelMiles(child, worker.team_base_postcode) };
    const after = figuresFor(worker, withHypotheticalLead(now.cases, hypothetical), now.available, rules);
    const { opens, worsens } = varianceDifference(now.conditions, after.conditions);
    const mine = history.filter((h) => h.worker_id === worker.id);
    const withChild = mine.filter((h) => h.child_id === child.id);
    const heldNow = withChild.some((h) => h.end_date === null);
    const heldUntil = heldNow ? null : (withChild.map((h) => h.end_date!).sort().at(-1) ?? null);
    const siblingsKnown = new Set(mine.filter((h) => h.child_id !== child.id).map((h) => h.child_id)).size;
    const asye = now.available.asyePercent !== null;
    const asyeText = asyeWarning(asye, { status: child.status, courtProceedingsSince: child.court_proceedings_since }, context.settings, context.today);
    const warnings = [
      ...standingWarnings(standing.filter((v) => v.worker_id === worker.id)),
      ...opens.map((c) => `Would open a variance: ${c.description}`),
      ...worsens.map((c) => `Would make a variance worse: ${c.description}`),
      ...(asyeText ? [asyeText] : []),
      ...(now.available.available <= 0 ? ['Has no available points (reductions or role)'] : []),
    ];
    const measure = (points: number, children: number, percent: number | null): MeasureNowAfter => {
      const band = capacityBand(percent === null || Number.isFinite(percent) ? percent : 999, context.settings);
      return { capacityPercent: percent, capacityText: formatPercent(percent), tag: band ? BAND_TAGS[band] : null, children, points };
    };
    return {
      workerId: worker.id,
      name: worker.name,
      roleLabel: ROLE_LABELS[worker.role],
      teamName: worker.team_name,
      fte: worker.fte,
      asye,
      childrenCeiling: now.available.childrenCeiling,
      now: measure(now.points, now.children, now.capacityPercent),
      after: measure(after.points, after.children, after.capacityPercent),
      opens,
      worsens,
      continuity: { heldChild: heldNow ? 'now' : withChild.length ? 'before' : null, heldUntil, siblingsKnown },
      asyeWarning: asyeText,
      travelMiles,
      warnings,
    };
  });
  return { childId: child.id, status: child.status, placementPostcode: child.placement_postcode, candidates };
}
