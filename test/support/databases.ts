import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, before, after } from 'node:test';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import { ARTIFACTS_DIR, postgresAdminUrl } from './environment.ts';

export type Engine = 'pglite' | 'postgres';
/** migrated: an empty database at the latest schema; demo: the same with the test demo council. */
export type Fixture = 'migrated' | 'demo';

export const FIXTURES: Fixture[] = ['migrated', 'demo'];

/**
 * Each test run has its own id (set by scripts/run-tests.ts), so runs started
 * side by side never touch each other's templates, databases or snapshots.
 * It begins with the start time in seconds, so stale leftovers can be found.
 */
export function testRunId(): string {
  const id = process.env.STEADFAST_TEST_RUN;
  if (!id || !/^\d+_\d+$/.test(id)) throw new Error('STEADFAST_TEST_RUN is not set: run the tests with npm test');
  return id;
}

export function templateDatabase(fixture: Fixture): string {
  return `steadfast_test_${testRunId()}_template_${fixture}`;
}

export function runArtifactsDir(): URL {
  return new URL(`run-${testRunId()}/`, ARTIFACTS_DIR);
}

export function snapshotPath(fixture: Fixture): URL {
  return new URL(`pglite-${fixture}.tar`, runArtifactsDir());
}

/**
 * A snapshot held in memory. PGlite reads its snapshot with `arrayBuffer()`,
 * which on a Node Blob copies the bytes through a stream in small chunks: a
 * quarter of each suite's start on the demo snapshot. This hands over one copy.
 */
class HeldSnapshot extends Blob {
  constructor(private readonly held: Uint8Array) {
    super([]);
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.held.slice().buffer;
  }
}

const snapshots = new Map<Fixture, Blob>();

function snapshot(fixture: Fixture): Blob {
  let held = snapshots.get(fixture);
  if (!held) {
    held = new HeldSnapshot(readFileSync(snapshotPath(fixture)));
    snapshots.set(fixture, held);
  }
  return held;
}

export function urlWithDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase extends OpenedDatabase {
  /** Set on PostgreSQL: the URL of this suite's own database. */
  url?: string;
}

/**
 * An isolated database for one suite: a fresh PGlite loaded from the run's
 * snapshot, or on the server a new database copied from the run's template.
 * Closing it drops the server database, so nothing is left behind.
 */
export async function openTestDatabase(engine: Engine, fixture: Fixture = 'migrated'): Promise<TestDatabase> {
  if (engine === 'pglite') {
    return openDatabase({ dataDir: 'memory://', loadDataDir: snapshot(fixture) });
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) throw new Error('PostgreSQL is not available to this test run');
  const name = `steadfast_test_${testRunId()}_suite_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase(fixture)}`);
  } finally {
    await admin.end();
  }
  const url = urlWithDatabase(adminUrl, name);
  const opened = await openDatabase({ databaseUrl: url, poolSize: 5 });
  return {
    ...opened,
    url,
    close: async () => {
      await opened.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** The engines this run tests on: PGlite always, PostgreSQL when reachable. */
export function availableEngines(): Engine[] {
  return postgresAdminUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * Defines the same suite once per engine, each with its own database opened
 * before and closed after. `use()` returns the open database inside tests.
 */
export function describeEachEngine(
  title: string,
  body: (use: () => TestDatabase, engine: Engine) => void,
  options: { fixture?: Fixture } = {},
): void {
  for (const engine of availableEngines()) {
    describe(`${title} [${engine}]`, () => {
      let database: TestDatabase | undefined;
      before(async () => {
        database = await openTestDatabase(engine, options.fixture);
      });
      after(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('test database is not open yet');
        return database;
      }, engine);
    });
  }
}
