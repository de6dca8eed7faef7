import type { Reader } from '../../platform/record-access/viewer.ts';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { findTeamWithService } from '../../db/teams.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { field, readForm, sentText } from '../../platform/http/forms.ts';
import { seesCouncil, seesTeam } from '../../platform/access/staff.ts';
import { formatPercent } from '../caseload/figures.ts';
import { figuresFor } from '../caseload/service.ts';
import { journeyFromBase, presentItem, STATUS_LABELS, type PresentedItem } from '../../timescales/index.ts';
import { DUE_KIND_LABELS, VISIT_KINDS, type DueKind, type DueStatus } from '../../timescales/index.ts';
import { dueForChildren } from '../../timescales/index.ts';
import { ensureScopeStored } from '../../timescales/index.ts';
import { findService } from '../teams/queries.ts';
import { countDueItems, countDueItemsIfStored, findCases, findServicesAndTeams, type CaseRow, type DueCount } from './queries.ts';
import type { CaseScope } from '../../platform/access/case-scope.ts';
import { teamInScope, serviceInScope } from '../teams/scope.ts';
import { groupBy } from '../../platform/collections/group-by.ts';


/**
 * What each kind of allocation is answerable for: the lead and co-workers for
 * everything; the IRO for the reviews and for monitoring that what the reviews
 * recommended is done (reg 36 of the Care Planning Regulations 2010).
 */
const KINDS_BY_ROLE: Record<string, readonly DueKind[] | 'all'> = {
  lead: 'all',
  co_worker: 'all',
  iro: ['cla_review', 'review_recommendation'],
  personal_adviser: ['pa_contact', 'pathway_plan_review', 'needs_assessment', 'care_leaver_check'],
};

const TEAM_MANAGERS: readonly Viewer['role'][] = ['practice_supervisor', 'team_manager'];

export interface WorkRow {
  childId: string;
  childName: string;
  laChildId: string | null;
  workerId: string | null;
  workerName: string;
  teamId: string;
  teamName: string;
  item: PresentedItem;
  journey: ReturnType<typeof journeyFromBase>;
}

/** Every item due now for these cases, with the journey for a visit to a child placed out of area. */
async function workRows(db: Db, cases: readonly CaseRow[], today: string, answerable: (c: CaseRow, kind: DueKind) => boolean = () => true): Promise<WorkRow[]> {
  const due = await dueForChildren(
    db,
    cases.map((c) => c.id),
    today,
  );
  const rows: WorkRow[] = [];
  for (const c of cases) {
    for (const item of due.get(c.id) ?? []) {
      if (!answerable(c, item.kind)) continue;
      const isVisit = VISIT_KINDS.includes(item.kind);
      rows.push({
        childId: c.id,
        childName: `${c.forename} ${c.surname}`,
        laChildId: c.la_child_id,
        workerId: c.worker_id,
        workerName: c.worker_name ?? 'Not allocated',
        teamId: c.team_id,
        teamName: c.team_name,
        item: presentItem(c.id, item),
        journey: isVisit && c.placement_out_of_area ? journeyFromBase(c.base_postcode, c.placement_postcode) : null,
      });
    }
  }
  return rows.sort((a, b) => (a.item.dueDate < b.item.dueDate ? -1 : a.item.dueDate > b.item.dueDate ? 1 : a.childName < b.childName ? -1 : 1));
}

const SHOWN: readonly DueStatus[] = ['overdue', 'this_week', 'next_4_weeks'];

// --- My work --------------------------------------------------------------------------------------

/** The viewer's own work: what is overdue, due this week and in the next 4 weeks, for the children they hold. */
export async function myWork(r: Reader) {
  return r.db.transaction().execute(async (trx) => {
    const cases = await findCases(trx, r.viewer, r.now, { workerId: r.viewer.id }, 'listed');
    const rows = (
      await workRows(trx, cases, r.today, (c, kind) =>
        c.my_roles.split(',').some((role) => {
          const kinds = KINDS_BY_ROLE[role];
          return kinds === 'all' || Boolean(kinds?.includes(kind));
        }),
      )
    ).filter((row) => SHOWN.includes(row.item.status));
    await recordAudit(trx, r.context, { action: 'work-due.view.mine', outcome: 'allowed', subjectType: 'user', subjectId: r.viewer.id, reason: `${rows.length} items listed` });
    return {
      groups: SHOWN.map((status) => ({ status, label: STATUS_LABELS[status], rows: rows.filter((row) => row.item.status === status) })),
      total: rows.length,
      children: cases.length,
      links: managerLinks(r.viewer),
    };
  });
}

