/**
 * The product starts the way the README says: `npm start` (assets are built by
 * the test command first), on the embedded database in DATA_DIR.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/demo/accounts.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Generous: the first start creates the demo council, and tests run side by side. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const READY = /Steadfast is ready at (http:\/\/\S+?\/) /;

interface Product {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Product[] = [];

/** `node scripts/start.mjs`, which `npm start` runs (the compiled server), with only the settings given. */
function startProduct(settings: Record<string, string>): Product {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    // Nothing from the test run's own environment (NODE_ENV=test, DATABASE_URL…) leaks in.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const product = { child, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(product);
  return product;
}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
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

/** Resolves with the printed address once the product says it is ready; rejects if it exits first. */
async function readyAt(product: Product): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit: { code: number | null } | undefined;
  void product.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    const match = READY.exec(product.stdout());
    if (match) return match[1]!;
    if (exit) assert.fail(`exited with ${exit.code} before it was ready:\n${product.stdout()}\n${product.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not ready after ${START_TIMEOUT_MS / 1000} s:\n${product.stdout()}\n${product.stderr()}`);
}

async function stop(product: Product): Promise<number | null> {
  product.child.kill('SIGTERM');
  const { code } = await withDeadline(product.exited, STOP_TIMEOUT_MS, 'stopping after SIGTERM');
  return code;
}

/** Non-empty lines a person would read. */
const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** A client with a cookie jar that sends the form's CSRF token, as a browser would. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

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

  async signIn(email: string, password: string): Promise<Response> {
    const form = await (await this.request('/sign-in')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    assert.ok(csrf, 'the sign-in form carries a CSRF token');
    return this.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
    });
  }
}

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
  let first: Product;
  let address: string;
  let sessionCookie: string | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'steadfast-start-'));
  });
  after(async () => {
    for (const product of started) {
      if (product.child.exitCode === null && product.child.signalCode === null) {
        product.child.kill('SIGKILL');
        await product.exited;
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a first start creates the demo council and prints the address it listens on', async () => {
    first = startProduct({ DATA_DIR: dataDir, PORT: '0' });
    address = await readyAt(first);
    assert.match(first.stdout(), /Creating the demo council/);
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
  });

  test('SIGTERM stops it cleanly, and a restart reuses the data without seeding again', async () => {
    assert.equal(await stop(first), 0);
    assert.match(first.stdout(), /SIGTERM: stopping/);
    assert.equal(existsSync(join(dataDir, 'steadfast.lock')), false, 'the lock is released');
    const usersBefore = await countUsers(dataDir);
    assert.ok(usersBefore >= DEMO_ACCOUNTS.length);

    const restarted = startProduct({ DATA_DIR: dataDir, PORT: '0' });
    const again = await readyAt(restarted);
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
