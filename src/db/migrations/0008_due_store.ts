import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * What the timescales engine worked out for each child, kept so that pages
 * about a team, a service or the council read stored due items instead of
 * running the engine over every open case on every request.
 *
 * Correct by design, not by every write remembering: `due_computed` says for
 * which day a child's items were worked out, and a statement trigger on every
 * table the engine reads (and on people, for dates of birth and death, and
 * allocations, since each item carries the case's lead) deletes the changed
 * children's rows there and their items, in the same transaction as the
 * change. A reader works out afresh any child without a row for today before
 * it reads (src/timescales/engine/store.ts), and counts only items of
 * today; a new day makes every row out of date, and the nightly job works the
 * whole council out again. A change to the local standards forgets every
 * child.
 *
 * The triggers take a shared advisory lock and whoever stores items takes it
 * exclusively, so a change cannot commit between the moment a child's records
 * are read and the moment their items are stored as current.
 */
export const DUE_STORE_LOCK = 'steadfast:due-store';

/** The tables the stored items come from, with the column naming the child. */
const WATCHED: readonly [table: string, childColumn: string][] = [
  ['people', 'id'],
  ['referrals', 'child_id'],
  ['cp_plans', 'child_id'],
  ['care_episodes', 'child_id'],
  ['care_leavers', 'child_id'],
  ['visits', 'child_id'],
  ['case_events', 'child_id'],
  ['visit_frequencies', 'child_id'],
  ['placement_visit_terms', 'child_id'],
  // Not read by the engine, but the items carry the case's lead worker and team.
  ['allocations', 'child_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE due_computed (
      child_id uuid PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
      as_at date NOT NULL
    );

    CREATE TABLE due_items (
      child_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
      as_at date NOT NULL,
      -- The case's lead worker and team when the items were worked out (null: no open lead, or
      -- not allocated to a worker). A change of lead forgets the child, so they are never out of date.
      lead_worker_id uuid,
      lead_team_id uuid,
      kind text NOT NULL,
      due_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('overdue', 'this_week', 'next_4_weeks', 'later')),
      item jsonb NOT NULL
    );
    CREATE INDEX due_items_child_idx ON due_items (child_id);
    -- Counting a team's, a service's or the council's items by status reads this index alone.
    CREATE INDEX due_items_counts_idx ON due_items (as_at, status, lead_team_id, lead_worker_id, kind);
  `.execute(db);

  await sql`
    CREATE FUNCTION forget_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed text;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(DUE_STORE_LOCK)}));
      FOREACH changed IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['new_rows', 'old_rows'] END LOOP
        EXECUTE format('DELETE FROM due_computed WHERE child_id IN (SELECT %1$I FROM %2$I)', TG_ARGV[0], changed);
        EXECUTE format('DELETE FROM due_items WHERE child_id IN (SELECT %1$I FROM %2$I)', TG_ARGV[0], changed);
      END LOOP;
      RETURN NULL;
    END
    $$;

    CREATE FUNCTION forget_all_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(DUE_STORE_LOCK)}));
      DELETE FROM due_computed;
      DELETE FROM due_items;
      RETURN NULL;
    END
    $$;

    CREATE TRIGGER timescale_settings_forget_due AFTER INSERT OR UPDATE OR DELETE ON timescale_settings
      FOR EACH STATEMENT EXECUTE FUNCTION forget_all_due_items();
  `.execute(db);

  for (const [table, column] of WATCHED) await createStatementTriggers(db, table, 'forget_due', 'forget_due_items', sql.lit(column));
}
