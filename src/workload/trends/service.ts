import type { Db } from '../../db/database.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { mayViewWorker, seesCouncil, seesService, seesTeam } from '../../platform/access/staff.ts';
import { findSettingsRow, findWorkers } from '../caseload/queries.ts';
import { withDefaults, type CaseloadSettings, type Reduction } from '../caseload/rules.ts';
import { landingPath } from '../caseload/pages.ts';
import { CASE_HOLDING_ROLES } from '../caseload/service.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import {
  findAllReductions,
  findAllWeightingModels,
  findCasesOn,
  findGroupTrend,
  findUnit,
  findWorkersForHistory,
  findWorkerTrend,
  upsertSnapshots,
  type TrendScope,
} from './queries.ts';
import { backfillDates, describeSeries, groupPoint, onePerWeek, snapshotRowsOn, weightingOn } from './rules.ts';

export interface BackfillResult {
  dates: string[];
  rows: number;
}

/**
 * Weekly snapshots for the last `weeks` weeks (52 by default), worked out
 * from the allocation history: who held which child on each date, the
 * child's status on that date, and the weighting model in force then. So a
 * new install shows a year of trend at once. Existing rows for those dates are
 * replaced. One query of cases a date for the whole council.
 *
 * What history does not keep is taken as it is today: a worker's team, FTE
 * and role, complexity tiers, and the recommended levels.
 */
export async function backfillSnapshots(db: Db, options: { today: string; weeks?: number }): Promise<BackfillResult> {
  const weeks = options.weeks ?? 52;
  const dates = backfillDates(options.today, weeks);
  const [workers, models, settingsRow] = await Promise.all([
    findWorkersForHistory(db, CASE_HOLDING_ROLES),
    findAllWeightingModels(db),
    findSettingsRow(db),
  ]);
  const settings = withDefaults(settingsRow?.settings as Partial<CaseloadSettings> | undefined);
  const reductions = new Map<string, Reduction[]>();
  for (const r of await findAllReductions(db, workers.map((w) => w.id))) {
    const list = reductions.get(r.user_id) ?? [];
    list.push({
      reason: r.reason,
      percent: r.percent === null ? null : Number(r.percent),
      hoursPerWeek: r.hours_per_week === null ? null : Number(r.hours_per_week),
      startDate: String(r.start_date),
      endDate: String(r.end_date),
    });
    reductions.set(r.user_id, list);
  }
  let rows = 0;
  for (const date of dates) {
    const cases = await findCasesOn(db, date);
    const snapshot = snapshotRowsOn(date, workers, cases, reductions, weightingOn(models, date), settings);
    await upsertSnapshots(db, snapshot);
    rows += snapshot.length;
  }
  return { dates, rows };
}

// ---- Pages ----

/** How far back the charts look. */
const TREND_DAYS = 371;

function levelsOf(settings: CaseloadSettings) {
  return { amber: settings.amberPercent, red: settings.redPercent };
}

async function currentSettings(db: Db) {
  return withDefaults((await findSettingsRow(db))?.settings as Partial<CaseloadSettings> | undefined);
}

/** Where /trends takes the viewer, as /caseload does: the council, their service, their team, or their own. */
export function trendsLanding(viewer: Viewer): string | 'council' {
  return landingPath(viewer, '/trends');
}

/** The council's services, or a service's teams, each with a link to its own trend: the way down to a team. */
async function trendParts(db: Db, scope: TrendScope): Promise<{ heading: string; links: { name: string; href: string }[] } | null> {
  if (scope.kind === 'council') {
    const services = new Map((await listTeamsWithServices(db)).map((t) => [t.service_id, t.service_name]));
    return { heading: 'Trends by service', links: [...services].map(([id, name]) => ({ name, href: `/trends/services/${id}` })) };
  }
  if (scope.kind === 'service') {
    const teams = await listTeamsWithServices(db, scope.id);
    return { heading: 'Trends by team', links: teams.map((t) => ({ name: t.name, href: `/trends/teams/${t.id}` })) };
  }
  return null;
}

