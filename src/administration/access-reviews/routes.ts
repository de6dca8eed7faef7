import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { Forbidden } from '../../platform/http/errors.ts';
import { formComplete, readForm } from '../../platform/http/forms.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { accessLog, grantsToReview, requestAccess, reviewGrant } from './service.ts';

const accessRequestForm = z.object({
  laChildId: z.string().trim().min(1, 'Enter the LA child ID').max(40, 'LA child ID must be 40 characters or fewer'),
  reason: z
    .string()
    .trim()
    .min(20, 'Give a reason of at least 20 characters: say why you need this record for your work')
    .max(1000, 'Reason must be 1,000 characters or fewer'),
  understood: z.literal('yes', { message: 'Confirm that you understand your access is recorded and reviewed' }),
});

const reviewForm = z.object({
  outcome: z.enum(['appropriate', 'inappropriate'], { message: 'Select whether the access was appropriate' }),
  note: z.string().trim().max(1000, 'Note must be 1,000 characters or fewer').optional(),
});

const REQUEST_TEMPLATE = 'administration/access-reviews/views/request.njk';

export async function accessRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { config, db } = deps;

  app.get('/access-requests/new', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    return reply.render(REQUEST_TEMPLATE, { title: 'Open a record with a reason', values: {}, hours: config.accessGrantHours });
  });

  app.post('/access-requests', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const form = readForm(accessRequestForm, request.body);
    if (!formComplete(form)) {
      return reply.code(400).render(REQUEST_TEMPLATE, { title: 'Open a record with a reason', errors: form.errors, values: request.body, hours: config.accessGrantHours });
    }
    const result = await requestAccess(db, viewerOf(request), request.auditContext(), form.values, config.accessGrantHours);
    if (result.outcome === 'refused') {
      return reply.code(400).render(REQUEST_TEMPLATE, {
        title: 'Open a record with a reason',
        errors: { laChildId: 'No record that can be opened with a reason has this LA child ID. Check the ID, or ask the allocated team.' },
        values: form.values,
        hours: config.accessGrantHours,
      });
    }
    return reply.redirect(`/children/${result.childId}`, 303);
  });

  const requireReviewer = async (request: Parameters<typeof requireCaseRecordReader>[0], reply: Parameters<typeof requireCaseRecordReader>[1]) => {
    await requireCaseRecordReader(request, reply);
    if (reply.sent) return;
    if (!MANAGER_ROLES.includes(request.user!.role)) throw new Forbidden('Only managers review access to records.');
  };

  app.get('/access-reviews', { preHandler: requireReviewer }, async (request, reply) => {
    const grants = await grantsToReview(db, viewerOf(request));
    return reply.render('administration/access-reviews/views/reviews.njk', {
      title: 'Access to review',
      pending: grants.filter((g) => !g.reviewed_at),
      reviewed: grants.filter((g) => g.reviewed_at),
    });
  });

  app.post<{ Params: { grantId: string } }>('/access-reviews/:grantId', { preHandler: requireReviewer }, async (request, reply) => {
    const form = readForm(reviewForm, request.body);
    if (!formComplete(form)) {
      const grants = await grantsToReview(db, viewerOf(request));
      return reply.code(400).render('administration/access-reviews/views/reviews.njk', {
        title: 'Access to review',
        errors: Object.fromEntries(Object.entries(form.errors).map(([field, message]) => [`${field}-${request.params.grantId}`, message])),
        pending: grants.filter((g) => !g.reviewed_at),
        reviewed: grants.filter((g) => g.reviewed_at),
      });
    }
    await reviewGrant(db, viewerOf(request), request.auditContext(), request.params.grantId, { outcome: form.values.outcome, note: form.values.note || null });
    return reply.redirect('/access-reviews', 303);
  });
}

/** A child's access log: who opened the record and why. The child's record owns /children/:childId/... and mounts it. */
export async function childAccessLogRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  app.get<{ Params: { childId: string }; Querystring: { page?: string } }>(
    '/children/:childId/access-log',
    { preHandler: requireCaseRecordReader },
    async (request, reply) => {
      const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const view = await accessLog(db, viewerOf(request), request.auditContext(), request.params.childId, londonDate(clock.now()), page);
      return reply.render('administration/access-reviews/views/access-log.njk', { title: `${view.child.name}: access log`, activeTab: 'access-log', ...view });
    },
  );
}
