import { sql, type Kysely } from 'kysely';
import { DUE_STORE_LOCK } from './0008_due_store.ts';

/**
 * Whether every child led in the council is worked out for today was asked
 * on every view of the council's caseloads by comparing every open lead with
 * the day each child was worked out: about 250 ms in a large region (62,000
 * open cases). Now the question is answered from what changed since the
 * council was last found complete:
 *
 * - `due_council_day` holds the day on which every child led in the council
 *   was last found worked out (the nightly job finds it so, under the
 *   store's exclusive lock, and empties `due_pending` as it does);
 * - `due_pending` gains every child whose stored items change after that:
 *   the triggers of migration 0008 add the children they forget (a new lead
 *   is a change to allocations, so a child newly led is added too), and
 *   storing adds the children it stores.
 *
 * So on the day in `due_council_day`, a led child not worked out for that day
 * is always in `due_pending`, and only those need comparing. On any other
 * day, or after a change to the local standards (which forgets every child
 * and the day), the whole comparison is made, as before; these indexes make
 * it two index-only scans in child order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE due_council_day (as_at date PRIMARY KEY);
    CREATE TABLE due_pending (child_id uuid PRIMARY KEY);

    CREATE INDEX allocations_open_leads_idx ON allocations (child_id) INCLUDE (role, team_id, worker_id)
      WHERE end_date IS NULL AND role IN ('lead', 'personal_adviser');
    CREATE INDEX due_computed_day_idx ON due_computed (as_at, child_id);

    CREATE OR REPLACE FUNCTION forget_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed text;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(DUE_STORE_LOCK)}));
      FOREACH changed IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['new_rows', 'old_rows'] END LOOP
        EXECUTE format('DELETE FROM due_computed WHERE child_id IN (SELECT %1$I FROM %2$I)', TG_ARGV[0], changed);
        EXECUTE format('DELETE FROM due_items WHERE child_id IN (SELECT %1$I FROM %2$I)', TG_ARGV[0], changed);
        EXECUTE format('INSERT INTO due_pending SELECT DISTINCT %1$I FROM %2$I WHERE %1$I IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0], changed);
      END LOOP;
      RETURN NULL;
    END
    $$;

    CREATE OR REPLACE FUNCTION forget_all_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(DUE_STORE_LOCK)}));
      DELETE FROM due_computed;
      DELETE FROM due_items;
      DELETE FROM due_council_day;
      RETURN NULL;
    END
    $$;
  `.execute(db);
}
