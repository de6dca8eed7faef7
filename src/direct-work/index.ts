// Direct work with children: the council's library of direct-work tools
// (communication and participation, digital, neglect), the sessions workers
// record with a child using them, the count of each tool's use, the
// council's neglect profile completed with a family and repeated over time,
// and the child's own link through which a child tells their worker how
// things are.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { childVoiceMeasuresRoutes, childVoicePublicRoutes, childVoiceRecordRoutes } from './child-voice/routes.ts';
import { sessionsRoutes, useRoutes } from './sessions/routes.ts';
import { toolkitsRoutes } from './toolkits/routes.ts';
import { neglectProfileRecordRoutes, neglectProfileTemplateRoutes } from './neglect-profile/routes.ts';

/** What the child's chronology shows of the sessions. */
export { directWorkChronology } from './sessions/service.ts';
/** The title a drawing from a session has on the Documents tab, for the demo's drawings. */
export { attachmentTitle } from './sessions/rules.ts';

/** What the child's chronology shows of the neglect profiles completed. */
export { neglectProfileChronology } from './neglect-profile/service.ts';
/** What the child's chronology shows of what the child sent through their own link (never their words); the home page's worried flag; the statements since the last review. */
export { childVoiceChronology, worriedHome, statementsSinceLastReview } from './child-voice/service.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export async function directWorkRecordRoutes(app: FastifyInstance, deps: AreaDeps) {
  await app.register(sessionsRoutes, deps);
  await app.register(neglectProfileRecordRoutes, deps);
  await app.register(childVoiceRecordRoutes, deps);
}

/** The pages across many children (the library, the counts), and the child's own link at /v/:token, outside signing in. */
export async function directWorkArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(toolkitsRoutes, deps);
  await app.register(useRoutes, deps);
  await app.register(neglectProfileTemplateRoutes, deps);
  await app.register(childVoiceMeasuresRoutes, deps);
  await app.register(childVoicePublicRoutes, deps);
}
