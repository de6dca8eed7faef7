// Telling a worker and their line manager that the worker's one-to-one
// supervision is overdue (docs/notifications.md), from the daily notices job.
import type { Db } from '../../db/database.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { supervisionDueOf } from './service.ts';

/** Supervision overdue longer than this when first seen is not "becoming" overdue: the first run does not notify the whole backlog. */
export const SUPERVISION_NOTICE_WINDOW_DAYS = 14;

/**
 * Notifies each monitored worker whose supervision became overdue (by the
 * supervision standards, docs/workforce.md) and their line manager, once per
 * due date: supervision recorded sets a new due date, so a later lapse is a
 * new event. The links open the supervision pages, which apply their own
 * rules. Returns how many notifications were written.
 */
export async function notifySupervisionOverdue(db: Db, options: { today: string; now: Date }): Promise<number> {
  const due = await supervisionDueOf(db, undefined, options.today);
  let written = 0;
  for (const worker of due.values()) {
    if (worker.due.status !== 'overdue' || worker.due.daysOverdue > SUPERVISION_NOTICE_WINDOW_DAYS) continue;
    const eventKey = `${worker.id}:${worker.due.dueOn}`;
    written += await notify(db, { kind: 'supervision-overdue', eventKey, userIds: [worker.id], link: '/supervision', now: options.now });
    written += await notify(db, { kind: 'supervision-overdue', eventKey, userIds: [worker.line_manager_id], link: `/supervision/workers/${worker.id}`, now: options.now });
  }
  return written;
}
