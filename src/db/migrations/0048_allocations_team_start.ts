import { sql, type Kysely } from 'kysely';

/**
 * The allocations each team began in a period: the team dashboard's forecast
 * counts them on every view, and without an index that read every
 * allocation the council ever made (380,000 rows in a large region).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX allocations_team_start_idx ON allocations (team_id, start_date)`.execute(db);
}