/** Counts for the home page: the viewer's own work, and their team's or service's overdue items. */
export async function workDueHome(r: Reader) {
  const own = await findCases(r.db, r.viewer, r.now, { workerId: r.viewer.id }, 'listed');
  const mine = own.length
    ? (await workRows(r.db, own, r.today, (c, kind) => c.my_roles.split(',').some((role) => KINDS_BY_ROLE[role] === 'all' || Boolean((KINDS_BY_ROLE[role] as readonly DueKind[] | undefined)?.includes(kind)))))
    : [];
  let team: { name: string; href: string; overdue: number; overdueVisits: number } | null = null;
  if (TEAM_MANAGERS.includes(r.viewer.role) && r.viewer.teamId) {
    const found = await findTeamWithService(r.db, r.viewer.teamId);
    if (found) {
      team = { name: found.name, href: `/work/teams/${found.id}`, ...(await overdueCounted(r, { teamId: found.id })) };
    }
  }
  let service: { name: string; href: string; overdue: number; overdueVisits: number } | null = null;
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId) {
    const found = await findService(r.db, r.viewer.serviceId);
    if (found) {
      service = { name: found.name, href: `/work/services/${found.id}`, ...(await overdueCounted(r, { serviceId: found.id })) };
    }
  }
  const count = (status: DueStatus) => mine.filter((x) => x.item.status === status).length;
  return {
    mine: own.length ? { overdue: count('overdue'), thisWeek: count('this_week'), next4Weeks: count('next_4_weeks'), href: '/work' } : null,
    team,
    service,
  };
}

/** Overdue items (and visits among them) of a team's or service's cases that may be counted for the viewer. */
async function overdueCounted(r: Reader, scope: { teamId?: string; serviceId?: string }) {
  const counts = await countStoredDue(r.db, r.viewer, r.now, scope, 'counted', ['overdue'], r.today);
  return { overdue: sumItems(counts), overdueVisits: sumItems(counts.filter(isVisit)) };
}

const isVisit = (c: { kind: string }) => VISIT_KINDS.includes(c.kind as DueKind);
const sumItems = (counts: readonly { items: number }[]) => counts.reduce((sum, c) => sum + c.items, 0);

/** Counts of the stored due items in scope, the scope's children brought up to date for today first when they are not. */
async function countStoredDue(db: Db, viewer: Viewer, now: Date, scope: CaseScope, mode: 'counted' | 'workload', statuses: readonly DueStatus[], today: string) {
  const stored = await countDueItemsIfStored(db, viewer, now, scope, mode, statuses, today);
  if (stored) return stored;
  await ensureScopeStored(db, today, scope);
  return countDueItems(db, viewer, now, scope, mode, statuses, today);
}

function managerLinks(viewer: Viewer) {
  const links: { href: string; text: string }[] = [];
  if (TEAM_MANAGERS.includes(viewer.role) && viewer.teamId) links.push({ href: `/work/teams/${viewer.teamId}`, text: 'Your team’s work due' });
  if (viewer.role === 'service_manager' && viewer.serviceId) links.push({ href: `/work/services/${viewer.serviceId}`, text: 'Your service’s work due' });
  if (seesCouncil(viewer)) links.push({ href: '/work/council', text: 'Work due across the council' });
  links.push({ href: '/work/trips', text: 'Plan trips to children placed far away' });
  if (seesCouncil(viewer) || viewer.role === 'service_manager' || TEAM_MANAGERS.includes(viewer.role)) links.push({ href: '/work/timeliness', text: 'Timeliness measures' });
  return links;
}

// --- Filters ---------------------------------------------------------------------------------------

export interface WorkFilters {
  status: DueStatus | 'due';
  kind: DueKind | '';
  worker: string;
  team: string;
}

const STATUS_FILTERS: Record<WorkFilters['status'], string> = {
  overdue: 'Overdue',
  this_week: 'Due this week',
  next_4_weeks: 'Due in the next 4 weeks',
  later: 'Due later',
  due: 'Overdue or due in the next 4 weeks',
};

/** One filter: the value sent if it is one of the choices, else the default. */
const filterChoice = <T extends string>(isChoice: (value: string) => boolean, fallback: T) =>
  field((sent) => {
    const value = sentText(sent).trim();
    return isChoice(value) ? (value as T) : fallback;
  });

