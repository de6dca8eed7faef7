// Session: signing in and out, choosing a password from an invitation or reset link, the home page each person lands on, and the health check.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { accountRoutes } from './account/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { oidcSignInRoutes } from './sign-in/oidc-routes.ts';
import { secondFactorRoutes } from './second-factor/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { runWeeklyDigest, type Weekday } from './notifications/digest.ts';

/** For the demo council: this week's summaries, as the weekly job sends them. */
export { sendWeeklyDigests } from './notifications/digest.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { ScheduledJob } from '../platform/scheduler/scheduler.ts';

export async function sessionArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(healthRoutes, { db: deps.db, engine: deps.engine });
  await app.register(signInRoutes, deps);
  if (deps.config.oidc) await app.register(oidcSignInRoutes, { ...deps, oidc: deps.config.oidc });
  await app.register(accountRoutes, deps);
  await app.register(secondFactorRoutes, deps);
  await app.register(notificationRoutes, deps);
  await app.register(homeRoutes, deps);
}

/** The managers' weekly digest: checked every quarter of an hour, sent once a week from the set day and hour. */
export function sessionJobs(db: Db, clock: Clock, config?: { digest: { day: Weekday; hour: number } }): ScheduledJob[] {
  const when = config?.digest ?? { day: 'monday' as const, hour: 7 };
  return [
    {
      name: 'weekly digest',
      everyMs: 15 * 60_000,
      async run() {
        const told = await runWeeklyDigest(db, clock.now(), when);
        return told === null ? null : `weekly digest for ${told} managers`;
      },
    },
  ];
}
