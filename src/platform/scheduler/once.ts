import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Runs `work` once for `job` and `runDate` across every app instance: an
 * advisory lock keeps two instances from running it at the same moment, and a
 * row in scheduled_runs, written in the same transaction, keeps it from
 * running again for that date. Work that fails rolls the row back, so the next
 * run tries again.
 */
export async function runOnceFor<T>(db: Db, job: string, runDate: string, now: Date, work: (trx: Db) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${`steadfast:${job}`})) AS locked`.execute(trx);
    if (!locked.rows[0]?.locked) return { ran: false } as const;
    const claimed = await trx.insertInto('scheduled_runs').values({ job, run_date: runDate, started_at: now }).onConflict((oc) => oc.doNothing()).returning('job').executeTakeFirst();
    if (!claimed) return { ran: false } as const;
    const result = await work(trx);
    await trx.updateTable('scheduled_runs').set({ finished_at: now }).where('job', '=', job).where('run_date', '=', runDate).execute();
    return { ran: true, result } as const;
  });
}
