import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { groupTrendPage, trendsLanding, workerTrendPage } from './service.ts';

const VIEWS = 'workload/trends/views';

/** Caseload trends, with the same visibility as the caseload pages; administrators get 403. */
export async function trendsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const today = () => londonDate(clock.now());

  app.get('/trends', readers, async (request, reply) => {
    const landing = trendsLanding(viewerOf(request));
    if (landing !== 'council') return reply.redirect(landing);
    return reply.render(`${VIEWS}/group.njk`, await groupTrendPage(db, viewerOf(request), { kind: 'council' }, today()));
  });

  app.get<{ Params: { serviceId: string } }>('/trends/services/:serviceId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/group.njk`, await groupTrendPage(db, viewerOf(request), { kind: 'service', id: request.params.serviceId }, today()));
  });

  app.get<{ Params: { teamId: string } }>('/trends/teams/:teamId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/group.njk`, await groupTrendPage(db, viewerOf(request), { kind: 'team', id: request.params.teamId }, today()));
  });

  app.get<{ Params: { userId: string } }>('/trends/workers/:userId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/worker.njk`, await workerTrendPage(db, viewerOf(request), request.params.userId, today()));
  });
}
