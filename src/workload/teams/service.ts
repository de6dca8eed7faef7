import type { Db } from '../../db/database.ts';
import { findTeamWithService, listTeamsWithServices } from '../../db/teams.ts';
import type { ChildStatus } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { ChildContinuity } from '../allocation/continuity.ts';
import { ALLOCATION_ROLE_LABELS, CASE_HOLDER_ROLES } from '../allocation/rules.ts';
import { ageOn, daysBetween, describeDuration } from '../../platform/calendar/dates.ts';
import { STATUS_LABELS, STATUS_TAG_CLASSES } from '../../platform/record-access/record-header.ts';
import {
  countByWorker,
  countTeamChildren,
  findLeadHistories,
  findLeadRowsOf,
  findQueue,
  findService,
  findTeamChildren,
  findTeamWorkers,
  findVisibleChildren,
  type TeamChildFilters,
} from './queries.ts';
import { continuityByChild, continuityFigures, isStatus, seesCouncil, seesService, seesTeam, STATUSES, TEAM_MANAGER_ROLES } from './rules.ts';
import { teamInScope } from './scope.ts';

/** Who is looking, and when: passed by the route. */
export interface Reader {
  db: Db;
  viewer: Viewer;
  context: AuditContext;
  today: string;
}

type Query = Record<string, unknown>;

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.trim() : '';
}

function ageText(child: { date_of_birth: string | null }, today: string): string {
  return child.date_of_birth ? String(ageOn(child.date_of_birth, today)) : 'Unborn';
}

function statusView(status: ChildStatus) {
  return { statusLabel: STATUS_LABELS[status], statusTagClass: STATUS_TAG_CLASSES[status] };
}

/** Runs a page's reads and writes its audit row in one transaction. */
async function audited<T>(r: Reader, entry: { action: string; subjectType: string; subjectId?: string; reason?: string }, work: (trx: Db) => Promise<T>) {
  return r.db.transaction().execute(async (trx) => {
    const value = await work(trx);
    await recordAudit(trx, r.context, { outcome: 'allowed', ...entry });
    return value;
  });
}

/** Where "Team" leads: a team manager's or practice supervisor's own team; otherwise the list of teams. */
export function teamLanding(viewer: Viewer): string | null {
  if (TEAM_MANAGER_ROLES.includes(viewer.role)) return viewer.teamId ? `/teams/${viewer.teamId}/children` : null;
  return null;
}

// ---- The teams of a service (or of the council, for heads of service) ----

/** Children, unallocated children and average time with the current social worker, per team. */
export async function teamFigures(db: Db, teams: readonly { id: string }[], today: string, everyTeam: boolean) {
  const ids = teams.map((t) => t.id);
  const [counts, histories] = await Promise.all([countTeamChildren(db, ids), findLeadHistories(db, everyTeam ? null : ids)]);
  const teamOfChild = new Map(histories.map((h) => [h.child_id, h.team_id]));
  const continuity = continuityByChild(histories, today);
  const byTeam = new Map<string, ChildContinuity[]>();
  for (const [childId, c] of continuity) {
    const teamId = teamOfChild.get(childId)!;
    if (!byTeam.has(teamId)) byTeam.set(teamId, []);
    byTeam.get(teamId)!.push(c);
  }
  return new Map(
    ids.map((id) => {
      const count = counts.find((c) => c.team_id === id);
      const figures = continuityFigures(byTeam.get(id) ?? []);
      const waitingDays = count?.waiting_since ? daysBetween(count.waiting_since, today) : null;
      return [
        id,
        {
          children: Number(count?.children ?? 0),
          unallocated: Number(count?.unallocated ?? 0),
          longestWaitDays: waitingDays,
          averageRelationship: figures.averageRelationshipDays === null ? null : describeDuration(figures.averageRelationshipDays),
        },
      ];
    }),
  );
}

export async function teamsOverview(r: Reader) {
  const everyTeam = seesCouncil(r.viewer);
  const serviceId = everyTeam ? null : r.viewer.serviceId;
  if (!everyTeam && !serviceId) throw new NotFound();
  return audited(r, { action: 'team.view.list', subjectType: serviceId ? 'service' : 'council', ...(serviceId ? { subjectId: serviceId } : {}) }, async (trx) => {
    const teams = await listTeamsWithServices(trx, serviceId);
    const figures = await teamFigures(trx, teams, r.today, everyTeam);
    const services = new Map<string, { id: string; name: string; teams: unknown[] }>();
    for (const team of teams) {
      if (!services.has(team.service_id)) services.set(team.service_id, { id: team.service_id, name: team.service_name, teams: [] });
      services.get(team.service_id)!.teams.push({ ...team, ...figures.get(team.id)! });
    }
    return { services: [...services.values()], everyTeam };
  });
}

