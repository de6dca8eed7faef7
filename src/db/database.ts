import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
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
 * ones (lists of ids of any length) are sent plainly, so the statements a
 * connection keeps stay few.
 */
const PREPARE_UP_TO_VALUES = 24;

/** A stable name for a statement's text: the same text always gets the same name. */
export function statementName(text: string): string {
  return `s_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
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
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0 && values.length <= PREPARE_UP_TO_VALUES) {
      return super.query({ name: statementName(text), text, values }) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: target.poolSize ?? 10, Client: PreparingClient });
    let closing = false;
    // An idle connection the server drops (a restart, a fail-over, or the
    // database dropped once the pool is closed) must not crash the process:
    // the pool replaces it on the next query.
    pool.on('error', (error) => {
      if (!closing) console.error(`database connection lost: ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      close: async () => {
        closing = true;
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
    const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), Client: PreparingClient });
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
