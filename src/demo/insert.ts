import { sql, type ColumnType, type Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

type Table = keyof Database & string;

/** What a column takes on insert, looking through a timestamp wrapped in Generated (read by Kysely as the wrapper itself). */
type InsertValue<V> = V extends ColumnType<unknown, infer I, unknown> ? I : V;

/** A row to insert into the table, timestamps as Date or ISO strings. */
export type RowOf<T extends Table> = { [K in keyof Insertable<Database[T]>]: InsertValue<Insertable<Database[T]>[K]> };

const ROWS_PER_STATEMENT = 2000;

/**
 * Inserts generated rows, a couple of thousand to a statement, in order. Each
 * batch travels as one JSON parameter expanded by json_populate_recordset:
 * far quicker on PGlite than thousands of bound values, and the same on a
 * server. Columns are those of the first row; the rest take their defaults.
 */
export async function insertRows<T extends Table>(db: Db, table: T, rows: readonly RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT));
    await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${batch}::json)`.execute(db);
  }
}
