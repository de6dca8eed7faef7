import { sql, type Kysely } from 'kysely';

/**
 * The supervision settings join the shared settings each instance keeps in
 * memory (migration 0047): 'supervision', bumped in the transaction of every
 * change to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO shared_versions (name) VALUES ('supervision');
    CREATE TRIGGER supervision_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON supervision_settings
      FOR EACH STATEMENT EXECUTE FUNCTION bump_shared_version('supervision');
  `.execute(db);
}
