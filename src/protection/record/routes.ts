import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { protectionView } from './service.ts';

/** The help and protection page of a child's record: where the child is on the journey, and what comes next. */
export async function protectionRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor } = childRecordSection(app, deps, { name: 'protection', views: 'protection/record/views' });

  app.get<{ Params: RecordParams }>('/children/:childId/protection', reader, async (request, reply) => {
    const view = await protectionView(actor(request));
    return reply.render('protection/record/views/protection.njk', { title: `${view.child.name}: help and protection`, activeTab: 'protection', ...view });
  });
}
