import type { Db } from '../db/database.ts';
import { londonDate, type Clock } from '../platform/clock/clock.ts';
import type { ScheduledJob } from '../platform/scheduler/scheduler.ts';
import { ensureScopeStored } from './engine/store.ts';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Due items are stored per child and day; soon after midnight every open case
 * is worked out for the new day, so no reader pays for it. Children already
 * current are left alone, so most runs do nothing, on any instance.
 */
export function timescalesJobs(db: Db, clock: Clock): ScheduledJob[] {
  return [
    {
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
