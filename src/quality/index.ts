// Quality assurance: case audits (the council's audit tool, the month's
// programme, audits with the record's facts beside them, reflections,
// moderation and the learning actions that come out of them).
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { auditRoutes } from './audits/routes.ts';

/** The home page's prompt to a manager: audits of their team's children graded inadequate, until they reflect and set actions. */
export { inadequateAudits } from './audits/service.ts';

export async function qualityArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(auditRoutes, deps);
}
