// Who may make the statutory returns, as a route guard: the one check every returns route uses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.ts';
import { Forbidden } from '../http/errors.ts';
import { requireSignedIn } from '../http/web.ts';
import { makesReturns, type Role } from './roles.ts';

/**
 * Lets in those who make returns (RETURNS_ROLES, or the returns administrator
 * permission: makesReturns) and anyone in `alsoRoles`; anyone else gets 403,
 * audited as requireRole's refusals are.
 *
 * `requireRole(db, ...RETURNS_ROLES)` becomes `requireReturnsMaker(db)`;
 * `requireRole(db, ...RETURNS_ROLES, ...RETURN_CHECKERS)` becomes `requireReturnsMaker(db, ...RETURN_CHECKERS)`.
 */
export function requireReturnsMaker(db: Db, ...alsoRoles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await requireSignedIn(request, reply);
    if (reply.sent) return;
    const user = request.user!;
    if (makesReturns(user) || alsoRoles.includes(user.role)) return;
    await recordAudit(db, request.auditContext(), {
      action: 'route.access',
      outcome: 'denied',
      subjectType: 'route',
      subjectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      reason: `role ${user.role} without the returns administrator permission may not use this function`,
    });
    throw new Forbidden();
  };
}
