import type { Db } from '../../db/database.ts';
import { groupBy } from '../../platform/collections/group-by.ts';
import type { ChildStatus } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { mayViewStaff } from '../../platform/access/staff.ts';
import { supervisionDueOf, supervisionOverdueOf, type SuperviseeDue } from '../../workforce/index.ts';
import { describeVariance, planOverdue } from '../variances/rules.ts';
import { isFirstCall, overdueWorkload, type OverdueCounts } from '../work-due/service.ts';
import { caseloadLanding, managesWorker, mayViewWorker, seesCouncil, seesService, seesTeam, type WorkerPlace } from '../../platform/access/staff.ts';
import { BAND_TAGS, bandLabels, capacityBand, formatPercent, levelFigures, type LevelFigures } from './figures.ts';
import {
  findOpenVarianceFlags,
  findServicesAndTeams,
  findWorkerWithReductions,
  findWorkerVariances,
  type WorkerRow,
} from './queries.ts';
import { findTeamWithService } from '../../db/teams.ts';
import { findService } from '../teams/queries.ts';
import { REDUCTION_REASON_LABELS, reductionAmount } from './reductions.ts';
import type { CaseloadSettings } from './rules.ts';
import { CASE_HOLDING_ROLES, computeCaseloads, figuresFor, loadCaseloadContext, type WorkerFigures } from './service.ts';
import { teamForecastView, workerForecastView } from '../forecast/page.ts';
import { forecastsFor, forecastsFromFigures } from '../forecast/service.ts';

/**
 * What the caseload pages show: the drill-down from council to service to
 * team, and one worker's page. Access is decided here (see access.ts); a
 * level or worker the viewer may not see answers 404.
 */

export const STATUS_LABELS: Record<ChildStatus, string> = {
  looked_after: 'Looked after',
  child_protection: 'Child protection plan',
  care_leaver: 'Care leaver',
  child_in_need: 'Child in need',
  awaiting_decision: 'Contact: awaiting decision',
  closed: 'Closed',
};

export const CASE_ROLE_LABELS = { lead: 'Lead social worker', co_worker: 'Co-worker', personal_adviser: 'Personal adviser' } as const;

export function placeOf(worker: WorkerRow): WorkerPlace {
  return { id: worker.id, teamId: worker.team_id, serviceId: worker.service_id, lineManagerId: worker.line_manager_id };
}

/** Where /caseload (or another set of pages drilled down the same way, under `base`) takes the viewer: a path to redirect to, or the council page. */
export function landingPath(viewer: Viewer, base = '/caseload'): string | 'council' {
  const landing = caseloadLanding(viewer);
  if (landing === null) throw new NotFound();
  if (landing === 'council') return 'council';
  if ('service' in landing) return `${base}/services/${landing.service}`;
  if ('team' in landing) return `${base}/teams/${landing.team}`;
  return `${base}/workers/${landing.worker}`;
}

type Thresholds = Pick<CaseloadSettings, 'floorPercent' | 'amberPercent' | 'redPercent'>;

interface VarianceFlags {
  open: number;
  overdue: number;
}

async function varianceFlagsByWorker(db: Db, today: string, workerIds?: string[]): Promise<Map<string, VarianceFlags>> {
  const rows = await findOpenVarianceFlags(db, workerIds);
  const flags = new Map<string, VarianceFlags>();
  for (const row of rows) {
    const f = flags.get(row.worker_id) ?? { open: 0, overdue: 0 };
    f.open += 1;
    if (planOverdue({ closed_on: null, plan_recorded_at: row.plan_recorded_at, plan_due_on: row.plan_due_on }, today)) f.overdue += 1;
    flags.set(row.worker_id, f);
  }
  return flags;
}

/**
 * What a page shows beside the caseload figures, worked out once for the
 * page: open variances, overdue work (the work-due feature's engine, per lead
 * worker and team) and each worker's next supervision (the supervision
 * feature's rules).
 */
interface PageFlags {
  variances: Map<string, VarianceFlags>;
  overdue: Awaited<ReturnType<typeof overdueWorkload>>;
  /** Workers whose supervision is overdue. */
  supervisionOverdue: ReadonlySet<string>;
  /** Each worker's next supervision, where the page shows it (a service's or a team's). */
  supervision: ReadonlyMap<string, SuperviseeDue>;
}

