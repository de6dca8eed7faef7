/**
 * A PostgreSQL server that ends connections in use (pg_terminate_backend, a
 * restart, a fail-over) or cannot be reached: the process stays up, requests
 * caught in the cut answer 503 with a clear message, and it serves again as
 * soon as the database does. PGlite has no connections to cut: those tests
 * are skipped there.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { isConnectionError, openDatabase, RetryingPostgresDialect, serverPool, type OpenedDatabase } from '../../src/db/database.ts';
import type { Database } from '../../src/db/schema.ts';
import { inTransaction } from '../../src/db/transactions.ts';
import { FakeClock } from '../../src/platform/clock/clock.ts';
import { Agent, startTestApp, textOf, type TestApp } from '../support/app.ts';
import { describeEachEngine } from '../support/databases.ts';
import { recordBatteryFigure } from '../support/figures.ts';
import { TEST_TODAY } from '../support/environment.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../support/users.ts';
import { insertChild } from '../support/records.ts';
import { allocate } from '../support/caseload-helpers.ts';

/** Records what would have crashed the process: an 'error' event nobody listened to is thrown as an uncaught exception. */
function watchForCrashes() {
  const crashes: unknown[] = [];
  const record = (error: unknown) => crashes.push(error);
  beforeEach(() => void process.on('uncaughtException', record));
  afterEach(() => void process.off('uncaughtException', record));
  return crashes;
}

