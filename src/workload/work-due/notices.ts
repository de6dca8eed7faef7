// Telling people that a visit or review has become overdue (docs/notifications.md):
// the case's lead worker at once, their line manager after a set number of
// days. From the daily notices job, once across instances; each item
// notifies each person once, however often the job runs.
import type { Db } from '../../db/database.ts';
import { addDays, daysBetween } from '../../platform/calendar/dates.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { MEASURE_GROUPS } from '../../timescales/index.ts';
import { findOverdueForNotice } from './queries.ts';

/** Visits and reviews: the work whose lateness the council asked to be told of. */
export const NOTICE_KINDS: readonly string[] = [...MEASURE_GROUPS.visits, ...MEASURE_GROUPS.reviews];

/**
 * How far back an overdue item is still "becoming" overdue: the first run
 * after a day without one catches up, and the first run of all does not send
 * a worker one notification for every item that has been late for months.
 */
export const NOTICE_WINDOW_DAYS = 14;

/**
 * Notifies the lead worker of each visit or review overdue as at `today`
 * (fallen due within the window), and the worker's line manager of those
 * overdue `managerAfterDays` or more (within the window after that). The
 * links go to the work-due pages, which list the item under their own access
 * rules; nothing names the child. Returns how many notifications were written.
 */
export async function notifyOverdueWork(db: Db, options: { today: string; now: Date; managerAfterDays: number }): Promise<number> {
  const { today, now, managerAfterDays } = options;
  const rows = await findOverdueForNotice(db, today, NOTICE_KINDS, addDays(today, -(managerAfterDays + NOTICE_WINDOW_DAYS)));
  let written = 0;
  for (const row of rows) {
    const key = `${row.child_id}:${row.kind}:${row.due_date}`;
    const late = daysBetween(row.due_date, today);
    if (late <= NOTICE_WINDOW_DAYS) {
      written += await notify(db, { kind: 'item-overdue', eventKey: key, userIds: [row.lead_worker_id], link: '/work', now });
    }
    if (late >= managerAfterDays && row.line_manager_id && row.lead_team_id) {
      written += await notify(db, { kind: 'item-overdue-manager', eventKey: key, userIds: [row.line_manager_id], link: `/work/teams/${row.lead_team_id}`, now });
    }
  }
  return written;
}
