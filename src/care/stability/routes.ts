import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { placementsView, stabilityPage } from './service.ts';

const VIEWS = 'care/stability/views';

/** The placement stability measures, by team and for the council, for everyone who reads case records. */
export async function stabilityRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(db, clock);
  app.get('/care/stability', readers, async (request, reply) => {
    const view = await stabilityPage(reader(request));
    return reply.render(`${VIEWS}/stability.njk`, { title: 'Placement stability', ...view });
  });
}

/** A child's placement history, on their record (mounted by the record's area). */
export async function placementRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor } = childRecordSection(app, deps, { name: 'care', views: VIEWS });
  app.get<{ Params: RecordParams }>('/children/:childId/care/placements', reader, async (request, reply) => {
    const view = await placementsView(actor(request));
    return reply.render(`${VIEWS}/placements.njk`, { title: `${view.child.name}: placements`, activeTab: 'care', ...view });
  });
}
