import {
  availablePoints,
  capacityPercent,
  weighCases,
  weightingWithDefaults,
  type CaseloadSettings,
  type Reduction,
  type WeightingRules,
} from '../caseload/rules.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { caseForWeighting, placementTravelMiles } from '../caseload/weighting-input.ts';
import type { HistoricCaseRow, HistoricWorkerRow, SnapshotRow } from './queries.ts';

/**
 * Trend arithmetic, pure: a day's figures for every worker from the cases
 * they held that day, the dates of a weekly back-fill, and the figures a
 * chart and its table show.
 */

/** The dates of a weekly back-fill: a week before today, two weeks before, … `weeks` weeks before, oldest first. */
export function backfillDates(today: string, weeks: number): string[] {
  return Array.from({ length: weeks }, (_, i) => addDays(today, -7 * (weeks - i)));
}

/** The weighting model in force on a date: the latest that starts on or before it (the defaults before the first). */
export function weightingOn(models: readonly { effective_from: string; rules: unknown }[], date: string): WeightingRules {
  let chosen: unknown = undefined;
  for (const m of models) if (String(m.effective_from) <= date) chosen = m.rules;
  return weightingWithDefaults(chosen as Partial<WeightingRules> | undefined);
}

/** Whether a worker counts on a date: in post by then, and not yet disabled. */
export function workerCountsOn(worker: Pick<HistoricWorkerRow, 'in_post_from' | 'disabled_on'>, date: string): boolean {
  return worker.in_post_from <= date && (worker.disabled_on === null || worker.disabled_on > date);
}

/**
 * Every counted worker's figures on `date`, as the daily snapshot would have
 * recorded them: the same weighing, available points and counting as the
 * caseload engine, with the weighting in force that day.
 */
export function snapshotRowsOn(
  date: string,
  workers: readonly HistoricWorkerRow[],
  cases: readonly HistoricCaseRow[],
  reductions: ReadonlyMap<string, Reduction[]>,
  weighting: WeightingRules,
  settings: CaseloadSettings,
): SnapshotRow[] {
  const byWorker = new Map<string, HistoricCaseRow[]>();
  for (const c of cases) {
    const list = byWorker.get(c.worker_id);
    if (list) list.push(c);
    else byWorker.set(c.worker_id, [c]);
  }
  const rows: SnapshotRow[] = [];
  for (const worker of workers) {
    if (!workerCountsOn(worker, date)) continue;
    const own = byWorker.get(worker.id) ?? [];
    const weighed = weighCases(
      own.map((c) => caseForWeighting(c, placementTravelMiles(c, worker.team_base_postcode), date)),
      weighting,
    );
    const points = Math.round(weighed.reduce((sum, c) => sum + c.points, 0) * 100) / 100;
    const available = availablePoints(
      { role: worker.role, fte: worker.fte, asyeStartedOn: worker.asye_started_on, reductions: reductions.get(worker.id) ?? [] },
      settings,
      date,
    );
    const percent = capacityPercent(points, available.available);
    rows.push({
      snapshot_date: date,
      worker_id: worker.id,
      team_id: worker.team_id,
      service_id: worker.service_id,
      fte: worker.fte,
      children: new Set(own.filter((c) => c.role !== 'co_worker').map((c) => c.child_id)).size,
      points,
      available_points: available.available,
      capacity_percent: percent !== null && Number.isFinite(percent) ? percent : null,
      children_ceiling: available.childrenCeiling,
    });
  }
  return rows;
}

/** Monday of the ISO week a date falls in. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/**
 * One point a week: the latest snapshot of each week, so daily snapshots and
 * a weekly back-fill make one even series.
 */
export function onePerWeek<T extends { snapshot_date: string }>(rows: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const week = weekOf(row.snapshot_date);
    const kept = latest.get(week);
    if (!kept || kept.snapshot_date < row.snapshot_date) latest.set(week, row);
  }
  return [...latest.values()].sort((a, b) => a.snapshot_date.localeCompare(b.snapshot_date));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface GroupPoint {
  date: string;
  caseHolders: number;
  fte: number;
  children: number;
  /** DfE: children ÷ FTE of the workers holding at least one child. */
  childrenPerFte: number | null;
  averageCapacity: number | null;
  overAmber: number;
  overRed: number;
}

export function groupPoint(row: {
  snapshot_date: string;
  case_holders: number;
  case_holder_fte: number;
  children: number;
  average_capacity: number | null;
  over_amber: number;
  over_red: number;
}): GroupPoint {
  return {
    date: row.snapshot_date,
    caseHolders: row.case_holders,
    fte: Math.round(row.case_holder_fte * 100) / 100,
    children: row.children,
    childrenPerFte: row.case_holder_fte > 0 ? round1(row.children / row.case_holder_fte) : null,
    averageCapacity: row.average_capacity === null ? null : round1(row.average_capacity),
    overAmber: row.over_amber,
    overRed: row.over_red,
  };
}

/** "went from 14.2 to 15.8 (highest 16.1, lowest 13.9)", for a chart's description. */
export function describeSeries(values: readonly (number | null)[], unit = ''): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return 'has no figures yet';
  const first = known[0]!;
  const last = known[known.length - 1]!;
  return `went from ${first}${unit} to ${last}${unit} (highest ${Math.max(...known)}${unit}, lowest ${Math.min(...known)}${unit})`;
}
