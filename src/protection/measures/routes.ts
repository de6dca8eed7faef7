import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { MEASURES_CSV_COLUMNS, measuresCsv, measuresPage } from './service.ts';

/** Who sees the measures: managers and performance analysts (a team manager their team, a service manager their service, the others the council). */
export const MEASURES_ROLES = ['practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'performance_analyst'] as const;

/** The help and protection measures month by month, and the same figures as CSV. */
export async function measuresRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const managers = { preHandler: requireRole(deps.db, ...MEASURES_ROLES) };
  const reader = readerOf(deps.db, deps.clock);
  app.get<{ Querystring: { show?: string } }>('/protection/measures', managers, async (request, reply) => {
    const view = await measuresPage(reader(request), request.query.show);
    return reply.render('protection/measures/views/measures.njk', { title: `Help and protection measures: ${view.name}`, ...view });
  });
  app.get<{ Querystring: { show?: string } }>('/protection/measures.csv', managers, async (request, reply) => {
    const { filename, rows } = await measuresCsv(reader(request), request.query.show);
    return sendCsv(reply, filename, rows, { columns: MEASURES_CSV_COLUMNS });
  });
}
