import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import type { AllocationRole } from '../../db/schema.ts';
import { childAccess, isUuid } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { findWorkersOfChild } from '../caseload/queries.ts';
import { reassessWorkers } from '../caseload/service.ts';
import { findOpenVarianceStanding } from '../variances/queries.ts';
import { describeVariance, planOwed } from '../variances/rules.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import { dateInput, field, readForm, sentText } from '../../platform/http/forms.ts';
import { Forbidden, RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { codeOptions, describeCode, type SwReason } from '../../reference/codes.ts';
import { previewAllocation } from '../allocation-preview/service.ts';
import { withChildRecord, type NameRecord } from '../../platform/record-access/record-access.ts';
import { daysBetween, describeDuration, formatDate } from '../../platform/calendar/dates.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { childContinuity, type AllocationSpell } from './continuity.ts';
import {
  countOpenAllocations,
  endAllocation,
  findAllocationHistory,
  findCandidate,
  findEligibleWorkers,
  findFirstTeamWithRole,
  findTeam,
  insertAllocation,
  lockChild,
  type AllocationHistoryRow,
} from './queries.ts';
import {
  ALLOCATION_ROLE_LABELS,
  checkChange,
  ELIGIBLE_ROLES,
  isAllocationRole,
  managingTeamIds,
  mayManageAllocations,
  type ChangeFacts,
  type ChangeRequest,
  type ManagingTeam,
} from './rules.ts';


type Body = Record<string, unknown>;

/** Messages shown on the allocation page after a change, by the key the change redirects with. */
export const DONE_MESSAGES: Record<string, string> = {
  allocated: 'Social worker allocated.',
  queued: "The child is now waiting in the team's unallocated queue.",
  set: 'Allocation saved.',
  ended: 'Allocation ended.',
  added: 'Co-worker added.',
};

const NOT_A_MANAGER =
  "Only the team manager or a practice supervisor of the child's team, or the service manager of its service, can change a child's allocation.";

/** The viewer may read the record but not change its allocation: undone, audited as denied, answered 403. */
class NotPermitted extends Error {}

/** The form was refused: everything is undone and the form shown again. */
class Refused extends Error {
  constructor(
    readonly errors: FieldErrors,
    readonly view: ChangeFormView,
    readonly conflict: boolean,
  ) {
    super('refused');
  }
}

/** A value as sent, trimmed; the first when a name was sent twice. */
const first = (value: unknown) => sentText(value).trim();

function managingTeams(history: readonly AllocationHistoryRow[]): ManagingTeam[] {
  return managingTeamIds(history).map((teamId) => ({ teamId, serviceId: history.find((r) => r.team_id === teamId)!.service_id }));
}

function spellsOf(history: readonly AllocationHistoryRow[]): AllocationSpell[] {
  return history
    .filter((r) => r.role === 'lead')
    .map((r) => ({ workerId: r.worker_id, start: r.start_date, end: r.end_date, reason: r.end_reason as SwReason | null }));
}

function reasonLabel(code: string | null): string | null {
  return code ? describeCode('swReason', code) : null;
}

// ---- The allocation page: history, current allocation and continuity ----

/** Everything on a child's allocation page; the view is audited with the record's other views. */
export async function allocationsPage(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.allocations', async (trx) => {
    const child = await childHeaderView(trx, a.childId, a.today);
    const history = await findAllocationHistory(trx, a.childId);
    const continuity = childContinuity(spellsOf(history), a.today);
    const open = history.filter((r) => r.end_date === null);
    const lead = open.find((r) => r.role === 'lead') ?? null;
    const mayManage = mayManageAllocations(a.viewer, managingTeams(history));
    // For those who decide allocations (and the worker themself): the worker's variances an allocation opened today.
    const standing = lead?.worker_id && (mayManage || lead.worker_id === a.viewer.id) ? await findOpenVarianceStanding(trx, [lead.worker_id]) : [];
    const holder = (r: AllocationHistoryRow) => ({
      id: r.id,
      name: r.worker_name,
      teamName: r.team_name,
      since: r.start_date,
      length: describeDuration(Math.max(0, daysBetween(r.start_date, a.today))),
    });
    return {
      child,
      mayManage,
      openedByAllocation: standing
        .filter((v) => v.opened_on === a.today && v.opened_trigger === 'allocation')
        .map((v) => ({ worker: lead!.worker_name, variance: describeVariance(v.kind, v.level), owed: planOwed(v) })),
      current: {
        lead: lead?.worker_id ? { ...holder(lead), since: continuity.currentSince ?? lead.start_date } : null,
        queue: lead && !lead.worker_id ? { teamName: lead.team_name, since: lead.start_date, waitingDays: daysBetween(lead.start_date, a.today) } : null,
        coWorkers: open.filter((r) => r.role === 'co_worker').map(holder),
        iro: open.filter((r) => r.role === 'iro').map(holder)[0] ?? null,
        personalAdviser: open.filter((r) => r.role === 'personal_adviser').map(holder)[0] ?? null,
      },
      continuity: {
        ...continuity,
        relationshipLength: continuity.currentRelationshipDays === null ? null : describeDuration(continuity.currentRelationshipDays),
        reasons: Object.entries(continuity.changeReasons).map(([code, count]) => ({ code, label: reasonLabel(code), count })),
      },
      history: history.map((r) => ({
        ...r,
        roleLabel: ALLOCATION_ROLE_LABELS[r.role],
        workerLabel: r.worker_name ?? "No worker: waiting in the team's unallocated queue",
        reasonLabel: reasonLabel(r.end_reason),
      })),
    };
  });
}

