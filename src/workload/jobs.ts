import type { Db } from '../db/database.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import type { ScheduledJob } from '../platform/scheduler/scheduler.ts';
import { runDailyCaseloadCheck } from './caseload/service.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/** The daily caseload check: safe on every instance, it takes an advisory lock and records the day it ran. */
export function workloadJobs(db: Db, clock: Clock): ScheduledJob[] {
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
