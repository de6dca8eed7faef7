/**
 * Two Steadfast instances behind HAProxy on one PostgreSQL database, laid out
 * as docs/deployment.md describes: whichever instance answers, a person stays
 * signed in and their forms are accepted; the sign-in lockout counts every
 * instance's failures; a setting changed on one is in force on the other; the
 * daily check runs once; and when an instance dies mid-stream, the balancer
 * moves on and nothing acknowledged is lost.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { haproxyPath, postgresAdminUrl } from '../support/environment.ts';
import { HttpClient, killLeftovers, readyAt, waitUntil, type Server } from '../support/server-process.ts';
import { createUser, TEST_PASSWORD } from '../support/users.ts';
import { noteForm, serverDatabase, spawnServer, type ServerDatabase } from './support.ts';

const HAPROXY = haproxyPath();
const skip = !postgresAdminUrl() ? 'PostgreSQL not available' : !HAPROXY ? 'HAProxy not installed' : false;

const ADMIN_EMAIL = 'balanced-admin@example.org';
const HEAD_EMAIL = 'balanced-head@example.org';
/** The same secret on every instance, or a cookie signed by one is refused by the other. */
const SESSION_SECRET = 'several-instances-test-secret-of-enough-length';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The example configuration of docs/deployment.md, with the instances' ports and a header naming the instance that answered. */
function haproxyConfig(port: number, instances: { name: string; port: number }[]): string {
  return `global
  maxconn 512

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch 1
  option forwardfor
  retry-on conn-failure empty-response response-timeout

frontend steadfast
  bind 127.0.0.1:${port}
  default_backend instances

backend instances
  balance roundrobin
  # A request that may change something is never sent twice: only reads are retried on another instance.
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  option httpchk GET /health
  http-check expect status 200
  http-response set-header X-Steadfast-Instance %s
${instances.map((i) => `  server ${i.name} 127.0.0.1:${i.port} check inter 300ms fall 2 rise 2`).join('\n')}
`;
}

/** The inputs of the first form on a page, as a browser would send them unchanged. */
function formValues(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(input)?.[1];
    if (!name || name === '_csrf' || /type="(checkbox|radio|submit)"/.test(input)) continue;
    values[name] = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
  }
  return values;
}

