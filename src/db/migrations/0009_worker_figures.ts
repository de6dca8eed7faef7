import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * Each case-holding worker's caseload figures for a day (children, points,
 * available points, capacity), kept so that the team, service and council
 * pages read one row per worker instead of weighing every open case on every
 * request.
 *
 * The same design as the store of due items (0008_due_store): a statement
 * trigger on every table the figures are worked out from deletes the rows of
 * the workers concerned, in the same transaction as the change; a reader
 * works out afresh any worker without a row for today; a change to the
 * caseload settings or the weighting model forgets everyone. Writers share
 * an advisory lock that whoever stores figures takes exclusively.
 */
export const WORKER_FIGURES_LOCK = 'steadfast:worker-figures';

/**
 * The tables the figures are worked out from, the column naming who they
 * concern, and whether that is the worker, a child (whose workers are
 * forgotten) or a team (whose members are).
 */
const WATCHED: readonly [table: string, column: string, concerns: 'worker' | 'child' | 'team'][] = [
  ['users', 'id', 'worker'],
  ['allocations', 'worker_id', 'worker'],
  ['workload_reductions', 'user_id', 'worker'],
  ['teams', 'id', 'team'],
  ['people', 'id', 'child'],
  ['referrals', 'child_id', 'child'],
  ['cp_plans', 'child_id', 'child'],
  ['care_episodes', 'child_id', 'child'],
  ['care_leavers', 'child_id', 'child'],
  ['case_factors', 'child_id', 'child'],
  ['family_members', 'person_id', 'child'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE worker_figures (
      worker_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      as_at date NOT NULL,
      children integer NOT NULL,
      points double precision NOT NULL,
      available double precision NOT NULL,
      children_ceiling double precision NOT NULL,
      asye_percent double precision,
      -- Null when not measured; 'Infinity' when the worker holds cases with no available points.
      capacity_percent double precision
    );

    CREATE FUNCTION forget_worker_figures() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed text;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(WORKER_FIGURES_LOCK)}));
      FOREACH changed IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['new_rows', 'old_rows'] END LOOP
        EXECUTE format(
          CASE TG_ARGV[1]
            WHEN 'worker' THEN 'DELETE FROM worker_figures WHERE worker_id IN (SELECT %1$I FROM %2$I)'
            WHEN 'child' THEN 'DELETE FROM worker_figures WHERE worker_id IN (SELECT a.worker_id FROM allocations a WHERE a.end_date IS NULL AND a.child_id IN (SELECT %1$I FROM %2$I))'
            WHEN 'team' THEN 'DELETE FROM worker_figures WHERE worker_id IN (SELECT u.id FROM users u WHERE u.team_id IN (SELECT %1$I FROM %2$I))'
          END,
          TG_ARGV[0],
          changed
        );
      END LOOP;
      RETURN NULL;
    END
    $$;

    CREATE FUNCTION forget_all_worker_figures() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock_shared(hashtext(${sql.lit(WORKER_FIGURES_LOCK)}));
      DELETE FROM worker_figures;
      RETURN NULL;
    END
    $$;

    CREATE TRIGGER caseload_settings_forget_figures AFTER INSERT OR UPDATE OR DELETE ON caseload_settings
      FOR EACH STATEMENT EXECUTE FUNCTION forget_all_worker_figures();
    CREATE TRIGGER weighting_models_forget_figures AFTER INSERT OR UPDATE OR DELETE ON weighting_models
      FOR EACH STATEMENT EXECUTE FUNCTION forget_all_worker_figures();
  `.execute(db);

  for (const [table, column, concerns] of WATCHED) {
    await createStatementTriggers(db, table, 'forget_figures', 'forget_worker_figures', sql`${sql.lit(column)}, ${sql.lit(concerns)}`);
  }
}
