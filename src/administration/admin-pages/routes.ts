import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { requireRole } from '../../platform/http/web.ts';
import { accountRoutes } from './account-routes.ts';
import { peopleRoutes } from './people-routes.ts';
import { teamRoutes } from './team-routes.ts';

/**
 * The admin pages, for system administrators only: people's details
 * (people-routes.ts), their accounts (account-routes.ts), and teams and
 * services (team-routes.ts).
 */
export async function adminRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config }) {
  const { db, clock } = deps;
  const adminOnly = { preHandler: requireRole(db, 'system_admin') };
  await peopleRoutes(app, { db, clock, adminOnly });
  await accountRoutes(app, { db, clock, adminOnly });
  await teamRoutes(app, { db, adminOnly });
}
