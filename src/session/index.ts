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

export async function sessionArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(healthRoutes, { db: deps.db, engine: deps.engine });
  await app.register(signInRoutes, deps);
  if (deps.config.oidc) await app.register(oidcSignInRoutes, { ...deps, oidc: deps.config.oidc });
  await app.register(accountRoutes, deps);
  await app.register(secondFactorRoutes, deps);
  await app.register(notificationRoutes, deps);
  await app.register(homeRoutes, deps);
}
