import { sql, type Kysely } from 'kysely';

/**
 * A statutory visit is made by the child's own worker, or by a worker acting
 * for them: `on_behalf_of` names the allocated worker a stand-in visited for,
 * so the visit counts towards that worker's duty (docs/timescales.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE visits ADD COLUMN on_behalf_of uuid REFERENCES users(id);
    ALTER TABLE visits ADD CONSTRAINT visits_stand_in_not_self CHECK (on_behalf_of IS NULL OR on_behalf_of <> visitor_id);
  `.execute(db);
}

