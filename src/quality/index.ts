// Quality assurance: observations of practice, feedback from children,
// families and partners, and compliments and complaints about teams.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { complaintsRoutes } from './feedback/complaint-routes.ts';
import { feedbackRoutes } from './feedback/feedback-routes.ts';
import { observationsRoutes } from './observations/routes.ts';

/** For the supervision record: a worker's observations since their last supervision. */
export { observationsSinceSupervision } from './observations/service.ts';

export async function qualityArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(observationsRoutes, deps);
  await app.register(complaintsRoutes, deps);
  await app.register(feedbackRoutes, deps);
}
