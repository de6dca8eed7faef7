import { sql, type Kysely } from 'kysely';

/** Where a social worker qualified: the workforce census asks for it (QualInst) for every worker. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE staff_records ADD COLUMN qualification_institution text`.execute(db);
}
