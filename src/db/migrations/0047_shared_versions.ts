import { sql, type Kysely } from 'kysely';

/**
 * A version number for each set of shared settings an instance keeps in
 * memory (src/platform/db/shared-cache.ts). Triggers bump it in the
 * transaction of every change to the tables behind it, so a page that reads
 * the number beside its own rows knows at once whether what it holds is
 * still current, whichever instance made the change.
 *
 * 'caseload': the caseload settings and the versions of the weighting model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE shared_versions (
      name text PRIMARY KEY,
      version bigint NOT NULL DEFAULT 1
    );
    INSERT INTO shared_versions (name) VALUES ('caseload');

    CREATE FUNCTION bump_shared_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE shared_versions SET version = version + 1 WHERE name = TG_ARGV[0];
      RETURN NULL;
    END $$;

    CREATE TRIGGER caseload_settings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON caseload_settings
      FOR EACH STATEMENT EXECUTE FUNCTION bump_shared_version('caseload');
    CREATE TRIGGER weighting_models_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON weighting_models
      FOR EACH STATEMENT EXECUTE FUNCTION bump_shared_version('caseload');
  `.execute(db);
}
