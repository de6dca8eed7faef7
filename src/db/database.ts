import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, PostgresDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** PGlite only: the underlying instance (for snapshots in tests). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** A PostgreSQL server; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or 'memory://' for a throwaway database. */
  dataDir?: string;
  /** PGlite only: start from a snapshot made with dumpDataDir. */
  loadDataDir?: Blob;
  poolSize?: number;
}

// Dates stay as 'YYYY-MM-DD' strings: a date of birth has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// bigint counts are small enough for numbers in this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

export class DatabaseLockedError extends Error {}

/**
 * Queries with at most this many values are prepared once per connection and
 * then executed by name, so the server plans them once instead of on every
 * request (several pages spent more time planning than executing). Longer
 * ones are sent plainly and planned for their values. A list bound as one
 * value (`anyOf`) counts as its length: a plan made once for a handful of ids
 * can be a poor one for thousands.
 */
const PREPARE_UP_TO_VALUES = 24;

function valuesCounted(values: readonly unknown[]): number {
  let count = 0;
  for (const value of values) count += Array.isArray(value) ? value.length : 1;
  return count;
}

/** Whether a list of this many ids leaves its statement short enough to be prepared. */
export function listIsPrepared(length: number): boolean {
  return length <= PREPARE_UP_TO_VALUES;
}

const statementNames = new Map<string, string>();
/** The queries' shapes are few, so this bound is only a guard against a leak. */
const STATEMENT_NAMES_HELD = 5000;

/** A stable name for a statement's text: the same text always gets the same name. */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size >= STATEMENT_NAMES_HELD) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * The pool's client: Kysely sends every query as (text, values); those with
 * a few values become named prepared statements. Statements name their
 * columns or are prepared after the migrations have run (start-up migrates
 * before it serves), so a cached plan never outlives the shape of a table.
 */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0 && listIsPrepared(valuesCounted(values))) {
      return super.query({ name: statementName(text), text, values }) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/**
 * The embedded database's client. PGlite runs each query on this thread and
 * answers through promises alone, so a request's dozen queries would run to
 * the end without the event loop ever reading a socket: under load, new
 * connections sat unaccepted until their clients gave up (23 of 50 time-outs
 * at 50 connections), whatever the request queue did. Settling each answer
 * on the next turn of the loop lets the server accept and read between
 * queries, as it does between a network database's answers.
 */
class EmbeddedClient extends PreparingClient {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result as never;
    return result.then(
      (value) => new Promise((resolve) => setImmediate(resolve, value)),
      (error: unknown) => new Promise((_, reject) => setImmediate(reject, error)),
    ) as never;
  }
}

/** SQLSTATE classes and codes, and socket errors, that mean the server went away or cannot be reached. */
const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Cannot use a pool after calling end on the pool',
];

/**
 * Whether an error means the database could not be reached or dropped the
 * connection (rather than refusing the statement): the request may succeed
 * once the database is back, so it answers 503, not 500.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  if (CONNECTION_MESSAGES.some((message) => error.message.startsWith(message))) return true;
  // Several addresses tried (IPv6 and IPv4 for localhost) fail together.
  return error instanceof AggregateError && error.errors.length > 0 && error.errors.every(isConnectionError);
}

/**
 * A statement that reads only and runs on its own (not in a transaction) can
 * be sent again on a fresh connection when the first one is cut: it cannot
 * have changed anything. Anything else — a write, or any statement of a
 * transaction, which may have committed or been half done — is never repeated.
 */
