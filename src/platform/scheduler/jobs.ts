import type { Db } from '../../db/database.ts';
import { runDailyCaseloadCheck } from '../../workload/caseload/service.ts';
import { ensureScopeStored } from '../../timescales/engine/store.ts';
import { londonDate, type Clock } from '../clock/clock.ts';
import type { ScheduledJob } from './scheduler.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * The application's scheduled jobs. Each is safe to run from every instance:
 * the work takes an advisory lock and records the day it ran, or (the
 * timescales) does only what no instance has done yet.
 */
export function applicationJobs(db: Db, clock: Clock): ScheduledJob[] {
  return [
    {
      name: 'caseload daily check',
      everyMs: FIFTEEN_MINUTES,
      async run() {
        const now = clock.now();
        const today = londonDate(now);
        const result = await runDailyCaseloadCheck(db, { today, now });
        return result.ran ? `ran for ${today}: ${result.workers} workers reassessed and snapshotted, ${result.escalated} variances escalated` : null;
      },
    },
    {
      // Due items are stored per child and day; soon after midnight every open case is worked out for the new day,
      // so no reader pays for it. Children already current are left alone, so most runs do nothing.
      name: 'timescales for the day',
      everyMs: FIFTEEN_MINUTES,
      async run() {
        const today = londonDate(clock.now());
        const workedOut = await ensureScopeStored(db, today);
        return workedOut > 0 ? `worked out ${workedOut} children's due items for ${today}` : null;
      },
    },
  ];
}
