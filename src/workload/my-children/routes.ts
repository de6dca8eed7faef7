import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { myChildrenPage } from './service.ts';

/** A worker's own children: every open allocation they hold, as lead, co-worker, IRO or personal adviser. */
export async function myChildrenRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  app.get('/my-children', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const view = await myChildrenPage(deps.db, viewerOf(request), request.auditContext(), londonDate(deps.clock.now()));
    return reply.render('workload/my-children/views/my-children.njk', { title: 'My children', ...view });
  });
}
