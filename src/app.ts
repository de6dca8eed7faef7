import { sql } from 'kysely';
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
import { outboxJob } from './platform/email/worker.ts';
import { queueNotificationEmails } from './platform/notifications/notifications.ts';
import { smtpSender } from './platform/email/sender.ts';
import type { Clock } from './platform/clock/clock.ts';
import type { AreaDeps } from './platform/area.ts';
import { isConnectionError } from './db/database.ts';
import { DatabaseUnavailable, HttpError, RETRY_AFTER_SECONDS } from './platform/http/errors.ts';
import { webPlugin } from './platform/http/web.ts';
import { registerAdmission } from './platform/http/admission.ts';
import { createViewEnvironment } from './platform/views/environment.ts';
import { recordAudit } from './platform/audit/audit.ts';
import { sessionArea, sessionJobs } from './session/index.ts';
import { childRecordArea } from './child-record/index.ts';
import { workloadArea, workloadJobs, workloadOnDay } from './workload/index.ts';
import { careArea } from './care/index.ts';
import { protectionArea } from './protection/index.ts';
import { directWorkArea } from './direct-work/index.ts';
import { observationsSinceSupervision, qualityArea, themesOfCourses } from './quality/index.ts';
import { returnsArea } from './returns/index.ts';
import { timescalesArea, timescalesJobs } from './timescales/index.ts';
import { workforceArea, workforceJobs } from './workforce/index.ts';
import { administrationArea } from './administration/index.ts';
import type { ScheduledJob } from './platform/scheduler/scheduler.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
}

export type AppDeps = AreaDeps;

/**
 * Every area's scheduled work, for the scheduler that main.ts starts, and the
 * email outbox worker when a mail server is configured (without one, emails
 * stay in the outbox, where system administrators see them).
 */
export function applicationJobs(db: Db, clock: Clock, config?: Config, engine: 'pglite' | 'postgres' = 'postgres'): ScheduledJob[] {
  const jobs = [...workloadJobs(db, clock, config), ...timescalesJobs(db, clock), ...workforceJobs(db, clock), ...sessionJobs(db, clock, config)];
  if (config?.smtp) {
    jobs.push(notificationEmailsJob(db, clock, config));
    jobs.push(outboxJob(db, smtpSender(config.smtp), clock, { maxAttempts: config.emailMaxAttempts }));
  }
  if (engine === 'pglite') jobs.push(plannerStatisticsJob(db));
  return jobs;
}

/**
 * PGlite has no autovacuum, so nothing else keeps the planner's statistics in
 * step with a growing record (without them a worker's caseload page spent
 * 40 ms in a query that takes 4). Gathered an hour after start, then daily:
 * about 2 seconds at scale 1, in which the embedded database answers nothing
 * else. A server's autovacuum does this on its own.
 */
export const PLANNER_STATISTICS = 'planner statistics';
function plannerStatisticsJob(db: Db): ScheduledJob {
  return {
    name: PLANNER_STATISTICS,
    firstAfterMs: 60 * 60_000,
    everyMs: 24 * 60 * 60_000,
    async run() {
      await sql`ANALYZE`.execute(db);
      return null;
    },
  };
}

/** Notifications' emails go to the outbox within a minute, for those who want them; only with a mail server, so a trial's outbox is not filled. */
function notificationEmailsJob(db: Db, clock: Clock, config: Config): ScheduledJob {
  return {
    name: 'notification emails',
    firstAfterMs: 30_000,
    everyMs: 60_000,
    async run() {
      const queued = await queueNotificationEmails(db, config, clock.now());
      return queued > 0 ? `${queued} queued` : null;
    },
  };
}

/** A request as logged: the single-use token of an invitation or reset link never reaches the logs. */
export function redactedUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

const root = fileURLToPath(new URL('../', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      config.env === 'test'
        ? false
        : {
            level: config.logLevel,
            serializers: {
              req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: redactedUrl(request.url), remoteAddress: request.ip }),
            },
          },
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

  // Before the session is read: that read queues too. Assets and /health never wait.
  if (config.requestConcurrency > 0) registerAdmission(app, { concurrency: config.requestConcurrency, maxWaitMs: config.requestQueueWaitSeconds * 1000 });
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

  const areaDeps = { config, db: deps.db, clock: deps.clock, engine: deps.engine };
  await app.register(sessionArea, areaDeps);
  await app.register(childRecordArea, areaDeps);
  await app.register(workloadArea, areaDeps);
  await app.register(careArea, areaDeps);
  await app.register(protectionArea, areaDeps);
  await app.register(directWorkArea, areaDeps);
  await app.register(qualityArea, areaDeps);
  await app.register(returnsArea, areaDeps);
  await app.register(timescalesArea, areaDeps);
  await app.register(workforceArea, { ...areaDeps, workloadOnDay, observationsSinceSupervision, themesOfCourses });
  await app.register(administrationArea, areaDeps);

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
