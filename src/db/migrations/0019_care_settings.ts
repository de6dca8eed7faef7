import { sql, type Kysely } from 'kysely';

/**
 * The council's local offer for care leavers (Children and Social Work Act
 * 2017 s2): what every care leaver is entitled to, as a short summary and a
 * link to the published offer. One row, set by heads of service and system
 * administrators; the care leaver's page shows it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE care_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      local_offer_summary text NOT NULL CHECK (length(local_offer_summary) <= 4000),
      local_offer_url text CHECK (local_offer_url IS NULL OR local_offer_url ~ '^https://'),
      updated_by uuid REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
