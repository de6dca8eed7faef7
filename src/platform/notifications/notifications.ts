// What the service tells a person without their looking: a row in their
// notifications, written with the event, and an email if they want one.
// Nothing here names a child: a notification says what kind of thing
// happened and links to the page, which applies its own access rules.
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { queueEmail } from '../email/outbox.ts';

export interface NotificationKind {
  /** What happened, neutral: shown in the service and as the email's subject. */
  summary: string;
  /** Who gets it and why, for the page where people choose. */
  description: string;
  /** Whether it is emailed to someone who has not chosen. */
  emailByDefault: boolean;
}

export const NOTIFICATION_KINDS = {
  'variance-opened': {
    summary: 'A caseload in your team has gone over a recommended level',
    description: 'A worker you manage has a caseload variance: their caseload has crossed the amber or red level, or is under the floor. An action plan is due.',
    emailByDefault: true,
  },
  'variance-escalated': {
    summary: 'A caseload variance has been escalated to you',
    description: 'A variance in a team you oversee had no action plan in time, or has stayed open too long, and has come to you: to the service manager, then the head of service, then the director.',
    emailByDefault: true,
  },
  'child-worried': {
    summary: 'A child has told us they are worried or feel unsafe',
    description: 'A child you work with, or whose worker you manage, said through their own link that they are worried or feel unsafe. It stays on your home page until someone records a response.',
    emailByDefault: true,
  },
  'forecast-red': {
    summary: 'A worker you manage is forecast to go over the red caseload level',
    description: 'The caseload forecast shows a worker you manage going over the red level within four weeks, from cases due to start or end, reductions, ASYE steps and the team’s rate of new allocations. Told once for each week it forecasts the crossing.',
    emailByDefault: true,
  },
  'item-overdue': {
    summary: 'A visit or review for a child you work with is overdue',
    description: 'A statutory visit or review of a child you are the allocated worker for has passed its due date. The link opens your work due, where it is listed.',
    emailByDefault: true,
  },
  'item-overdue-manager': {
    summary: 'A visit or review in your team has been overdue for some days',
    description: 'A statutory visit or review held by a worker you manage is still overdue some days after it was due (the council sets how many). The link opens the team’s work due.',
    emailByDefault: true,
  },
  'supervision-overdue': {
    summary: 'Supervision is overdue',
    description: 'Your own one-to-one supervision, or that of a worker you manage, has passed the date the supervision standards set.',
    emailByDefault: true,
  },
  'restricted-access-granted': {
    summary: 'Someone has been named on a restricted record you hold',
    description: 'A manager named another person on the restricted record of a child you are the allocated worker for, or whose worker you manage. The link opens the list of people named.',
    emailByDefault: true,
  },
  'weekly-digest': {
    summary: 'Your weekly summary of your teams is ready',
    description: 'Each week, for managers: your teams’ capacity, open variances, overdue work and overdue supervision, in figures, with links.',
    emailByDefault: true,
  },
} as const satisfies Record<string, NotificationKind>;

export type NotificationKindName = keyof typeof NOTIFICATION_KINDS;

export const KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKindName[];

/**
 * Notifies each person once of an event: `eventKey` names the event, so
 * calling again for it (a retried transaction, a second instance) adds
 * nothing. Call it inside the event's transaction.
 */
