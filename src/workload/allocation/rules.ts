// Rules for allocating children to workers. Pure: the caller passes what the
// database holds and `today` ('YYYY-MM-DD'); nothing here reads the clock.
import type { AllocationRole, Role } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { isCode } from '../../reference/codes.ts';

export const ALLOCATION_ROLES: readonly AllocationRole[] = ['lead', 'co_worker', 'iro', 'personal_adviser'];

export function isAllocationRole(value: unknown): value is AllocationRole {
  return typeof value === 'string' && (ALLOCATION_ROLES as readonly string[]).includes(value);
}

export const ALLOCATION_ROLE_LABELS: Record<AllocationRole, string> = {
  lead: 'Social worker',
  co_worker: 'Co-worker',
  iro: 'Independent reviewing officer',
  personal_adviser: 'Personal adviser',
};

/** Roles of people who hold cases as social workers. */
export const CASE_HOLDER_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager'];

/** Who may be given each kind of allocation. */
export const ELIGIBLE_ROLES: Record<AllocationRole, readonly Role[]> = {
  lead: CASE_HOLDER_ROLES,
  co_worker: CASE_HOLDER_ROLES,
  iro: ['iro'],
  personal_adviser: ['personal_adviser'],
};

/** How the people who may hold each kind of allocation are named in messages. */
const ELIGIBLE_DESCRIPTIONS: Record<AllocationRole, string> = {
  lead: 'a social worker, practice supervisor or team manager',
  co_worker: 'a social worker, practice supervisor or team manager',
  iro: 'an independent reviewing officer',
  personal_adviser: 'a personal adviser',
};

/** The team whose managers decide a child's allocation, and its service. */
export interface ManagingTeam {
  teamId: string;
  serviceId: string;
}

const TEAM_MANAGERS: readonly Role[] = ['team_manager', 'practice_supervisor'];

/**
 * Whether the viewer may change a child's allocations: the team manager or a
 * practice supervisor of one of the child's managing teams, or the service
 * manager of such a team's service.
 */
export function mayManageAllocations(viewer: Viewer, teams: readonly ManagingTeam[]): boolean {
  return teams.some(
    (t) =>
      (TEAM_MANAGERS.includes(viewer.role) && viewer.teamId === t.teamId) ||
      (viewer.role === 'service_manager' && viewer.serviceId !== null && viewer.serviceId === t.serviceId),
  );
}

/**
 * Which teams manage a child's allocations: the team of the open lead
 * allocation; without one, the teams of any open allocation (a care leaver
 * with only a personal adviser); without those, the team that last held the
 * lead. Rows must be the child's allocations, in any order.
 */
export function managingTeamIds(rows: readonly { role: AllocationRole; team_id: string; start_date: string; end_date: string | null }[]): string[] {
  const lead = rows.find((r) => r.role === 'lead' && r.end_date === null);
  if (lead) return [lead.team_id];
  const open = [...new Set(rows.filter((r) => r.end_date === null).map((r) => r.team_id))];
  if (open.length) return open;
  const lastLead = rows
    .filter((r) => r.role === 'lead')
    .sort((a, b) => (b.end_date ?? '').localeCompare(a.end_date ?? '') || b.start_date.localeCompare(a.start_date))[0];
  return lastLead ? [lastLead.team_id] : [];
}

/** A person who might be given an allocation, as the database holds them. */
export interface Candidate {
  id: string;
  name: string;
  role: Role;
  teamId: string | null;
  disabled: boolean;
}

/** The open allocation a change replaces or ends. */
export interface OpenAllocation {
  id: string;
  workerId: string | null;
  workerName: string | null;
  teamId: string;
  startDate: string;
}

/** What the form asked for, after each field has been read (the date through the form reader). */
export type ChangeRequest =
  | {
      /** Allocate, reallocate or put in the queue (lead); set or end an IRO or personal adviser. */
      kind: 'set';
      role: 'lead' | 'iro' | 'personal_adviser';
      teamId: string;
      /** A user id, 'none' for no worker, or '' when nothing was chosen. */
      worker: string;
      date: { value?: string | null; error?: string };
      reason: string;
      /** The id of the open allocation the person saw when the form was drawn, or 'none'. */
      basedOn: string;
    }
  | { kind: 'add'; role: 'co_worker'; teamId: string; worker: string; date: { value?: string | null; error?: string } }
  | { kind: 'end'; role: 'co_worker'; allocationId: string; date: { value?: string | null; error?: string }; reason: string };

