import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, sql, type ColumnType, type Insertable } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

type Table = keyof Database & string;

/** What a column takes on insert, looking through a timestamp wrapped in Generated (read by Kysely as the wrapper itself). */
type InsertValue<V> = V extends ColumnType<unknown, infer I, unknown> ? I : V;

/** A row to insert into the table, timestamps as Date or ISO strings. */
export type RowOf<T extends Table> = { [K in keyof Insertable<Database[T]>]: InsertValue<Insertable<Database[T]>[K]> };

/** How rows reach the database: `COPY` on a server, batched JSON on PGlite. */
export type LoadPath = 'copy' | 'json';

const ROWS_PER_STATEMENT = 2000;
const ROWS_PER_COPY_CHUNK = 500;
const ROWS_PER_KYSELY_STATEMENT = 500;

type LoadListener = (table: string, rows: readonly Record<string, unknown>[]) => void;
const listeners = new Set<LoadListener>();

/**
 * Tells the listener which rows each insert wrote, a batch at a time as it
 * writes them (for a progress bar or a rows-per-second figure). Returns the way to stop.
 */
export function onRowsLoaded(listener: LoadListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function loaded(table: string, rows: readonly Record<string, unknown>[]) {
  for (const listener of listeners) listener(table, rows);
}

/**
 * Inserts generated rows in order, by the fastest path the engine has.
 * Columns are those of the first row; a key missing from a later row is NULL.
 *
 * - On a PostgreSQL server: one `COPY ... FROM STDIN` per table (CSV), on the
 *   same connection and so inside the caller's transaction.
 * - On PGlite (which has no COPY from a client): a couple of thousand rows to a
 *   statement, each batch sent as one JSON parameter expanded by
 *   json_populate_recordset, far quicker there than thousands of bound values.
 */
export async function insertRows<T extends Table>(db: Db, table: T, rows: readonly RowOf<T>[], path?: LoadPath): Promise<void> {
  if (rows.length === 0) return;
  const chosen = path ?? (await loadPathFor(db));
  if (chosen === 'copy') await copyRows(db, table, rows as readonly Record<string, unknown>[]);
  else await insertJsonBatches(db, table, rows as readonly Record<string, unknown>[]);
}

/**
 * Inserts rows through Kysely, a few hundred to a statement so a large
 * council stays under PostgreSQL's 65,535 bound values a statement: for the
 * smaller steps whose rows need Kysely's own conversions.
 */
export async function insertInBatches<T extends Table>(db: Db, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_KYSELY_STATEMENT) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_KYSELY_STATEMENT) as never)
      .execute();
  }
}

/**
 * Sets the given columns of existing rows, matched on `id`, a couple of
 * thousand rows to a statement: each batch is one JSON parameter read back
 * as the table's own row type, so every column keeps its type on either
 * engine. Every row must carry every column named (null to clear one).
 */
export async function updateRows<T extends Table>(db: Db, table: T, columns: readonly (keyof RowOf<T> & string)[], rows: readonly ({ id: string } & Partial<RowOf<T>>)[]): Promise<void> {
  const assignments = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT));
    await sql`UPDATE ${sql.table(table)} AS t SET ${assignments} FROM json_populate_recordset(NULL::${sql.table(table)}, ${batch}::json) AS v WHERE t.id = v.id`.execute(db);
  }
}

const pathOf = new WeakMap<Db, LoadPath>();

/** PGlite reports itself as a WebAssembly build in version(); a server never does. */
export async function loadPathFor(db: Db): Promise<LoadPath> {
  const known = pathOf.get(db);
  if (known) return known;
  const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(db);
  const path: LoadPath = /wasm|emscripten/i.test(rows[0]?.version ?? '') ? 'json' : 'copy';
  pathOf.set(db, path);
  return path;
}

async function insertJsonBatches(db: Db, table: Table, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const list = sql.join(columns.map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const batch = JSON.stringify(slice);
    await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${batch}::json)`.execute(db);
    loaded(table, slice);
  }
}

/** One value as a CSV field of COPY: unquoted empty is NULL, everything else quoted. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLines(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  let out = '';
  for (const row of rows) out += `${columns.map((c) => csvField(row[c])).join(',')}\n`;
  return out;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function copyRows(db: Db, table: Table, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  function* chunks() {
    for (let i = 0; i < rows.length; i += ROWS_PER_COPY_CHUNK) {
      const slice = rows.slice(i, i + ROWS_PER_COPY_CHUNK);
      yield csvLines(columns, slice);
      loaded(table, slice);
    }
  }
  await copyCsv(db, table, columns, chunks());
}

/**
 * `COPY table (columns) FROM STDIN` of CSV text on a PostgreSQL server.
 *
 * Kysely does not hand out the pg client, but it passes a query's text
 * straight to the client's query(), and pg accepts a "submittable" there in
 * place of text: so the COPY stream is submitted on the very connection
 * (and transaction) that `db` runs on, then fed the rows.
 */
export async function copyCsv(db: Db, table: string, columns: readonly string[], csv: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const statement = `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  const run = async (on: Db) => {
    const stream = copyFrom(statement);
    await on.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
    await pipeline(Readable.from(csv), stream);
  };
  // Outside a transaction, hold one connection for the whole COPY.
  if (db.isTransaction) await run(db);
  else await db.connection().execute(run);
}
