import type { Db } from '../../db/database.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { findReductions, findWorkers, type WorkerRow } from '../caseload/queries.ts';
import type { CaseloadSettings } from '../caseload/rules.ts';
import { CASE_HOLDING_ROLES, computeCaseloads, loadCaseloadContext, type CaseloadContext, type ReductionInput, type WorkerCaseload } from '../caseload/service.ts';
import { findTeamAllocationRates } from './queries.ts';
import { allocationRate, forecastWorker, TREND_WEEKS, type AllocationTrend, type WorkerForecast } from './rules.ts';

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
   * What the caller has already read: the settings and weighting model (a team's page has them from the figures),
   * and also today's caseloads of these workers with the reductions they were worked out with (a worker's page has them).
   */
  known?: { context: CaseloadContext; caseloads?: undefined } | { context: CaseloadContext; caseloads: readonly WorkerCaseload[]; reductions: readonly ReductionInput[] },
): Promise<Forecasts> {
  const context = known?.context ?? (await loadCaseloadContext(db, today));
  const ids = workers.map((w) => w.id);
  const teamIds = [...new Set(workers.map((w) => w.team_id).filter((t): t is string => t !== null))];
  const weighed = known?.caseloads ? known : undefined;
  const reductions: Promise<readonly ReductionInput[]> = weighed ? Promise.resolve(weighed.reductions.filter((r) => r.end_date >= today)) : findReductions(db, ids, today);
  const settings = context.settings;
  const takingRoles = CASE_HOLDING_ROLES.filter((role) => (settings.roles[role]?.fullTimePoints ?? 0) > 0);
  const [caseloads, rates] = await Promise.all([
    weighed ? weighed.caseloads : computeCaseloads(db, [...workers], context, reductions),
    findTeamAllocationRates(db, teamIds, addDays(today, -7 * TREND_WEEKS), addDays(today, -1), takingRoles),
  ]);
  const reductionRows = await reductions;
  // A new case is weighed as a child in need of typical complexity: what a new referral is while it is assessed.
  const pointsPerCase = context.weighting.points.child_in_need;
  const trends = new Map<string, AllocationTrend>();
  for (const rate of rates) trends.set(rate.team_id, { perWorkerPerWeek: allocationRate(rate.newAllocations, rate.takers), pointsPerCase });
  const byWorker = new Map<string, WorkerForecast>();
  for (const caseload of caseloads) {
    const w = caseload.worker;
    byWorker.set(
      w.id,
      forecastWorker(
        {
          role: w.role,
          fte: w.fte,
          asyeStartedOn: w.asye_started_on,
          reductions: reductionRows
            .filter((r) => r.user_id === w.id)
            .map((r) => ({ reason: r.reason, percent: r.percent, hoursPerWeek: r.hours_per_week, startDate: r.start_date, endDate: r.end_date })),
          cases: caseload.cases.map((c) => ({
            weighing: {
              childId: c.child_id,
              role: c.role,
              status: c.status,
              complexityTier: (c.complexity_tier ?? 1) as 1 | 2 | 3,
              familyId: c.family_id,
              placementPostcode: c.placement_postcode,
              placementOutOfArea: c.placement_out_of_area,
              travelMiles: c.travelMiles,
            },
            dateOfBirth: c.date_of_birth,
            supportUntil: c.support_until,
            courtProceedingsSince: c.court_proceedings_since,
          })),
        },
        settings,
        context.weighting,
        (w.team_id ? trends.get(w.team_id) : undefined) ?? { perWorkerPerWeek: 0, pointsPerCase },
        today,
      ),
    );
  }
  return { settings, byWorker, trends };
}

/**
 * Part of the daily check: tells each worker's line manager when the worker
 * is forecast to go over the red level within four weeks. The event is the
 * worker and the week of the crossing, so the manager is told once, however
 * many days the same crossing stays in view.
 */
export async function notifyForecastRed(db: Db, options: { today: string; now: Date }): Promise<number> {
  const workers = await findWorkers(db, { roles: CASE_HOLDING_ROLES });
  let flagged = 0;
  for (let i = 0; i < workers.length; i += 200) {
    const batch = workers.slice(i, i + 200);
    const { byWorker } = await forecastsFor(db, batch, options.today);
    for (const worker of batch) {
      const crossing = byWorker.get(worker.id)?.redCrossing;
      if (!crossing) continue;
      flagged += 1;
      await notify(db, { kind: 'forecast-red', eventKey: `${worker.id}:${crossing.date}`, userIds: [worker.line_manager_id], link: `/caseload/workers/${worker.id}#forecast`, now: options.now });
    }
  }
  return flagged;
}