// ---- One team's children ----

export async function teamChildrenPage(r: Reader, teamId: string, query: Query) {
  const team = await teamInScope(r, teamId, 'team.view.children');
  const workerFilter = first(query.worker);
  const statusFilter = first(query.status);
  const filters: TeamChildFilters = {
    ...(workerFilter === 'unallocated' || isUuid(workerFilter) ? { worker: workerFilter } : {}),
    ...(isStatus(statusFilter) ? { status: statusFilter } : {}),
  };
  return audited(r, { action: 'team.view.children', subjectType: 'team', subjectId: team.id }, async (trx) => {
    const [rows, counts, workers, teamCounts] = await Promise.all([
      findTeamChildren(trx, r.viewer, r.context.at, team.id, filters),
      countByWorker(trx, team.id),
      findTeamWorkers(trx, team.id, [...CASE_HOLDER_ROLES, 'personal_adviser', 'iro']),
      countTeamChildren(trx, [team.id]),
    ]);
    const continuity = continuityByChild(await findLeadRowsOf(trx, rows.filter((row) => row.role === 'lead' && row.worker_id).map((row) => row.id)), r.today);
    const children = rows.map((row) => {
      const c = continuity.get(row.id);
      const days =
        row.worker_id === null ? null : row.role === 'lead' && c?.currentWorkerId === row.worker_id ? c.currentRelationshipDays : daysBetween(row.start_date, r.today);
      return {
        ...row,
        ...statusView(row.status),
        name: `${row.forename} ${row.surname}`,
        age: ageText(row, r.today),
        workerLabel: row.worker_name ? (row.role === 'lead' ? row.worker_name : `${row.worker_name} (${ALLOCATION_ROLE_LABELS[row.role].toLowerCase()})`) : 'Unallocated',
        relationship: days === null ? null : describeDuration(days),
      };
    });
    const count = (workerId: string, ...roles: string[]) =>
      counts.filter((c) => c.worker_id === workerId && roles.includes(c.role)).reduce((sum, c) => sum + Number(c.count), 0);
    const workerRows = workers.map((w) => ({
      id: w.id,
      name: w.name,
      roleLabel: ROLE_LABELS[w.role],
      elsewhere: w.team_id !== team.id || w.disabled_at !== null,
      lead: count(w.id, 'lead'),
      coWorker: count(w.id, 'co_worker'),
      other: count(w.id, 'iro', 'personal_adviser'),
    }));
    const totals = teamCounts[0];
    return {
      team,
      children,
      workers: workerRows,
      figures: { children: Number(totals?.children ?? 0), unallocated: Number(totals?.unallocated ?? 0) },
      filters: { worker: filters.worker ?? '', status: filters.status ?? '' },
      filtered: Boolean(filters.worker || filters.status),
      workerItems: [
        { value: '', text: 'Everyone' },
        { value: 'unallocated', text: 'Unallocated (in the queue)' },
        ...workerRows.map((w) => ({ value: w.id, text: w.name })),
      ],
      statusItems: [{ value: '', text: 'Any status' }, ...STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] }))],
    };
  });
}

// ---- One team's unallocated queue ----

export async function unallocatedPage(r: Reader, teamId: string) {
  const team = await teamInScope(r, teamId, 'team.view.unallocated');
  return audited(r, { action: 'team.view.unallocated', subjectType: 'team', subjectId: team.id }, async (trx) => {
    const [rows, counts] = await Promise.all([findQueue(trx, r.viewer, r.context.at, team.id), countTeamChildren(trx, [team.id])]);
    const totals = counts[0];
    return {
      team,
      waiting: Number(totals?.unallocated ?? 0),
      longestWaitDays: totals?.waiting_since ? daysBetween(totals.waiting_since, r.today) : null,
      children: rows.map((row) => ({
        ...row,
        ...statusView(row.status),
        name: `${row.forename} ${row.surname}`,
        age: ageText(row, r.today),
        waitingDays: daysBetween(row.start_date, r.today),
      })),
    };
  });
}

// ---- Continuity for a team, a service or the council ----

type Scope = { kind: 'council' } | { kind: 'service'; id: string; name: string } | { kind: 'team'; id: string; name: string; serviceId: string; serviceName: string };

