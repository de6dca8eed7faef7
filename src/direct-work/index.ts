// Direct work with children: the council's library of direct-work tools
// (communication and participation, digital, neglect), the sessions workers
// record with a child using them, and the count of each tool's use.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { toolkitsRoutes } from './toolkits/routes.ts';

/** The pages across many children: the library and the count of each tool's use. */
export async function directWorkArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(toolkitsRoutes, deps);
}
