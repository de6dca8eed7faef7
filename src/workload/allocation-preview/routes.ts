import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { allocationPreviewPage } from './page.ts';

/** The allocation impact preview for one child against one team's case holders. */
export async function allocationPreviewRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  app.get<{ Params: { childId: string }; Querystring: { team?: string | string[] } }>(
    '/children/:childId/allocation-preview',
    { preHandler: requireCaseRecordReader },
    async (request, reply) => {
      const team = [request.query.team].flat()[0];
      const page = await allocationPreviewPage(
        db,
        { viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()) },
        request.params.childId,
        team,
      );
      return reply.render('workload/allocation-preview/views/page.njk', {
        title: `${page.child.name}: allocation preview`,
        activeTab: 'allocations',
        ...page,
        allocationPreview: page.kind === 'preview' ? page.preview : undefined,
        allocationPreviewCaption: page.kind === 'preview' ? `If ${page.child.forename} were allocated to someone in ${page.team.name}` : undefined,
      });
    },
  );
}
