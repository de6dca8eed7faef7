// Workload: weighted caseloads and their settings, variances with their whole
// lifecycle, trends, allocation with its preview, teams' children, my children
// and the work due of workers, teams and services.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { caseloadAdminRoutes } from './caseload-settings/routes.ts';
import { caseloadRoutes } from './caseload/routes.ts';
import { myChildrenRoutes } from './my-children/routes.ts';
import { teamsRoutes } from './teams/routes.ts';
import { trendsRoutes } from './trends/routes.ts';
import { varianceRoutes } from './variances/routes.ts';
import { workDueRoutes } from './work-due/routes.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export { allocationPreviewRoutes } from './allocation-preview/routes.ts';
export { allocationRoutes } from './allocation/routes.ts';

export { workloadJobs } from './jobs.ts';
export { childContinuity } from './allocation/continuity.ts';
export { findWorkers } from './caseload/queries.ts';
export { DEFAULT_SETTINGS, DEFAULT_WEIGHTING, planDueOn, type ComplexityTier, type ReductionReason } from './caseload/rules.ts';
export {
  CASE_HOLDING_ROLES,
  caseloadsFor,
  escalateVariances,
  loadCaseloadContext,
  reassessChildWorkers,
  reassessWorkers,
  runDailyCaseloadCheck,
  takeSnapshot,
  workloadOnDay,
} from './caseload/service.ts';
export { allocationHome } from './teams/home.ts';
export { backfillSnapshots } from './trends/service.ts';
export { whatYouOwe } from './variances/service.ts';
export { overdueWorkload, workDueHome } from './work-due/service.ts';
export { notifyOverdueWork } from './work-due/notices.ts';

export async function workloadArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(caseloadRoutes, deps);
  await app.register(caseloadAdminRoutes, deps);
  await app.register(varianceRoutes, deps);
  await app.register(trendsRoutes, deps);
  await app.register(teamsRoutes, deps);
  await app.register(myChildrenRoutes, deps);
  await app.register(workDueRoutes, deps);
}
