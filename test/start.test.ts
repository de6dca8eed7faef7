/**
 * The product starts the way the README says: `npm start` (assets are built by
 * the test command first), on the embedded database in DATA_DIR.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { recordBatteryFigure } from './support/figures.ts';
import { HttpClient, killLeftovers, readyAt, startServerProcess, withDeadline, type Server } from './support/server-process.ts';

/** Generous: the first start creates the demo council, and tests run side by side. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

/** `node scripts/start.mjs`, which `npm start` runs (the compiled server), with only the settings given. */
const startProduct = (settings: Record<string, string>) => startServerProcess(['scripts/start.mjs'], settings);

async function stop(product: Server): Promise<number | null> {
  product.child.kill('SIGTERM');
  const { code } = await withDeadline(product.exited, STOP_TIMEOUT_MS, 'stopping after SIGTERM');
  return code;
}

/** Non-empty lines a person would read. */
const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

async function countUsers(dataDir: string): Promise<number> {
  const opened = await openDatabase({ dataDir });
  try {
    const row = await opened.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    await opened.close();
  }
}

describe('starting the product as npm start does', () => {
  const account = DEMO_ACCOUNTS.find((a) => a.role === 'team_manager')!;
  let dataDir = '';
  let first: Server;
  let address: string;
  let sessionCookie: string | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'steadfast-start-'));
  });
  after(async () => {
    await killLeftovers();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a first start creates the demo council and prints the address it listens on', async () => {
    first = startProduct({ DATA_DIR: dataDir, PORT: '0' });
    address = await readyAt(first, START_TIMEOUT_MS);
    assert.match(first.stdout(), /Creating the demo council \(scale [\d.]+, seed \d+\): first start only, about \d+ seconds…/);
    assert.match(first.stdout(), /Loaded [\d,]+ rows in [\d.]+ s/, 'says what it loaded and how long it took');
    const port = Number(new URL(address).port);
    assert.ok(port > 0, `a real port, not ${port}`);
    assert.match(first.stdout(), /embedded database in .*demo mode/);
  });

  test('/sign-in answers with the sign-in form', async () => {
    const response = await new HttpClient(address).request('/sign-in');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<form method="post" action="\/sign-in"/);
    assert.match(html, /name="email"/);
    assert.match(html, /name="password"/);
    assert.match(html, /name="_csrf" value="[^"]+"/);
  });

  test('/health says the database answers', async () => {
    const response = await fetch(new URL('/health', address));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; database: { engine: string } };
    assert.equal(body.status, 'ok');
    assert.equal(body.database.engine, 'pglite');
  });

  test('a demo account signs in over HTTP and sees its home page', async () => {
    const client = new HttpClient(address);
    const refused = await client.signIn(account.email, `${DEMO_PASSWORD}-not`);
    assert.equal(refused.status, 401);
    const signedIn = await client.signIn(account.email, DEMO_PASSWORD);
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/');
    sessionCookie = client.cookies.get('steadfast_session');
    assert.ok(sessionCookie, 'a session cookie is set');
    const home = await client.request('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), new RegExp(`<h1[^>]*>${account.name}</h1>`));
  });

  test('a second process on the same data directory is refused with one line', async () => {
    const second = startProduct({ DATA_DIR: dataDir, PORT: '0' });
    const { code } = await withDeadline(second.exited, START_TIMEOUT_MS, 'the second process');
    assert.notEqual(code, 0);
    const lines = linesOf(second.stderr());
    assert.equal(lines.length, 1, `one line, not:\n${second.stderr()}`);
    assert.match(lines[0]!, /^Steadfast cannot start: .*already open in another Steadfast process/);
    assert.doesNotMatch(second.stdout(), /ready at/);
    const stillServing = await fetch(new URL('/health', address));
    assert.equal(stillServing.status, 200, 'the first process carries on');
    recordBatteryFigure({ check: 'a second process on the same PGlite directory', tried: 'a second start on the data directory in use', found: 'refused with one line; the first carries on', pass: true });
  });

  test('SIGTERM stops it cleanly, and a restart reuses the data without seeding again', async () => {
    assert.equal(await stop(first), 0);
    assert.match(first.stdout(), /SIGTERM: stopping/);
    assert.equal(existsSync(join(dataDir, 'steadfast.lock')), false, 'the lock is released');
    const usersBefore = await countUsers(dataDir);
    assert.ok(usersBefore >= DEMO_ACCOUNTS.length);

    const restarted = startProduct({ DATA_DIR: dataDir, PORT: '0' });
    const again = await readyAt(restarted, START_TIMEOUT_MS);
    assert.doesNotMatch(restarted.stdout(), /Creating the demo council/);
    // The session opened before the restart is in the same database.
    const client = new HttpClient(again);
    client.cookies.set('steadfast_session', sessionCookie!);
    const home = await client.request('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), new RegExp(account.name));
    assert.equal(await stop(restarted), 0);

    assert.equal(await countUsers(dataDir), usersBefore);
  });

  test('production without SESSION_SECRET refuses to start with one readable line', async () => {
    const productionDir = join(dataDir, 'production');
    const product = startProduct({ NODE_ENV: 'production', DATA_DIR: productionDir, PORT: '0' });
    const { code } = await withDeadline(product.exited, START_TIMEOUT_MS, 'starting in production');
    assert.notEqual(code, 0);
    const lines = linesOf(product.stderr());
    assert.equal(lines.length, 1, `one line, not:\n${product.stderr()}`);
    assert.match(lines[0]!, /^Steadfast cannot start: SESSION_SECRET must be set/);
    assert.equal(existsSync(productionDir), false, 'no database is created');
  });
});