function isRepeatableRead(query: CompiledQuery): boolean {
  return /^\s*select\b/i.test(query.sql) && !/\b(nextval|setval|set_config|pg_advisory\w*|pg_try_advisory\w*|pg_notify|pg_terminate_backend|pg_cancel_backend)\s*\(|\binto\b/i.test(query.sql);
}

type InnerConnection = Parameters<PostgresDriver['releaseConnection']>[0];

/** A connection that knows whether it is in a transaction, and sends a cut single read once more. */
class RetryingConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(
    readonly inner: InnerConnection,
    private readonly driver: RetryingDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      if (this.inTransaction || !isConnectionError(error) || !isRepeatableRead(query)) throw error;
      return this.driver.once((connection) => connection.executeQuery<R>(query));
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** Kysely's PostgreSQL driver, with the one retry above and nothing else changed. */
class RetryingDriver implements Driver {
  private readonly inner: PostgresDriver;
  constructor(config: ConstructorParameters<typeof PostgresDriver>[0]) {
    this.inner = new PostgresDriver(config);
  }
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RetryingConnection((await this.inner.acquireConnection()) as InnerConnection, this);
  }
  /** Runs one statement on a connection of its own. */
  async once<T>(work: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const connection = (await this.inner.acquireConnection()) as InnerConnection;
    try {
      return await work(connection);
    } finally {
      await this.inner.releaseConnection(connection);
    }
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as RetryingConnection;
    c.inTransaction = true;
    await this.inner.beginTransaction(c.inner, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.endTransaction(connection, (inner) => this.inner.commitTransaction(inner));
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.endTransaction(connection, (inner) => this.inner.rollbackTransaction(inner));
  }
  /** Commits or rolls back; either way the connection is out of its transaction, where a read may be retried again. */
  private async endTransaction(connection: DatabaseConnection, end: (inner: InnerConnection) => Promise<void>) {
    const c = connection as RetryingConnection;
    try {
      await end(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.savepoint((connection as RetryingConnection).inner, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]) {
    return this.inner.rollbackToSavepoint((connection as RetryingConnection).inner, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]) {
    return this.inner.releaseSavepoint((connection as RetryingConnection).inner, name, compile);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection((connection as RetryingConnection).inner);
  }
  destroy() {
    return this.inner.destroy();
  }
}

/** Kysely's PostgreSQL dialect with the retry above (exported for tests). */
export class RetryingPostgresDialect extends PostgresDialect {
  constructor(private readonly poolConfig: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(poolConfig);
  }
  override createDriver(): Driver {
    return new RetryingDriver(this.poolConfig);
  }
}

/**
 * The pool of a PostgreSQL server. A connection the server ends — a restart,
 * a fail-over, pg_terminate_backend — must never crash the process, whether
 * it is idle in the pool or checked out by a request: pg emits 'error' on the
 * client, and an 'error' event nobody listens to is thrown. The pool listens
 * to idle clients only, so every client gets its own listener when it is
 * made; the request that held it fails with a connection error (answered
 * 503), the broken client is dropped when released, and the next query opens
 * a new connection as soon as the server takes one.
 *
 * Every connection runs without JIT compilation. The access policy's
 * per-child conditions make PostgreSQL cost some page queries above its JIT
 * threshold although they run in milliseconds, and compiling the plan then
 * took longer than running it (100 ms for a care page's list, 2 s for a
 * team's measures). Set per connection, so it needs no server setting and
 * passes a connection pooler.
 */
export function serverPool(config: pg.PoolConfig, log: (message: string) => void = (m) => console.error(m)): { pool: pg.Pool; quiet(): void } {
  const pool = new pg.Pool({ ...config, Client: PreparingClient });
  let closing = false;
  const report = (error: Error) => {
    if (!closing) log(`database connection lost: ${error.message}`);
  };
  pool.on('error', report);
  pool.on('connect', (client) => {
    client.on('error', report);
    client.query('SET jit = off').catch(report);
  });
  return { pool, quiet: () => (closing = true) };
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.databaseUrl) {
    const { pool, quiet } = serverPool({ connectionString: target.databaseUrl, max: target.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new RetryingPostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      close: async () => {
        quiet();
        await db.destroy();
      },
    };
  }
  const dataDir = target.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? undefined : resolve(dataDir, 'pg'), {
      extensions: { pg_trgm },
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
    const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), Client: EmbeddedClient });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Two processes writing one PGlite directory silently lose commits, so the
 * second opener is refused. A lock left by a process that has died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'steadfast.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && processIsAlive(holder)) {
        throw new DatabaseLockedError(
          `The database in ${dataDir} is already open in another Steadfast process (pid ${holder}); stop it first.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not lock ${dataDir}.`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
