/**
 * The server from this tree's sources on a database of its own, for the
 * reliability tests that stop it, kill it and start it again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import { snapshotPath, templateDatabase, testRunId, urlWithDatabase, type Engine } from '../support/databases.ts';
import { postgresAdminUrl } from '../support/environment.ts';
import { startServerProcess, type Server } from '../support/server-process.ts';
import { allocate } from '../support/caseload-helpers.ts';
import { insertChild } from '../support/records.ts';
import { createTeam, createUser } from '../support/users.ts';

/**
 * The server from this tree's sources (src/main.ts through tsx, as the rest of
 * the tests run them; test/start.test.ts covers the compiled bundle npm start
 * runs), without the demo council. `command` replaces the node arguments.
 */
export const SERVER_FROM_SOURCES = ['--import', 'tsx', 'src/main.ts'];

export function spawnServer(settings: Record<string, string>, command: string[] = SERVER_FROM_SOURCES): Server {
  return startServerProcess(command, { DEMO: '0', PORT: '0', ...settings });
}

/** A social worker and a child allocated to her: enough to record case notes. */
export interface Cast {
  email: string;
  childId: string;
}

export interface ServerDatabase {
  engine: Engine;
  /** What the server is started with to use this database. */
  settings: Record<string, string>;
  /** PGlite only: the data directory. */
  dataDir?: string;
  /** PostgreSQL only: this database's URL. */
  url?: string;
  cast: Cast;
  /** Opens the database from the test process (not while a server holds a PGlite directory). */
  open(): Promise<OpenedDatabase>;
  remove(): Promise<void>;
}

/** Puts the cast into a freshly opened database, then closes it so a server can open it. */
async function castInto(opened: OpenedDatabase, name: string): Promise<Cast> {
  try {
    const db = opened.db;
    const { teamId } = await createTeam(db, `${name} team`);
    const email = `${name}@example.org`;
    const workerId = await createUser(db, { email, role: 'social_worker', teamId, name: 'Rae Reliable' });
    const childId = await insertChild(db, { laChildId: `RL${randomBytes(3).toString('hex')}`, forename: 'Remy', surname: 'Reliable', dateOfBirth: '2014-04-04', sex: 'F' });
    await allocate(db, { childId, teamId, workerId, start: '2024-01-01' });
    return { email, childId };
  } finally {
    await opened.close();
  }
}

/**
 * A migrated database with the cast in it, for a server process: a PGlite
 * directory in a temporary folder (from the run's snapshot), or a new
 * database on the server (from the run's template).
 */
export async function serverDatabase(engine: Engine, name: string): Promise<ServerDatabase> {
  if (engine === 'pglite') {
    const folder = mkdtempSync(join(tmpdir(), 'steadfast-reliability-'));
    const dataDir = join(folder, 'data');
    const cast = await castInto(await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(snapshotPath('migrated'))]) }), name);
    return {
      engine,
      settings: { DATA_DIR: dataDir },
      dataDir,
      cast,
      open: () => openDatabase({ dataDir }),
      remove: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) throw new Error('PostgreSQL is not available to this test run');
  const database = `steadfast_test_${testRunId()}_suite_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database} TEMPLATE ${templateDatabase('migrated')}`);
  const url = urlWithDatabase(adminUrl, database);
  const cast = await castInto(await openDatabase({ databaseUrl: url, poolSize: 2 }), name);
  return {
    engine,
    settings: { DATABASE_URL: url },
    url,
    cast,
    open: () => openDatabase({ databaseUrl: url, poolSize: 2 }),
    remove: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

/** A case note form with a title that names it. */
export function noteForm(title: string): Record<string, string> {
  return { noteType: 'visit', 'eventDate-day': '20', 'eventDate-month': '11', 'eventDate-year': '2026', title, body: `Written by the reliability test: ${title}.` };
}
