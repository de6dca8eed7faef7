import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { VarianceKindColumn } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { MANAGER_ROLES, ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { checkboxes, choice, dateInput, field, formComplete, problem, readForm, sentText, text } from '../../platform/http/forms.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { mayRecordPlan, mayViewWorker, seesCouncil, seesMeasures, seesService, seesTeam, type WorkerPlace } from '../../platform/access/staff.ts';
import { findTeamsAndServices } from '../../workforce/index.ts';
import { findVisibleChildIds } from '../caseload/queries.ts';
import { caseloadsFor } from '../caseload/service.ts';
import {
  findAction,
  findActionChildren,
  findEscalatedTo,
  findMeasureRows,
  findOpenActionsOwnedBy,
  findOwnerChoices,
  findPlansOwedBy,
  findVarianceActions,
  findVarianceEvents,
  findVisibleVariance,
  insertAction,
  insertActionChildren,
  insertVarianceEvent,
  listVariances,
  markPlanRecorded,
  PAGE_SIZE,
  setActionStatus,
  type RegisterFilters,
} from './queries.ts';
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  ACTION_TYPE_LABELS,
  ACTION_TYPES,
  describeVariance,
  EVENT_LABELS,
  KIND_LABELS,
  LEVEL_LABELS,
  measuresStart,
  planOverdue,
  promptness,
  promptnessByMonth,
  VARIANCE_KINDS,
  type ActionStatus,
  type MeasureInput,
} from './rules.ts';

/**
 * The variance register, one variance with its history and action plan, the
 * promptness measures, and what a manager owes. Every change to a plan is
 * recorded as a variance event and an audit row in its own transaction.
 */

export interface ChangeContext {
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  now: Date;
}

const first = (value: unknown): string | undefined => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined);

/** The register's filters from a query string; anything unreadable is ignored. */
export function readFilters(query: Record<string, unknown>): RegisterFilters & { page: number } {
  const state = first(query.state);
  const kind = first(query.kind);
  const level = first(query.level);
  const team = first(query.team);
  const service = first(query.service);
  const worker = first(query.worker);
  const page = Number(first(query.page));
  return {
    state: state === 'open' || state === 'closed' ? state : undefined,
    kind: VARIANCE_KINDS.includes(kind as VarianceKindColumn) ? (kind as VarianceKindColumn) : undefined,
    level: level === 'amber' || level === 'red' ? level : undefined,
    teamId: team && isUuid(team) ? team : undefined,
    serviceId: service && isUuid(service) ? service : undefined,
    workerId: worker && isUuid(worker) ? worker : undefined,
    overdue: first(query.overdue) === 'yes',
    escalated: first(query.escalated) === 'yes',
    page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1,
  };
}

function escalationText(v: { escalated_to_service_at: Date | null; escalated_to_head_at: Date | null; escalated_to_director_at: Date | null }): string | null {
  if (v.escalated_to_director_at) return 'To the director';
  if (v.escalated_to_head_at) return 'To the head of service';
  if (v.escalated_to_service_at) return 'To the service manager';
  return null;
}

