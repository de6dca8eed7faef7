/**
 * SIGTERM — what a container or a service manager sends — stops the server
 * cleanly: it finishes, closes the embedded database (releasing its lock)
 * and exits 0, whether it was started directly or through npm.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EventEmitter } from 'node:events';
import { onStopSignals, type StopSignal } from '../../src/platform/process/stop-signals.ts';
import { HttpClient, killLeftovers, processIsAlive, readyAt, withDeadline } from '../support/server-process.ts';
import { SERVER_FROM_SOURCES, serverDatabase, spawnServer, type ServerDatabase } from './support.ts';

/** Generous: the machine is shared, and stopping waits for requests and jobs in flight. */
const STOP_WITHIN_MS = 60_000;

describe('stopping the server with SIGTERM [pglite]', () => {
  let database: ServerDatabase;
  before(async () => {
    database = await serverDatabase('pglite', 'shutdown');
  });
  after(async () => {
    await killLeftovers();
    await database?.remove();
  });
  const lockFile = () => join(database.dataDir!, 'steadfast.lock');

  test('started through npm, SIGTERM to npm stops the server too, and releases the database', { timeout: 180_000 }, async () => {
    const npm = process.env.npm_execpath;
    if (!npm) return assert.fail('run the tests with npm test (npm_execpath is not set)');
    // npm exec --call runs a command the way npm start runs its script: through a shell.
    const server = spawnServer(database.settings, [npm, 'exec', '--call', `node ${SERVER_FROM_SOURCES.join(' ')}`]);
    const address = await readyAt(server);
    const serverPid = Number(readFileSync(lockFile(), 'utf8'));
    assert.ok(serverPid > 0 && serverPid !== server.child.pid, 'the server is a process of its own under npm');

    server.child.kill('SIGTERM');
    await withDeadline(server.exited, STOP_WITHIN_MS, 'npm after SIGTERM');
    const deadline = Date.now() + STOP_WITHIN_MS;
    while (processIsAlive(serverPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(processIsAlive(serverPid), false, `the server (pid ${serverPid}) stopped within ${STOP_WITHIN_MS / 1000} s`);
    assert.match(server.stdout(), /SIGTERM: stopping…[\s\S]*Steadfast stopped\./, 'it stopped cleanly, not killed');
    assert.equal(existsSync(lockFile()), false, 'the lock is released');
    await assert.rejects(fetch(new URL('/health', address)), 'nothing listens any more');
  });

  test('a second start on the directory the npm one released succeeds; started directly, SIGTERM exits 0', { timeout: 180_000 }, async () => {
    const second = spawnServer(database.settings);
    const address = await readyAt(second);
    const client = new HttpClient(address);
    assert.equal((await client.signIn(database.cast.email)).status, 303);
    assert.equal((await client.page(`/children/${database.cast.childId}`)).status, 200);
    second.child.kill('SIGTERM');
    const exit = await withDeadline(second.exited, STOP_WITHIN_MS, 'the server after SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(second.stdout(), /SIGTERM: stopping…[\s\S]*Steadfast stopped\./);
    assert.equal(existsSync(lockFile()), false, 'the lock is released');
    // The database opens again (the lock is taken and released as a start takes it).
    const reopened = await database.open();
    await reopened.close();
  });
});

describe('stop signals', () => {
  function harness(stop: () => Promise<void>) {
    const source = new EventEmitter();
    const exits: number[] = [];
    const lines: string[] = [];
    onStopSignals({ stop, exit: (code) => exits.push(code), log: (line) => lines.push(line), source: source as unknown as { on(signal: StopSignal, listener: () => void): unknown } });
    return { send: (signal: StopSignal) => source.emit(signal), exits, lines };
  }

  test('SIGTERM and SIGINT both stop cleanly and exit 0', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      let stopped = 0;
      const h = harness(async () => void stopped++);
      h.send(signal);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(stopped, 1);
      assert.deepEqual(h.exits, [0]);
      assert.deepEqual(h.lines, [`${signal}: stopping…`]);
    }
  });

  test('a second signal while stopping exits at once, with the signal\'s code', async () => {
    let finish!: () => void;
    const h = harness(() => new Promise<void>((resolve) => (finish = resolve)));
    h.send('SIGTERM');
    h.send('SIGTERM');
    assert.deepEqual(h.exits, [143], 'exits without waiting for the stop');
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(h.exits, [143, 0]);
  });

  test('a stop that fails exits 1', async () => {
    const h = harness(() => Promise.reject(new Error('database would not close')));
    const logged = console.error;
    console.error = () => {};
    try {
      h.send('SIGINT');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      console.error = logged;
    }
    assert.deepEqual(h.exits, [1]);
  });
});
