import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../children/routes.ts';
import { cataloguePage, personTrainingPage, recordAttendance, teamCompliancePage } from './service.ts';

const VIEWS = 'features/learning/views';

/** The training catalogue, a person's training with attendance, and team compliance. */
export async function learningRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const staff = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const context = (request: FastifyRequest) => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()), now: clock.now() });
  const form = (values: Record<string, unknown>, errors: FieldErrors) => ({
    values,
    errors,
    attendedItems: dateInputItems(Object.keys(values).length ? values : undefined, 'attendedOn', null, Boolean(errors['attendedOn-day'])),
  });

  app.get('/learning', staff, async (request, reply) => {
    return reply.render(`${VIEWS}/catalogue.njk`, { title: 'Learning and development', ...(await cataloguePage(context(request))) });
  });

  app.get<{ Params: { userId: string }; Querystring: Record<string, unknown> }>('/learning/staff/:userId', staff, async (request, reply) => {
    const page = await personTrainingPage(context(request), request.params.userId);
    return reply.render(`${VIEWS}/person.njk`, { title: `Training: ${page.person.name}`, done: request.query.done === 'recorded', ...page, ...form({}, {}) });
  });

  app.post<{ Params: { userId: string } }>('/learning/staff/:userId', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const c = context(request);
    const result = await recordAttendance(c, request.params.userId, body);
    if (result.ok) return reply.redirect(`/learning/staff/${request.params.userId}?done=recorded`, 303);
    const page = await personTrainingPage(c, request.params.userId);
    const courseItems = page.courseItems.map((item) => ({ ...item, selected: item.value === body.courseId }));
    return reply.code(400).render(`${VIEWS}/person.njk`, { title: `Training: ${page.person.name}`, ...page, courseItems, ...form(body, result.errors) });
  });

  app.get<{ Params: { teamId: string } }>('/learning/teams/:teamId', staff, async (request, reply) => {
    const page = await teamCompliancePage(context(request), request.params.teamId);
    return reply.render(`${VIEWS}/team.njk`, { title: `Training compliance: ${page.team.name}`, ...page });
  });
}
