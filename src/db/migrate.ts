import { Migrator, sql, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * Whether every migration has run, and no other. Kysely's migrator reads the
 * whole catalogue before it looks (0.4–1 s on the embedded database), and
 * most starts have nothing to migrate; anything else is left to it.
 */
async function migrationsUpToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    const known = Object.keys(migrations);
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet: a new database
  }
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  if (await migrationsUpToDate(db)) return { results: [] };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${message}`);
  }
  return result;
}