/** Waits (bounded) until `done` holds: events from the server's socket arrive in their own time. */
async function until(done: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`${what}: not after ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function terminateOthers(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

const CLEAR_503 = /Sorry, the service is unavailable/;
const STACK = /\bat \S+ \(|\.ts:\d+|node_modules/;

describeEachEngine('connections the server ends', (use, engine) => {
  const skip = engine === 'pglite' ? 'PGlite has no server connections to end' : false;
  const crashes = watchForCrashes();

  test('the pool: a checked-out client whose backend is terminated emits no unhandled error', { skip }, async () => {
    const { pool, quiet } = serverPool({ connectionString: use().url!, max: 2 }, () => {});
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      let ended = false;
      client.on('end', () => (ended = true));
      await terminateOthers(use().url!);
      await until(() => ended, 'the terminated connection ends');
      assert.deepEqual(crashes, [], 'nothing was thrown');
      await assert.rejects(client.query('select 1'), (error) => isConnectionError(error));
      client.release();
      const again = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      assert.notEqual(again.rows[0]!.pid, rows[0]!.pid, 'a new connection serves the next query');
    } finally {
      quiet();
      await pool.end();
    }
  });

  test('a transaction cut by the server fails with a connection error, and the next one succeeds', { skip }, async () => {
    const opened = await openDatabase({ databaseUrl: use().url!, poolSize: 2 });
    try {
      await assert.rejects(
        opened.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await terminateOthers(use().url!);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await sql`select 2`.execute(trx);
        }),
        (error) => isConnectionError(error),
      );
      assert.deepEqual(crashes, []);
      const { rows } = await sql<{ n: number }>`select 3 as n`.execute(opened.db);
      assert.equal(rows[0]!.n, 3);
    } finally {
      await opened.close();
    }
  });

  describe('the app', () => {
    let t: TestApp;
    let childId: string;
    let agent: Agent;
    before(async () => {
      if (skip) return;
      const db = use().db;
      const { teamId } = await createTeam(db, 'Cut team');
      const workerId = await createUser(db, { email: 'cut-worker@example.org', role: 'social_worker', teamId });
      childId = await insertChild(db, { laChildId: 'CUT0001', forename: 'Cato', surname: 'Cut', dateOfBirth: '2014-04-04', sex: 'M' });
      await allocate(db, { childId, teamId, workerId, start: '2024-01-01' });
      t = await startTestApp(use(), { SESSION_IDLE_MINUTES: '600' });
      agent = new Agent(t.app);
      assert.equal((await agent.signIn('cut-worker@example.org', TEST_PASSWORD)).statusCode, 303);
    });
    after(async () => t?.app.close());

    const note = (title: string) => ({ noteType: 'visit', 'eventDate-day': '20', 'eventDate-month': '11', 'eventDate-year': '2026', title, body: 'Seen at home.' });

    test('all its backends terminated mid-stream: no crash, no 500, 503s that say so, then it serves again', { skip, timeout: 60_000 }, async () => {
      assert.equal((await agent.get(`/children/${childId}/notes/new`)).statusCode, 200);
      const REQUESTS = 80;
      const CUT_AT = 20;
      const statuses: { n: number; status: number; body: string; at: number }[] = [];
      let next = 0;
      let cutAt = 0;
      let cut: Promise<number> | undefined;
      const worker = async () => {
        while (next < REQUESTS) {
          const n = next++;
          if (n === CUT_AT) {
            cutAt = performance.now();
            cut = terminateOthers(use().url!);
          }
          const response = n % 2 === 0 ? await agent.get(`/children/${childId}/notes`) : await agent.post(`/children/${childId}/notes/new`, note(`Cut stream ${n}`));
          statuses.push({ n, status: response.statusCode, body: response.body, at: performance.now() });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      const terminated = await cut!;
      assert.ok(terminated > 0, 'backends were terminated');

      assert.deepEqual(crashes, [], 'the process did not crash');
      for (const { n, status, body } of statuses) {
        assert.ok([200, 303, 503].includes(status), `request ${n} answered ${status}: ${textOf(body).slice(0, 300)}`);
        if (status === 503) {
          assert.match(textOf(body), CLEAR_503);
          assert.doesNotMatch(body, STACK);
        }
      }
      // Once the database takes connections again, everything succeeds.
      const read = await agent.get(`/children/${childId}/notes`);
      assert.equal(read.statusCode, 200);
      const write = await agent.post(`/children/${childId}/notes/new`, note('After the cut'));
      assert.equal(write.statusCode, 303);
      const firstAfter = statuses.filter((s) => s.at > cutAt && s.status < 400).map((s) => s.at);
      const unavailable = statuses.filter((s) => s.status === 503).length;
      const recoveryMs = firstAfter.length ? Math.min(...firstAfter) - cutAt : NaN;
      console.log(
        `[${engine}] ${REQUESTS} requests, ${terminated} backends terminated at request ${CUT_AT}: ` +
          `${unavailable} answered 503, first success ${recoveryMs.toFixed(0)} ms after the cut`,
      );
      recordBatteryFigure({
        check: `backends terminated mid-stream [${engine}]`,
        tried: `${REQUESTS} reads and writes, ${terminated} backends terminated at request ${CUT_AT}`,
        found: `server up, 0 answers of 500, ${unavailable} answered 503; served again ${recoveryMs.toFixed(0)} ms after the cut`,
        pass: true,
      });
      // Nothing half stored: every note has its audit row.
      const db = use().db;
      const notes = await db.selectFrom('case_notes').select('id').where('child_id', '=', childId).execute();
      const audited = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('subject_id', '=', childId)
        .where('action', '=', 'child.note.create')
        .where('outcome', '=', 'allowed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(audited.count), notes.length);
    });
  });

  describe('a request whose own connection is ended', () => {
    let cutApp: Awaited<ReturnType<typeof buildApp>>;
    before(async () => {
      if (skip) return;
      const db = use().db;
      cutApp = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DEMO: '0' }), db, clock: new FakeClock(`${TEST_TODAY}T09:00:00Z`), engine: use().engine });
      // Stands in for a request whose connection the server ends mid-transaction.
      cutApp.get('/test/cut', async () => inTransaction(db, async (trx) => sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx)));
      await cutApp.ready();
    });
    after(async () => cutApp?.close());

    test('answers a GOV.UK 503 page to people and an RFC 9457 problem to programs, and the next request succeeds', { skip }, async () => {
      const page = await cutApp.inject({ method: 'GET', url: '/test/cut', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 503);
      assert.equal(page.headers['retry-after'], '5');
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(textOf(page.body), /Sorry, the service is unavailable.*Try again in a minute/);
      assert.doesNotMatch(page.body, STACK);

      const problem = await cutApp.inject({ method: 'GET', url: '/test/cut', headers: { accept: 'application/json' } });
      assert.equal(problem.statusCode, 503);
      assert.match(String(problem.headers['content-type']), /application\/problem\+json/);
      const body = problem.json<{ status: number; title: string; detail: string }>();
      assert.equal(body.status, 503);
      assert.equal(body.title, 'Sorry, the service is unavailable');
      assert.match(body.detail, /Try again in a minute/);

      assert.deepEqual(crashes, [], 'the process did not crash');
      assert.equal((await cutApp.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    });
  });
});

describe('a database that cannot be reached', () => {
  let unreachable: OpenedDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  before(async () => {
    // Port 1 on this machine: nothing listens, the connection is refused.
    unreachable = await openDatabase({ databaseUrl: 'postgres://steadfast@127.0.0.1:1/steadfast', poolSize: 2 });
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DEMO: '0' }), db: unreachable.db, clock: new FakeClock(`${TEST_TODAY}T09:00:00Z`), engine: 'postgres' });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await unreachable?.close();
  });

  test('answers 503 with a clear page or problem, not 500', async () => {
    const signedIn = { cookie: 'steadfast_session=a-session-the-database-would-look-up' };
    const page = await app.inject({ method: 'GET', url: '/', headers: { ...signedIn, accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.match(textOf(page.body), /Sorry, the service is unavailable/);
    assert.doesNotMatch(page.body, STACK);
    const problem = await app.inject({ method: 'GET', url: '/', headers: { ...signedIn, accept: 'application/json' } });
    assert.equal(problem.statusCode, 503);
    assert.equal(problem.json<{ title: string }>().title, 'Sorry, the service is unavailable');
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 503);
  });
});

describe('which statements are sent again on a fresh connection', () => {
  /** A pool whose first connection is cut by the server on its first statement after `begin`. */
  function fakePool() {
    const log: string[] = [];
    let connections = 0;
    const pool = {
      connect: async () => {
        const id = ++connections;
        return {
          query: async (text: string) => {
            log.push(`${id}: ${text}`);
            if (id === 1 && !/^(begin|rollback)$/.test(text)) {
              throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
            }
            return { command: 'SELECT', rowCount: 1, rows: [{ n: 1 }] };
          },
          release: () => {},
        };
      },
      end: async () => {},
    };
    return { db: new Kysely<Database>({ dialect: new RetryingPostgresDialect({ pool: pool as unknown as pg.Pool }) }), log };
  }

  test('a read on its own is sent once more', async () => {
    const { db, log } = fakePool();
    const { rows } = await sql<{ n: number }>`select 1 as n`.execute(db);
    assert.deepEqual(rows, [{ n: 1 }]);
    assert.deepEqual(log, ['1: select 1 as n', '2: select 1 as n']);
  });

  test('a write is never sent again: it may have committed', async () => {
    const { db, log } = fakePool();
    await assert.rejects(sql`insert into case_notes default values`.execute(db), /administrator command/);
    assert.deepEqual(log, ['1: insert into case_notes default values']);
  });

  test('a read inside a transaction is not sent again: the transaction is gone', async () => {
    const { db, log } = fakePool();
    await assert.rejects(db.transaction().execute((trx) => sql`select 1 as n`.execute(trx)), /administrator command/);
    assert.deepEqual(log, ['1: begin', '1: select 1 as n', '1: rollback']);
  });
});
