import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Runs the work in the caller's transaction when there is one, or in a new one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Runs reads with each prepared statement's generic plan, made once per
 * connection, instead of a plan made afresh for every call.
 *
 * For a query of many joins (the `child_status` view, the access policy's
 * subqueries) PostgreSQL spends longer making a plan than running it (the
 * worker's open cases: about 3 ms to plan, under 1 ms to run), and its cost
 * model, which counts planning as almost free, keeps choosing a fresh plan.
 * The setting is not made for the whole connection because a generic plan
 * cannot use a partial index whose condition names a value the query passes
 * as a parameter (`role = 'lead'`), so some queries would become slower.
 * `SET LOCAL` ends with the transaction. In the caller's transaction the
 * reads run as they are.
 */
export function withGenericPlans<T>(db: Db, reads: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return reads(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
    return reads(trx);
  });
}
