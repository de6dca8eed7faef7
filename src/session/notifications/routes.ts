import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Body } from '../../platform/http/forms.ts';
import { requireRole, requireSignedIn } from '../../platform/http/web.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import {
  emailChoices,
  KIND_NAMES,
  listNotifications,
  markAllRead,
  NOTIFICATION_KINDS,
  openNotification,
  requiredKinds,
  saveEmailChoices,
  saveRequiredKinds,
  type NotificationKindName,
} from '../../platform/notifications/notifications.ts';
import { DIGEST_ROLES, digestFor } from './digest.ts';

const VIEWS = 'session/notifications/views';
const SHOWN = 100;

/** /notifications: a person's own notifications, and their choice of which to have by email too. */
export async function notificationRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const signedIn = { preHandler: requireSignedIn };

  app.get<{ Querystring: { done?: string } }>('/notifications', signedIn, async (request, reply) => {
    const userId = request.user!.id;
    const [rows, { byEmail, required }] = await Promise.all([listNotifications(db, userId, SHOWN), emailChoices(db, userId)]);
    return reply.render(`${VIEWS}/notifications.njk`, {
      title: 'Notifications',
      notifications: rows.map((n) => ({
        summary: NOTIFICATION_KINDS[n.kind as NotificationKindName]?.summary ?? 'Something needs your attention',
        at: n.created_at,
        unread: n.read_at === null,
        href: `/notifications/${n.id}`,
      })),
      shown: SHOWN,
      digest: DIGEST_ROLES.includes(request.user!.role),
      // A kind the council requires is not a choice: it is listed as always emailed, and left out of the boxes.
      required: KIND_NAMES.filter((kind) => required.has(kind)).map((kind) => NOTIFICATION_KINDS[kind].summary),
      kinds: KIND_NAMES.filter((kind) => !required.has(kind)).map((kind) => ({
        value: kind,
        text: NOTIFICATION_KINDS[kind].summary,
        hint: { text: NOTIFICATION_KINDS[kind].description },
        checked: byEmail[kind],
      })),
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
    const required = await requiredKinds(db);
    // A kind the council requires is emailed whatever is ticked; the person's earlier choice for it is left as it was.
    const chosen = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter(
      (k): k is NotificationKindName => typeof k === 'string' && (KIND_NAMES as string[]).includes(k) && !required.has(k as NotificationKindName),
    );
    await db.transaction().execute(async (trx) => {
      await saveEmailChoices(trx, request.user!.id, chosen, KIND_NAMES.filter((k) => !required.has(k)));
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

  // The managers' weekly digest, as it stands now: figures only, with links to the pages behind them.
  app.get('/notifications/digest', signedIn, async (request, reply) => {
    const now = clock.now();
    const digest = await digestFor(db, viewerOf(request), londonDate(now), now);
    if (!digest) throw new NotFound();
    return reply.render(`${VIEWS}/digest.njk`, { title: 'Weekly summary of your teams', ...digest, asAt: now });
  });

  // Council-required channels: which kinds are always emailed, whatever people choose.
  const rulers = { preHandler: requireRole(db, 'head_of_service', 'system_admin') };
  const rulesPage = async (done?: string) => {
    const required = await requiredKinds(db);
    return {
      title: 'Notification emails the council requires',
      kinds: KIND_NAMES.map((kind) => ({ value: kind, text: NOTIFICATION_KINDS[kind].summary, hint: { text: NOTIFICATION_KINDS[kind].description }, checked: required.has(kind) })),
      done,
    };
  };

  app.get<{ Querystring: { done?: string } }>('/admin/notifications', rulers, async (request, reply) => {
    return reply.render(`${VIEWS}/required.njk`, await rulesPage(request.query.done === 'saved' ? 'saved' : undefined));
  });

  app.post('/admin/notifications', rulers, async (request, reply) => {
    const sent = (request.body as Body | undefined)?.required;
    const required = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((k): k is NotificationKindName => typeof k === 'string' && (KIND_NAMES as string[]).includes(k));
    await db.transaction().execute(async (trx) => {
      const changed = await saveRequiredKinds(trx, required, request.user!.id, clock.now());
      await recordAudit(trx, request.auditContext(), {
        action: 'notifications.required',
        outcome: 'allowed',
        subjectType: 'notification_rules',
        subjectId: 'council',
        reason: `required by email: ${required.join(', ') || 'none'}; now required: ${changed.nowRequired.join(', ') || 'none'}; no longer required: ${changed.noLongerRequired.join(', ') || 'none'}`,
      });
    });
    return reply.redirect('/admin/notifications?done=saved', 303);
  });
}
