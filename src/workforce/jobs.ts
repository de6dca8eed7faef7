import type { Db } from '../db/database.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import type { ScheduledJob } from '../platform/scheduler/scheduler.ts';
import { runOnceFor } from '../platform/scheduler/once.ts';
import { notifySupervisionOverdue } from './supervision/notices.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/** Overdue supervision notices: once a day across instances. */
export function workforceJobs(db: Db, clock: Clock): ScheduledJob[] {
  return [
    {
      name: 'supervision notices',
      everyMs: FIFTEEN_MINUTES,
      async run() {
        const now = clock.now();
        const today = londonDate(now);
        const result = await runOnceFor(db, 'supervision-notices', today, now, (trx) => notifySupervisionOverdue(trx, { today, now }));
        return result.ran ? `${result.result} notifications of overdue supervision for ${today}` : null;
      },
    },
  ];
}
