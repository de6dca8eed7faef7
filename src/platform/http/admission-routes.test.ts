import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { FakeClock } from '../clock/clock.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The real app with one request let in at a time, and a route that holds its
 * slot (after a query) until the test lets it go: what a slow page does to
 * the requests behind it.
 */
describeEachEngine('requests queue in front of the database', (use) => {
  let app: FastifyInstance;
  const gates: (() => void)[] = [];

  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DEMO: '0', REQUEST_CONCURRENCY: '1', REQUEST_QUEUE_WAIT_SECONDS: '0.2' });
    app = await buildApp({ config, db: use().db, clock: new FakeClock(`${TEST_TODAY}T09:00:00Z`), engine: use().engine });
    app.get('/slow-page', async () => {
      await sql`select 1`.execute(use().db);
      await new Promise<void>((resolve) => gates.push(resolve));
      return 'done';
    });
    await app.ready();
  });
  after(async () => {
    gates.forEach((open) => open());
    await app?.close();
  });

  /** Starts the slow page and waits until it holds the one slot. */
  async function holdTheSlot() {
    const held = gates.length;
    const response = app.inject('/slow-page');
    const deadline = performance.now() + 5000;
    while (gates.length === held) {
      if (performance.now() > deadline) assert.fail('the slow page never started');
      await settle();
    }
    return { response, release: gates[held]! };
  }

  test('a request behind a slow one waits its turn, then answers', async () => {
    const slow = await holdTheSlot();
    let answered = false;
    const queued = app.inject('/sign-in').then((r) => ((answered = true), r));
    for (let i = 0; i < 10; i += 1) await settle();
    assert.equal(answered, false, 'the sign-in page waits while the slow page holds the slot');
    slow.release();
    assert.equal((await slow.response).body, 'done');
    const response = await queued;
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Sign in/);
  });

  test('a request that waits past the bounded wait is answered 503 with Retry-After, as a page or a problem', async () => {
    const slow = await holdTheSlot();
    try {
      const page = await app.inject('/sign-in');
      assert.equal(page.statusCode, 503);
      assert.equal(page.headers['retry-after'], '5');
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /Sorry, the service is unavailable/);
      assert.doesNotMatch(page.body, /at .*\.ts:\d+/);

      const problem = await app.inject({ url: '/sign-in', headers: { accept: 'application/json' } });
      assert.equal(problem.statusCode, 503);
      assert.equal(problem.headers['retry-after'], '5');
      assert.match(String(problem.headers['content-type']), /application\/problem\+json/);
      assert.equal(problem.json().status, 503);

      // Nothing waits for the health endpoint: a load balancer sees the instance is up.
      assert.equal((await app.inject('/health')).statusCode, 200);
    } finally {
      slow.release();
      await slow.response;
    }
    // The refused requests took no slot: the next one is let in at once.
    assert.equal((await app.inject('/sign-in')).statusCode, 200);
  });
});
