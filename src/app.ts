import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Clock } from './platform/clock/clock.ts';
import { isConnectionError } from './db/database.ts';
import { DatabaseUnavailable, HttpError, RETRY_AFTER_SECONDS } from './platform/http/errors.ts';
import { webPlugin } from './platform/http/web.ts';
import { createViewEnvironment } from './platform/views/environment.ts';
import { recordAudit } from './platform/audit/audit.ts';
import { healthRoutes } from './features/health/routes.ts';
import { signInRoutes } from './features/sign-in/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { childrenRoutes } from './features/children/routes.ts';
import { accessRoutes } from './features/access/routes.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { auditLogRoutes } from './features/audit-log/routes.ts';
import { caseloadAdminRoutes } from './features/caseload-admin/routes.ts';
import { caseFactorsRoutes } from './features/case-factors/routes.ts';
import { allocationPreviewRoutes } from './features/allocation-preview/routes.ts';
import { trendsRoutes } from './features/trends/routes.ts';
import { timelineRoutes } from './features/timeline/routes.ts';
import { caseloadRoutes } from './features/caseload/routes.ts';
import { varianceRoutes } from './features/variances/routes.ts';
import { notesRoutes } from './features/notes/routes.ts';
import { allocationRoutes } from './features/allocation/routes.ts';
import { teamsRoutes } from './features/teams/routes.ts';
import { myChildrenRoutes } from './features/my-children/routes.ts';
import { chronologyRoutes } from './features/chronology/routes.ts';
import { childDetailsRoutes } from './features/child-details/routes.ts';
import { familyRoutes } from './features/family/routes.ts';
import { visitsRoutes } from './features/visits/routes.ts';
import { workDueRoutes } from './features/work-due/routes.ts';
import { supervisionRoutes } from './features/supervision/routes.ts';
import { workforceRoutes } from './features/workforce/routes.ts';
import { learningRoutes } from './features/learning/routes.ts';
import { timescaleAdminRoutes } from './features/timescale-admin/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
}

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  engine: 'pglite' | 'postgres';
}

const root = fileURLToPath(new URL('../', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: config.env === 'test' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // Every route, for the authorisation matrix test and for operators.
  const routes: { method: string; url: string }[] = [];
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && !route.url.startsWith('/assets/')) routes.push({ method, url: route.url });
    }
  });
  const views = createViewEnvironment({ watch: config.env === 'development' && process.env.VIEWS_WATCH === '1' });

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: `${root}node_modules/govuk-frontend/dist/govuk/assets`,
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [`${root}public/build`],
    prefix: '/assets/build/',
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: [`${root}public/js`, `${root}node_modules/govuk-frontend/dist/govuk`],
    prefix: '/assets/js/',
    decorateReply: false,
    allowedPath: (path) => path.endsWith('.js'),
  });

  await app.register(webPlugin, { config, db: deps.db, clock: deps.clock, views });

  app.setNotFoundHandler(async (request, reply) => {
    return sendProblem(request, reply, 404, 'Page not found', [
      'If you typed the web address, check it is correct.',
      'If you followed a link to a record, it may not exist or you may not have access to it.',
    ]);
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
    if (error instanceof DatabaseUnavailable || isConnectionError(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendProblem(request, reply, 503, DatabaseUnavailable.title, DatabaseUnavailable.advice);
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, 500, 'Sorry, there is a problem with the service', [
        'Try again later. Nothing you were doing has been saved unless you were told it was.',
      ]);
    }
    if (status === 429) {
      return sendProblem(request, reply, 429, 'Too many attempts', ['Wait a minute, then try again.']);
    }
    if (status === 401) {
      return sendProblem(request, reply, 401, 'You need to sign in', [error.message]);
    }
    if (status === 403) {
      // Every refusal is audited: most are where they are decided, with their
      // own action; one refused anywhere else is recorded here.
      if (!request.denialAudited) {
        await recordAudit(deps.db, request.auditContext(), {
          action: 'route.access',
          outcome: 'denied',
          subjectType: 'route',
          subjectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
          reason: error.message,
        });
      }
      return sendProblem(request, reply, 403, 'You do not have permission to do that', [
        error instanceof HttpError ? error.message : 'Ask your manager or a system administrator if you need it.',
      ]);
    }
    if (status === 404) {
      return sendProblem(request, reply, 404, 'Page not found', ['The page or record does not exist, or you do not have access to it.']);
    }
    return sendProblem(request, reply, status, 'There is a problem with your request', [
      error instanceof HttpError ? error.message : 'Check what you sent and try again.',
    ]);
  });

  await app.register(healthRoutes, { db: deps.db, engine: deps.engine });
  await app.register(signInRoutes, { config, db: deps.db, clock: deps.clock });
  await app.register(homeRoutes, { db: deps.db, clock: deps.clock });
  await app.register(childrenRoutes, { config, db: deps.db, clock: deps.clock });
  await app.register(accessRoutes, { config, db: deps.db, clock: deps.clock });
  await app.register(adminRoutes, { db: deps.db, clock: deps.clock, config });
  await app.register(auditLogRoutes, { db: deps.db, clock: deps.clock });
  await app.register(caseloadAdminRoutes, { db: deps.db, clock: deps.clock });
  await app.register(caseFactorsRoutes, { db: deps.db, clock: deps.clock });
  await app.register(allocationPreviewRoutes, { db: deps.db, clock: deps.clock });
  await app.register(trendsRoutes, { db: deps.db, clock: deps.clock });
  await app.register(timelineRoutes, { config, db: deps.db, clock: deps.clock });
  await app.register(caseloadRoutes, { db: deps.db, clock: deps.clock });
  await app.register(varianceRoutes, { db: deps.db, clock: deps.clock });
  await app.register(notesRoutes, { db: deps.db, clock: deps.clock });
  await app.register(allocationRoutes, { db: deps.db, clock: deps.clock });
  await app.register(teamsRoutes, { db: deps.db, clock: deps.clock });
  await app.register(myChildrenRoutes, { db: deps.db, clock: deps.clock });
  await app.register(chronologyRoutes, { db: deps.db, clock: deps.clock });
  await app.register(childDetailsRoutes, { db: deps.db, clock: deps.clock });
  await app.register(familyRoutes, { db: deps.db, clock: deps.clock });
  await app.register(visitsRoutes, { db: deps.db, clock: deps.clock });
  await app.register(workDueRoutes, { db: deps.db, clock: deps.clock });
  await app.register(supervisionRoutes, { db: deps.db, clock: deps.clock });
  await app.register(workforceRoutes, { config, db: deps.db, clock: deps.clock });
  await app.register(learningRoutes, { db: deps.db, clock: deps.clock });
  await app.register(timescaleAdminRoutes, { db: deps.db });

  return app;
}

function wantsJson(request: { headers: Record<string, unknown>; url: string }): boolean {
  const accept = String(request.headers.accept ?? '');
  return request.url.startsWith('/api/') || (accept.includes('application/json') && !accept.includes('text/html'));
}

/** A GOV.UK page for people, an RFC 9457 problem for programs; never a stack trace. */
function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  paragraphs: string[],
) {
  reply.code(status);
  if (wantsJson(request)) {
    return reply.type('application/problem+json').send({ type: 'about:blank', title, status, detail: paragraphs.join(' '), instance: request.id });
  }
  return reply.render('platform/views/templates/error.njk', { title, paragraphs, requestId: status >= 500 ? request.id : undefined });
}