const filterForm = z.object({
  status: filterChoice<WorkFilters['status']>((v) => Object.hasOwn(STATUS_FILTERS, v), 'overdue'),
  kind: filterChoice<DueKind | ''>((v) => Object.hasOwn(DUE_KIND_LABELS, v), ''),
  worker: filterChoice((v) => v === 'unallocated' || isUuid(v), ''),
  team: filterChoice((v) => isUuid(v), ''),
});

/** Filters from the query string; anything not recognised falls back to the default. */
export function readFilters(query: Record<string, unknown>): WorkFilters {
  // Every filter has a default, so every one is read.
  return readForm(filterForm, query).values as WorkFilters;
}

function applyFilters(rows: readonly WorkRow[], f: WorkFilters): WorkRow[] {
  return rows.filter(
    (row) =>
      (f.status === 'due' ? SHOWN.includes(row.item.status) : row.item.status === f.status) &&
      (!f.kind || row.item.kind === f.kind) &&
      (!f.worker || (f.worker === 'unallocated' ? row.workerId === null : row.workerId === f.worker)) &&
      (!f.team || row.teamId === f.team),
  );
}

export function filterQuery(f: WorkFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  return params.toString();
}

function filterChoices(f: WorkFilters, workers: { id: string | null; name: string }[], teams: { id: string; name: string }[] | null) {
  return {
    statusItems: Object.entries(STATUS_FILTERS).map(([value, text]) => ({ value, text, selected: value === f.status })),
    kindItems: [{ value: '', text: 'All kinds' }, ...Object.entries(DUE_KIND_LABELS).map(([value, text]) => ({ value, text, selected: value === f.kind }))],
    workerItems: [
      { value: '', text: 'Everyone' },
      ...workers.map((w) => ({ value: w.id ?? 'unallocated', text: w.name, selected: (w.id ?? 'unallocated') === f.worker })),
    ],
    teamItems: teams ? [{ value: '', text: 'All teams' }, ...teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === f.team }))] : null,
  };
}

/** Overdue and due counts per kind of item, from listed items or stored counts. */
function countsByKind(entries: readonly { kind: string; status: DueStatus; items: number }[]) {
  const sum = (kind: string, status: DueStatus) => sumItems(entries.filter((e) => e.kind === kind && e.status === status));
  return (Object.keys(DUE_KIND_LABELS) as DueKind[])
    .map((kind) => ({ kind, label: DUE_KIND_LABELS[kind], overdue: sum(kind, 'overdue'), thisWeek: sum(kind, 'this_week'), next4Weeks: sum(kind, 'next_4_weeks') }))
    .filter((c) => c.overdue + c.thisWeek + c.next4Weeks > 0);
}

const asCounts = (rows: readonly WorkRow[]) => rows.map((row) => ({ kind: row.item.kind, status: row.item.status, items: 1 }));

function uniqueWorkers(rows: readonly { workerId: string | null; workerName: string }[]) {
  const map = new Map<string | null, string>();
  for (const r of rows) map.set(r.workerId, r.workerName);
  return [...map].map(([id, name]) => ({ id, name })).sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name)));
}

// --- A team's work -----------------------------------------------------------------------------------

/**
 * Rows for a team or service: counts over every case that may be counted for
 * the viewer, the list over the records they may open.
 */
async function scopeRows(r: Reader, trx: Db, scope: CaseScope) {
  const [counted, listed] = await Promise.all([findCases(trx, r.viewer, r.now, scope, 'counted'), findCases(trx, r.viewer, r.now, scope, 'listed')]);
  const rows = await workRows(trx, counted, r.today);
  const listedIds = new Set(listed.map((c) => c.id));
  return { counted: rows, listed: rows.filter((x) => listedIds.has(x.childId)) };
}

/** The manager's first call: a worker with overdue visits whose capacity is over the amber level. */
export function isFirstCall(overdueVisits: number, capacityPercent: number | null, amberPercent: number): boolean {
  return overdueVisits > 0 && capacityPercent !== null && capacityPercent > amberPercent;
}

export interface OverdueCounts {
  visits: number;
  other: number;
}

/**
 * Overdue items of the open cases in scope, counted per lead worker and per
 * team, as the team and service pages attribute them. These are workload
 * figures: restricted children count, and nothing here names a child
 * (docs/decisions/0006). Counted in the database from the stored items.
 */