async function continuityScope(r: Reader, query: Query): Promise<Scope> {
  const teamId = first(query.team);
  const serviceId = first(query.service);
  const refuse = async (subjectType: string, subjectId: string | undefined) => {
    await recordAudit(r.db, r.context, {
      action: 'continuity.view',
      outcome: 'denied',
      subjectType,
      ...(subjectId ? { subjectId } : {}),
      reason: 'outside the viewer’s teams or service',
    });
    throw new NotFound();
  };
  if (teamId) {
    const team = isUuid(teamId) ? await findTeamWithService(r.db, teamId) : undefined;
    if (!team || !seesTeam(r.viewer, { id: team.id, serviceId: team.service_id })) return refuse('team', teamId);
    return { kind: 'team', id: team.id, name: team.name, serviceId: team.service_id, serviceName: team.service_name };
  }
  if (serviceId) {
    const service = isUuid(serviceId) ? await findService(r.db, serviceId) : undefined;
    if (!service || !seesService(r.viewer, service.id)) return refuse('service', serviceId);
    return { kind: 'service', id: service.id, name: service.name };
  }
  if (seesCouncil(r.viewer)) return { kind: 'council' };
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId) return continuityScope(r, { service: r.viewer.serviceId });
  if (TEAM_MANAGER_ROLES.includes(r.viewer.role) && r.viewer.teamId) return continuityScope(r, { team: r.viewer.teamId });
  return refuse('council', undefined);
}

/**
 * Continuity of social worker across a scope's children: every child whose
 * open lead allocation is in the scope counts (restricted ones too), but
 * children are named only where the viewer may open their records.
 */
export async function continuityPage(r: Reader, query: Query) {
  const scope = await continuityScope(r, query);
  return audited(r, { action: 'continuity.view', subjectType: scope.kind, ...(scope.kind === 'council' ? {} : { subjectId: scope.id }) }, async (trx) => {
    const teams =
      scope.kind === 'team'
        ? [{ id: scope.id, name: scope.name, service_id: scope.serviceId, service_name: scope.serviceName }]
        : await listTeamsWithServices(trx, scope.kind === 'service' ? scope.id : null);
    const histories = await findLeadHistories(trx, scope.kind === 'council' ? null : teams.map((t) => t.id));
    const teamOfChild = new Map(histories.map((h) => [h.child_id, h.team_id]));
    const serviceOfTeam = new Map(teams.map((t) => [t.id, t.service_id]));
    const continuity = continuityByChild(histories, r.today);
    const all = [...continuity.values()];

    // Each part of the scope: services of the council, teams of a service.
    const parts = scope.kind === 'council' ? uniqueServices(teams) : scope.kind === 'service' ? teams.map((t) => ({ id: t.id, name: t.name })) : [];
    const partOf = (childId: string) => {
      const teamId = teamOfChild.get(childId)!;
      return scope.kind === 'council' ? serviceOfTeam.get(teamId) : teamId;
    };
    const breakdown = parts.map((part) => {
      const children = [...continuity].filter(([childId]) => partOf(childId) === part.id).map(([, c]) => c);
      return {
        ...part,
        href: scope.kind === 'council' ? `/continuity?service=${part.id}` : `/continuity?team=${part.id}`,
        figures: continuityFigures(children),
      };
    });

    const manyWorkers = [...continuity].filter(([, c]) => c.workersLast12Months >= 3);
    const named = await findVisibleChildren(
      trx,
      r.viewer,
      r.context.at,
      manyWorkers.map(([childId]) => childId),
    );
    return {
      scope,
      heading: scope.kind === 'council' ? 'Continuity of social worker: the council' : `Continuity of social worker: ${scope.name}`,
      breadcrumbs: breadcrumbs(r.viewer, scope),
      figures: continuityFigures(all),
      breakdown,
      breakdownUnit: scope.kind === 'council' ? 'Service' : 'Team',
      manyWorkers: {
        count: manyWorkers.length,
        named: named.map((child) => ({ ...child, name: `${child.forename} ${child.surname}`, workers: continuity.get(child.id)!.workersLast12Months })),
      },
    };
  });
}

function uniqueServices(teams: readonly { service_id: string; service_name: string }[]) {
  const seen = new Map<string, { id: string; name: string }>();
  for (const t of teams) if (!seen.has(t.service_id)) seen.set(t.service_id, { id: t.service_id, name: t.service_name });
  return [...seen.values()];
}

function breadcrumbs(viewer: Viewer, scope: Scope) {
  const items: { text: string; href: string }[] = [];
  if (scope.kind !== 'council' && seesCouncil(viewer)) items.push({ text: 'Council', href: '/continuity' });
  if (scope.kind === 'team' && seesService(viewer, scope.serviceId)) items.push({ text: scope.serviceName, href: `/continuity?service=${scope.serviceId}` });
  return items;
}
