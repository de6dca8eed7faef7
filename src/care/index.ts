// Children in care and care leavers: what the council follows for them beyond
// the legal-status timeline (stability, missing episodes, health and
// education, life after care) and the measures built on it.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { leaverMeasuresRoutes } from './after-care/routes.ts';
import { localOfferRoutes } from './local-offer/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { stabilityRoutes } from './stability/routes.ts';
import { reviewingRoutes } from './reviews/routes.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export { careRecordRoutes } from './record/routes.ts';
export { goalsRoutes } from './goals/routes.ts';
export { healthRoutes } from './health/routes.ts';
export { placementRecordRoutes } from './stability/routes.ts';
export { missingRecordRoutes } from './missing/routes.ts';
export { afterCareRoutes } from './after-care/routes.ts';
export { reviewsRoutes } from './reviews/routes.ts';
/** What the child's chronology shows of each. */
export { missingChronologyEntries } from './missing/service.ts';
export { afterCareChronology } from './after-care/service.ts';
export { goalsChronology } from './goals/service.ts';
export { reviewsChronology } from './reviews/service.ts';

export async function careArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(localOfferRoutes, deps);
  await app.register(stabilityRoutes, deps);
  await app.register(missingRoutes, deps);
  await app.register(leaverMeasuresRoutes, deps);
  await app.register(reviewingRoutes, deps);
}
