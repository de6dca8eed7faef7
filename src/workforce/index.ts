// Workforce: staff records and the census, supervision and management
// oversight, and learning.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import type { ThemesOfCourses } from './learning/service.ts';
import type { ObservationsSinceSupervision, WorkloadOnDay } from './supervision/service.ts';
import { learningRoutes } from './learning/routes.ts';
import { workforceRoutes } from './staff/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export { childOversightRoutes } from './supervision/routes.ts';

export { workforceJobs } from './jobs.ts';
export { notifySupervisionOverdue } from './supervision/notices.ts';
export { TRAINING_CATALOGUE } from './learning/catalogue.ts';
/** For the direct-work library, whose tools name the course a worker should have done. */
export { listAllCourses as listTrainingCourses } from './learning/queries.ts';
export type { ThemesOfCourses } from './learning/service.ts';
export { findTeamsAndServices } from './staff/queries.ts';
export { listCaseSupervisions } from './supervision/queries.ts';
/** For practice observations: who a worker is, where they sit and their line managers, for the staff access policy. */
export { findStaffMember, managementChain } from './supervision/queries.ts';
export { DEFAULT_SUPERVISION_SETTINGS, frequencyOn } from './supervision/rules.ts';
export { SUPERVISION_SETTINGS, supervisionDueOf, supervisionOverdueOf, supervisionOwed, type ObservationsSinceSupervision, type SuperviseeDue, type WorkloadOnDay } from './supervision/service.ts';

/**
 * `workloadOnDay` comes from the workload area, which sits above this one: a
 * supervision record keeps the worker's caseload on the day.
 * `observationsSinceSupervision` comes from practice quality, above too: a
 * worker's supervision page lists their observations since the last one,
 * and `themesOfCourses` the audit areas each course in the catalogue answers.
 */
export async function workforceArea(app: FastifyInstance, deps: AreaDeps & { workloadOnDay: WorkloadOnDay; observationsSinceSupervision?: ObservationsSinceSupervision; themesOfCourses?: ThemesOfCourses }) {
  await app.register(workforceRoutes, deps);
  await app.register(supervisionRoutes, deps);
  await app.register(learningRoutes, deps);
}
