import type { Db } from '../../db/database.ts';
import { runDailyCaseloadCheck } from '../../features/caseload/service.ts';
import { londonDate, type Clock } from '../clock/clock.ts';
import type { ScheduledJob } from './scheduler.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * The application's scheduled jobs. Each is safe to run from every instance:
 * the work takes an advisory lock and records the day it ran. Later features
 * (timescales, supervision) add their nightly jobs here.
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
  ];
}