export async function notify(
  db: Db,
  event: { kind: NotificationKindName; eventKey: string; userIds: readonly (string | null)[]; link: string; now: Date; detail?: string },
): Promise<number> {
  const userIds = [...new Set(event.userIds.filter((id): id is string => id !== null))];
  if (userIds.length === 0) return 0;
  const inserted = await db
    .insertInto('notifications')
    .values(userIds.map((user_id) => ({ user_id, kind: event.kind, event_key: `${event.kind}:${event.eventKey}`, link: event.link, created_at: event.now, detail: event.detail ?? null })))
    .onConflict((oc) => oc.columns(['user_id', 'event_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** How many of a person's notifications are unread, as a column of a query on `users`: the session is read with it, in one round trip on every page. */
export function unreadCountColumn(eb: ExpressionBuilder<Database, 'users'>) {
  return eb
    .selectFrom('notifications')
    .select((inner) => inner.fn.countAll<string>().as('n'))
    .whereRef('notifications.user_id', '=', 'users.id')
    .where('notifications.read_at', 'is', null)
    .as('unread_notifications');
}

export async function listNotifications(db: Db, userId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks one of the person's notifications read and gives its link; undefined when it is not theirs. */
export async function openNotification(db: Db, userId: string, id: string, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('link')
    .executeTakeFirst();
  return row?.link;
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The kinds whose email the council requires: no one can turn it off. */
export async function requiredKinds(db: Db): Promise<Set<NotificationKindName>> {
  const rows = await db.selectFrom('notification_requirements').select('kind').where('email_required', '=', true).execute();
  return new Set(rows.map((r) => r.kind).filter((k): k is NotificationKindName => (KIND_NAMES as string[]).includes(k)));
}

/**
 * Sets which kinds' email the council requires (the others: each person
 * chooses). Returns the kinds whose rule changed, for the audit.
 */
export async function saveRequiredKinds(db: Db, required: readonly NotificationKindName[], by: string, now: Date): Promise<{ nowRequired: NotificationKindName[]; noLongerRequired: NotificationKindName[] }> {
  const before = await requiredKinds(db);
  await db
    .insertInto('notification_requirements')
    .values(KIND_NAMES.map((kind) => ({ kind, email_required: required.includes(kind), set_by: by, set_at: now })))
    .onConflict((oc) => oc.column('kind').doUpdateSet((eb) => ({ email_required: eb.ref('excluded.email_required'), set_by: eb.ref('excluded.set_by'), set_at: eb.ref('excluded.set_at') })))
    .execute();
  return {
    nowRequired: required.filter((k) => !before.has(k)),
    noLongerRequired: [...before].filter((k) => !required.includes(k)),
  };
}

/** The person's email for each kind: required by the council, else their choice where they made one, else the kind's default. */
export async function emailChoices(db: Db, userId: string): Promise<{ byEmail: Record<NotificationKindName, boolean>; required: Set<NotificationKindName> }> {
  const [rows, required] = await Promise.all([db.selectFrom('notification_choices').select(['kind', 'by_email']).where('user_id', '=', userId).execute(), requiredKinds(db)]);
  const byEmail = Object.fromEntries(
    KIND_NAMES.map((kind) => [kind, required.has(kind) || (rows.find((r) => r.kind === kind)?.by_email ?? NOTIFICATION_KINDS[kind].emailByDefault)]),
  ) as Record<NotificationKindName, boolean>;
  return { byEmail, required };
}

/** Saves the person's choice for these kinds (every kind unless named): a kind the council requires keeps the person's own choice for if the rule is lifted. */
export async function saveEmailChoices(db: Db, userId: string, byEmail: readonly NotificationKindName[], kinds: readonly NotificationKindName[] = KIND_NAMES): Promise<void> {
  if (kinds.length === 0) return;
  await db
    .insertInto('notification_choices')
    .values(kinds.map((kind) => ({ user_id: userId, kind, by_email: byEmail.includes(kind) })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ by_email: eb.ref('excluded.by_email') })))
    .execute();
}

interface Service {
  serviceName: string;
  councilName: string;
  publicUrl: string;
}

/**
 * Puts the emails of new notifications in the outbox, for those who want
 * them (the council's requirement, else their choice, else the kind's
 * default), and marks every new
 * notification dealt with. Claims rows with SKIP LOCKED, so instances running
 * it at once never take the same one, and the outbox's key per notification
 * means a retried run never queues a second email. Returns how many emails
 * were queued.
 */
export async function queueNotificationEmails(db: Db, service: Service, now: Date, batch = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .leftJoin('notification_choices', (join) => join.onRef('notification_choices.user_id', '=', 'notifications.user_id').onRef('notification_choices.kind', '=', 'notifications.kind'))
      .leftJoin('notification_requirements', 'notification_requirements.kind', 'notifications.kind')
      .select([
        'notifications.id',
        'notifications.kind',
        'notifications.link',
        'notifications.detail',
        'notifications.user_id',
        'users.email',
        'users.name',
        'users.disabled_at',
        'notification_choices.by_email',
        'notification_requirements.email_required',
      ])
      .where('notifications.email_queued_at', 'is', null)
      .orderBy('notifications.created_at')
      .limit(batch)
      .forUpdate('notifications')
      .skipLocked()
      .execute();
    let queued = 0;
    for (const row of rows) {
      const kind = NOTIFICATION_KINDS[row.kind as NotificationKindName];
      const required = row.email_required === true;
      const wanted = kind !== undefined && row.disabled_at === null && (required || (row.by_email ?? kind.emailByDefault));
      if (wanted) {
        const link = `${service.publicUrl}${row.link}`;
        await queueEmail(
          trx,
          {
            idempotencyKey: `notification:${row.id}`,
            to: row.email,
            userId: row.user_id,
            subject: kind.summary,
            link,
            text: [
              `Hello ${row.name},`,
              '',
              `${kind.summary}.`,
              ...(row.detail ? ['', row.detail] : []),
              '',
              `Sign in to ${service.serviceName} to see it:`,
              '',
              link,
              '',
              required
                ? `${service.councilName} requires this email to be sent to everyone it concerns.`
                : `You chose to get this email, or it is on by default. To change which emails you get, open "Notifications" in ${service.serviceName} (${service.councilName}).`,
            ].join('\n'),
          },
          now,
        );
        queued += 1;
      }
    }
    if (rows.length > 0) await trx.updateTable('notifications').set({ email_queued_at: now }).where('id', 'in', rows.map((r) => r.id)).execute();
    return queued;
  });
}
