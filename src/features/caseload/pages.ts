import type { Db } from '../../db/database.ts';
import type { ChildStatus } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { describeVariance, planOverdue } from '../variances/rules.ts';
import { caseloadLanding, managesWorker, mayViewWorker, seesCouncil, seesService, seesTeam, type WorkerPlace } from './access.ts';
import { BAND_TAGS, bandLabels, capacityBand, formatPercent, levelFigures, type LevelFigures } from './figures.ts';
import {
  findOpenVarianceFlags,
  findServiceRow,
  findServicesAndTeams,
  findTeamWithService,
  findVisibleChildIds,
  findWorkerReductions,
  findWorkers,
  findWorkerVariances,
  type WorkerRow,
} from './queries.ts';
import { REDUCTION_REASON_LABELS, reductionAmount } from './reductions.ts';
import type { CaseloadSettings } from './rules.ts';
import { CASE_HOLDING_ROLES, caseloadsFor, computeCaseloads, loadCaseloadContext, type WorkerCaseload } from './service.ts';

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
  closed: 'Closed',
};

export const CASE_ROLE_LABELS = { lead: 'Lead social worker', co_worker: 'Co-worker', personal_adviser: 'Personal adviser' } as const;

export function placeOf(worker: WorkerRow): WorkerPlace {
  return { id: worker.id, teamId: worker.team_id, serviceId: worker.service_id, lineManagerId: worker.line_manager_id };
}

