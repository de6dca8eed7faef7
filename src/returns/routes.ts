import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { requireReturnsMaker } from '../platform/access/returns-maker.ts';
import { makesReturns, RETURN_CHECKERS } from '../platform/access/roles.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import { sendCsv } from '../platform/csv/csv.ts';
import { dateInputItems } from '../platform/http/dates.ts';
import { NotFound } from '../platform/http/errors.ts';
import { viewerOf } from '../platform/record-access/viewer.ts';
import { isSsdObject, SSD_NOT_COVERED, SSD_OBJECTS } from './ssd/objects.ts';
import { generateSsd, ssdView } from './ssd/service.ts';
import { collectionYearLabel, isSsda903Table, SSDA903_TABLES } from './ssda903/rules.ts';
import { generateSsda903, returnView, ruleView } from './ssda903/service.ts';
import { SSDA903_RULES } from './ssda903/validation.ts';
import { chosenYear, yearsOffered } from './years.ts';
import { cinReturnView } from './cin/service.ts';

/** The statutory returns, for those who make them: the year's SSDA903 tables as the DfE's CSV, and the errors its rules and the CIN census's rules find. */
export async function returnsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const makers = { preHandler: requireReturnsMaker(deps.db) };
  const makersAndManagers = { preHandler: requireReturnsMaker(deps.db, ...RETURN_CHECKERS) };
  const yearOf = (asked: string | undefined) => {
    const yearEnd = chosenYear(asked, londonDate(deps.clock.now()));
    if (yearEnd === null) throw new NotFound('There is no return for that year.');
    return yearEnd;
  };

  app.get<{ Querystring: { year?: string } }>('/returns', makersAndManagers, async (request, reply) => {
    const yearEnd = yearOf(request.query.year);
    const view = await returnView(deps.db, viewerOf(request), makesReturns(request.user!), request.auditContext(), yearEnd);
    const cin = await cinReturnView(deps.db, viewerOf(request), makesReturns(request.user!), request.auditContext(), yearEnd);
    return reply.render('returns/views/returns.njk', {
      title: `Statutory returns: ${collectionYearLabel(yearEnd)}`,
      yearLabel: collectionYearLabel(yearEnd),
      yearEnd,
      yearItems: yearsOffered(londonDate(deps.clock.now())).map((y) => ({ value: String(y.yearEnd), text: y.label, selected: y.yearEnd === yearEnd })),
      annexADateItems: dateInputItems(undefined, 'date', londonDate(deps.clock.now())),
      ...view,
      cin,
    });
  });

  app.get<{ Params: { year: string; rule: string } }>('/returns/ssda903/:year/rules/:rule', makersAndManagers, async (request, reply) => {
    const yearEnd = yearOf(request.params.year);
    if (!Object.hasOwn(SSDA903_RULES, request.params.rule)) throw new NotFound('That rule is not one Steadfast checks.');
    const view = await ruleView(deps.db, viewerOf(request), makesReturns(request.user!), request.auditContext(), yearEnd, request.params.rule);
    return reply.render('returns/views/rule.njk', { title: `Rule ${request.params.rule}: ${collectionYearLabel(yearEnd)}`, yearLabel: collectionYearLabel(yearEnd), yearEnd, ...view });
  });

  app.get<{ Params: { year: string; table: string } }>('/returns/ssda903/:year/:table.csv', makers, async (request, reply) => {
    const yearEnd = yearOf(request.params.year);
    const table = request.params.table;
    if (!isSsda903Table(table)) throw new NotFound('There is no such table in the return.');
    const tables = await generateSsda903(deps.db, request.auditContext(), yearEnd, { action: 'returns.ssda903.download', table });
    const columns: readonly string[] = SSDA903_TABLES.find((t) => t.name === table)!.columns;
    return sendCsv(reply, `SSDA903_${yearEnd}_${table}.csv`, tables[table], { columns });
  });

  // The Standard Safeguarding Dataset: for those who make returns only (it holds every child, restricted children too).
  app.get('/returns/ssd', makers, async (request, reply) => {
    const today = londonDate(deps.clock.now());
    const view = await ssdView(deps.db, request.auditContext(), today);
    return reply.render('returns/ssd/views/ssd.njk', { title: 'Standard Safeguarding Dataset', today, notCovered: SSD_NOT_COVERED, ...view });
  });

  app.get<{ Params: { object: string } }>('/returns/ssd/:object.csv', makers, async (request, reply) => {
    const object = request.params.object;
    if (!isSsdObject(object)) throw new NotFound('There is no such object in the Standard Safeguarding Dataset export.');
    const rows = await generateSsd(deps.db, request.auditContext(), londonDate(deps.clock.now()), { action: 'returns.ssd.download', object });
    const columns: readonly string[] = SSD_OBJECTS[object].fields;
    return sendCsv(reply, `${object}.csv`, rows[object] as Record<string, string>[], { columns });
  });
}
