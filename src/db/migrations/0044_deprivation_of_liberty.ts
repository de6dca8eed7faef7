import { sql, type Kysely } from 'kysely';

/**
 * Orders depriving a child of their liberty: made by the High Court under its
 * inherent jurisdiction (a child under 16, or a placement the Mental
 * Capacity Act does not reach) or by the Court of Protection (a young person
 * of 16 or 17 who lacks capacity). The SSDA903 DoLo table reports each order
 * in force during the collection year (CHILD, DOB, DOLO_START, DOLO_END).
 *
 * An order runs from its start until it ends (end_date NULL while in force);
 * `review_by` is the date the court set for its review or expiry. Orders for
 * one child do not overlap (checked by the service, which locks the child);
 * at most one is open at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deprivation_of_liberty_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      court text NOT NULL CHECK (court IN ('high_court', 'court_of_protection')),
      made_on date NOT NULL,
      start_date date NOT NULL,
      end_date date,
      review_by date,
      notes text,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz,
      CHECK (start_date >= made_on),
      CHECK (end_date IS NULL OR end_date >= start_date),
      CHECK (review_by IS NULL OR review_by >= start_date)
    );
    CREATE INDEX deprivation_of_liberty_orders_child_idx ON deprivation_of_liberty_orders (child_id, start_date);
    CREATE UNIQUE INDEX deprivation_of_liberty_orders_one_open_idx ON deprivation_of_liberty_orders (child_id) WHERE end_date IS NULL;
  `.execute(db);
}