// ---- The change form ----

/** Which change a form is for: from the query string when it is drawn, from the form when it is sent. */
interface FormChoice {
  role: AllocationRole;
  /** The co-worker allocation being ended. */
  endId: string | null;
  /** The team chosen, as sent (checked against the teams later). */
  teamId: string;
}

function readChoice(source: Body): FormChoice {
  const role = first(source.role);
  const valid: AllocationRole = isAllocationRole(role) ? role : 'lead';
  const end = first(source.end);
  return { role: valid, endId: valid === 'co_worker' && end ? end : null, teamId: first(source.team) };
}

type Mode = 'set' | 'add' | 'end';

function modeOf(choice: FormChoice): Mode {
  if (choice.role !== 'co_worker') return 'set';
  return choice.endId ? 'end' : 'add';
}

const DATE_LABELS: Record<Mode, string> = { set: 'Date of the change', add: 'Start date', end: 'End date' };

async function buildFormView(trx: Db, a: Actor, history: readonly AllocationHistoryRow[], choice: FormChoice, values: Body | undefined, errors: FieldErrors) {
  const child = await childHeaderView(trx, a.childId, a.today);
  const mode = modeOf(choice);
  const open = history.filter((r) => r.end_date === null);
  const lead = open.find((r) => r.role === 'lead') ?? null;
  const target =
    mode === 'end'
      ? open.find((r) => r.id === choice.endId && r.role === 'co_worker')
      : mode === 'set'
        ? open.find((r) => r.role === choice.role)
        : undefined;
  if (mode === 'end' && !target && !values) throw new RecordNotFound('open co-worker allocation', choice.endId ?? '');

  const teams = await listTeamsWithServices(trx);
  let defaultTeam: string | null = target?.team_id ?? null;
  if (!defaultTeam && (choice.role === 'lead' || choice.role === 'co_worker')) defaultTeam = lead?.team_id ?? managingTeamIds(history)[0] ?? a.viewer.teamId;
  if (!defaultTeam) defaultTeam = (await findFirstTeamWithRole(trx, ELIGIBLE_ROLES[choice.role])) ?? a.viewer.teamId;
  const team = teams.find((t) => t.id === choice.teamId) ?? teams.find((t) => t.id === defaultTeam) ?? null;

  const excluded = new Set<string>();
  if (mode === 'set' && target?.worker_id && target.team_id === team?.id) excluded.add(target.worker_id);
  if (mode === 'add') for (const r of open.filter((o) => (o.role === 'lead' || o.role === 'co_worker') && o.worker_id)) excluded.add(r.worker_id!);
  const workers = team && mode !== 'end' ? (await findEligibleWorkers(trx, team.id, ELIGIBLE_ROLES[choice.role])).filter((w) => !excluded.has(w.id)) : [];
  const loads = await countOpenAllocations(
    trx,
    workers.map((w) => w.id),
  );
  const chosen = values ? first(values.worker) : '';
  const workerItems: Record<string, unknown>[] = workers.map((w) => {
    const held = loads.filter((l) => l.worker_id === w.id);
    const count = (role: AllocationRole) => Number(held.find((l) => l.role === role)?.count ?? 0);
    const children = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`;
    const load =
      choice.role === 'iro' || choice.role === 'personal_adviser'
        ? `Now ${ALLOCATION_ROLE_LABELS[choice.role].toLowerCase()} for ${children(count(choice.role))}`
        : `Now social worker for ${children(count('lead'))} and co-worker for ${count('co_worker')}`;
    return { value: w.id, text: w.name, hint: { text: `${ROLE_LABELS[w.role]}. ${load}.` }, checked: chosen === w.id };
  });
  if (mode === 'set' && team) {
    const none =
      choice.role === 'lead'
        ? `No worker: put ${child.forename} in ${team.name}'s unallocated queue`
        : target
          ? `No ${ALLOCATION_ROLE_LABELS[choice.role].toLowerCase()}: end ${target.worker_name}'s allocation`
          : null;
    if (none) {
      if (workerItems.length) workerItems.push({ divider: 'or' });
      workerItems.push({ value: 'none', text: none, checked: chosen === 'none' });
    }
  }

  // What each choice would do to the worker's caseload, for a lead allocation (figures only; no other child is named).
  const preview =
    mode === 'set' && choice.role === 'lead' && workers.length
      ? await previewAllocation(trx, { childId: a.childId, candidateWorkerIds: workers.map((w) => w.id), today: a.today })
      : null;

  const roleLabel = ALLOCATION_ROLE_LABELS[choice.role];
  const heading =
    mode === 'end'
      ? `End ${target?.worker_name ?? 'a co-worker'}'s allocation as co-worker`
      : mode === 'add'
        ? 'Add a co-worker'
        : choice.role === 'lead'
          ? lead?.worker_id
            ? 'Change social worker'
            : 'Allocate a social worker'
          : `Set the ${roleLabel.toLowerCase()}`;
  const reasonRequired = mode === 'set' && choice.role === 'lead' && Boolean(target?.worker_id);
  return {
    child,
    mode,
    role: choice.role,
    roleLabel,
    heading,
    endId: choice.endId,
    basedOn: target?.id ?? 'none',
    current: target
      ? {
          name: target.worker_name,
          teamName: target.team_name,
          since: target.start_date,
          description: target.worker_name
            ? `${target.worker_name} (${target.team_name}) since ${formatDate(target.start_date)}`
            : `Waiting in ${target.team_name}'s unallocated queue since ${formatDate(target.start_date)}`,
        }
      : null,
    teamItems: teams.map((t) => ({ value: t.id, text: `${t.name} (${t.service_name})`, selected: t.id === team?.id })),
    team,
    workerItems,
    allocationPreview: preview ?? undefined,
    allocationPreviewCaption: preview && team ? `What allocating ${child.forename} to someone in ${team.name} would do` : undefined,
    dateLabel: DATE_LABELS[mode],
    dateItems: dateInputItems(values, 'date', a.today, Boolean(errors['date-day'])),
    reasonRequired,
    showReason: mode !== 'add',
    reasonItems: [{ value: '', text: reasonRequired ? 'Choose a reason' : 'No reason given' }, ...codeOptions('swReason')],
    reasonValue: values ? first(values.reason) : '',
    values: values ?? {},
    errors,
  };
}

export type ChangeFormView = Awaited<ReturnType<typeof buildFormView>>;

/** The form for a change, for managers only (others get 403 and an audited denial). */
export async function changeFormView(a: Actor, query: Body): Promise<ChangeFormView> {
  return guarded(a, 'child.view.allocation-change', async (trx) => {
    const history = await findAllocationHistory(trx, a.childId);
    if (!mayManageAllocations(a.viewer, managingTeams(history))) throw new NotPermitted();
    return buildFormView(trx, a, history, readChoice(query), undefined, {});
  });
}

export type ChangeOutcome =
  | { ok: true; done: keyof typeof DONE_MESSAGES; stillVisible: boolean }
  | { ok: false; status: 400 | 409; view: ChangeFormView };

/**
 * Allocates, reallocates, puts in the queue, sets an IRO or personal adviser,
 * adds or ends a co-worker: in one transaction, with the child's row locked
 * first, the open allocation ended and the new one opened, and the change
 * audited. Bad input stores nothing and is audited as failed.
 */
export async function changeAllocation(a: Actor, body: Body): Promise<ChangeOutcome> {
  try {
    const done = await guarded(a, 'child.allocation.change', async (trx, _access, name) => {
      const child = await lockChild(trx, a.childId);
      const history = await findAllocationHistory(trx, a.childId);
      if (!mayManageAllocations(a.viewer, managingTeams(history))) throw new NotPermitted();
      const choice = readChoice(body);
      const request = readRequest(choice, body);
      const facts = await loadFacts(trx, request, history, child.forename, a.today);
      const errors = checkChange(request, facts);
      if (Object.keys(errors).length) {
        const conflict = request.kind === 'set' && request.basedOn !== (facts.current?.id ?? 'none');
        throw new Refused(errors, await buildFormView(trx, a, history, choice, body, errors), conflict);
      }
      // Everyone who held the child before or holds them now is reassessed in
      // this transaction, so a variance opens or closes with the allocation.
      const heldBefore = await findWorkersOfChild(trx, a.childId);
      const applied = await apply(trx, a, request, facts, name);
      const holdNow = await findWorkersOfChild(trx, a.childId);
      await reassessWorkers(trx, [...heldBefore, ...holdNow], { today: a.today, now: a.context.at, trigger: 'allocation', actorId: a.context.actorUserId });
      return applied;
    });
    const access = await childAccess(a.db, a.viewer, a.childId, a.context.at);
    return { ok: true, done, stillVisible: access.allowed };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    await recordAudit(a.db, a.context, {
      action: 'child.allocation.change',
      outcome: 'failed',
      subjectType: 'child',
      subjectId: a.childId,
      reason: error.conflict ? 'refused, nothing stored: the allocation changed meanwhile' : `refused, nothing stored: ${Object.keys(error.errors).join(', ')}`,
    });
    return { ok: false, status: error.conflict ? 409 : 400, view: error.view };
  }
}

/** Runs work on the record through withChildRecord; a NotPermitted refusal is audited as denied and answered 403. */
async function guarded<T>(a: Actor, action: string, work: (trx: Db, access: unknown, name: NameRecord) => Promise<T>): Promise<T> {
  try {
    return await withChildRecord(a.db, a.viewer, a.context, a.childId, action, work);
  } catch (error) {
    if (!(error instanceof NotPermitted)) throw error;
    await recordAudit(a.db, a.context, {
      action,
      outcome: 'denied',
      subjectType: 'child',
      subjectId: a.childId,
      reason: `${a.viewer.role} does not manage the child's team`,
    });
    throw new Forbidden(NOT_A_MANAGER);
  }
}

function readRequest(choice: FormChoice, body: Body): ChangeRequest {
  const mode = modeOf(choice);
  const sentValue = field(first);
  // The worker, reason and preview are judged against the record in the transaction; here they are only read.
  const { values, errors } = readForm(
    z.object({ date: dateInput({ label: DATE_LABELS[mode], required: true }), worker: sentValue, reason: sentValue, basedOn: sentValue }),
    body,
  );
  const date = errors['date-day'] ? { error: errors['date-day'] } : { value: values.date ?? null };
  const { worker = '', reason = '', basedOn = '' } = values;
  if (mode === 'end') return { kind: 'end', role: 'co_worker', allocationId: choice.endId!, date, reason };
  if (mode === 'add') return { kind: 'add', role: 'co_worker', teamId: choice.teamId, worker, date };
  return { kind: 'set', role: choice.role as 'lead' | 'iro' | 'personal_adviser', teamId: choice.teamId, worker, date, reason, basedOn };
}

async function loadFacts(trx: Db, request: ChangeRequest, history: readonly AllocationHistoryRow[], forename: string, today: string): Promise<ChangeFacts> {
  const open = history.filter((r) => r.end_date === null);
  const asOpen = (r: AllocationHistoryRow | undefined) =>
    r ? { id: r.id, workerId: r.worker_id, workerName: r.worker_name, teamId: r.team_id, startDate: r.start_date } : null;
  const teamRow = request.kind !== 'end' && isUuid(request.teamId) ? await findTeam(trx, request.teamId) : undefined;
  const candidateRow = request.kind !== 'end' && isUuid(request.worker) ? await findCandidate(trx, request.worker) : undefined;
  return {
    today,
    childForename: forename,
    team: teamRow ? { id: teamRow.id, name: teamRow.name } : null,
    candidate: candidateRow
      ? { id: candidateRow.id, name: candidateRow.name, role: candidateRow.role, teamId: candidateRow.team_id, disabled: candidateRow.disabled_at !== null }
      : null,
    current:
      request.kind === 'end'
        ? asOpen(open.find((r) => r.id === request.allocationId && r.role === 'co_worker'))
        : request.kind === 'set'
          ? asOpen(open.find((r) => r.role === request.role))
          : null,
    leadWorkerId: open.find((r) => r.role === 'lead')?.worker_id ?? null,
    coWorkerIds: open.filter((r) => r.role === 'co_worker').map((r) => r.worker_id!),
  };
}

async function apply(trx: Db, a: Actor, request: ChangeRequest, facts: ChangeFacts, name: NameRecord): Promise<keyof typeof DONE_MESSAGES> {
  const date = request.date.value!;
  const recorded = { recordedBy: a.viewer.id, recordedAt: a.context.at };
  if (request.kind === 'end') {
    await endAllocation(trx, facts.current!.id, date, request.reason || null);
    return 'ended';
  }
  if (request.kind === 'add') {
    name('allocation', (await insertAllocation(trx, { childId: a.childId, role: 'co_worker', teamId: facts.team!.id, workerId: facts.candidate!.id, startDate: date, ...recorded })).id);
    return 'added';
  }
  if (facts.current) await endAllocation(trx, facts.current.id, date, request.reason || null);
  const workerId = request.worker === 'none' ? null : facts.candidate!.id;
  if (workerId === null && request.role !== 'lead') return 'ended';
  name('allocation', (await insertAllocation(trx, { childId: a.childId, role: request.role, teamId: facts.team!.id, workerId, startDate: date, ...recorded })).id);
  if (request.role !== 'lead') return 'set';
  return workerId ? 'allocated' : 'queued';
}
