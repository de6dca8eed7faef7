import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Body } from '../../platform/http/forms.ts';
import { requireSignedIn } from '../../platform/http/web.ts';
import {
  emailChoices,
  KIND_NAMES,
  listNotifications,
  markAllRead,
  NOTIFICATION_KINDS,
  openNotification,
  saveEmailChoices,
  type NotificationKindName,
} from '../../platform/notifications/notifications.ts';

const VIEWS = 'session/notifications/views';
const SHOWN = 100;

/** /notifications: a person's own notifications, and their choice of which to have by email too. */
export async function notificationRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const signedIn = { preHandler: requireSignedIn };

  app.get<{ Querystring: { done?: string } }>('/notifications', signedIn, async (request, reply) => {
    const userId = request.user!.id;
    const [rows, choices] = await Promise.all([listNotifications(db, userId, SHOWN), emailChoices(db, userId)]);
    return reply.render(`${VIEWS}/notifications.njk`, {
      title: 'Notifications',
      notifications: rows.map((n) => ({
        summary: NOTIFICATION_KINDS[n.kind as NotificationKindName]?.summary ?? 'Something needs your attention',
        at: n.created_at,
        unread: n.read_at === null,
        href: `/notifications/${n.id}`,
      })),
      shown: SHOWN,
      kinds: KIND_NAMES.map((kind) => ({ value: kind, text: NOTIFICATION_KINDS[kind].summary, hint: { text: NOTIFICATION_KINDS[kind].description }, checked: choices[kind] })),
      done: request.query.done,
    });
  });

  // Opening one marks it read, then goes to the page it is about, whose own access rules apply.
  app.get<{ Params: { id: string } }>('/notifications/:id', signedIn, async (request, reply) => {
    const link = isUuid(request.params.id) ? await openNotification(db, request.user!.id, request.params.id, clock.now()) : undefined;
    if (!link) throw new NotFound();
    return reply.redirect(link, 303);
  });

  app.post('/notifications/read', signedIn, async (request, reply) => {
    await markAllRead(db, request.user!.id, clock.now());
    return reply.redirect('/notifications?done=read', 303);
  });

  app.post('/notifications/choices', signedIn, async (request, reply) => {
    const sent = (request.body as Body | undefined)?.email;
    const chosen = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((k): k is NotificationKindName => typeof k === 'string' && (KIND_NAMES as string[]).includes(k));
    await db.transaction().execute(async (trx) => {
      await saveEmailChoices(trx, request.user!.id, chosen);
      await recordAudit(trx, request.auditContext(), {
        action: 'notifications.choices',
        outcome: 'allowed',
        subjectType: 'user',
        subjectId: request.user!.id,
        reason: `by email: ${chosen.join(', ') || 'none'}`,
      });
    });
    return reply.redirect('/notifications?done=choices', 303);
  });
}
