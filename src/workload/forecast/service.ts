import type { Db } from '../../db/database.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import type { WorkerRow } from '../caseload/queries.ts';
import type { CaseloadSettings } from '../caseload/rules.ts';
import { CASE_HOLDING_ROLES, computeCaseloads, figuresFor, forecastInput, loadCaseloadContext, type CaseloadContext, type WorkerCaseload, type WorkerFigures } from '../caseload/service.ts';
import { findTeamAllocationRates } from './queries.ts';
import { allocationRate, forecastWorker, TREND_WEEKS, withTrend, type AllocationTrend, type WorkerForecast } from './rules.ts';

export interface Forecasts {
  settings: CaseloadSettings;
  byWorker: Map<string, WorkerForecast>;
  /** Each team's rate of new allocations. */
  trends: Map<string, AllocationTrend>;
}

/**
 * The forecast of every worker given, in a fixed number of queries however
 * many workers and weeks: the settings and weighting, the workers' open cases
 * (with their children's dates) and reductions, and their teams' allocation history.
 */
export async function forecastsFor(
  db: Db,
  workers: readonly WorkerRow[],
  today: string,
  /**
   * What the caller has already read: the settings and weighting model,
   * and also today's caseloads of these workers (a worker's page has them).
   */
  known?: { context: CaseloadContext; caseloads?: readonly WorkerCaseload[] },
): Promise<Forecasts> {
  const context = known?.context ?? (await loadCaseloadContext(db, today));
  const [caseloads, trends] = await Promise.all([
    known?.caseloads ?? computeCaseloads(db, [...workers], context),
    teamTrends(db, workers, context),
  ]);
  const byWorker = new Map<string, WorkerForecast>();
  for (const caseload of caseloads) {
    const w = caseload.worker;
    byWorker.set(w.id, forecastWorker(forecastInput(caseload), context.settings, context.weighting, trendOf(trends, w, context), today));
  }
  return { settings: context.settings, byWorker, trends };
}

/**
 * The forecasts of workers whose figures were read with their stored
 * forecast (`figuresFor` with `withForecast`): only the teams' allocation
 * history is read, and their current rate added.
 */
export async function forecastsFromFigures(db: Db, figures: readonly WorkerFigures[], context: CaseloadContext): Promise<Forecasts> {
  const trends = await teamTrends(db, figures.map((f) => f.worker), context);
  const byWorker = new Map<string, WorkerForecast>();
  for (const { worker, knownForecast } of figures) {
    if (!knownForecast) throw new Error('the figures were read without their forecast');
    byWorker.set(worker.id, withTrend(knownForecast, context.settings, trendOf(trends, worker, context)));
  }
  return { settings: context.settings, byWorker, trends };
}

/** Each team's rate of new allocations over the last TREND_WEEKS weeks, to yesterday. */
async function teamTrends(db: Db, workers: readonly WorkerRow[], context: CaseloadContext): Promise<Map<string, AllocationTrend>> {
  const teamIds = [...new Set(workers.map((w) => w.team_id).filter((t): t is string => t !== null))];
  const takingRoles = CASE_HOLDING_ROLES.filter((role) => (context.settings.roles[role]?.fullTimePoints ?? 0) > 0);
  const rates = await findTeamAllocationRates(db, teamIds, addDays(context.today, -7 * TREND_WEEKS), addDays(context.today, -1), takingRoles);
  const trends = new Map<string, AllocationTrend>();
  for (const rate of rates) trends.set(rate.team_id, { perWorkerPerWeek: allocationRate(rate.newAllocations, rate.takers), pointsPerCase: pointsPerNewCase(context) });
  return trends;
}

/** A new case is weighed as a child in need of typical complexity: what a new referral is while it is assessed. */
function pointsPerNewCase(context: CaseloadContext): number {
  return context.weighting.points.child_in_need;
}

function trendOf(trends: Map<string, AllocationTrend>, worker: WorkerRow, context: CaseloadContext): AllocationTrend {
  return (worker.team_id ? trends.get(worker.team_id) : undefined) ?? { perWorkerPerWeek: 0, pointsPerCase: pointsPerNewCase(context) };
}

/**
 * Part of the daily check: tells each worker's line manager when the worker
 * is forecast to go over the red level within four weeks. The event is the
 * worker and the week of the crossing, so the manager is told once, however
 * many days the same crossing stays in view.
 */
export async function notifyForecastRed(db: Db, options: { today: string; now: Date }): Promise<number> {
  // The daily check has just stored everyone's figures, and their forecasts with them.
  const { context, figures } = await figuresFor(db, {}, options.today, { withForecast: true });
  const { byWorker } = await forecastsFromFigures(db, figures, context);
  let flagged = 0;
  for (const { worker } of figures) {
    const crossing = byWorker.get(worker.id)?.redCrossing;
    if (!crossing) continue;
    flagged += 1;
    await notify(db, { kind: 'forecast-red', eventKey: `${worker.id}:${crossing.date}`, userIds: [worker.line_manager_id], link: `/caseload/workers/${worker.id}#forecast`, now: options.now });
  }
  return flagged;
}
