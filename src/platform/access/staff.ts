import type { Role } from '../../db/schema.ts';
import type { Viewer } from './policy.ts';
import { MANAGER_ROLES } from './roles.ts';

/**
 * Who may see and change workforce figures (caseloads, reductions,
 * variances). These are figures about workers, not children's records: the
 * names of children on a worker's page are still filtered by the record
 * access policy. Written out for people in docs/caseload.md.
 */

/** Where a worker sits: their team, the team's service and their line manager. */
export interface WorkerPlace {
  id: string;
  teamId: string | null;
  serviceId: string | null;
  lineManagerId: string | null;
}

/** The columns that say who a member of staff is and what they carry: id, name, role, working time and qualification date. */
export const STAFF_COLUMNS = ['users.id', 'users.name', 'users.role', 'users.fte', 'users.qualified_on', 'users.asye_started_on'] as const;

const TEAM_MANAGERS: readonly Role[] = ['practice_supervisor', 'team_manager'];
/** Roles that see every team's figures. */
const COUNCIL_WIDE: readonly Role[] = ['head_of_service', 'performance_analyst'];

export function seesCouncil(viewer: Viewer): boolean {
  return COUNCIL_WIDE.includes(viewer.role);
}

export function seesService(viewer: Viewer, serviceId: string): boolean {
  return seesCouncil(viewer) || (viewer.role === 'service_manager' && viewer.serviceId === serviceId);
}

export function seesTeam(viewer: Viewer, team: { id: string; serviceId: string }): boolean {
  return seesService(viewer, team.serviceId) || (TEAM_MANAGERS.includes(viewer.role) && viewer.teamId === team.id);
}

/** The worker's managers: line manager, the team's manager or practice supervisor, the service manager. Never oneself. */
export function managesWorker(viewer: Viewer, worker: WorkerPlace): boolean {
  if (viewer.id === worker.id) return false;
  if (worker.lineManagerId === viewer.id) return true;
  if (TEAM_MANAGERS.includes(viewer.role) && worker.teamId !== null && viewer.teamId === worker.teamId) return true;
  return viewer.role === 'service_manager' && worker.serviceId !== null && viewer.serviceId === worker.serviceId;
}

/** A worker's own page, and everyone above them in the line or the organisation, and analysts. */
export function mayViewWorker(viewer: Viewer, worker: WorkerPlace): boolean {
  return viewer.id === worker.id || managesWorker(viewer, worker) || seesCouncil(viewer);
}

/** Action plans for a worker's variances: their managers and the heads of service. */
export function mayRecordPlan(viewer: Viewer, worker: WorkerPlace): boolean {
  return managesWorker(viewer, worker) || (viewer.role === 'head_of_service' && viewer.id !== worker.id);
}

/** Roles that manage people and may see promptness measures, with analysts. */
export function seesMeasures(viewer: Viewer): boolean {
  return seesCouncil(viewer) || viewer.role === 'service_manager' || TEAM_MANAGERS.includes(viewer.role);
}

/**
 * Where "Caseloads" takes someone: heads of service and analysts to the
 * council, a service manager to their service, a team manager or practice
 * supervisor to their team, anyone else who holds cases to their own page.
 */
export function caseloadLanding(viewer: Viewer): 'council' | { service: string } | { team: string } | { worker: string } | null {
  if (seesCouncil(viewer)) return 'council';
  if (viewer.role === 'service_manager') return viewer.serviceId ? { service: viewer.serviceId } : null;
  if (TEAM_MANAGERS.includes(viewer.role)) return viewer.teamId ? { team: viewer.teamId } : null;
  if (viewer.role === 'social_worker' || viewer.role === 'personal_adviser') return { worker: viewer.id };
  return null;
}


/**
 * Who may see and record a worker's supervision and staff record. These are
 * records about staff, not children: a worker sees their own; their line
 * managers all the way up (the chain), and the managers of their team and
 * service, see theirs; heads of service see everyone's. Private reflective
 * content is narrower: the worker, the supervisor who recorded it, and the
 * line managers above the worker. Written out in docs/workforce.md.
 */
export interface StaffSubject extends WorkerPlace {
  /** The worker's line managers, nearest first. */
  chain: readonly string[];
}

export function inLineAbove(viewer: Viewer, subject: StaffSubject): boolean {
  return subject.chain.includes(viewer.id);
}

export function mayViewStaff(viewer: Viewer, subject: StaffSubject): boolean {
  return viewer.id === subject.id || inLineAbove(viewer, subject) || managesWorker(viewer, subject) || viewer.role === 'head_of_service';
}

/** Managers of the worker record supervision; never about oneself. */
export function mayRecordSupervision(viewer: Viewer, subject: StaffSubject): boolean {
  if (viewer.id === subject.id || !MANAGER_ROLES.includes(viewer.role)) return false;
  return inLineAbove(viewer, subject) || managesWorker(viewer, subject);
}

export function mayReadPrivateReflection(viewer: Viewer, subject: StaffSubject, record: { supervisor_id: string }): boolean {
  return viewer.id === subject.id || viewer.id === record.supervisor_id || inLineAbove(viewer, subject);
}

/** HR fields (absence reasons, leaving reasons) are for managers, not the worker or colleagues. */
export function seesHrFields(viewer: Viewer, subject: StaffSubject): boolean {
  if (viewer.id === subject.id) return false;
  return inLineAbove(viewer, subject) || managesWorker(viewer, subject) || viewer.role === 'head_of_service';
}

/** Changing a staff record or recording absence: the worker's managers and heads of service. */
export function mayEditStaff(viewer: Viewer, subject: StaffSubject): boolean {
  return seesHrFields(viewer, subject) && MANAGER_ROLES.includes(viewer.role);
}