export async function overdueWorkload(db: Db, viewer: Viewer, now: Date, scope: CaseScope, today: string) {
  const counts = await countStoredDue(db, viewer, now, scope, 'workload', ['overdue'], today);
  const byWorker = new Map<string, OverdueCounts>();
  const byTeam = new Map<string, OverdueCounts>();
  const total: OverdueCounts = { visits: 0, other: 0 };
  const add = (target: OverdueCounts, c: DueCount) => {
    if (isVisit(c)) target.visits += c.items;
    else target.other += c.items;
  };
  const entry = <K>(map: Map<K, OverdueCounts>, key: K) => {
    const found = map.get(key);
    if (found) return found;
    const fresh = { visits: 0, other: 0 };
    map.set(key, fresh);
    return fresh;
  };
  for (const c of counts) {
    if (c.worker_id) add(entry(byWorker, c.worker_id), c);
    add(entry(byTeam, c.team_id), c);
    add(total, c);
  }
  return { byWorker, byTeam, total };
}

/** Per worker: overdue visits and other items, with capacity % from the caseload figures; overdue visits and high capacity together come first. */
async function byWorker(db: Db, rows: readonly WorkRow[], scope: { teamId?: string; serviceId?: string }, today: string) {
  const { settings, figures } = await figuresFor(db, scope, today);
  const capacity = new Map(figures.map((c) => [c.worker.id, c.capacityPercent]));
  const amber = settings.amberPercent;
  return uniqueWorkers(rows)
    .map((w) => {
      const of = rows.filter((x) => x.workerId === w.id);
      const overdue = of.filter((x) => x.item.status === 'overdue');
      const overdueVisits = overdue.filter((x) => VISIT_KINDS.includes(x.item.kind)).length;
      const percent = w.id ? (capacity.get(w.id) ?? null) : null;
      return {
        id: w.id,
        name: w.name,
        overdueVisits,
        overdueOther: overdue.length - overdueVisits,
        thisWeek: of.filter((x) => x.item.status === 'this_week').length,
        capacity: percent === null ? '–' : formatPercent(percent),
        firstCall: isFirstCall(overdueVisits, percent, amber),
        percent,
      };
    })
    .sort((a, b) => Number(b.firstCall) - Number(a.firstCall) || b.overdueVisits - a.overdueVisits || b.overdueOther - a.overdueOther || a.name.localeCompare(b.name));
}

export async function teamWork(r: Reader, teamId: string, filters: WorkFilters) {
  const team = await teamInScope(r, teamId, 'work-due.view.team');
  return r.db.transaction().execute(async (trx) => {
    const { counted, listed } = await scopeRows(r, trx, { teamId: team.id });
    const shown = applyFilters(listed, filters);
    await recordAudit(trx, r.context, { action: 'work-due.view.team', outcome: 'allowed', subjectType: 'team', subjectId: team.id, reason: `${shown.length} items listed` });
    return {
      level: 'team' as const,
      heading: `Work due: ${team.name}`,
      caption: team.service_name,
      basePath: `/work/teams/${team.id}`,
      filters,
      ...filterChoices(filters, uniqueWorkers(listed), null),
      counts: countsByKind(asCounts(counted)),
      workers: await byWorker(trx, counted, { teamId: team.id }, r.today),
      rows: shown,
      exportHref: `/work/teams/${team.id}/export.csv?${filterQuery(filters)}`,
      timelinessHref: `/work/timeliness/teams/${team.id}`,
      seesNames: true,
    };
  });
}

export async function serviceWork(r: Reader, serviceId: string, filters: WorkFilters) {
  const service = await serviceInScope(r, serviceId, 'work-due.view.service');
  return r.db.transaction().execute(async (trx) => {
    const { counted, listed } = await scopeRows(r, trx, { serviceId: service.id });
    const shown = applyFilters(listed, filters);
    const teams = (await findServicesAndTeams(trx)).filter((t) => t.service_id === service.id).map((t) => ({ id: t.team_id, name: t.team_name }));
    await recordAudit(trx, r.context, { action: 'work-due.view.service', outcome: 'allowed', subjectType: 'service', subjectId: service.id, reason: `${shown.length} items listed` });
    return {
      level: 'service' as const,
      heading: `Work due: ${service.name}`,
      caption: 'Service',
      basePath: `/work/services/${service.id}`,
      filters,
      ...filterChoices(filters, uniqueWorkers(listed), teams),
      counts: countsByKind(asCounts(counted)),
      teams: teams.map((t) => {
        const of = counted.filter((x) => x.teamId === t.id);
        return {
          ...t,
          href: seesTeam(r.viewer, { id: t.id, serviceId: service.id }) ? `/work/teams/${t.id}` : null,
          overdueVisits: of.filter((x) => x.item.status === 'overdue' && VISIT_KINDS.includes(x.item.kind)).length,
          overdue: of.filter((x) => x.item.status === 'overdue').length,
          thisWeek: of.filter((x) => x.item.status === 'this_week').length,
        };
      }),
      workers: await byWorker(trx, counted, { serviceId: service.id }, r.today),
      rows: shown,
      exportHref: `/work/services/${service.id}/export.csv?${filterQuery(filters)}`,
      timelinessHref: `/work/timeliness/services/${service.id}`,
      seesNames: listed.length > 0 || r.viewer.role === 'service_manager',
    };
  });
}

