import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import type { requireRole } from '../../platform/http/web.ts';
import { serviceChoices } from '../people/queries.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { findTeamWithService } from '../../db/teams.ts';
import { directorates, teamMembers, teamsByService } from './queries.ts';
import { DEFAULT_DIRECTORATE } from './rules.ts';
import { createService, createTeam, updateTeam } from './service.ts';

const VIEWS = 'administration/admin-pages/views';

type Body = Record<string, unknown>;

const DONE_MESSAGES: Record<string, string> = {
  'team-created': 'Team created.',
  'team-updated': 'Team saved.',
  'service-created': 'Service created. You can now add teams to it.',
  unchanged: 'Nothing was changed.',
};

/** Teams and services: listed by service with headcount, created and changed by system administrators. */
export async function teamRoutes(app: FastifyInstance, deps: { db: Db; adminOnly: { preHandler: ReturnType<typeof requireRole> } }) {
  const { db, adminOnly } = deps;

  async function teamForm(values: Body, errors: FieldErrors) {
    const services = await serviceChoices(db);
    return { values, errors, serviceItems: [{ value: '', text: 'Choose a service' }, ...services.map((s) => ({ value: s.id, text: s.name }))] };
  }

  async function teamOr404(id: string) {
    const team = isUuid(id) ? await findTeamWithService(db, id) : undefined;
    if (!team) throw new NotFound();
    return team;
  }

  app.get<{ Querystring: { done?: string } }>('/admin/teams', adminOnly, async (request, reply) => {
    const services = await teamsByService(db);
    return reply.render(`${VIEWS}/teams.njk`, {
      title: 'Teams',
      services,
      done: request.query.done ? DONE_MESSAGES[request.query.done] : undefined,
    });
  });

  app.get('/admin/teams/new', adminOnly, async (_request, reply) => {
    return reply.render(`${VIEWS}/team-form.njk`, { title: 'Add a team', action: '/admin/teams/new', ...(await teamForm({}, {})) });
  });

  app.post('/admin/teams/new', adminOnly, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await createTeam(db, body, request.auditContext());
    if (result.ok) return reply.redirect('/admin/teams?done=team-created', 303);
    return reply.code(400).render(`${VIEWS}/team-form.njk`, { title: 'Add a team', action: '/admin/teams/new', ...(await teamForm(body, result.errors)) });
  });

  async function renderTeam(id: string, values: Body | undefined, errors: FieldErrors) {
    const team = await teamOr404(id);
    const members = await teamMembers(db, team.id);
    return {
      title: team.name,
      team,
      action: `/admin/teams/${team.id}`,
      members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
      ...(await teamForm(values ?? { name: team.name, serviceId: team.service_id, basePostcode: team.base_postcode ?? '', frontDoor: team.front_door ? 'yes' : '' }, errors)),
    };
  }

  app.get<{ Params: { id: string } }>('/admin/teams/:id', adminOnly, async (request, reply) => {
    return reply.render(`${VIEWS}/team-form.njk`, await renderTeam(request.params.id, undefined, {}));
  });

  app.post<{ Params: { id: string } }>('/admin/teams/:id', adminOnly, async (request, reply) => {
    const team = await teamOr404(request.params.id);
    const body = (request.body ?? {}) as Body;
    const result = await updateTeam(db, team.id, body, request.auditContext());
    if (result.ok) return reply.redirect(`/admin/teams?done=${result.value.changes ? 'team-updated' : 'unchanged'}`, 303);
    return reply.code(400).render(`${VIEWS}/team-form.njk`, await renderTeam(team.id, body, result.errors));
  });

  async function serviceForm(values: Body, errors: FieldErrors) {
    const list = await directorates(db);
    return {
      title: 'Add a service',
      values,
      errors,
      defaultDirectorate: list.length === 0 ? DEFAULT_DIRECTORATE : undefined,
      directorateItems: list.length
        ? [...(list.length > 1 ? [{ value: '', text: 'Choose a directorate' }] : []), ...list.map((d) => ({ value: d.id, text: d.name }))]
        : [],
    };
  }

  app.get('/admin/services/new', adminOnly, async (_request, reply) => {
    return reply.render(`${VIEWS}/service-form.njk`, await serviceForm({}, {}));
  });

  app.post('/admin/services/new', adminOnly, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await createService(db, body, request.auditContext());
    if (result.ok) return reply.redirect('/admin/teams?done=service-created', 303);
    return reply.code(400).render(`${VIEWS}/service-form.njk`, await serviceForm(body, result.errors));
  });
}