const NOTHING_OVERDUE: OverdueCounts = { visits: 0, other: 0 };

/** For a service or a team: everything after the caseloads, for their workers. */
async function flagsFor(db: Db, today: string, caseloads: readonly WorkerFigures[], overdueWork: ReturnType<typeof overdueWorkload>, supervisionVersion: number | null | undefined): Promise<PageFlags> {
  const ids = caseloads.map((c) => c.worker.id);
  const [variances, overdue, supervision] = await Promise.all([varianceFlagsByWorker(db, today, ids), overdueWork, supervisionDueOf(db, ids, today, supervisionVersion)]);
  return { variances, overdue, supervision, supervisionOverdue: new Set([...supervision].filter(([, s]) => s.due.status === 'overdue').map(([id]) => id)) };
}

function workerFlags(c: WorkerFigures, flags: PageFlags, settings: Thresholds) {
  const overdue = flags.overdue.byWorker.get(c.worker.id) ?? NOTHING_OVERDUE;
  const supervision = flags.supervision.get(c.worker.id) ?? null;
  return {
    overdue,
    firstCall: isFirstCall(overdue.visits, c.capacityPercent, settings.amberPercent),
    supervision,
    supervisionOverdue: flags.supervisionOverdue.has(c.worker.id),
  };
}

function sumOverdue(counts: readonly (OverdueCounts | undefined)[]): OverdueCounts {
  return counts.reduce<OverdueCounts>((sum, c) => ({ visits: sum.visits + (c?.visits ?? 0), other: sum.other + (c?.other ?? 0) }), { visits: 0, other: 0 });
}

/** The level's figures; `overdue` is every overdue item of the cases led there (unallocated ones too), null where cases are not led (no team). */
function figuresOf(caseloads: readonly WorkerFigures[], flags: PageFlags, settings: Thresholds, overdue: OverdueCounts | null): LevelFigures & { overdue: OverdueCounts | null } {
  const figures = levelFigures(
    caseloads.map((c) => {
      const { firstCall, supervisionOverdue } = workerFlags(c, flags, settings);
      return {
        fte: c.worker.fte,
        children: c.children,
        capacityPercent: c.capacityPercent,
        openVariances: flags.variances.get(c.worker.id)?.open ?? 0,
        overduePlans: flags.variances.get(c.worker.id)?.overdue ?? 0,
        firstCall,
        supervisionOverdue,
      };
    }),
    settings,
  );
  return { ...figures, overdue };
}

function levelView(figures: ReturnType<typeof figuresOf>, settings: Thresholds) {
  const labels = bandLabels(settings);
  return {
    ...figures,
    distribution: figures.distribution.map((d) => ({ ...d, label: labels[d.band], tag: BAND_TAGS[d.band] })),
  };
}

function thresholds(settings: CaseloadSettings) {
  return { floorPercent: settings.floorPercent, amberPercent: settings.amberPercent, redPercent: settings.redPercent };
}

/** One row of a breakdown table: a service of the council, or a team of a service. */
function unitRow(name: string, href: string | null, caseloads: readonly WorkerFigures[], flags: PageFlags, settings: Thresholds, overdue: OverdueCounts | null) {
  return { name, href, figures: figuresOf(caseloads, flags, settings, overdue) };
}

