import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE directorates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE
    );

    CREATE TABLE services (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      directorate_id uuid NOT NULL REFERENCES directorates(id),
      name text NOT NULL,
      UNIQUE (directorate_id, name)
    );

    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL REFERENCES services(id),
      name text NOT NULL UNIQUE,
      base_postcode text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX teams_service_idx ON teams (service_id);

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN (
        'social_worker', 'practice_supervisor', 'team_manager', 'service_manager',
        'head_of_service', 'personal_adviser', 'iro', 'performance_analyst', 'system_admin')),
      team_id uuid REFERENCES teams(id),
      service_id uuid REFERENCES services(id),
      line_manager_id uuid REFERENCES users(id),
      qualified_on date,
      fte numeric(3,2) NOT NULL DEFAULT 1.00 CHECK (fte > 0 AND fte <= 1),
      password_hash text NOT NULL,
      disabled_at timestamptz,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (line_manager_id IS NULL OR line_manager_id <> id)
    );
    CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
    CREATE INDEX users_team_idx ON users (team_id);
    CREATE INDEX users_line_manager_idx ON users (line_manager_id);

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_email text,
      action text NOT NULL,
      subject_type text,
      subject_id text,
      outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
      reason text,
      request_id text,
      ip text
    );
    CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC);
    CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, occurred_at DESC);
    CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id, occurred_at DESC);

    CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END;
    $$;
    CREATE TRIGGER audit_events_no_update_or_delete
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();
    CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only();
  `.execute(db);
}
