// Direct work with children: the council's library of direct-work tools
// (communication and participation, digital, neglect), the sessions workers
// record with a child using them, the count of each tool's use, and the
// council's neglect profile completed with a family and repeated over time.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { sessionsRoutes, useRoutes } from './sessions/routes.ts';
import { toolkitsRoutes } from './toolkits/routes.ts';
import { neglectProfileRecordRoutes, neglectProfileTemplateRoutes } from './neglect-profile/routes.ts';

/** What the child's chronology shows of the sessions. */
export { directWorkChronology } from './sessions/service.ts';

/** What the child's chronology shows of the neglect profiles completed. */
export { neglectProfileChronology } from './neglect-profile/service.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export async function directWorkRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  await app.register(sessionsRoutes, deps);
  await app.register(neglectProfileRecordRoutes, deps);
}

/** The pages across many children: the library and the count of each tool's use. */
export async function directWorkArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(toolkitsRoutes, deps);
  await app.register(useRoutes, deps);
  await app.register(neglectProfileTemplateRoutes, deps);
}