export async function councilPage(db: Db, viewer: Viewer, today: string, now: Date) {
  if (!seesCouncil(viewer)) throw new NotFound();
  // One computation for every worker and every open case in the council, then sums in memory.
  const [{ settings: caseloadSettings, figures: caseloads }, { services, teams }, variances, overdue, supervisionOverdue] = await Promise.all([
    figuresFor(db, {}, today),
    findServicesAndTeams(db),
    varianceFlagsByWorker(db, today),
    overdueWorkload(db, viewer, now, {}, today),
    // Only the count is shown here: whose supervision is overdue, without each worker's details.
    supervisionOverdueOf(db, today),
  ]);
  const flags: PageFlags = { variances, overdue, supervisionOverdue, supervision: new Map() };
  const settings = thresholds(caseloadSettings);
  // Grouped once: a large council has hundreds of teams and thousands of workers.
  const byService = groupBy(caseloads, (c) => c.worker.service_id);
  const byTeam = groupBy(caseloads, (c) => c.worker.team_id);
  const rows = services.map((s) =>
    unitRow(
      s.name,
      `/caseload/services/${s.id}`,
      byService.get(s.id) ?? [],
      flags,
      settings,
      sumOverdue(teams.filter((t) => t.service_id === s.id).map((t) => overdue.byTeam.get(t.id))),
    ),
  );
  const unplaced = byTeam.get(null) ?? [];
  if (unplaced.length) rows.push(unitRow('Not in a team', null, unplaced, flags, settings, null));
  // A head of service sees at once which teams have workers over the amber level, without opening each service.
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const teamsOverAmber = teams
    .map((t) => ({ ...unitRow(t.name, `/caseload/teams/${t.id}`, byTeam.get(t.id) ?? [], flags, settings, overdue.byTeam.get(t.id) ?? null), serviceName: serviceName.get(t.service_id) ?? '' }))
    .filter((t) => t.figures.overAmber > 0)
    .sort((a, b) => b.figures.overRed - a.figures.overRed || b.figures.overAmber - a.figures.overAmber || a.name.localeCompare(b.name));
  return {
    level: 'council' as const,
    teamsOverAmber,
    title: 'Caseloads across the council',
    heading: 'Caseloads across the council',
    figures: levelView(figuresOf(caseloads, flags, settings, overdue.total), settings),
    breakdownTitle: 'Services',
    breakdownUnit: 'Service',
    breakdown: rows,
    settings,
    breadcrumbs: [],
    varianceHref: '/variances?state=open',
    workHref: '/work/council',
    measuresHref: '/variances/measures',
    trendsHref: '/trends',
    continuityHref: '/continuity',
  };
}

export async function servicePage(db: Db, viewer: Viewer, serviceId: string, today: string, now: Date) {
  if (!isUuid(serviceId) || !seesService(viewer, serviceId)) throw new NotFound();
  const service = await findService(db, serviceId);
  if (!service) throw new NotFound();
  // Overdue work needs only the scope: it runs beside the figures rather than after them.
  const overdueWork = overdueWorkload(db, viewer, now, { serviceId }, today);
  const [{ settings: caseloadSettings, figures: caseloads, supervisionVersion }, { teams }] = await Promise.all([figuresFor(db, { serviceId }, today), findServicesAndTeams(db, serviceId), overdueWork]);
  const flags = await flagsFor(db, today, caseloads, overdueWork, supervisionVersion);
  const settings = thresholds(caseloadSettings);
  const byTeam = groupBy(caseloads, (c) => c.worker.team_id);
  return {
    level: 'service' as const,
    title: `Caseloads: ${service.name}`,
    heading: service.name,
    caption: 'Caseloads in the service',
    figures: levelView(figuresOf(caseloads, flags, settings, flags.overdue.total), settings),
    breakdownTitle: 'Teams',
    breakdownUnit: 'Team',
    breakdown: teams.map((t) =>
      unitRow(t.name, `/caseload/teams/${t.id}`, byTeam.get(t.id) ?? [], flags, settings, flags.overdue.byTeam.get(t.id) ?? NOTHING_OVERDUE),
    ),
    settings,
    breadcrumbs: seesCouncil(viewer) ? [{ text: 'Council', href: '/caseload' }] : [],
    varianceHref: `/variances?state=open&service=${serviceId}`,
    workHref: `/work/services/${serviceId}`,
    measuresHref: `/variances/measures?service=${serviceId}`,
    trendsHref: `/trends/services/${serviceId}`,
    continuityHref: `/continuity?service=${serviceId}`,
  };
}

