// Help and protection: the front door (contacts and their decisions), referrals,
// assessments, strategy discussions and section 47 enquiries, conferences,
// child protection and child in need plans, pre-proceedings, and the
// documents on a child's record; with the measures built on them.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { protectionRecordRoutes as overviewRoutes } from './record/routes.ts';
import { contactRoutes, frontDoorQueueRoutes } from './front-door/routes.ts';

export { contactHref } from './front-door/routes.ts';
export { describeDecision } from './front-door/rules.ts';
export { frontDoorChronology } from './front-door/service.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export async function protectionRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  await app.register(overviewRoutes, deps);
  await app.register(contactRoutes, deps);
}

/** The pages across many children: the front door queue and the measures. */
export async function protectionArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(frontDoorQueueRoutes, deps);
}
