import type { Db } from '../db/database.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import type { ScheduledJob } from '../platform/scheduler/scheduler.ts';
import { runOnceFor } from '../platform/scheduler/once.ts';
import { ensureScopeStored } from '../timescales/index.ts';
import { runDailyCaseloadCheck } from './caseload/service.ts';
import { notifyForecastRed } from './forecast/service.ts';
import { notifyOverdueWork } from './work-due/notices.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * The daily caseload check: safe on every instance, it takes an advisory lock and records the day it ran.
 * The overdue-work notices: once a day across instances, from today's stored due items.
 */
export function workloadJobs(db: Db, clock: Clock, settings: { notifyManagerAfterOverdueDays: number } = { notifyManagerAfterOverdueDays: 5 }): ScheduledJob[] {
  return [
    {
      name: 'caseload daily check',
      everyMs: FIFTEEN_MINUTES,
      async run() {
        const now = clock.now();
        const today = londonDate(now);
        const result = await runDailyCaseloadCheck(db, { today, now });
        if (!result.ran) return null;
        // Only the instance that claimed today's check gets here, so the forecast's warnings go out from one instance;
        // each names the worker and the week of the crossing, so a retry or a second run tells no one twice.
        const forecastRed = await notifyForecastRed(db, { today, now });
        return `ran for ${today}: ${result.workers} workers reassessed and snapshotted, ${result.escalated} variances escalated, ${forecastRed} workers forecast over red within 4 weeks`;
      },
    },
    {
      name: 'overdue work notices',
      everyMs: FIFTEEN_MINUTES,
      async run() {
        const now = clock.now();
        const today = londonDate(now);
        await ensureScopeStored(db, today);
        const result = await runOnceFor(db, 'overdue-work-notices', today, now, (trx) =>
          notifyOverdueWork(trx, { today, now, managerAfterDays: settings.notifyManagerAfterOverdueDays }),
        );
        return result.ran ? `${result.result} notifications of overdue visits and reviews for ${today}` : null;
      },
    },
  ];
}
