// The child's record: summary and search, details, the legal-status timeline,
// chronology, family and network, case notes, case factors, visits and meetings;
// and the record's pages whose work other areas own (allocation, management
// oversight, access log), mounted here so /children/:childId/... has one owner.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { caseFactorsRoutes } from './case-factors/routes.ts';
import { chronologyRoutes } from './chronology/routes.ts';
import { childDetailsRoutes } from './details/routes.ts';
import { familyRoutes } from './family/routes.ts';
import { notesRoutes } from './notes/routes.ts';
import { childrenRoutes } from './record/routes.ts';
import { timelineRoutes } from './timeline/routes.ts';
import { visitsRoutes } from './visits/routes.ts';
import { allocationPreviewRoutes, allocationRoutes, reassessChildWorkers } from '../workload/index.ts';
import { childOversightRoutes } from '../workforce/index.ts';
import { childAccessLogRoutes } from '../administration/index.ts';
import { protectionRecordRoutes } from '../protection/index.ts';
import { directWorkRecordRoutes, statementsSinceLastReview } from '../direct-work/index.ts';
import { adoptionRecordRoutes, afterCareRoutes, careRecordRoutes, dolRecordRoutes, goalsRoutes, healthRoutes, missingRecordRoutes, permanenceRoutes, placementRecordRoutes, reviewsRoutes } from '../care/index.ts';

export { generateNhsNumber, generateUpn, nhsNumberProblem, upnProblem } from './record/identifiers.ts';

export async function childRecordArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(childrenRoutes, deps);
  await app.register(childDetailsRoutes, deps);
  await app.register(timelineRoutes, deps);
  await app.register(chronologyRoutes, deps);
  await app.register(familyRoutes, deps);
  await app.register(notesRoutes, deps);
  await app.register(caseFactorsRoutes, deps);
  await app.register(visitsRoutes, deps);
  // Pages of the record whose work belongs to other areas: this area owns /children/:childId/... and mounts them.
  await app.register(allocationRoutes, deps);
  await app.register(allocationPreviewRoutes, deps);
  await app.register(childOversightRoutes, deps);
  await app.register(childAccessLogRoutes, deps);
  await app.register(protectionRecordRoutes, { ...deps, caseChanged: reassessChildWorkers });
  await app.register(directWorkRecordRoutes, deps);
  await app.register(careRecordRoutes, deps);
  await app.register(goalsRoutes, deps);
  await app.register(healthRoutes, deps);
  await app.register(permanenceRoutes, deps);
  await app.register(placementRecordRoutes, deps);
  await app.register(missingRecordRoutes, deps);
  await app.register(dolRecordRoutes, deps);
  await app.register(afterCareRoutes, deps);
  await app.register(adoptionRecordRoutes, deps);
  await app.register(reviewsRoutes, { ...deps, childsWordsSinceReview: statementsSinceLastReview });
}
