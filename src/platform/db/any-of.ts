import { sql, type RawBuilder } from 'kysely';

/**
 * `= ANY($1::uuid[])` for a list of ids: one bound value however long the
 * list. `IN` binds one value an id, and PostgreSQL takes at most 65,535 in a
 * statement, fewer than the children in a large council's returns.
 * Use as `.where('child_id', '=', anyOf(ids))`.
 */
export function anyOf(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...ids]}::uuid[])`;
}
