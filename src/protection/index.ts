// Help and protection: the front door (contacts and their decisions), referrals,
// assessments, strategy discussions and section 47 enquiries, conferences,
// child protection and child in need plans, pre-proceedings, and the
// documents on a child's record; with the measures built on them.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps, CaseChanged } from '../platform/area.ts';
import { assessmentsRoutes } from './assessments/routes.ts';
import { documentsRoutes } from './documents/routes.ts';
import { enquiriesRoutes } from './enquiries/routes.ts';
import { contactRoutes, frontDoorQueueRoutes } from './front-door/routes.ts';
import { measuresRoutes } from './measures/routes.ts';
import { plansRoutes } from './plans/routes.ts';
import { protectionRecordRoutes as overviewRoutes } from './record/routes.ts';

/** What the child's chronology shows of each. */
export { assessmentsChronology } from './assessments/service.ts';
export { documentsChronology } from './documents/service.ts';
export { enquiriesChronology } from './enquiries/service.ts';
export { frontDoorChronology } from './front-door/service.ts';
export { plansChronology } from './plans/service.ts';
/** For the child's timeline and chronology, which list contacts with their decisions. */
export { contactHref } from './front-door/routes.ts';
export { describeDecision } from './front-door/rules.ts';

/** Mounted by the child's record, which owns /children/:childId/..., and gives `caseChanged` from the caseload above this area. */
export async function protectionRecordRoutes(app: FastifyInstance, deps: AreaDeps & { caseChanged: CaseChanged }) {
  await app.register(overviewRoutes, deps);
  await app.register(contactRoutes, deps);
  await app.register(assessmentsRoutes, deps);
  await app.register(enquiriesRoutes, deps);
  await app.register(plansRoutes, deps);
  await app.register(documentsRoutes, deps);
}

/** The pages across many children: the front door queue and the measures. */
export async function protectionArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(frontDoorQueueRoutes, deps);
  await app.register(measuresRoutes, deps);
}
