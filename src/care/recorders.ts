import type { Role } from '../db/schema.ts';
import type { Viewer } from '../platform/access/policy.ts';
import { NotPermitted } from '../platform/record-access/record-change.ts';

/** Who records a child's care work (missing episodes, goals, birthday checks): those who hold or manage children's cases. IROs and analysts read it. */
export const CARE_RECORDERS: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'personal_adviser'];

/** Refuses (403, audited as denied) a viewer whose role reads but does not record `what`. */
export function assertRecordsCareWork(viewer: Viewer, what: string): void {
  if (!CARE_RECORDERS.includes(viewer.role)) {
    throw new NotPermitted(`${what} are recorded by the child’s workers and their managers.`, `role ${viewer.role} does not record ${what.toLowerCase()}`);
  }
}