function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === false || value === '') continue;
    params.set(key, value === true ? 'yes' : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Teams and services the viewer may choose among (as filters or measure scopes). */
async function choicesFor(db: Db, viewer: Viewer) {
  const { teams, services } = await findTeamsAndServices(db);
  return {
    teams: teams.filter((t) => seesTeam(viewer, { id: t.id, serviceId: t.service_id })),
    services: services.filter((s) => seesService(viewer, s.id)),
  };
}

export async function registerPage(db: Db, viewer: Viewer, query: Record<string, unknown>, today: string) {
  const { page, ...filters } = readFilters(query);
  const [{ rows, total }, choices] = await Promise.all([listVariances(db, viewer, filters, today, page), choicesFor(db, viewer)]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (n: number) =>
    `/variances${queryString({ state: filters.state, kind: filters.kind, level: filters.level, team: filters.teamId, service: filters.serviceId, worker: filters.workerId, overdue: filters.overdue, escalated: filters.escalated, page: n })}`;
  const option = (value: string, text: string, selected: string | undefined) => ({ value, text, selected: value === (selected ?? '') });
  return {
    filters,
    total,
    firstShown: total ? (page - 1) * PAGE_SIZE + 1 : 0,
    lastShown: Math.min(total, page * PAGE_SIZE),
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pages ? { href: link(page + 1) } : undefined,
    stateItems: [option('', 'Open and closed', filters.state), option('open', 'Open', filters.state), option('closed', 'Closed', filters.state)],
    kindItems: [option('', 'Any kind', filters.kind), ...VARIANCE_KINDS.map((k) => option(k, KIND_LABELS[k], filters.kind))],
    levelItems: [option('', 'Any level', filters.level), option('amber', 'Amber', filters.level), option('red', 'Red', filters.level)],
    teamItems: choices.teams.length ? [option('', 'Any team', filters.teamId), ...choices.teams.map((t) => option(t.id, t.name, filters.teamId))] : [],
    serviceId: filters.serviceId,
    rows: rows.map((v) => ({
      ...v,
      description: describeVariance(v.kind, v.level ?? v.peak_level),
      overdue: planOverdue(v, today),
      escalation: escalationText(v),
    })),
  };
}

/** A variance the viewer may see, or 404; with whether they may add to its plan. */
async function visibleVariance(db: Db, viewer: Viewer, id: string) {
  const variance = isUuid(id) ? await findVisibleVariance(db, viewer, id) : undefined;
  if (!variance) throw new NotFound();
  const place: WorkerPlace = {
    id: variance.worker_id,
    teamId: variance.worker_team_id,
    serviceId: variance.worker_service_id,
    lineManagerId: variance.worker_line_manager_id,
  };
  return { variance, place, mayPlan: mayRecordPlan(viewer, place) };
}

export async function variancePage(db: Db, viewer: Viewer, id: string, today: string, now: Date) {
  const { variance, place, mayPlan } = await visibleVariance(db, viewer, id);
  const [events, actions] = await Promise.all([findVarianceEvents(db, variance.id), findVarianceActions(db, variance.id)]);
  const named = await findActionChildren(db, actions.map((a) => a.id));
  const visible = await findVisibleChildIds(db, viewer, now, named.map((c) => c.child_id));
  return {
    variance: {
      ...variance,
      description: describeVariance(variance.kind, variance.level ?? variance.peak_level),
      kindLabel: KIND_LABELS[variance.kind],
      levelLabel: variance.level ? LEVEL_LABELS[variance.level] : null,
      peakLabel: variance.peak_level ? LEVEL_LABELS[variance.peak_level] : null,
      overdue: planOverdue(variance, today),
      unit: variance.kind === 'over_children_ceiling' || variance.kind === 'asye_protection' ? '' : '%',
    },
    workerLink: !variance.worker_disabled_at && mayViewWorker(viewer, place) ? `/caseload/workers/${variance.worker_id}` : null,
    events: events.map((e) => ({ ...e, label: EVENT_LABELS[e.kind] ?? e.kind })),
    actions: actions.map((a) => ({
      ...a,
      typeLabel: ACTION_TYPE_LABELS[a.action_type],
      statusLabel: ACTION_STATUS_LABELS[a.status],
      mayChange: mayPlan || a.owner_id === viewer.id,
      children: named
        .filter((c) => c.action_id === a.id)
        .map((c) => (visible.has(c.child_id) ? { name: `${c.forename} ${c.surname}`, href: `/children/${c.child_id}` } : { name: null, href: null })),
    })),
    mayPlan: mayPlan && variance.closed_at === null,
  };
}

// ---- Adding an action ----

const ACTION_FIELDS = ['actionType', 'childIds', 'description', 'ownerId', 'dueOn-day'];

function actionFormFields(today: string) {
  return z.object({
    actionType: choice(ACTION_TYPES, { label: 'Kind of action', choose: 'Select the kind of action', invalid: 'Select the kind of action' }),
    childIds: checkboxes(() => true, 'Select children from the worker’s current cases'),
    description: text({ label: 'Description', max: 1000, required: 'Describe the action', tooLong: 'Description must be 1000 characters or fewer' }),
    ownerId: field((sent) => sentText(sent) || problem('Select who will do it')),
    dueOn: dateInput({ label: 'Due date', required: true, notBefore: today, notBeforeMessage: 'Due date must be today or in the future' }),
  });
}

export interface ActionForm {
  variance: { id: string; worker_name: string; description: string };
  /** `value` is what the form's checkbox sends: the child's id when the viewer may see the child, an opaque token otherwise. */
  cases: { childId: string; value: string; label: string }[];
  owners: { id: string; name: string; label: string }[];
}

/**
 * The checkbox value of a child the viewer may not see: it names the case to
 * the server, which holds the key, but gives the browser nothing to find the
 * child by (no id, and the same child gets another token on another variance).
 */
function hiddenCaseToken(key: string, varianceId: string, childId: string): string {
  return `case-${createHmac('sha256', key).update(`${varianceId}:${childId}`).digest('base64url').slice(0, 22)}`;
}

/** What the action form offers: the worker's cases (named only if the viewer may see them) and possible owners. */
export async function actionForm(db: Db, ctx: ChangeContext & { formKey: string }, id: string): Promise<ActionForm> {
  const { variance } = await plannableVariance(db, ctx, id);
  const { caseloads } = await caseloadsFor(db, { workerIds: [variance.worker_id] }, ctx.today);
  const cases = caseloads[0]?.cases ?? [];
  const visible = await findVisibleChildIds(db, ctx.viewer, ctx.now, cases.map((c) => c.child_id));
  const owners = await findOwnerChoices(db, variance.worker_team_id, variance.worker_service_id);
  return {
    variance: { id: variance.id, worker_name: variance.worker_name, description: describeVariance(variance.kind, variance.level ?? variance.peak_level) },
    cases: cases
      .filter((c, i) => cases.findIndex((d) => d.child_id === c.child_id) === i)
      .map((c) => ({
        childId: c.child_id,
        value: visible.has(c.child_id) ? c.child_id : hiddenCaseToken(ctx.formKey, variance.id, c.child_id),
        label: `${visible.has(c.child_id) ? `${c.forename} ${c.surname}` : 'A child not shared with you'} – ${c.points} points`,
      })),
    owners: owners.map((o) => ({ id: o.id, name: o.name, label: `${o.name} – ${ROLE_LABELS[o.role]}${o.team_name ? `, ${o.team_name}` : ''}` })),
  };
}

/** An open variance the viewer may plan for: 404 if they may not see it, 403 (audited) if they may see but not plan. */
async function plannableVariance(db: Db, ctx: ChangeContext, id: string) {
  const found = await visibleVariance(db, ctx.viewer, id);
  if (!found.mayPlan) {
    await recordAudit(db, ctx.audit, {
      action: 'variance.action.add',
      outcome: 'denied',
      subjectType: 'variance',
      subjectId: found.variance.id,
      reason: 'only the worker’s managers and heads of service record action plans',
    });
    throw new Forbidden('Only the worker’s line manager, team manager, practice supervisor, service manager or a head of service can record an action plan.');
  }
  if (found.variance.closed_at) throw new Forbidden('This variance has closed: its action plan can no longer be added to.');
  return found;
}

export async function addAction(db: Db, ctx: ChangeContext & { formKey: string }, id: string, body: Record<string, unknown>) {
  const form = await actionForm(db, ctx, id);
  const read = readForm(actionFormFields(ctx.today), body);
  const { values, errors } = read;
  const type = values.actionType;
  const chosenCases = [...new Set(values.childIds ?? [])].map((value) => form.cases.find((k) => k.value === value));
  const childIds = chosenCases.flatMap((k) => (k ? [k.childId] : []));
  if (type === 'reallocate_children') {
    if (chosenCases.length === 0) errors.childIds = 'Select the children to reallocate';
    else if (chosenCases.some((k) => !k)) errors.childIds = 'Select children from the worker’s current cases';
  }
  const owner = form.owners.find((o) => o.id === values.ownerId);
  if (!owner && !errors.ownerId) errors.ownerId = 'Select who will do it';
  if (!formComplete(read) || Object.keys(errors).length) {
    const ordered: FieldErrors = {};
    for (const field of ACTION_FIELDS) if (errors[field]) ordered[field] = errors[field];
    return { ok: false as const, errors: ordered, form };
  }
  const { description, ownerId, dueOn } = read.values;
  const named = type === 'reallocate_children' ? childIds : [];
  await db.transaction().execute(async (trx) => {
    const action = await insertAction(trx, {
      variance_id: form.variance.id,
      action_type: type!,
      description,
      owner_id: ownerId,
      due_on: dueOn,
      created_by: ctx.viewer.id,
      created_at: ctx.now,
    });
    await insertActionChildren(trx, action.id, named);
    const firstAction = await markPlanRecorded(trx, form.variance.id, ctx.now);
    const event = { variance_id: form.variance.id, occurred_at: ctx.now, actor_id: ctx.viewer.id };
    // Names of children never go into the history: it is read by people who may not see them.
    const childrenText = named.length ? ` (${named.length} ${named.length === 1 ? 'child' : 'children'})` : '';
    if (firstAction) await insertVarianceEvent(trx, { ...event, kind: 'plan_recorded', detail: 'Action plan recorded with its first action' });
    await insertVarianceEvent(trx, {
      ...event,
      kind: 'action_added',
      detail: `${ACTION_TYPE_LABELS[type!]}${childrenText}, owner ${owner!.name}, due ${dueOn}: ${description}`,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'variance.action.add',
      outcome: 'allowed',
      subjectType: 'variance',
      subjectId: form.variance.id,
      reason: `action ${action.id}: ${type}${childrenText}, owner ${ownerId}, due ${dueOn}${firstAction ? '; plan recorded' : ''}`,
    });
  });
  return { ok: true as const };
}

export async function changeActionStatus(db: Db, ctx: ChangeContext, id: string, actionId: string, body: Record<string, unknown>) {
  const { variance, mayPlan } = await visibleVariance(db, ctx.viewer, id);
  const action = isUuid(actionId) ? await findAction(db, actionId) : undefined;
  if (!action || action.variance_id !== variance.id) throw new NotFound();
  if (!mayPlan && action.owner_id !== ctx.viewer.id) {
    await recordAudit(db, ctx.audit, {
      action: 'variance.action.status',
      outcome: 'denied',
      subjectType: 'variance',
      subjectId: variance.id,
      reason: 'only the worker’s managers, heads of service and the action’s owner change its status',
    });
    throw new Forbidden('Only the worker’s managers, a head of service or the action’s owner can change it.');
  }
  const chooseStatus = 'Choose done, cancelled or open';
  const read = readForm(z.object({ status: choice(ACTION_STATUSES, { label: 'Status', choose: chooseStatus, invalid: chooseStatus }) }), body);
  const status: ActionStatus | undefined = read.values.status;
  if (!status) return { ok: false as const, errors: { [`status-${action.id}`]: chooseStatus } };
  if (status === action.status) return { ok: true as const, changed: false };
  await db.transaction().execute(async (trx) => {
    await setActionStatus(trx, action.id, status, ctx.now);
    await insertVarianceEvent(trx, {
      variance_id: variance.id,
      occurred_at: ctx.now,
      actor_id: ctx.viewer.id,
      kind: 'action_status',
      detail: `${ACTION_TYPE_LABELS[action.action_type]} (due ${action.due_on}): ${ACTION_STATUS_LABELS[action.status].toLowerCase()} → ${ACTION_STATUS_LABELS[status].toLowerCase()}`,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'variance.action.status',
      outcome: 'allowed',
      subjectType: 'variance',
      subjectId: variance.id,
      reason: `action ${action.id}: ${action.status} to ${status}`,
    });
  });
  return { ok: true as const, changed: true };
}

// ---- Promptness measures ----

type Scope = { level: 'council' } | { level: 'service'; id: string; name: string } | { level: 'team'; id: string; name: string; serviceId: string };

/** The scope asked for, if the viewer may see it; otherwise their own. 404 for those who see no measures. */
async function measuresScope(db: Db, viewer: Viewer, query: Record<string, unknown>) {
  if (!seesMeasures(viewer)) throw new NotFound();
  const { teams, services } = await findTeamsAndServices(db);
  // The page's own chooser sends scope=team:<id> or service:<id>; links send team= or service=.
  const chosen = /^(team|service):(.+)$/.exec(first(query.scope) ?? '');
  const team = chosen?.[1] === 'team' ? chosen[2] : first(query.team);
  const service = chosen?.[1] === 'service' ? chosen[2] : first(query.service);
  const teamRow = team ? teams.find((t) => t.id === team) : undefined;
  const serviceRow = service ? services.find((s) => s.id === service) : undefined;
  const teamScope = (t: { id: string; name: string; service_id: string }): Scope => ({ level: 'team', id: t.id, name: t.name, serviceId: t.service_id });
  let scope: Scope | undefined;
  if (team || service) {
    if (teamRow && seesTeam(viewer, { id: teamRow.id, serviceId: teamRow.service_id })) scope = teamScope(teamRow);
    else if (!team && serviceRow && seesService(viewer, serviceRow.id)) scope = { level: 'service', id: serviceRow.id, name: serviceRow.name };
    else throw new NotFound();
  } else if (seesCouncil(viewer)) scope = { level: 'council' };
  else if (viewer.role === 'service_manager') {
    const own = services.find((s) => s.id === viewer.serviceId);
    if (own) scope = { level: 'service', id: own.id, name: own.name };
  } else {
    const own = teams.find((t) => t.id === viewer.teamId);
    if (own) scope = teamScope(own);
  }
  if (!scope) throw new NotFound();
  return { scope, teams, services };
}

export async function measuresPage(db: Db, viewer: Viewer, query: Record<string, unknown>, today: string) {
  const { scope, teams, services } = await measuresScope(db, viewer, query);
  const rows = await findMeasureRows(db, scope.level === 'council' ? {} : scope.level === 'service' ? { serviceId: scope.id } : { teamId: scope.id }, measuresStart(today));
  const input = (r: (typeof rows)[number]): MeasureInput => ({
    openedOn: r.opened_on,
    openedAt: r.opened_at,
    planDueOn: r.plan_due_on,
    planRecordedAt: r.plan_recorded_at,
    firstActionAt: r.first_action_at,
    closedAt: r.closed_at,
    closedOn: r.closed_on,
  });
  const byMonth = promptnessByMonth(rows.map(input), today);
  const parts =
    scope.level === 'council'
      ? services.map((s) => ({ name: s.name, href: `/variances/measures?service=${s.id}`, rows: rows.filter((r) => r.service_id === s.id) }))
      : scope.level === 'service'
        ? teams.filter((t) => t.service_id === scope.id).map((t) => ({ name: t.name, href: `/variances/measures?team=${t.id}`, rows: rows.filter((r) => r.team_id === t.id) }))
        : [];
  const visibleTeams = teams.filter((t) => seesTeam(viewer, { id: t.id, serviceId: t.service_id }));
  const visibleServices = services.filter((s) => seesService(viewer, s.id));
  return {
    scope,
    heading: scope.level === 'council' ? 'The council' : scope.name,
    months: byMonth.months,
    total: byMonth.total,
    breakdownUnit: scope.level === 'council' ? 'Service' : 'Team',
    breakdown: parts.map((p) => ({ name: p.name, href: p.href, ...promptness(p.rows.map(input), today) })),
    scopeItems: [
      ...(seesCouncil(viewer) ? [{ value: '', text: 'The council' }] : []),
      ...visibleServices.map((s) => ({ value: `service:${s.id}`, text: s.name })),
      ...visibleTeams.map((t) => ({ value: `team:${t.id}`, text: t.name })),
    ].map((item) => ({
      ...item,
      selected: item.value === (scope.level === 'council' ? '' : `${scope.level}:${scope.id}`),
    })),
  };
}

// ---- What a manager owes ----

export async function whatYouOwe(db: Db, viewer: Viewer, today: string) {
  const [plans, escalated, actions] = await Promise.all([
    findPlansOwedBy(db, viewer),
    findEscalatedTo(db, viewer),
    findOpenActionsOwnedBy(db, viewer.id),
  ]);
  const variance = (v: (typeof plans)[number]) => ({
    ...v,
    description: describeVariance(v.kind, v.level),
    overdue: v.plan_due_on < today,
  });
  return {
    plans: plans.map(variance),
    escalated: escalated.map(variance),
    actions: actions.map((a) => ({ ...a, typeLabel: ACTION_TYPE_LABELS[a.action_type], overdue: a.due_on < today })),
    any: plans.length + escalated.length + actions.length > 0,
    manager: MANAGER_ROLES.includes(viewer.role),
  };
}
