import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { requireReturnsMaker } from '../../platform/access/returns-maker.ts';
import { makesReturns, RETURN_CHECKERS } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { collectionYearLabel } from '../ssda903/rules.ts';
import { chosenYear } from '../years.ts';
import { cinRuleView, generateCinCensus } from './service.ts';
import { CIN_RULES } from './validation.ts';

/** The CIN census: the year's XML for those who make returns, and each rule's children for them and for managers. */
export async function cinRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const makers = { preHandler: requireReturnsMaker(deps.db) };
  const makersAndManagers = { preHandler: requireReturnsMaker(deps.db, ...RETURN_CHECKERS) };
  const yearOf = (asked: string) => {
    const yearEnd = chosenYear(asked, londonDate(deps.clock.now()));
    if (yearEnd === null) throw new NotFound('There is no return for that year.');
    return yearEnd;
  };

  app.get<{ Params: { year: string } }>('/returns/cin/:year.xml', makers, async (request, reply) => {
    const yearEnd = yearOf(request.params.year);
    const { xml } = await generateCinCensus(deps.db, request.auditContext(), yearEnd, deps.config.councilLaCode, 'returns.cin.download');
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="CIN_${yearEnd}.xml"`).send(xml);
  });

  app.get<{ Params: { year: string; rule: string } }>('/returns/cin/:year/rules/:rule', makersAndManagers, async (request, reply) => {
    const yearEnd = yearOf(request.params.year);
    if (!CIN_RULES.has(request.params.rule)) throw new NotFound('That rule is not one Steadfast checks.');
    const view = await cinRuleView(deps.db, viewerOf(request), makesReturns(request.user!), request.auditContext(), yearEnd, request.params.rule);
    return reply.render('returns/cin/views/rule.njk', { title: `CIN census rule ${request.params.rule}: ${collectionYearLabel(yearEnd)}`, yearLabel: collectionYearLabel(yearEnd), yearEnd, ...view });
  });
}