export async function teamPage(db: Db, viewer: Viewer, teamId: string, today: string, now: Date) {
  if (!isUuid(teamId)) throw new NotFound();
  const team = await findTeamWithService(db, teamId);
  if (!team || !seesTeam(viewer, { id: team.id, serviceId: team.service_id })) throw new NotFound();
  // Overdue work needs only the scope: it runs beside the figures rather than after them.
  const overdueWork = overdueWorkload(db, viewer, now, { teamId }, today);
  const [{ settings: caseloadSettings, context, figures: caseloads, supervisionVersion }] = await Promise.all([figuresFor(db, { teamId }, today, { withForecast: true }), overdueWork]);
  // Each worker's forecast is stored with their figures: only the team's allocation history is read, beside the page's flags.
  const [flags, forecasts] = await Promise.all([flagsFor(db, today, caseloads, overdueWork, supervisionVersion), forecastsFromFigures(db, caseloads, context)]);
  const settings = thresholds(caseloadSettings);
  const forecast = teamForecastView(
    caseloads.map((c) => ({ id: c.worker.id, name: c.worker.name, forecast: forecasts.byWorker.get(c.worker.id)! })),
    settings,
    team.name,
    forecasts.trends.get(teamId)?.perWorkerPerWeek ?? 0,
  );
  const breadcrumbs = [
    ...(seesCouncil(viewer) ? [{ text: 'Council', href: '/caseload' }] : []),
    ...(seesService(viewer, team.service_id) ? [{ text: team.service_name, href: `/caseload/services/${team.service_id}` }] : []),
  ];
  return {
    level: 'team' as const,
    title: `Caseloads: ${team.name}`,
    heading: team.name,
    caption: `Caseloads in the team – ${team.service_name}`,
    figures: levelView(figuresOf(caseloads, flags, settings, flags.overdue.total), settings),
    workHref: `/work/teams/${teamId}`,
    // Supervision dates are staff records: the team's managers see them, analysts only the count.
    showsSupervision: caseloads.some((c) => mayViewStaff(viewer, { ...placeOf(c.worker), chain: [] })),
    workers: caseloads.map((c) => {
      const band = capacityBand(c.capacityPercent, settings);
      const { overdue, firstCall, supervision } = workerFlags(c, flags, settings);
      const seesSupervision = mayViewStaff(viewer, { ...placeOf(c.worker), chain: [] });
      return {
        id: c.worker.id,
        name: c.worker.name,
        roleLabel: ROLE_LABELS[c.worker.role],
        fte: c.worker.fte,
        children: c.children,
        childrenCeiling: c.available.childrenCeiling,
        points: c.points,
        available: c.available.available,
        capacity: formatPercent(c.capacityPercent),
        tag: band ? BAND_TAGS[band] : null,
        asye: c.available.asyePercent !== null,
        openVariances: flags.variances.get(c.worker.id)?.open ?? 0,
        overduePlans: flags.variances.get(c.worker.id)?.overdue ?? 0,
        overdueVisits: overdue.visits,
        overdueOther: overdue.other,
        workHref: `/work/teams/${teamId}?worker=${c.worker.id}&status=overdue`,
        firstCall,
        supervision: seesSupervision && supervision
          ? { lastHeldOn: supervision.last_held_on, dueOn: supervision.due.dueOn, daysOverdue: supervision.due.daysOverdue, tag: supervision.tag }
          : null,
        seesSupervision,
      };
    }),
    settings,
    breadcrumbs,
    varianceHref: `/variances?state=open&team=${teamId}`,
    measuresHref: `/variances/measures?team=${teamId}`,
    trendsHref: `/trends/teams/${teamId}`,
    continuityHref: `/continuity?team=${teamId}`,
    forecast: caseloads.length ? forecast : null,
  };
}

