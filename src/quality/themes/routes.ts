import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { reportCsv, reportPage, THEME_READERS, themesPage, type ThemesQuery } from './service.ts';

const VIEWS = 'quality/themes/views';

/** Themes across audits, observations and feedback; the quarterly practice report and the CSV behind each of its charts. */
export async function themesRoutes(app: FastifyInstance, deps: AreaDeps) {
  const readers = { preHandler: requireRole(deps.db, ...THEME_READERS) };
  const reader = readerOf(deps.db, deps.clock);

  app.get<{ Querystring: ThemesQuery }>('/quality/themes', readers, async (request, reply) => {
    const page = await themesPage(reader(request), request.query);
    return reply.render(`${VIEWS}/themes.njk`, { title: `Practice themes: ${page.scope.name}`, ...page });
  });

  app.get<{ Querystring: ThemesQuery }>('/quality/themes/report', readers, async (request, reply) => {
    const page = await reportPage(reader(request), request.query);
    return reply.render(`${VIEWS}/report.njk`, { title: `Practice report, ${page.quarter.label}: ${page.scope.name}`, ...page });
  });

  app.get<{ Querystring: ThemesQuery }>('/quality/themes/report.csv', readers, async (request, reply) => {
    const csv = await reportCsv(reader(request), request.query);
    return sendCsv(reply, csv.filename, csv.rows, { columns: csv.columns });
  });
}
