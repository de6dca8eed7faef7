import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { careView } from './service.ts';

/** The care page of a child's record: mounted by the child's record, which owns /children/:childId/... */
export async function careRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor } = childRecordSection(app, deps, { name: 'care', views: 'care/record/views' });

  app.get<{ Params: RecordParams }>('/children/:childId/care', reader, async (request, reply) => {
    const view = await careView(actor(request));
    return reply.render('care/record/views/care.njk', { title: `${view.child.name}: care`, activeTab: 'care', ...view });
  });
}
