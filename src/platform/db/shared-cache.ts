import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Settings that are the same for everyone and change only from an admin
 * screen, kept in memory by each instance and checked without a round trip
 * of their own.
 *
 * Triggers bump a version number in `shared_versions` (migration 0047) in
 * the transaction of every change. A page reads that number as one more
 * column of a query it sends anyway (`sharedVersion`), then asks the cache
 * for the value at that version: the same number answers from memory, a
 * newer one reads the tables again. A change committed through any instance
 * is therefore in force on every instance from the next page that reads the
 * number, on PGlite and on a server alike, with nothing to listen for and
 * nothing lost when a connection drops. The cache is safe to lose: a
 * restarted instance reads the tables on its first page.
 */

/** The current version of a shared setting, as a column: `.select(sharedVersion('caseload').as('caseload_version'))`. */
export function sharedVersion(name: string): RawBuilder<number | null> {
  return sql<number | null>`(SELECT shared_versions.version FROM shared_versions WHERE shared_versions.name = ${name})`;
}

export interface SharedCache<T> {
  /**
   * The value as at `version`, a number the caller has just read. Inside a
   * transaction (which may have changed the tables itself) or without a
   * version, the tables are read every time.
   */
  get(db: Db, version: number | null | undefined): Promise<T>;
}

/**
 * One cache per database handle (a test may open several in one process).
 * A value is held under the version read before it was loaded, so it is at
 * least as new as that version; an older version never replaces a newer one.
 */
export function sharedCache<T>(load: (db: Db) => Promise<T>): SharedCache<T> {
  const held = new WeakMap<Db, { version: number; value: Promise<T> }>();
  return {
    get(db, version) {
      if (version === null || version === undefined || db.isTransaction) return load(db);
      const entry = held.get(db);
      if (entry && entry.version === version) return entry.value;
      const value = load(db);
      if (!entry || entry.version < version) {
        held.set(db, { version, value });
        // A failed read is not kept: the next page tries again.
        value.catch(() => {
          if (held.get(db)?.value === value) held.delete(db);
        });
      }
      return value;
    },
  };
}
