// Children in care and care leavers: what the council follows for them beyond
// the legal-status timeline (stability, missing episodes, health and
// education, life after care) and the measures built on it.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { leaverMeasuresRoutes } from './after-care/routes.ts';

export { afterCareRoutes } from './after-care/routes.ts';
export { afterCareChronology } from './after-care/service.ts';

export async function careArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(leaverMeasuresRoutes, deps);
}
