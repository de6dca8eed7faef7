// Direct work with children: the council's library of direct-work tools
// (communication and participation, digital, neglect), the sessions workers
// record with a child using them, and the count of each tool's use.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { sessionsRoutes, useRoutes } from './sessions/routes.ts';
import { toolkitsRoutes } from './toolkits/routes.ts';

/** What the child's chronology shows of the sessions. */
export { directWorkChronology } from './sessions/service.ts';
/** The title a drawing from a session has on the Documents tab, for the demo's drawings. */
export { attachmentTitle } from './sessions/rules.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export async function directWorkRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  await app.register(sessionsRoutes, deps);
}

/** The pages across many children: the library and the count of each tool's use. */
export async function directWorkArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(toolkitsRoutes, deps);
  await app.register(useRoutes, deps);
}
