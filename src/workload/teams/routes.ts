import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { CONTINUITY_ROLES, TEAM_PAGE_ROLES } from './rules.ts';
import { continuityPage, teamChildrenPage, teamLanding, teamsOverview, unallocatedPage, type Reader } from './service.ts';

const VIEWS = 'workload/teams/views';
type Query = Record<string, unknown>;

const DONE_MESSAGES: Record<string, string> = {
  moved: 'Allocation saved. The child is now held by a team you do not manage, so their record is no longer open to you.',
};

/** Team and service pages for managers, and continuity figures for managers and analysts. */
export async function teamsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const managers = { preHandler: requireRole(db, ...TEAM_PAGE_ROLES) };
  const reader = (request: FastifyRequest): Reader => ({ db, viewer: viewerOf(request), context: request.auditContext(), today: londonDate(clock.now()) });
  const done = (query: Query) => (typeof query.done === 'string' ? DONE_MESSAGES[query.done] : undefined);

  app.get<{ Querystring: Query }>('/teams', managers, async (request, reply) => {
    const landing = teamLanding(viewerOf(request));
    if (landing) return reply.redirect(request.query.done === 'moved' ? `${landing}?done=moved` : landing);
    const view = await teamsOverview(reader(request));
    return reply.render(`${VIEWS}/teams.njk`, { title: view.everyTeam ? 'Teams' : 'Your service’s teams', done: done(request.query), ...view });
  });

  app.get<{ Params: { teamId: string }; Querystring: Query }>('/teams/:teamId/children', managers, async (request, reply) => {
    const view = await teamChildrenPage(reader(request), request.params.teamId, request.query);
    return reply.render(`${VIEWS}/team-children.njk`, { title: `${view.team.name}: children`, done: done(request.query), ...view });
  });

  app.get<{ Params: { teamId: string } }>('/teams/:teamId/unallocated', managers, async (request, reply) => {
    const view = await unallocatedPage(reader(request), request.params.teamId);
    return reply.render(`${VIEWS}/unallocated.njk`, { title: `${view.team.name}: unallocated children`, ...view });
  });

  app.get<{ Querystring: Query }>('/continuity', { preHandler: requireRole(db, ...CONTINUITY_ROLES) }, async (request, reply) => {
    const view = await continuityPage(reader(request), request.query);
    return reply.render(`${VIEWS}/continuity.njk`, { title: view.heading, ...view });
  });
}
