import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { councilWork, CSV_COLUMNS, csvRecord, exportWork, myWork, readFilters, serviceWork, teamWork, type WorkRow } from './service.ts';
import { readTripOptions, tripPlan } from './trips.ts';
import { readMonths, timelinessPage } from './timeliness.ts';

const VIEWS = 'workload/work-due/views';
type Query = Record<string, unknown>;

/** My work, a team's and a service's work due, the council's counts, CSV, trips and timeliness. Administrators get 403. */
export async function workDueRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(db, clock);

  app.get('/work', readers, async (request, reply) => {
    const view = await myWork(reader(request));
    return reply.render(`${VIEWS}/my-work.njk`, { title: 'My work', ...view });
  });

  app.get<{ Params: { teamId: string }; Querystring: Query }>('/work/teams/:teamId', readers, async (request, reply) => {
    const view = await teamWork(reader(request), request.params.teamId, readFilters(request.query));
    return reply.render(`${VIEWS}/group.njk`, { title: view.heading, ...view });
  });

  app.get<{ Params: { serviceId: string }; Querystring: Query }>('/work/services/:serviceId', readers, async (request, reply) => {
    const view = await serviceWork(reader(request), request.params.serviceId, readFilters(request.query));
    return reply.render(`${VIEWS}/group.njk`, { title: view.heading, ...view });
  });

  app.get('/work/council', readers, async (request, reply) => {
    const view = await councilWork(reader(request));
    return reply.render(`${VIEWS}/council.njk`, { title: 'Work due across the council', ...view });
  });

  const csv = (rows: WorkRow[], name: string, reply: FastifyReply) =>
    sendCsv(reply, `${name}-${londonDate(clock.now())}.csv`, rows.map(csvRecord), { columns: CSV_COLUMNS });

  app.get<{ Params: { teamId: string }; Querystring: Query }>('/work/teams/:teamId/export.csv', readers, async (request, reply) => {
    return csv(await exportWork(reader(request), 'team', request.params.teamId, readFilters(request.query)), 'work-due-team', reply);
  });

  app.get<{ Params: { serviceId: string }; Querystring: Query }>('/work/services/:serviceId/export.csv', readers, async (request, reply) => {
    return csv(await exportWork(reader(request), 'service', request.params.serviceId, readFilters(request.query)), 'work-due-service', reply);
  });

  app.get<{ Querystring: Query }>('/work/trips', readers, async (request, reply) => {
    const { options, errors } = readTripOptions(request.query);
    const view = await tripPlan(reader(request), options);
    if (Object.keys(errors).length) reply.code(400);
    return reply.render(`${VIEWS}/trips.njk`, { title: 'Trip planner', ...view, errors, values: options });
  });

  app.get<{ Querystring: Query }>('/work/timeliness', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/timeliness.njk`, await timelinessPage(reader(request), { kind: 'landing' }, readMonths(request.query)));
  });
  app.get<{ Params: { serviceId: string }; Querystring: Query }>('/work/timeliness/services/:serviceId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/timeliness.njk`, await timelinessPage(reader(request), { kind: 'service', id: request.params.serviceId }, readMonths(request.query)));
  });
  app.get<{ Params: { teamId: string }; Querystring: Query }>('/work/timeliness/teams/:teamId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/timeliness.njk`, await timelinessPage(reader(request), { kind: 'team', id: request.params.teamId }, readMonths(request.query)));
  });
}
