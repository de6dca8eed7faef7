// The email outbox as administrators see it: messages not yet sent, and those given up.
import type { FastifyInstance } from 'fastify';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { retryFailedEmail, unsentEmails } from '../../platform/email/outbox.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { VIEWS, type AdminPageDeps } from './person-page.ts';

/**
 * /admin/emails: the messages waiting to be sent and those the worker gave
 * up on, with the neutral subject and the last error, never the body. With no
 * mail server configured (development and trials), each waiting message's
 * link is shown so an administrator can pass it on by hand.
 */
export async function emailRoutes(app: FastifyInstance, deps: AdminPageDeps) {
  const { db, clock, config, adminOnly } = deps;

  app.get<{ Querystring: { done?: string } }>('/admin/emails', adminOnly, async (request, reply) => {
    const rows = await unsentEmails(db);
    return reply.render(`${VIEWS}/emails.njk`, {
      title: 'Emails',
      mailServer: config.smtp !== null,
      failed: rows.filter((r) => r.failed_at),
      waiting: rows.filter((r) => !r.failed_at),
      done: request.query.done === 'retry',
    });
  });

  app.post<{ Params: { id: string } }>('/admin/emails/:id/retry', adminOnly, async (request, reply) => {
    if (!isUuid(request.params.id)) throw new NotFound();
    const context = request.auditContext();
    const retried = await db.transaction().execute(async (trx) => {
      const row = await retryFailedEmail(trx, request.params.id, clock.now());
      if (row) {
        await recordAudit(trx, context, {
          action: 'email.retry',
          outcome: 'allowed',
          subjectType: 'email',
          subjectId: request.params.id,
          reason: `"${row.subject}" to ${row.recipient} queued again`,
        });
      }
      return row;
    });
    if (!retried) throw new NotFound();
    return reply.redirect('/admin/emails?done=retry', 303);
  });
}