/** For heads of service and analysts: overdue counts by service and team (no children's names). */
export async function councilWork(r: Reader) {
  if (!seesCouncil(r.viewer)) {
    await recordAudit(r.db, r.context, { action: 'work-due.view.council', outcome: 'denied', reason: 'council figures are for heads of service and analysts' });
    throw new NotFound();
  }
  return r.db.transaction().execute(async (trx) => {
    const counts = await countStoredDue(trx, r.viewer, r.now, {}, 'counted', SHOWN, r.today);
    const units = await findServicesAndTeams(trx);
    await recordAudit(trx, r.context, { action: 'work-due.view.council', outcome: 'allowed', reason: 'counts only' });
    const figures = (of: readonly DueCount[]) => ({
      overdueVisits: sumItems(of.filter((c) => c.status === 'overdue' && isVisit(c))),
      overdue: sumItems(of.filter((c) => c.status === 'overdue')),
      thisWeek: sumItems(of.filter((c) => c.status === 'this_week')),
    });
    const serviceOf = new Map(units.map((u) => [u.team_id, u.service_id]));
    // Grouped once: a large council has hundreds of teams.
    const countsByTeam = groupBy(counts, (c) => c.team_id);
    const countsByService = groupBy(counts, (c) => serviceOf.get(c.team_id));
    const unitsByService = groupBy(units, (u) => u.service_id);
    const services = [...new Map(units.map((u) => [u.service_id, u.service_name]))].map(([id, name]) => ({
      id,
      name,
      href: `/work/services/${id}`,
      ...figures(countsByService.get(id) ?? []),
      teams: (unitsByService.get(id) ?? []).map((u) => ({ id: u.team_id, name: u.team_name, href: `/work/teams/${u.team_id}`, ...figures(countsByTeam.get(u.team_id) ?? []) })),
    }));
    return { counts: countsByKind(counts), services, total: figures(counts) };
  });
}

// --- CSV ---------------------------------------------------------------------------------------------

export const CSV_COLUMNS = ['la_child_id', 'child', 'worker', 'team', 'item', 'due_date', 'status', 'days_overdue', 'rule', 'source', 'miles_from_base', 'travel_minutes'] as const;

export function csvRecord(row: WorkRow): Record<(typeof CSV_COLUMNS)[number], string | number> {
  return {
    la_child_id: row.laChildId ?? '',
    child: row.childName,
    worker: row.workerName,
    team: row.teamName,
    item: row.item.label,
    due_date: row.item.dueDate,
    status: STATUS_LABELS[row.item.status],
    days_overdue: row.item.daysOverdue,
    rule: row.item.rule,
    source: row.item.source,
    miles_from_base: row.journey?.miles ?? '',
    travel_minutes: row.journey?.minutes ?? '',
  };
}

/** The rows of a team's or service's list for download, filtered as on screen; the export is audited. */
export async function exportWork(r: Reader, level: 'team' | 'service', id: string, filters: WorkFilters): Promise<WorkRow[]> {
  const scope = level === 'team' ? { teamId: (await teamInScope(r, id, 'work-due.export')).id } : { serviceId: (await serviceInScope(r, id, 'work-due.export')).id };
  return r.db.transaction().execute(async (trx) => {
    const listed = await findCases(trx, r.viewer, r.now, scope, 'listed');
    const rows = applyFilters(await workRows(trx, listed, r.today), filters);
    await recordAudit(trx, r.context, { action: 'work-due.export', outcome: 'allowed', subjectType: level, subjectId: id, reason: `${rows.length} rows exported` });
    return rows;
  });
}
