import { sql, type Kysely } from 'kysely';

/**
 * The council's local timescale standards (visit frequencies where no plan
 * sets one, the first core group, personal education plan age and term
 * dates). One row; absent until someone changes a standard, when the code's
 * defaults apply. Statutory timescales are never stored: a regulation is not
 * a setting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE timescale_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      settings jsonb NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
}
