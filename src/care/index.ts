// Children in care and care leavers: what the council follows for them beyond
// the legal-status timeline (stability, missing episodes, health and
// education, life after care) and the measures built on it.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { stabilityRoutes } from './stability/routes.ts';

export { placementRecordRoutes } from './stability/routes.ts';

export async function careArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(stabilityRoutes, deps);
}
