import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { changeLocalOffer, localOfferView, SUMMARY_MAX, URL_MAX } from './service.ts';

const TEMPLATE = 'care/local-offer/views/local-offer.njk';

/** The council's local offer for care leavers, shown on every care leaver's care page: heads of service and system administrators set it. */
export async function localOfferRoutes(app: FastifyInstance, deps: { db: Db }) {
  const { db } = deps;
  const mayChange = { preHandler: requireRole(db, 'head_of_service', 'system_admin') };
  const model = { title: 'Local offer for care leavers', summaryMax: SUMMARY_MAX, urlMax: URL_MAX };

  app.get<{ Querystring: { done?: string } }>('/admin/local-offer', mayChange, async (request, reply) => {
    const view = await localOfferView(db);
    return reply.render(TEMPLATE, { ...model, ...view, errors: {}, done: request.query.done === 'saved' });
  });

  app.post('/admin/local-offer', mayChange, async (request: FastifyRequest, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await changeLocalOffer(db, request.user!.id, request.auditContext(), body);
    if (result.ok) return reply.redirect('/admin/local-offer?done=saved', 303);
    return reply.code(400).render(TEMPLATE, { ...model, values: body, errors: result.errors });
  });
}
