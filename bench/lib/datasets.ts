import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { onRowsLoaded } from '../../src/demo/insert.ts';
import type { Engine } from './results.ts';

export interface DatasetSpec {
  scale: number;
  seed: number;
  today: string;
}

/** Where the benchmark keeps generated datasets between runs (never in the repository). */
export const CACHE_DIR = join(tmpdir(), 'steadfast-bench');

export function serverAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function serverAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverAdminUrl(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A dataset is reused while nothing that makes it has changed: the scale,
 * seed and date, and the source of the demo generator and the migrations.
 */
export function datasetKey(spec: DatasetSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const folder of ['src/demo', 'src/db/migrations', 'src/workload/caseload', 'src/workload/trends']) {
    for (const name of readdirSync(folder).sort()) {
      if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(name).update(readFileSync(join(folder, name)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export interface Dataset {
  engine: Engine;
  spec: DatasetSpec;
  /** Rows the generator loaded. */
  rows: number;
  /** Seconds the generator took, when this run made the dataset (undefined when reused). */
  generatedInSeconds?: number;
  /** A copy of the dataset for one scenario to use and change as it likes; close it to throw it away. */
  openCopy(): Promise<OpenedDatabase>;
  /** A copy in a data directory (PGlite) or a database (server) for a separate process. */
  copyForProcess(): Promise<{ env: Record<string, string>; discard(): Promise<void> }>;
}

async function generateInto(opened: OpenedDatabase, spec: DatasetSpec, log: (line: string) => void): Promise<{ rows: number; seconds: number }> {
  await migrateToLatest(opened.db);
  let rows = 0;
  const stop = onRowsLoaded((_table, batch) => {
    rows += batch.length;
  });
  const started = performance.now();
  try {
    log(`generating the scale ${spec.scale} dataset on ${opened.engine}…`);
    await generateDemo(opened.db, spec);
  } finally {
    stop();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`generated ${rows.toLocaleString('en-GB')} bulk rows in ${seconds.toFixed(1)} s on ${opened.engine}`);
  return { rows, seconds };
}

/** The dataset on the engine, generated once and cached; every scenario works on its own copy. */
export async function prepareDataset(engine: Engine, spec: DatasetSpec, log: (line: string) => void): Promise<Dataset> {
  const key = datasetKey(spec);
  mkdirSync(CACHE_DIR, { recursive: true });
  const metaPath = join(CACHE_DIR, `${engine}-${key}.json`);
  let generatedInSeconds: number | undefined;
  if (engine === 'pglite') {
    const tarPath = join(CACHE_DIR, `pglite-${key}.tar`);
    if (!existsSync(tarPath) || !existsSync(metaPath)) {
      const opened = await openDatabase({ dataDir: 'memory://' });
      try {
        const made = await generateInto(opened, spec, log);
        generatedInSeconds = made.seconds;
        writeFileSync(tarPath, Buffer.from(await (await opened.pglite!.dumpDataDir('none')).arrayBuffer()));
        writeFileSync(metaPath, JSON.stringify({ rows: made.rows, seconds: made.seconds }));
      } finally {
        await opened.close();
      }
    } else log(`reusing the scale ${spec.scale} PGlite dataset ${key}`);
    const blob = new Blob([readFileSync(tarPath)]);
    const { rows } = JSON.parse(readFileSync(metaPath, 'utf8')) as { rows: number };
    return {
      engine,
      spec,
      rows,
      generatedInSeconds,
      openCopy: () => openDatabase({ dataDir: 'memory://', loadDataDir: blob }),
      async copyForProcess() {
        const dir = join(CACHE_DIR, `run-${randomBytes(6).toString('hex')}`);
        const opened = await openDatabase({ dataDir: dir, loadDataDir: blob });
        await opened.close();
        return { env: { DATA_DIR: dir }, discard: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    };
  }

  const template = `steadfast_bench_${key}`;
  const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1);
  if (!exists || !existsSync(metaPath)) {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${template}`);
    });
    const opened = await openDatabase({ databaseUrl: withDatabase(serverAdminUrl(), template) });
    try {
      const made = await generateInto(opened, spec, log);
      generatedInSeconds = made.seconds;
      await sql`VACUUM ANALYZE`.execute(opened.db);
      writeFileSync(metaPath, JSON.stringify({ rows: made.rows, seconds: made.seconds }));
      await opened.close();
    } catch (error) {
      // A half-made dataset is never reused.
      await opened.close().catch(() => {});
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
      throw error;
    }
  } else log(`reusing the scale ${spec.scale} PostgreSQL dataset ${template}`);
  const { rows } = JSON.parse(readFileSync(metaPath, 'utf8')) as { rows: number };
  const makeCopy = async () => {
    const name = `${template}_copy_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    const url = withDatabase(serverAdminUrl(), name);
    const drop = () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {});
    return { url, drop };
  };
  return {
    engine,
    spec,
    rows,
    generatedInSeconds,
    async openCopy() {
      const { url, drop } = await makeCopy();
      const opened = await openDatabase({ databaseUrl: url, poolSize: 10 });
      return {
        ...opened,
        close: async () => {
          await opened.close();
          await drop();
        },
      };
    },
    async copyForProcess() {
      const { url, drop } = await makeCopy();
      return { env: { DATABASE_URL: url }, discard: drop };
    },
  };
}

/** An empty database at the latest schema on the engine, for the load scenario. */
export async function openEmpty(engine: Engine): Promise<OpenedDatabase> {
  if (engine === 'pglite') {
    const opened = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(opened.db);
    return opened;
  }
  const name = `steadfast_bench_empty_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const opened = await openDatabase({ databaseUrl: withDatabase(serverAdminUrl(), name) });
  await migrateToLatest(opened.db);
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
