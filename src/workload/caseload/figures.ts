import type { CaseloadSettings } from './rules.ts';

/**
 * Figures for a team, a service or the council, from each worker's caseload:
 * pure, so the drill-down pages add up one list of workers in memory.
 */

export type CapacityBand = 'under_floor' | 'within' | 'over_amber' | 'over_red';

/** Which band a capacity % falls in; null when the worker has no capacity measure (a role without available points and no cases). */
export function capacityBand(percent: number | null, settings: Pick<CaseloadSettings, 'floorPercent' | 'amberPercent' | 'redPercent'>): CapacityBand | null {
  if (percent === null) return null;
  if (percent > settings.redPercent) return 'over_red';
  if (percent > settings.amberPercent) return 'over_amber';
  if (percent < settings.floorPercent) return 'under_floor';
  return 'within';
}

export const BAND_TAGS: Record<CapacityBand, { text: string; classes: string }> = {
  under_floor: { text: 'Under floor', classes: 'govuk-tag--grey' },
  within: { text: 'Within level', classes: 'govuk-tag--green' },
  over_amber: { text: 'Over amber level', classes: 'govuk-tag--orange' },
  over_red: { text: 'Over red level', classes: 'govuk-tag--red' },
};

export const BAND_ORDER: readonly CapacityBand[] = ['under_floor', 'within', 'over_amber', 'over_red'];

export function bandLabels(settings: Pick<CaseloadSettings, 'floorPercent' | 'amberPercent' | 'redPercent'>): Record<CapacityBand, string> {
  return {
    under_floor: `Under the floor (below ${settings.floorPercent}%)`,
    within: `Floor to amber (${settings.floorPercent}% to ${settings.amberPercent}%)`,
    over_amber: `Amber to red (over ${settings.amberPercent}% up to ${settings.redPercent}%)`,
    over_red: `Over red (over ${settings.redPercent}%)`,
  };
}

/** What the level figures need from one worker. */
export interface WorkerFigureInput {
  fte: number;
  children: number;
  capacityPercent: number | null;
  openVariances: number;
  overduePlans: number;
  /** Overdue visits and capacity over amber together (the work-due feature's rule). */
  firstCall: boolean;
  supervisionOverdue: boolean;
}

export interface LevelFigures {
  /** DfE: workers holding at least one child. */
  caseHolders: number;
  caseHolderFte: number;
  children: number;
  /** DfE: children held ÷ FTE of case holders, one decimal place; null with no case holders. */
  averagePerFte: number | null;
  /** Workers with a capacity measure, by band, with each band's share of them in whole per cent. */
  distribution: { band: CapacityBand; count: number; percent: number }[];
  measured: number;
  /** Over the amber level, including those over red. */
  overAmber: number;
  overRed: number;
  openVariances: number;
  overduePlans: number;
  /** Workers with overdue visits and capacity over amber: the manager's first call. */
  firstCallWorkers: number;
  supervisionOverdue: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function levelFigures(workers: readonly WorkerFigureInput[], settings: Pick<CaseloadSettings, 'floorPercent' | 'amberPercent' | 'redPercent'>): LevelFigures {
  const holders = workers.filter((w) => w.children > 0);
  const caseHolderFte = Math.round(holders.reduce((sum, w) => sum + w.fte, 0) * 100) / 100;
  const children = holders.reduce((sum, w) => sum + w.children, 0);
  const counts = new Map<CapacityBand, number>(BAND_ORDER.map((b) => [b, 0]));
  let measured = 0;
  for (const w of workers) {
    const band = capacityBand(w.capacityPercent, settings);
    if (band === null) continue;
    measured += 1;
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  const overRed = counts.get('over_red') ?? 0;
  return {
    caseHolders: holders.length,
    caseHolderFte,
    children,
    averagePerFte: caseHolderFte > 0 ? round1(children / caseHolderFte) : null,
    distribution: BAND_ORDER.map((band) => {
      const count = counts.get(band) ?? 0;
      return { band, count, percent: measured ? Math.round((count / measured) * 100) : 0 };
    }),
    measured,
    overAmber: (counts.get('over_amber') ?? 0) + overRed,
    overRed,
    openVariances: workers.reduce((sum, w) => sum + w.openVariances, 0),
    overduePlans: workers.reduce((sum, w) => sum + w.overduePlans, 0),
    firstCallWorkers: workers.filter((w) => w.firstCall).length,
    supervisionOverdue: workers.filter((w) => w.supervisionOverdue).length,
  };
}

/** A capacity % for people: "95.5%", or words when there are no available points. */
export function formatPercent(percent: number | null): string {
  if (percent === null) return 'Not measured';
  if (!Number.isFinite(percent)) return 'No available points';
  return `${percent}%`;
}
