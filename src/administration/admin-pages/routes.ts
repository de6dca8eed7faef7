import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { requireRole } from '../../platform/http/web.ts';
import { accountRoutes } from './account-routes.ts';
import { emailRoutes } from './email-routes.ts';
import { peopleRoutes } from './people-routes.ts';
import { secondFactorRoutes } from './second-factor-routes.ts';
import { teamRoutes } from './team-routes.ts';

/**
 * The admin pages, for system administrators only: people's details
 * (people-routes.ts), their accounts (account-routes.ts), teams and
 * services (team-routes.ts), the email outbox (email-routes.ts), and the
 * roles that must use an authenticator app (second-factor-routes.ts).
 */
export async function adminRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;
  const adminOnly = { preHandler: requireRole(db, 'system_admin') };
  await peopleRoutes(app, { db, clock, config, adminOnly });
  await accountRoutes(app, { db, clock, config, adminOnly });
  await teamRoutes(app, { db, adminOnly });
  await emailRoutes(app, { db, clock, config, adminOnly });
  await secondFactorRoutes(app, { db, clock, config, adminOnly });
}
