import type { Viewer } from '../../platform/access/policy.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';
import { managesWorker, type WorkerPlace } from '../../workload/caseload/access.ts';

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
