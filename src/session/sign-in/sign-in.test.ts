import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SESSION_COOKIE } from '../../platform/http/web.ts';
import { appForSuite, Agent, startTestApp, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';

describeEachEngine('signing in', (use) => {
  const t = appForSuite(use);
  let userId: string;

  before(async () => {
    const { teamId } = await createTeam(use().db);
    userId = await createUser(use().db, { email: 'Worker@Example.org', role: 'social_worker', teamId, name: 'Wendy Worker' });
  });

  const auditRows = (action: string) =>
    use().db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();

  test('a signed-out visitor is sent to the sign-in page', async () => {
    const response = await new Agent(t.app).get('/');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
  });

  test('the right password signs in (email in any case), shows the home page and is audited', async () => {
    const agent = new Agent(t.app);
    const response = await agent.signIn('worker@example.org', TEST_PASSWORD);
    assert.equal(response.statusCode, 303);
    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(textOf(home.body), /Wendy Worker/);
    assert.match(textOf(home.body), /Test Team/);
    assert.equal(home.headers['cache-control'], 'no-store');
    const rows = await auditRows('sign-in');
    assert.ok(rows.some((r) => r.outcome === 'allowed' && r.actor_user_id === userId && r.request_id && r.ip));
  });

  test('signing in issues a new session id, and the old one stops working', async () => {
    const agent = new Agent(t.app);
    await agent.signIn('worker@example.org', TEST_PASSWORD);
    const first = agent.cookie(SESSION_COOKIE);
    await agent.get('/');
    assert.equal((await agent.post('/sign-in', { email: 'worker@example.org', password: TEST_PASSWORD })).statusCode, 303);
    const second = agent.cookie(SESSION_COOKIE);
    assert.ok(first && second && first !== second);
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${first}` } });
    assert.equal(replay.statusCode, 302, 'the session from before the second sign-in is gone');
  });

  test('a wrong password is refused with a message naming the field, and audited as failed', async () => {
    const agent = new Agent(t.app);
    const response = await agent.signIn('worker@example.org', 'not the password at all');
    assert.equal(response.statusCode, 401);
    assert.match(textOf(response.body), /There is a problem/);
    assert.match(response.body, /href="#email"/);
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    const rows = await auditRows('sign-in');
    assert.ok(rows.some((r) => r.outcome === 'failed' && r.reason?.startsWith('wrong password')));
  });

  test('an unknown email gets the same message as a wrong password', async () => {
    const response = await new Agent(t.app).signIn('nobody@example.org', TEST_PASSWORD);
    assert.equal(response.statusCode, 401);
    assert.match(textOf(response.body), /Enter a correct email address and password/);
  });

  test('an empty form names both fields', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /Enter your email address/);
    assert.match(textOf(response.body), /Enter your password/);
  });

  test('sign-out ends the session on the server', async () => {
    const agent = new Agent(t.app);
    await agent.signIn('worker@example.org', TEST_PASSWORD);
    const token = agent.cookie(SESSION_COOKIE)!;
    await agent.get('/');
    const out = await agent.post('/sign-out');
    assert.equal(out.statusCode, 303);
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    assert.equal(replay.statusCode, 302);
  });
});

describeEachEngine('staying safe after signing in', (use) => {
  const t = appForSuite(use, { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12', SIGN_IN_MAX_FAILURES: '5' });
  let userId: string;
  before(async () => {
    const { teamId } = await createTeam(use().db);
    userId = await createUser(use().db, { email: 'manager@example.org', role: 'team_manager', teamId });
  });

  test('a session ends after 30 idle minutes, but not while it is used', async () => {
    const agent = new Agent(t.app);
    await agent.signIn('manager@example.org', TEST_PASSWORD);
    t.clock.advanceMinutes(29);
    assert.equal((await agent.get('/')).statusCode, 200);
    t.clock.advanceMinutes(29);
    assert.equal((await agent.get('/')).statusCode, 200, 'use 29 minutes ago kept it alive');
    t.clock.advanceMinutes(31);
    const expired = await agent.get('/');
    assert.equal(expired.statusCode, 302);
    assert.equal(expired.headers.location, '/sign-in?expired=1');
    assert.match(textOf((await agent.get('/sign-in?expired=1')).body), /Your session ended/);
  });

  test('a session ends 12 hours after sign-in however busy it is', async () => {
    const agent = new Agent(t.app);
    await agent.signIn('manager@example.org', TEST_PASSWORD);
    // Used every 20 minutes, so the idle limit never applies.
    for (let step = 1; step <= 35; step++) {
      t.clock.advanceMinutes(20);
      assert.equal((await agent.get('/')).statusCode, 200, `${step * 20} minutes after sign-in`);
    }
    t.clock.advanceMinutes(15);
    assert.equal((await agent.get('/')).statusCode, 200, '11 h 55 min after sign-in');
    t.clock.advanceMinutes(10);
    assert.equal((await agent.get('/')).statusCode, 302, '12 h 5 min after sign-in');
  });

  test('a POST without a CSRF token is refused with 403, changes nothing, and is audited', async () => {
    const agent = new Agent(t.app);
    await agent.signIn('manager@example.org', TEST_PASSWORD);
    const token = agent.cookie(SESSION_COOKIE)!;
    const response = await agent.post('/sign-out', { _csrf: '' });
    assert.equal(response.statusCode, 403);
    const still = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    assert.equal(still.statusCode, 200, 'the session was not ended');
    const rows = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'csrf.check').execute();
    assert.ok(rows.some((r) => r.outcome === 'denied' && r.actor_user_id === userId));
  });

  test('a CSRF token from before sign-in does not work after it', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const anonymousToken = agent.csrfToken;
    await agent.post('/sign-in', { email: 'manager@example.org', password: TEST_PASSWORD });
    const response = await agent.post('/sign-out', { _csrf: anonymousToken });
    assert.equal(response.statusCode, 403);
  });

  test('pages carry strict security headers', async () => {
    const response = await new Agent(t.app).get('/sign-in');
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self' 'nonce-[0-9a-f]+'/);
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)![1];
    assert.match(response.body, new RegExp(`<script nonce="${nonce}">`), 'the inline script carries the nonce');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'same-origin');
    assert.equal(response.headers['strict-transport-security'], undefined, 'HSTS only in production');
  });
});

/** The page without what differs on every response (CSRF token, script nonce) and the email typed. */
function comparable(body: string, email: string): string {
  return body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replaceAll(email, 'EMAIL');
}

describeEachEngine('repeated unsuccessful sign-ins are slowed, never locked, and never tell which accounts exist', (use) => {
  const t = appForSuite(use, { SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '1', SIGN_IN_RATE_PER_MINUTE: '1000' });
  let userId: string;
  const auditRows = () => use().db.selectFrom('audit_events').selectAll().where('action', '=', 'sign-in').orderBy('id').execute();

  before(async () => {
    // The first wait is 5 seconds, doubling, at most a minute.
    const { teamId } = await createTeam(use().db);
    userId = await createUser(use().db, { email: 'target@example.org', role: 'social_worker', teamId });
    await createUser(use().db, { email: 'sprayed@example.org', role: 'social_worker', teamId });
  });

  test('an unknown email address and a real account get the same answers, attempt by attempt, while failing and while made to wait', async () => {
    const real = new Agent(t.app, '192.0.2.1');
    const unknown = new Agent(t.app, '192.0.2.2');
    const answers = async (agent: Agent, email: string, password: string) => {
      const response = await agent.signIn(email, password);
      return { status: response.statusCode, page: comparable(response.body, email), text: textOf(response.body) };
    };
    for (let attempt = 1; attempt <= 4; attempt++) {
      const a = await answers(real, 'target@example.org', `wrong password ${attempt}`);
      const b = await answers(unknown, 'nobody-here@example.org', `wrong password ${attempt}`);
      assert.equal(a.status, 401, `attempt ${attempt}`);
      assert.deepEqual(a, b, `attempt ${attempt}: the same status and page`);
      assert.match(a.text, /Enter a correct email address and password/);
      assert.doesNotMatch(a.text, /locked/i);
      if (attempt < 3) assert.doesNotMatch(a.text, /wait/, `attempt ${attempt} is not yet slowed`);
      else assert.match(a.text, /too many unsuccessful attempts: wait 5 seconds and try again/, `attempt ${attempt}`);
    }
    // The right password inside the wait is refused in the same words, unchecked.
    const right = await answers(real, 'target@example.org', TEST_PASSWORD);
    const rightUnknown = await answers(unknown, 'nobody-here@example.org', TEST_PASSWORD);
    assert.deepEqual(right, rightUnknown);
    assert.equal(right.status, 401);
    assert.equal(real.cookie(SESSION_COOKIE), undefined);

    const rows = await auditRows();
    const mine = rows.filter((r) => r.actor_email === 'target@example.org');
    assert.deepEqual(
      mine.map((r) => r.outcome),
      ['failed', 'failed', 'failed', 'denied', 'denied'],
      'every failure and every attempt made to wait is audited',
    );
    assert.ok(mine.every((r) => r.subject_id === userId && r.ip === '192.0.2.1'));
    assert.match(mine[2]!.reason!, /^wrong password \(3 in a row\); further attempts wait until /);
    assert.match(mine[4]!.reason!, /^slowed after repeated failures \(3 for this email address, 3 from this client address\); no password checked/);
    const theirs = rows.filter((r) => r.actor_email === 'nobody-here@example.org');
    assert.deepEqual(theirs.map((r) => r.outcome), ['failed', 'failed', 'failed', 'denied', 'denied']);
    assert.match(theirs[0]!.reason!, /^unknown email address \(1 in a row\)/);

    t.clock.advanceSeconds(6);
    assert.equal((await real.signIn('target@example.org', TEST_PASSWORD)).statusCode, 303, 'the right password after the wait signs in');
  });

  test('an attacker failing from another address cannot keep the owner out: waits double to the cap, and refused attempts do not count', async () => {
    const attacker = new Agent(t.app, '198.51.100.7');
    const owner = new Agent(t.app, '203.0.113.9');
    for (let i = 1; i <= 3; i++) await attacker.signIn('target@example.org', `guess ${i}`);
    // Each time the wait is over the attacker fails once more: 5, 10, 20, 40, 60, 60 seconds.
    for (const wait of [5, 10, 20, 40, 60, 60]) {
      const early = await attacker.signIn('target@example.org', 'hammering');
      assert.match(textOf(early.body), new RegExp(`wait ${wait === 60 ? '1 minute' : `${wait} seconds`} and try again`));
      t.clock.advanceSeconds(wait - 1);
      assert.match(textOf((await attacker.signIn('target@example.org', 'still hammering')).body), /wait 1 second and try again/, 'refused attempts do not make it longer');
      t.clock.advanceSeconds(1);
      assert.match(textOf((await attacker.signIn('target@example.org', `guess after ${wait}`)).body), /wait .* and try again/);
    }
    const row = await use().db.selectFrom('users').select(['failed_sign_ins']).where('id', '=', userId).executeTakeFirstOrThrow();
    assert.equal(row.failed_sign_ins, 9, 'only checked passwords count');

    // The owner, from their own address, gets in as soon as the wait is over.
    const inside = await owner.signIn('target@example.org', TEST_PASSWORD);
    assert.equal(inside.statusCode, 401, 'a per-account wait applies from every address');
    assert.match(textOf(inside.body), /wait 1 minute and try again/);
    t.clock.advanceSeconds(60);
    assert.equal((await owner.signIn('target@example.org', TEST_PASSWORD)).statusCode, 303);

    // Signing in cleared the account's count: one more mistake is not slowed.
    const afterwards = await new Agent(t.app, '203.0.113.10').signIn('target@example.org', 'one typing mistake');
    assert.equal(afterwards.statusCode, 401);
    assert.doesNotMatch(textOf(afterwards.body), /wait/);
    assert.equal((await new Agent(t.app, '203.0.113.10').signIn('target@example.org', TEST_PASSWORD)).statusCode, 303);
  });

  test('one address trying many accounts is slowed for every account, right passwords included; other addresses are not', async () => {
    const sprayer = new Agent(t.app, '198.51.100.50');
    for (const email of ['a@example.org', 'b@example.org', 'target@example.org']) {
      assert.equal((await sprayer.signIn(email, 'Summer2026!')).statusCode, 401);
    }
    const refused = await sprayer.signIn('sprayed@example.org', TEST_PASSWORD);
    assert.equal(refused.statusCode, 401);
    assert.match(textOf(refused.body), /wait 5 seconds and try again/);
    const denied = (await auditRows()).at(-1)!;
    assert.equal(denied.outcome, 'denied');
    assert.match(denied.reason!, /\(3 from this client address\)/);
    assert.equal((await new Agent(t.app, '198.51.100.51').signIn('sprayed@example.org', TEST_PASSWORD)).statusCode, 303, 'another address is not slowed');

    t.clock.advanceSeconds(5);
    assert.equal((await sprayer.signIn('sprayed@example.org', TEST_PASSWORD)).statusCode, 303, 'after the wait the right password signs in');
    const counter = await use().db.selectFrom('sign_in_throttle').selectAll().where('kind', '=', 'address').where('key', '=', '198.51.100.50').executeTakeFirst();
    assert.equal(counter, undefined, 'and clears the address count');
  });

  test('the counters are in the database, so every app instance shares them, and failures are forgotten after a day', async () => {
    const second = await startTestApp(use(), { SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '1', SIGN_IN_RATE_PER_MINUTE: '1000' });
    try {
      second.clock.set(t.clock.now());
      for (let i = 1; i <= 3; i++) await new Agent(t.app, '192.0.2.77').signIn('shared@example.org', `guess ${i}`);
      const elsewhere = await new Agent(second.app, '192.0.2.78').signIn('shared@example.org', 'guess 4');
      assert.match(textOf(elsewhere.body), /wait 5 seconds and try again/, 'the other instance sees the same count');
      second.clock.advanceMinutes(24 * 60);
      const tomorrow = await new Agent(second.app, '192.0.2.78').signIn('shared@example.org', 'guess 5');
      assert.doesNotMatch(textOf(tomorrow.body), /wait/);
    } finally {
      await second.app.close();
    }
  });
});
