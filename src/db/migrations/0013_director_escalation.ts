import { sql, type Kysely } from 'kysely';

/**
 * The last step of a variance's escalation: to the director (LGA Standards
 * for Employers, Standard 3), after the head of service.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE variances ADD COLUMN escalated_to_director_at timestamptz`.execute(db);
}
