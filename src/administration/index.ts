// Administration: people and teams, the audit log, and reviews of records
// opened with a reason.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { accessRoutes } from './access-reviews/routes.ts';
import { adminRoutes } from './admin-pages/routes.ts';
import { auditLogRoutes } from './audit-log/routes.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export { childAccessLogRoutes } from './access-reviews/routes.ts';

export { grantsToReview } from './access-reviews/service.ts';
export { findPersonIdByEmail, findServicesByName, findTeamsByName, listPeople } from './people/queries.ts';
export { accountStatus, STATUS_LABELS, type PersonField } from './people/rules.ts';
export { checkPerson, createPerson, disablePerson, enablePerson, unlockPerson, type AccountChange } from './people/service.ts';

export async function administrationArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(adminRoutes, deps);
  await app.register(auditLogRoutes, deps);
  await app.register(accessRoutes, deps);
}