describe('two instances behind a load balancer, on one PostgreSQL database', { skip }, () => {
  let database: ServerDatabase;
  let folder: string;
  let instances: Server[];
  let balancer: ChildProcess;
  let base: string;

  const answeredBy = (response: Response) => response.headers.get('x-steadfast-instance');

  before(async () => {
    database = await serverDatabase('postgres', 'balanced');
    const opened = await database.open();
    try {
      await createUser(opened.db, { email: ADMIN_EMAIL, role: 'system_admin', name: 'Ada Admin' });
      await createUser(opened.db, { email: HEAD_EMAIL, role: 'head_of_service', name: 'Hal Head' });
    } finally {
      await opened.close();
    }
    const settings = { ...database.settings, SESSION_SECRET, TRUST_PROXY: '1', SIGN_IN_MAX_FAILURES: '4', SIGN_IN_RATE_PER_MINUTE: '1000' };
    // Started together, as after a deployment: both schedules reach the daily check at about the same moment.
    instances = [spawnServer(settings), spawnServer(settings)];
    const urls = await Promise.all(instances.map((server) => readyAt(server)));
    const port = await freePort();
    folder = mkdtempSync(join(tmpdir(), 'steadfast-haproxy-'));
    const config = join(folder, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(port, urls.map((url, i) => ({ name: `instance-${'ab'[i]}`, port: Number(new URL(url).port) }))));
    balancer = spawn(HAPROXY!, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    base = `http://127.0.0.1:${port}/`;
    // Ready when both instances have passed their health checks and answer in turn.
    await waitUntil(
      async () => {
        const seen = new Set<string | null>();
        for (let i = 0; i < 4; i += 1) {
          const response = await fetch(new URL('/health', base)).catch(() => undefined);
          if (response?.status === 200) seen.add(answeredBy(response));
          await response?.arrayBuffer();
        }
        return seen.size === 2;
      },
      60_000,
      'HAProxy sending to both instances',
      200,
    );
  });

  after(async () => {
    balancer?.kill('SIGKILL');
    await killLeftovers();
    await database?.remove();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('a person stays signed in, and a form from one instance is accepted by the other', { timeout: 60_000 }, async () => {
    const client = new HttpClient(base);
    assert.equal((await client.signIn(database.cast.email)).status, 303);
    const { childId } = database.cast;
    const served = new Set<string | null>();
    for (let i = 0; i < 6; i += 1) {
      const page = await client.request(`/children/${childId}`);
      assert.equal(page.status, 200, 'the record opens whichever instance answers');
      served.add(answeredBy(page));
      await page.arrayBuffer();
    }
    assert.deepEqual([...served].sort(), ['instance-a', 'instance-b']);

    // Round robin: the form is fetched from one instance and posted to the other.
    const form = await client.request(`/children/${childId}/notes/new`);
    const formHtml = await form.text();
    client.csrfToken = /name="_csrf" value="([^"]+)"/.exec(formHtml)![1]!;
    const saved = await client.post(`/children/${childId}/notes/new`, noteForm('Written across instances'));
    assert.equal(saved.status, 303, 'the CSRF token of one instance is good on the other');
    assert.notEqual(answeredBy(saved), answeredBy(form));
  });

  test('the sign-in lockout counts the failures made on every instance', { timeout: 60_000 }, async () => {
    const client = new HttpClient(base);
    const served = new Set<string | null>();
    try {
      for (let i = 0; i < 4; i += 1) {
        // A sign-in is two requests (the form, then the post): one more request every other time moves the post to the other instance.
        if (i % 2 === 1) await (await client.request('/health')).arrayBuffer();
        const response = await client.signIn(database.cast.email, 'not-the-password');
        assert.equal(response.status, 401);
        served.add(answeredBy(response));
      }
      assert.equal(served.size, 2, 'the failures were spread over both instances');
      // Four failures in all, two on each: the account is locked on both, even with the right password.
      for (let i = 0; i < 2; i += 1) {
        if (i === 1) await (await client.request('/health')).arrayBuffer();
        const locked = await client.signIn(database.cast.email, TEST_PASSWORD);
        assert.notEqual(locked.status, 303, `instance ${answeredBy(locked)} refuses the locked account`);
      }
    } finally {
      // As an administrator's unlock would, so the tests after this one can sign in.
      const opened = await database.open();
      try {
        await opened.db.deleteFrom('sign_in_throttle').execute();
        await opened.db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, last_failed_sign_in_at: null }).execute();
      } finally {
        await opened.close();
      }
    }
  });

  /** Requests `path` until both instances have answered, checking each page. */
  async function onBothInstances(client: HttpClient, path: string, check: (text: string, instance: string | null) => void) {
    const served = new Set<string | null>();
    for (let i = 0; i < 4 && served.size < 2; i += 1) {
      const page = await client.request(path);
      assert.equal(page.status, 200, path);
      check(await page.text(), answeredBy(page));
      served.add(answeredBy(page));
    }
    assert.equal(served.size, 2, `no page of ${path} came from the other instance`);
  }

  test('a setting changed through one instance is in force on the other at once', { timeout: 60_000 }, async () => {
    const admin = new HttpClient(base);
    assert.equal((await admin.signIn(ADMIN_EMAIL)).status, 303);
    const head = new HttpClient(base);
    assert.equal((await head.signIn(HEAD_EMAIL)).status, 303);
    const form = await admin.request('/admin/caseload/levels');
    const values = formValues(await form.text());
    assert.ok('amberPercent' in values, `the levels form has an amber level: ${Object.keys(values).join(', ')}`);
    const amber = String(Number(values.amberPercent) - 3);
    const levels = (text: string) => /Recommended levels: capacity from \d+% to (\d+)%/.exec(text)?.[1];
    // Each instance holds the caseload settings in memory once a caseload page has been shown.
    await onBothInstances(head, '/caseload', (text, instance) => assert.equal(levels(text), values.amberPercent, `instance ${instance} before the change`));
    const page = await admin.page('/admin/caseload/levels');
    const saved = await admin.post('/admin/caseload/levels', { ...formValues(page.html), amberPercent: amber });
    assert.equal(saved.status, 303, 'the levels are saved');
    const savedBy = answeredBy(saved);
    await saved.arrayBuffer();
    for (let i = 0; i < 2; i += 1) {
      const check = await admin.request('/admin/caseload/levels');
      assert.equal(formValues(await check.text()).amberPercent, amber, `instance ${answeredBy(check)} shows the new amber level`);
      if (answeredBy(check) !== savedBy) break;
    }
    await onBothInstances(head, '/caseload', (text, instance) => assert.equal(levels(text), amber, `instance ${instance} uses the new amber level on the caseload pages`));
  });

  test('the daily caseload check runs once across the instances', { timeout: 200_000 }, async () => {
    const ran = () => instances.filter((server) => /caseload daily check: ran for/.test(server.stdout())).length;
    // Each instance's schedule tries the check five seconds after it starts; the one that loses waits for nothing.
    // Generous: on a busy two-core machine the first run can wait behind the day's due items being worked out.
    const ranOrFailed = () => {
      const failed = instances.find((server) => /caseload daily check failed/.test(server.stderr()));
      if (failed) assert.fail(`the daily check failed on one instance:\n${failed.stderr()}`);
      return ran() > 0;
    };
    await waitUntil(ranOrFailed, 180_000, 'the daily check');
    const opened = await database.open();
    try {
      // Other once-a-day jobs (the overdue notices) record their own rows; the caseload check's is the one under test.
      const runs = await sql<{ runs: number }>`SELECT count(*)::int AS runs FROM scheduled_runs WHERE job = 'caseload-daily'`.execute(opened.db);
      assert.equal(runs.rows[0]!.runs, 1, 'one run recorded for the day');
      assert.equal(ran(), 1, 'only one instance ran the check');
    } finally {
      await opened.close();
    }
    assert.equal(ran(), 1, 'one instance did the work');
    for (const server of instances) assert.doesNotMatch(server.stderr(), /error/i);
  });

  test('an instance killed mid-stream: reads go on without a failure, and every acknowledged write is kept once', { timeout: 120_000 }, async (t) => {
    const reader = new HttpClient(base);
    const writer = new HttpClient(base);
    assert.equal((await reader.signIn(database.cast.email)).status, 303);
    assert.equal((await writer.signIn(database.cast.email)).status, 303);
    const { childId } = database.cast;
    await writer.page(`/children/${childId}/notes/new`);

    let killed = false;
    const readFailures: string[] = [];
    const acknowledged: string[] = [];
    let reads = 0;
    let writes = 0;
    const readAfterKill = { count: 0 };
    const readLoop = async () => {
      while (readAfterKill.count < 30) {
        const response = await reader.request(`/children/${childId}`);
        await response.arrayBuffer();
        reads += 1;
        if (response.status !== 200) readFailures.push(`${response.status} from ${answeredBy(response) ?? 'the balancer'}`);
        if (killed) readAfterKill.count += 1;
      }
    };
    const writeLoop = async () => {
      while (readAfterKill.count < 30) {
        const title = `Balanced write ${String(++writes).padStart(3, '0')}`;
        // A write cut by the kill is answered 502 or 503, or its connection is closed: not acknowledged, the person sees it failed.
        let status: number;
        try {
          const response = await writer.post(`/children/${childId}/notes/new`, noteForm(title));
          await response.arrayBuffer();
          status = response.status;
        } catch (error) {
          if (!killed) throw error;
          continue;
        }
        if (status === 303) acknowledged.push(title);
        else assert.ok([502, 503].includes(status) && killed, `${title}: ${status}`);
      }
    };
    const killer = (async () => {
      while (reads < 20) await new Promise((resolve) => setTimeout(resolve, 20));
      killed = true;
      instances[1]!.child.kill('SIGKILL');
    })();
    await Promise.all([readLoop(), readLoop(), writeLoop(), killer]);

    t.diagnostic(`${reads} reads, ${writes} writes of which ${acknowledged.length} acknowledged; instance b killed after 20 reads`);
    assert.deepEqual(readFailures, [], 'every read answered 200');
    assert.ok(acknowledged.length > 0, 'some writes were acknowledged');
    const opened = await database.open();
    try {
      const rows = await opened.db.selectFrom('case_notes').select('title').where('title', 'like', 'Balanced write %').execute();
      const stored = new Map<string, number>();
      for (const { title } of rows) stored.set(title, (stored.get(title) ?? 0) + 1);
      for (const title of acknowledged) assert.equal(stored.get(title), 1, `${title} is stored once`);
      assert.ok([...stored.values()].every((n) => n === 1), 'no write was stored twice');
    } finally {
      await opened.close();
    }
  });
});