/** Where /caseload takes the viewer: a path to redirect to, or the council page. */
export function landingPath(viewer: Viewer): string | 'council' {
  const landing = caseloadLanding(viewer);
  if (landing === null) throw new NotFound();
  if (landing === 'council') return 'council';
  if ('service' in landing) return `/caseload/services/${landing.service}`;
  if ('team' in landing) return `/caseload/teams/${landing.team}`;
  return `/caseload/workers/${landing.worker}`;
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

function figuresOf(caseloads: readonly WorkerCaseload[], flags: Map<string, VarianceFlags>, settings: Thresholds): LevelFigures {
  return levelFigures(
    caseloads.map((c) => ({
      fte: c.worker.fte,
      children: c.children,
      capacityPercent: c.capacityPercent,
      openVariances: flags.get(c.worker.id)?.open ?? 0,
      overduePlans: flags.get(c.worker.id)?.overdue ?? 0,
    })),
    settings,
  );
}

function levelView(figures: LevelFigures, settings: Thresholds) {
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
function unitRow(name: string, href: string | null, caseloads: readonly WorkerCaseload[], flags: Map<string, VarianceFlags>, settings: Thresholds) {
  return { name, href, figures: figuresOf(caseloads, flags, settings) };
}

export async function councilPage(db: Db, viewer: Viewer, today: string) {
  if (!seesCouncil(viewer)) throw new NotFound();
  // One computation for every worker in the council, then sums in memory.
  const [{ context, caseloads }, { services }, flags] = await Promise.all([
    caseloadsFor(db, {}, today),
    findServicesAndTeams(db),
    varianceFlagsByWorker(db, today),
  ]);
  const settings = thresholds(context.settings);
  const rows = services.map((s) =>
    unitRow(s.name, `/caseload/services/${s.id}`, caseloads.filter((c) => c.worker.service_id === s.id), flags, settings),
  );
  const unplaced = caseloads.filter((c) => c.worker.team_id === null);
  if (unplaced.length) rows.push(unitRow('Not in a team', null, unplaced, flags, settings));
  return {
    level: 'council' as const,
    title: 'Caseloads across the council',
    heading: 'Caseloads across the council',
    figures: levelView(figuresOf(caseloads, flags, settings), settings),
    breakdownTitle: 'Services',
    breakdownUnit: 'Service',
    breakdown: rows,
    settings,
    breadcrumbs: [],
    varianceHref: '/variances?state=open',
    measuresHref: '/variances/measures',
  };
}

export async function servicePage(db: Db, viewer: Viewer, serviceId: string, today: string) {
  if (!isUuid(serviceId) || !seesService(viewer, serviceId)) throw new NotFound();
  const service = await findServiceRow(db, serviceId);
  if (!service) throw new NotFound();
  const [{ context, caseloads }, { teams }] = await Promise.all([caseloadsFor(db, { serviceId }, today), findServicesAndTeams(db, serviceId)]);
  const flags = await varianceFlagsByWorker(db, today, caseloads.map((c) => c.worker.id));
  const settings = thresholds(context.settings);
  return {
    level: 'service' as const,
    title: `Caseloads: ${service.name}`,
    heading: service.name,
    caption: 'Caseloads in the service',
    figures: levelView(figuresOf(caseloads, flags, settings), settings),
    breakdownTitle: 'Teams',
    breakdownUnit: 'Team',
    breakdown: teams.map((t) => unitRow(t.name, `/caseload/teams/${t.id}`, caseloads.filter((c) => c.worker.team_id === t.id), flags, settings)),
    settings,
    breadcrumbs: seesCouncil(viewer) ? [{ text: 'Council', href: '/caseload' }] : [],
    varianceHref: `/variances?state=open&service=${serviceId}`,
    measuresHref: `/variances/measures?service=${serviceId}`,
  };
}

export async function teamPage(db: Db, viewer: Viewer, teamId: string, today: string) {
  if (!isUuid(teamId)) throw new NotFound();
  const team = await findTeamWithService(db, teamId);
  if (!team || !seesTeam(viewer, { id: team.id, serviceId: team.service_id })) throw new NotFound();
  const { context, caseloads } = await caseloadsFor(db, { teamId }, today);
  const flags = await varianceFlagsByWorker(db, today, caseloads.map((c) => c.worker.id));
  const settings = thresholds(context.settings);
  const breadcrumbs = [
    ...(seesCouncil(viewer) ? [{ text: 'Council', href: '/caseload' }] : []),
    ...(seesService(viewer, team.service_id) ? [{ text: team.service_name, href: `/caseload/services/${team.service_id}` }] : []),
  ];
  return {
    level: 'team' as const,
    title: `Caseloads: ${team.name}`,
    heading: team.name,
    caption: `Caseloads in the team – ${team.service_name}`,
    figures: levelView(figuresOf(caseloads, flags, settings), settings),
    workers: caseloads.map((c) => {
      const band = capacityBand(c.capacityPercent, settings);
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
        openVariances: flags.get(c.worker.id)?.open ?? 0,
        overduePlans: flags.get(c.worker.id)?.overdue ?? 0,
      };
    }),
    settings,
    breadcrumbs,
    varianceHref: `/variances?state=open&team=${teamId}`,
    measuresHref: `/variances/measures?team=${teamId}`,
  };
}

/** One worker's page: both measures, each case and why, reductions and variances. */
export async function workerPage(db: Db, viewer: Viewer, userId: string, today: string, now: Date) {
  const { worker, caseload, context } = await viewableWorker(db, viewer, userId, today);
  const [visible, variances, reductions] = await Promise.all([
    findVisibleChildIds(db, viewer, now, caseload.cases.map((c) => c.child_id)),
    findWorkerVariances(db, worker.id),
    findWorkerReductions(db, worker.id),
  ]);
  const settings = context.settings;
  const band = capacityBand(caseload.capacityPercent, settings);
  const mayManage = managesWorker(viewer, placeOf(worker));
  const varianceRows = variances.map((v) => ({
    ...v,
    description: describeVariance(v.kind, v.level ?? v.peak_level),
    overdue: planOverdue(v, today),
  }));
  return {
    worker: { id: worker.id, name: worker.name, roleLabel: ROLE_LABELS[worker.role], fte: worker.fte, teamName: worker.team_name, teamId: worker.team_id },
    isSelf: viewer.id === worker.id,
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
    cases: caseload.cases.map((c) => {
      const shown = visible.has(c.child_id);
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

/** A case-holding worker the viewer may see, with today's figures; 404 otherwise. */
export async function viewableWorker(db: Db, viewer: Viewer, userId: string, today: string) {
  if (!isUuid(userId)) throw new NotFound();
  const [worker] = await findWorkers(db, { workerIds: [userId], roles: CASE_HOLDING_ROLES });
  if (!worker || !mayViewWorker(viewer, placeOf(worker))) throw new NotFound();
  const context = await loadCaseloadContext(db, today);
  const [caseload] = await computeCaseloads(db, [worker], context);
  return { worker, caseload: caseload!, context };
}
