import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import { RETURNS_ROLES } from '../platform/access/roles.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import { sendCsv } from '../platform/csv/csv.ts';
import { NotFound } from '../platform/http/errors.ts';
import { requireRole } from '../platform/http/web.ts';
import { collectionYearLabel, isSsda903Table, SSDA903_TABLES } from './ssda903/rules.ts';
import { generateSsda903 } from './ssda903/service.ts';
import { chosenYear, yearsOffered } from './years.ts';

/** The statutory returns, for those who make them: each table of the year's SSDA903 as the DfE's CSV. */
export async function returnsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const makers = { preHandler: requireRole(deps.db, ...RETURNS_ROLES) };

  app.get<{ Querystring: { year?: string } }>('/returns', makers, async (request, reply) => {
    const today = londonDate(deps.clock.now());
    const yearEnd = chosenYear(request.query.year, today);
    if (yearEnd === null) throw new NotFound('There is no return for that year.');
    const tables = await generateSsda903(deps.db, request.auditContext(), yearEnd, { action: 'returns.ssda903.generate' });
    return reply.render('returns/views/returns.njk', {
      title: `Statutory returns: ${collectionYearLabel(yearEnd)}`,
      yearLabel: collectionYearLabel(yearEnd),
      yearEnd,
      yearItems: yearsOffered(today).map((y) => ({ value: String(y.yearEnd), text: y.label, selected: y.yearEnd === yearEnd })),
      tables: SSDA903_TABLES.map((t) => ({ name: t.name, rows: tables[t.name].length, href: `/returns/ssda903/${yearEnd}/${t.name}.csv` })),
    });
  });

  app.get<{ Params: { year: string; table: string } }>('/returns/ssda903/:year/:table.csv', makers, async (request, reply) => {
    const today = londonDate(deps.clock.now());
    const yearEnd = chosenYear(request.params.year, today);
    const table = request.params.table;
    if (yearEnd === null || !isSsda903Table(table)) throw new NotFound('There is no such table in the return.');
    const tables = await generateSsda903(deps.db, request.auditContext(), yearEnd, { action: 'returns.ssda903.download', table });
    const columns: readonly string[] = SSDA903_TABLES.find((t) => t.name === table)!.columns;
    return sendCsv(reply, `SSDA903_${yearEnd}_${table}.csv`, tables[table], { columns });
  });
}
