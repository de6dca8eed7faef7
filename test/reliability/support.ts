/**
 * The server as an operator runs it, in a child process, on a database of
 * its own: for tests that stop it, kill it and start it again.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import { snapshotPath, templateDatabase, testRunId, urlWithDatabase, type Engine } from '../support/databases.ts';
import { postgresAdminUrl } from '../support/environment.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../support/users.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const READY = /Steadfast is ready at (http:\/\/\S+?\/) /;

export interface Server {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Server[] = [];

/**
 * The server from this tree's sources (src/main.ts through tsx, as the rest of
 * the tests run them; test/start.test.ts covers the compiled bundle npm start
 * runs), with only the settings given: nothing of the test run's own
 * environment leaks in. `command` replaces the node arguments.
 */
export const SERVER_FROM_SOURCES = ['--import', 'tsx', 'src/main.ts'];

export function spawnServer(settings: Record<string, string>, command: string[] = SERVER_FROM_SOURCES): Server {
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DEMO: '0', PORT: '0', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const server = { child, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(server);
  return server;
}

/** Kills whatever a test left running (call in `after`). */
export async function killLeftovers(): Promise<void> {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
}

export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The address the server prints once it listens; fails if it exits first or takes longer than `ms`. */
export async function readyAt(server: Server, ms = 60_000): Promise<string> {
  const deadline = Date.now() + ms;
  let exit: { code: number | null } | undefined;
  void server.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    const match = READY.exec(server.stdout());
    if (match) return match[1]!;
    if (exit) assert.fail(`exited with ${exit.code} before it was ready:\n${server.stdout()}\n${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not ready after ${ms / 1000} s:\n${server.stdout()}\n${server.stderr()}`);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A client with a cookie jar that sends the last page's CSRF token, as a browser would. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const [name, value = ''] = pair!.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(setCookie)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  /** GETs a page and keeps its CSRF token. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.request(path);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrfToken = token;
    return { status: response.status, html };
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString(),
    });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<void> {
    await this.page('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    const body = await response.text();
    assert.equal(response.status, 303, `signed in as ${email}: ${body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(-600)}`);
  }
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

async function castInto(opened: OpenedDatabase, name: string): Promise<Cast> {
  const db = opened.db;
  const { teamId } = await createTeam(db, `${name} team`);
  const email = `${name}@example.org`;
  const workerId = await createUser(db, { email, role: 'social_worker', teamId, name: 'Rae Reliable' });
  const child = await db
    .insertInto('people')
    .values({ is_child: true, la_child_id: `RL${randomBytes(3).toString('hex')}`, forename: 'Remy', surname: 'Reliable', date_of_birth: '2014-04-04', sex: 'F' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('allocations').values({ child_id: child.id, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2024-01-01' }).execute();
  return { email, childId: child.id };
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
    const seeded = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(snapshotPath('migrated'))]) });
    let cast: Cast;
    try {
      cast = await castInto(seeded, name);
    } finally {
      await seeded.close();
    }
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
  const seeded = await openDatabase({ databaseUrl: url, poolSize: 2 });
  let cast: Cast;
  try {
    cast = await castInto(seeded, name);
  } finally {
    await seeded.close();
  }
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
