import { sql, type Kysely } from 'kysely';

/**
 * The few restricted children, indexed on their own. Every list and count
 * leaves out the restricted children its viewer may not see by asking, for
 * each restricted child, whether the viewer is named or related: without this
 * index PostgreSQL costs that question for every person in the council, and a
 * plan costed that high is compiled (JIT) before it runs, which took two
 * seconds for a team's help and protection measures at scale 1 while running
 * the query took 30 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX people_restricted_idx ON people (id) WHERE restricted`.execute(db);
}
