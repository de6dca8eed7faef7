import { sql, type Kysely } from 'kysely';

/**
 * Each worker's forecast, as far as their own record decides it (children
 * turning 18, support ending, proceedings beginning, reductions, ASYE), is
 * kept with their figures for the day: it is worked out from the same rows,
 * so the same triggers forget both. The team's rate of new allocations is
 * added when a page is shown. Figures stored before have no forecast, so
 * they are forgotten and worked out again on first reading.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM worker_figures;
    ALTER TABLE worker_figures ADD COLUMN forecast jsonb NOT NULL;
  `.execute(db);
}