/** What the database holds that decides whether the request is sound. */
export interface ChangeFacts {
  today: string;
  childForename: string;
  /** The chosen team, when it exists. */
  team: { id: string; name: string } | null;
  /** The chosen worker, when the value named an existing user. */
  candidate: Candidate | null;
  /** The open allocation of the role being set (kind 'set'), or the co-worker allocation being ended (kind 'end'). */
  current: OpenAllocation | null;
  /** Worker of the open lead allocation, and the open co-workers (kind 'add'). */
  leadWorkerId: string | null;
  coWorkerIds: readonly string[];
}

/** Problems with a request, by field, in the order the form shows them. Empty when it may be stored. */
export function checkChange(request: ChangeRequest, facts: ChangeFacts): FieldErrors {
  const errors: FieldErrors = {};
  if (request.kind === 'end') {
    if (!facts.current) {
      errors.worker = 'That allocation has already ended or does not exist';
      return errors;
    }
    const date = checkDate(request.date, facts, facts.current.startDate, 'End date');
    if (date) errors['date-day'] = date;
    if (request.reason && !isCode('swReason', request.reason)) errors.reason = 'Choose a reason from the list';
    return errors;
  }

  if (request.kind === 'set' && request.basedOn !== (facts.current?.id ?? 'none')) {
    errors.worker = `${facts.childForename}'s allocation changed while you were working on it. The form now shows the current allocation: check your choices and send it again.`;
    return errors;
  }

  if (!facts.team) errors.team = 'Choose a team from the list';
  const workerError = checkWorker(request, facts);
  if (workerError) errors.worker = workerError;

  const notBefore = request.kind === 'set' ? facts.current?.startDate : undefined;
  const date = checkDate(request.date, facts, notBefore, request.kind === 'add' ? 'Start date' : 'Date of the change');
  if (date) errors['date-day'] = date;

  if (request.kind === 'set') {
    const endingWorker = facts.current?.workerId ? facts.current.workerName ?? 'the current worker' : null;
    if (request.reason) {
      if (!isCode('swReason', request.reason)) errors.reason = 'Choose a reason from the list';
    } else if (request.role === 'lead' && endingWorker) {
      errors.reason = `Choose why ${endingWorker}'s allocation is ending`;
    }
  }
  return errors;
}

function checkWorker(request: Extract<ChangeRequest, { kind: 'set' | 'add' }>, facts: ChangeFacts): string | undefined {
  const who = ELIGIBLE_DESCRIPTIONS[request.role];
  if (request.worker === '') {
    if (request.role === 'lead') return `Choose a worker, or put ${facts.childForename} in the team's unallocated queue`;
    return `Choose ${who}`;
  }
  if (request.worker === 'none') {
    if (request.kind === 'add') return `Choose ${who}`;
    if (request.role !== 'lead' && !facts.current) return `Choose ${who}: ${facts.childForename} does not have one to end`;
    if (request.role === 'lead' && facts.current && facts.current.workerId === null && facts.current.teamId === facts.team?.id) {
      return `${facts.childForename} is already in this team's unallocated queue: choose a worker or a different team`;
    }
    return undefined;
  }
  const c = facts.candidate;
  if (!c || !facts.team || c.teamId !== facts.team.id || !ELIGIBLE_ROLES[request.role].includes(c.role)) {
    return `Choose ${who} from ${facts.team?.name ?? 'the team'}`;
  }
  if (c.disabled) return `${c.name}'s account is disabled: choose someone who is working`;
  if (request.kind === 'set' && facts.current && facts.current.workerId === c.id && facts.current.teamId === c.teamId) {
    return `${c.name} already holds this allocation: choose someone else`;
  }
  if (request.kind === 'add') {
    if (facts.leadWorkerId === c.id) return `${c.name} is ${facts.childForename}'s social worker: choose someone else as co-worker`;
    if (facts.coWorkerIds.includes(c.id)) return `${c.name} is already a co-worker`;
  }
  return undefined;
}

function checkDate(date: { value?: string | null; error?: string }, facts: ChangeFacts, notBefore: string | undefined, label: string): string | undefined {
  if (date.error) return date.error;
  if (!date.value) return `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  if (date.value > facts.today) return `${label} must be today or in the past`;
  if (notBefore && date.value < notBefore) {
    return `${label} must be on or after ${formatDate(notBefore)}, when the current allocation began`;
  }
  return undefined;
}