/** One worker's page: both measures, each case and why, reductions and variances. */
export async function workerPage(db: Db, viewer: Viewer, userId: string, today: string, now: Date, audit: AuditContext) {
  const { worker, caseload, context, reductions } = await viewableWorker(db, viewer, userId, today, now).catch(async (error: unknown) => {
    if (error instanceof NotFound) {
      await recordAudit(db, audit, { action: 'caseload.view.worker', outcome: 'denied', subjectType: 'user', subjectId: userId.slice(0, 100), reason: 'not a case-holding worker the viewer may see' });
    }
    throw error;
  });
  const [variances, work, forecasts] = await Promise.all([
    findWorkerVariances(db, worker.id),
    overdueWorkload(db, viewer, now, { workerId: worker.id }, today),
    // The page has weighed the worker's cases already: the forecast starts from them.
    forecastsFor(db, [worker], today, { caseloads: [caseload], context }),
  ]);
  const named = caseload.cases.filter((c) => c.named).length;
  await recordAudit(db, audit, { action: 'caseload.view.worker', outcome: 'allowed', subjectType: 'user', subjectId: worker.id, reason: `${named} of ${caseload.cases.length} cases shown by name` });
  const settings = context.settings;
  const overdue = work.byWorker.get(worker.id) ?? NOTHING_OVERDUE;
  const isSelf = viewer.id === worker.id;
  const seesWorkersTeam = worker.team_id !== null && worker.service_id !== null && seesTeam(viewer, { id: worker.team_id, serviceId: worker.service_id });
  const band = capacityBand(caseload.capacityPercent, settings);
  const mayManage = managesWorker(viewer, placeOf(worker));
  const varianceRows = variances.map((v) => ({
    ...v,
    description: describeVariance(v.kind, v.level ?? v.peak_level),
    overdue: planOverdue(v, today),
  }));
  return {
    worker: { id: worker.id, name: worker.name, roleLabel: ROLE_LABELS[worker.role], fte: worker.fte, teamName: worker.team_name, teamId: worker.team_id },
    isSelf,
    trendsHref: `/trends/workers/${worker.id}`,
    overdueWork: {
      visits: overdue.visits,
      other: overdue.other,
      firstCall: isFirstCall(overdue.visits, caseload.capacityPercent, settings.amberPercent),
      href: isSelf ? '/work' : seesWorkersTeam ? `/work/teams/${worker.team_id}?worker=${worker.id}&status=overdue` : null,
    },
    children: caseload.children,
    childrenCeiling: caseload.available.childrenCeiling,
    overCeiling: caseload.children > caseload.available.childrenCeiling,
    points: caseload.points,
    available: caseload.available.available,
    capacity: formatPercent(caseload.capacityPercent),
    tag: band ? BAND_TAGS[band] : null,
    explanation: caseload.available.explanation,
    asyePercent: caseload.available.asyePercent,
    conditions: caseload.conditions.map((c) => c.description),
    settings: thresholds(settings),
    forecast: workerForecastView(forecasts.byWorker.get(worker.id)!, settings, worker.name),
    cases: caseload.cases.map((c) => {
      const shown = c.named === true;
      return {
        childId: shown ? c.child_id : null,
        name: shown ? `${c.forename} ${c.surname}` : null,
        laChildId: shown ? c.la_child_id : null,
        roleLabel: CASE_ROLE_LABELS[c.role],
        countsAsChild: c.role !== 'co_worker',
        statusLabel: STATUS_LABELS[c.status],
        points: c.points,
        reasons: c.reasons,
        asyeFlag: c.asyeFlag,
      };
    }),
    asyeFlags: caseload.cases.filter((c) => c.asyeFlag).length,
    openVariances: varianceRows.filter((v) => v.closed_on === null),
    pastVariances: varianceRows.filter((v) => v.closed_on !== null),
    mayManage,
    reductions: reductions.map((r) => ({
      ...r,
      reasonLabel: REDUCTION_REASON_LABELS[r.reason],
      amount: reductionAmount(r.percent, r.hours_per_week),
      state: r.start_date > today ? 'future' : r.end_date < today ? 'ended' : 'in_force',
      canEnd: mayManage && r.end_date >= today,
    })),
  };
}

/** A case-holding worker the viewer may see, with today's figures, each case saying whether its child may be named to the viewer; 404 otherwise. */
export async function viewableWorker(db: Db, viewer: Viewer, userId: string, today: string, now: Date) {
  if (!isUuid(userId)) throw new NotFound();
  const found = await findWorkerWithReductions(db, userId, CASE_HOLDING_ROLES);
  if (!found || !mayViewWorker(viewer, placeOf(found.worker))) throw new NotFound();
  const { worker, reductions } = found;
  // The settings and weighting model are the same for everyone: held in memory while the version read with the worker stands.
  const context = await loadCaseloadContext(db, today, found.settingsVersion);
  // The page lists every reduction of the worker; the figures use those still in force or to come: one read serves both.
  const [caseload] = await computeCaseloads(db, [worker], context, reductions.map((r) => ({ ...r, user_id: worker.id })), { viewer, now });
  return { worker, caseload: caseload!, context, reductions };
}
