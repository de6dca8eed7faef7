import { sql, type Kysely } from 'kysely';

/**
 * Caseload monitoring: the versioned weighting model, recommended levels,
 * reductions, case factors, variances with their plans and history, and the
 * daily snapshots that make trends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A weighting model applies from its date until the next one's: past figures stay explainable.
    CREATE TABLE weighting_models (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      effective_from date NOT NULL UNIQUE,
      rules jsonb NOT NULL,
      note text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- Recommended levels, the ASYE schedule and reduction caps: one current row, changes audited.
    CREATE TABLE caseload_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      settings jsonb NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- What makes a case heavier than its legal status alone.
    CREATE TABLE case_factors (
      child_id uuid PRIMARY KEY REFERENCES people(id),
      complexity_tier integer NOT NULL DEFAULT 1 CHECK (complexity_tier BETWEEN 1 AND 3),
      court_proceedings_since date,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE workload_reductions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL CHECK (reason IN ('leave', 'phased_return', 'secondment', 'special_duties', 'other')),
      percent numeric(5,2) CHECK (percent > 0 AND percent <= 100),
      hours_per_week numeric(5,2) CHECK (hours_per_week > 0 AND hours_per_week <= 60),
      start_date date NOT NULL,
      end_date date NOT NULL,
      note text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((percent IS NULL) <> (hours_per_week IS NULL)),
      CHECK (end_date >= start_date)
    );
    CREATE INDEX workload_reductions_user_idx ON workload_reductions (user_id, start_date, end_date);

    CREATE TABLE variances (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      worker_id uuid NOT NULL REFERENCES users(id),
      team_id uuid REFERENCES teams(id),
      kind text NOT NULL CHECK (kind IN ('over_capacity', 'over_children_ceiling', 'asye_protection', 'under_floor')),
      level text CHECK (level IN ('amber', 'red')),
      peak_level text CHECK (peak_level IN ('amber', 'red')),
      opened_at timestamptz NOT NULL,
      opened_on date NOT NULL,
      opened_trigger text NOT NULL,
      opened_value numeric(8,2) NOT NULL,
      threshold numeric(8,2) NOT NULL,
      current_value numeric(8,2) NOT NULL,
      manager_id uuid REFERENCES users(id),
      plan_due_on date NOT NULL,
      plan_recorded_at timestamptz,
      first_action_at timestamptz,
      escalated_to_service_at timestamptz,
      escalated_to_head_at timestamptz,
      closed_at timestamptz,
      closed_on date,
      closed_trigger text,
      CHECK ((closed_at IS NULL) = (closed_on IS NULL))
    );
    CREATE UNIQUE INDEX variances_one_open_idx ON variances (worker_id, kind) WHERE closed_at IS NULL;
    CREATE INDEX variances_team_idx ON variances (team_id, opened_on);
    CREATE INDEX variances_open_idx ON variances (plan_due_on) WHERE closed_at IS NULL;

    CREATE TABLE variance_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      variance_id uuid NOT NULL REFERENCES variances(id),
      occurred_at timestamptz NOT NULL,
      kind text NOT NULL,
      detail text NOT NULL,
      actor_id uuid REFERENCES users(id)
    );
    CREATE INDEX variance_events_variance_idx ON variance_events (variance_id, occurred_at);

    CREATE TABLE variance_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      variance_id uuid NOT NULL REFERENCES variances(id),
      action_type text NOT NULL CHECK (action_type IN ('reallocate_children', 'add_reduction', 'temporary_support', 'stop_new_allocations', 'other')),
      description text NOT NULL,
      owner_id uuid NOT NULL REFERENCES users(id),
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      completed_at timestamptz
    );
    CREATE INDEX variance_actions_variance_idx ON variance_actions (variance_id);
    CREATE INDEX variance_actions_owner_idx ON variance_actions (owner_id) WHERE status = 'open';

    -- One row per worker per day: the trend. Back-filled from allocation history.
    CREATE TABLE workload_snapshots (
      snapshot_date date NOT NULL,
      worker_id uuid NOT NULL REFERENCES users(id),
      team_id uuid REFERENCES teams(id),
      service_id uuid REFERENCES services(id),
      fte numeric(3,2) NOT NULL,
      children integer NOT NULL,
      points numeric(8,2) NOT NULL,
      available_points numeric(8,2) NOT NULL,
      capacity_percent numeric(6,1),
      children_ceiling numeric(6,1) NOT NULL,
      PRIMARY KEY (snapshot_date, worker_id)
    );
    CREATE INDEX workload_snapshots_team_idx ON workload_snapshots (team_id, snapshot_date);

    -- Which scheduled jobs ran for which day, so exactly one instance runs each.
    CREATE TABLE scheduled_runs (
      job text NOT NULL,
      run_date date NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      PRIMARY KEY (job, run_date)
    );
  `.execute(db);
}
