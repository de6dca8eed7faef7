// Practice quality: case audits (the council's audit tool, the month's
// programme, audits with the record's facts beside them, reflections,
// moderation and the learning actions that come out of them), observations
// of practice, feedback from children, families and partners, and
// compliments and complaints about teams.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { auditRoutes } from './audits/routes.ts';
import { complaintsRoutes } from './feedback/complaint-routes.ts';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { observationsRoutes } from './observations/routes.ts';
import { themesRoutes } from './themes/routes.ts';

/** The home page's prompt to a manager: audits of their team's children graded inadequate, until they reflect and set actions. */
export { inadequateAudits } from './audits/service.ts';
/** For the supervision record: a worker's observations since their last supervision. */
export { observationsSinceSupervision } from './observations/service.ts';
/** For the learning catalogue: the audit areas (themes) each course answers, from the learning actions that point at it. */
export { themesOfCourses } from './themes/service.ts';

export async function qualityArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(auditRoutes, deps);
  await app.register(observationsRoutes, deps);
  await app.register(complaintsRoutes, deps);
  await app.register(feedbackRoutes, deps);
  await app.register(themesRoutes, deps);
}
