import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { caseFactorsPage, changeCaseFactors, type CaseFactorsPage } from './service.ts';

const VIEW = 'child-record/case-factors/views/case-factors.njk';

type Body = Record<string, unknown>;

/** A child's complexity tier and care proceedings: what makes the case weigh more than its status alone. */
export async function caseFactorsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const context = (request: FastifyRequest) => ({ viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()), now: clock.now() });

  function view(page: CaseFactorsPage, values: Body | undefined, errors: FieldErrors, saved = false) {
    const court = values ? values.courtProceedings : page.factors.courtProceedingsSince ? 'yes' : 'no';
    return {
      title: `${page.child.name}: case factors`,
      activeTab: 'case-factors',
      ...page,
      values: { complexityTier: values ? String(values.complexityTier ?? '') : String(page.factors.complexityTier), courtProceedings: court },
      courtSinceItems: dateInputItems(values, 'courtSince', page.factors.courtProceedingsSince, Boolean(errors['courtSince-day'])),
      errors,
      saved,
    };
  }

  app.get<{ Params: { childId: string }; Querystring: { saved?: string } }>(
    '/children/:childId/case-factors',
    { preHandler: requireCaseRecordReader },
    async (request, reply) => {
      const page = await caseFactorsPage(db, context(request), request.params.childId);
      return reply.render(VIEW, view(page, undefined, {}, request.query.saved === '1'));
    },
  );

  app.post<{ Params: { childId: string } }>('/children/:childId/case-factors', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await changeCaseFactors(db, context(request), request.params.childId, body);
    if (result.ok) return reply.redirect(`/children/${request.params.childId}/case-factors?saved=1`, 303);
    return reply.code(400).render(VIEW, view(result.page, body, result.errors));
  });
}