/** The trend of a council, service or team: children per FTE, average capacity, workers over the levels. */
export async function groupTrendPage(db: Db, viewer: Viewer, scope: TrendScope, today: string) {
  let heading = 'Caseload trends across the council';
  let caption: string | null = null;
  let caseloadHref = '/caseload';
  if (scope.kind !== 'council') {
    if (!isUuid(scope.id)) throw new NotFound();
    const unit = await findUnit(db, scope);
    if (!unit) throw new NotFound();
    const visible = scope.kind === 'team' ? seesTeam(viewer, { id: unit.id, serviceId: unit.service_id }) : seesService(viewer, unit.id);
    if (!visible) throw new NotFound();
    heading = `Caseload trends: ${unit.name}`;
    caption = scope.kind === 'team' ? unit.service_name : 'Service';
    caseloadHref = scope.kind === 'team' ? `/caseload/teams/${unit.id}` : `/caseload/services/${unit.id}`;
  } else if (!seesCouncil(viewer)) {
    throw new NotFound();
  }
  const settings = await currentSettings(db);
  const parts = await trendParts(db, scope);
  const points = onePerWeek(await findGroupTrend(db, scope, addDays(today, -TREND_DAYS), levelsOf(settings))).map(groupPoint);
  const dates = points.map((p) => p.date);
  const where = scope.kind === 'council' ? 'the council' : heading.replace('Caseload trends: ', '');
  const perFte = points.map((p) => p.childrenPerFte);
  const capacity = points.map((p) => p.averageCapacity);
  const amber = points.map((p) => p.overAmber);
  const red = points.map((p) => p.overRed);
  return {
    title: heading,
    heading,
    caption,
    caseloadHref,
    parts,
    settings,
    points,
    charts: {
      perFte: lineChart({
        id: 'chart-per-fte',
        title: `Children per case-holding FTE in ${where}, week by week`,
        description: `Children per FTE ${describeSeries(perFte)}.`,
        dates,
        series: [{ name: 'Per FTE', colour: COLOURS.blue, values: perFte }],
      }),
      capacity: lineChart({
        id: 'chart-capacity',
        title: `Average weighted capacity in ${where}, week by week`,
        description: `Average capacity ${describeSeries(capacity, '%')}. The amber level is ${settings.amberPercent}% and the red level ${settings.redPercent}%.`,
        dates,
        unit: '%',
        series: [{ name: 'Average', colour: COLOURS.blue, values: capacity }],
        references: [
          { value: settings.amberPercent, label: `Amber ${settings.amberPercent}%`, colour: COLOURS.orange },
          { value: settings.redPercent, label: `Red ${settings.redPercent}%`, colour: COLOURS.red },
        ],
      }),
      overLevels: lineChart({
        id: 'chart-over-levels',
        title: `Workers over the amber and red levels in ${where}, week by week`,
        description: `Workers over amber ${describeSeries(amber)}; over red ${describeSeries(red)}.`,
        dates,
        integer: true,
        series: [
          { name: 'Over amber', colour: COLOURS.orange, values: amber },
          { name: 'Over red', colour: COLOURS.red, dashed: true, values: red },
        ],
      }),
    },
  };
}

/** One worker's trend: children against their recommended ceiling, and capacity against the levels. */
export async function workerTrendPage(db: Db, viewer: Viewer, userId: string, today: string) {
  if (!isUuid(userId)) throw new NotFound();
  const [worker] = await findWorkers(db, { workerIds: [userId], roles: CASE_HOLDING_ROLES });
  if (!worker || !mayViewWorker(viewer, { id: worker.id, teamId: worker.team_id, serviceId: worker.service_id, lineManagerId: worker.line_manager_id })) {
    throw new NotFound();
  }
  const settings = await currentSettings(db);
  const points = onePerWeek(await findWorkerTrend(db, worker.id, addDays(today, -TREND_DAYS)));
  const dates = points.map((p) => p.snapshot_date);
  const children = points.map((p) => p.children);
  const ceiling = points.map((p) => p.children_ceiling);
  const capacity = points.map((p) => p.capacity_percent);
  const own = viewer.id === worker.id;
  return {
    title: own ? 'Your caseload trend' : `Caseload trend: ${worker.name}`,
    heading: own ? 'Your caseload trend' : `Caseload trend: ${worker.name}`,
    caption: worker.team_name,
    caseloadHref: `/caseload/workers/${worker.id}`,
    worker,
    settings,
    points: points.map((p) => ({ ...p, date: p.snapshot_date })),
    charts: {
      children: lineChart({
        id: 'chart-children',
        title: `Children allocated to ${own ? 'you' : worker.name}, week by week`,
        description: `Children ${describeSeries(children)}; the recommended ceiling ${describeSeries(ceiling)}.`,
        dates,
        integer: true,
        series: [
          { name: 'Children', colour: COLOURS.blue, values: children },
          { name: 'Ceiling', colour: COLOURS.grey, dashed: true, values: ceiling },
        ],
      }),
      capacity: lineChart({
        id: 'chart-capacity',
        title: `${own ? 'Your' : `${worker.name}’s`} weighted capacity, week by week`,
        description: `Capacity ${describeSeries(capacity, '%')}. The amber level is ${settings.amberPercent}% and the red level ${settings.redPercent}%.`,
        dates,
        unit: '%',
        series: [{ name: 'Capacity', colour: COLOURS.blue, values: capacity }],
        references: [
          { value: settings.amberPercent, label: `Amber ${settings.amberPercent}%`, colour: COLOURS.orange },
          { value: settings.redPercent, label: `Red ${settings.redPercent}%`, colour: COLOURS.red },
        ],
      }),
    },
  };
}
