import { sql, type Kysely } from 'kysely';

/**
 * Every audit row carries the hash of the one before it, so an altered,
 * removed or slipped-in row shows as a broken link (`npm run cli -- audit
 * verify` walks the chain; src/platform/audit/chain.ts computes the same hash
 * on its own and is the reference for the content below).
 *
 *   hash = sha256(prev_hash || utf8(content))
 *   content = field(chain_position) || field(id) || field(occurred_at as
 *             YYYY-MM-DDTHH:MI:SS.ffffffZ in UTC) || field(actor_user_id) ||
 *             field(actor_email) || field(action) || field(subject_type) ||
 *             field(subject_id) || field(outcome) || field(reason) ||
 *             field(request_id) || field(ip)
 *   field(v) = 'N' when v is null, else 'S' || octet_length(v) || ':' || v
 *
 * The first row's prev_hash is 32 zero bytes.
 *
 * The database sets the link, not the application: a deferred constraint
 * trigger runs as the transaction commits, takes a transaction-level advisory
 * lock, reads the last link and writes this row's. The lock orders concurrent
 * transactions; taking it at commit rather than at the insert means a
 * transaction never holds it while waiting for a row another one has locked,
 * so two requests changing the same record cannot deadlock on it. The trigger
 * function runs as the table's owner (SECURITY DEFINER), so an application
 * role with only INSERT and SELECT on the table still gets its rows chained.
 *
 * The append-only rule lets exactly one UPDATE through: giving an unchained
 * row its link, with every other column unchanged.
 */
export const AUDIT_CHAIN_LOCK = 'steadfast:audit-chain';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE audit_events
      ADD COLUMN chain_position bigint,
      ADD COLUMN prev_hash bytea,
      ADD COLUMN hash bytea;
    CREATE UNIQUE INDEX audit_events_chain_idx ON audit_events (chain_position);

    CREATE OR REPLACE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_position IS NULL
           AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_position IS NOT NULL
           AND (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_email, OLD.action, OLD.subject_type,
                OLD.subject_id, OLD.outcome, OLD.reason, OLD.request_id, OLD.ip)
               IS NOT DISTINCT FROM
               (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_email, NEW.action, NEW.subject_type,
                NEW.subject_id, NEW.outcome, NEW.reason, NEW.request_id, NEW.ip) THEN
          RETURN NEW;
        END IF;
      END IF;
      RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END;
    $$;

    CREATE FUNCTION audit_chain_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN value IS NULL THEN 'N' ELSE 'S' || octet_length(value) || ':' || value END
    $$;

    CREATE FUNCTION audit_chain_hash(previous bytea, link bigint, e audit_events) RETURNS bytea LANGUAGE sql STABLE AS $$
      SELECT sha256(previous || convert_to(
        audit_chain_field(link::text) ||
        audit_chain_field(e.id::text) ||
        audit_chain_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ||
        audit_chain_field(e.actor_user_id::text) ||
        audit_chain_field(e.actor_email) ||
        audit_chain_field(e.action) ||
        audit_chain_field(e.subject_type) ||
        audit_chain_field(e.subject_id) ||
        audit_chain_field(e.outcome) ||
        audit_chain_field(e.reason) ||
        audit_chain_field(e.request_id) ||
        audit_chain_field(e.ip),
        'UTF8'))
    $$;

    CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = pg_catalog, public AS $$
    DECLARE
      entry audit_events;
      last_position bigint;
      last_hash bytea;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext(${sql.lit(AUDIT_CHAIN_LOCK)}));
      SELECT * INTO entry FROM audit_events WHERE id = NEW.id;
      IF NOT FOUND OR entry.hash IS NOT NULL THEN
        RETURN NULL;
      END IF;
      SELECT chain_position, hash INTO last_position, last_hash
        FROM audit_events WHERE chain_position IS NOT NULL ORDER BY chain_position DESC LIMIT 1;
      last_position := coalesce(last_position, 0) + 1;
      last_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
      UPDATE audit_events
         SET chain_position = last_position, prev_hash = last_hash, hash = audit_chain_hash(last_hash, last_position, entry)
       WHERE id = NEW.id;
      RETURN NULL;
    END;
    $$;
  `.execute(db);

  // A row arrives without a link whatever the writer put there: only the chain trigger gives one.
  await sql`
    CREATE FUNCTION audit_events_arrive_unlinked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.chain_position := NULL;
      NEW.prev_hash := NULL;
      NEW.hash := NULL;
      RETURN NEW;
    END;
    $$;
    CREATE TRIGGER audit_events_arrive_unlinked
      BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_arrive_unlinked();
  `.execute(db);

  // Rows written before this migration are chained in the order they were written.
  await sql`
    DO $$
    DECLARE
      entry audit_events;
      link bigint := 0;
      previous bytea := decode(repeat('00', 32), 'hex');
      next_hash bytea;
    BEGIN
      FOR entry IN SELECT * FROM audit_events ORDER BY id LOOP
        link := link + 1;
        next_hash := audit_chain_hash(previous, link, entry);
        UPDATE audit_events SET chain_position = link, prev_hash = previous, hash = next_hash WHERE id = entry.id;
        previous := next_hash;
      END LOOP;
    END;
    $$;

    CREATE CONSTRAINT TRIGGER audit_events_chain
      AFTER INSERT ON audit_events
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
  `.execute(db);
}
