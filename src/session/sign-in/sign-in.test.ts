import assert from 'node:assert/strict';
import { before, after, test } from 'node:test';
import { SESSION_COOKIE } from '../../platform/http/web.ts';
import { Agent, startTestApp, textOf, type TestApp } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';

describeEachEngine('signing in', (use) => {
  let t: TestApp;
  let userId: string;

  before(async () => {
    t = await startTestApp(use());
    const { teamId } = await createTeam(use().db);
    userId = await createUser(use().db, { email: 'Worker@Example.org', role: 'social_worker', teamId, name: 'Wendy Worker' });
  });
  after(async () => t.app.close());

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
  let t: TestApp;
  let userId: string;
  before(async () => {
    t = await startTestApp(use(), { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12', SIGN_IN_MAX_FAILURES: '5' });
    const { teamId } = await createTeam(use().db);
    userId = await createUser(use().db, { email: 'manager@example.org', role: 'team_manager', teamId });
    await createUser(use().db, { email: 'locked@example.org', role: 'social_worker', teamId });
  });
  after(async () => t.app.close());

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

  test('five wrong passwords lock the account, even against the right password, and it is audited', async () => {
    const agent = new Agent(t.app);
    for (let i = 1; i <= 4; i++) {
      assert.equal((await agent.signIn('locked@example.org', `wrong password ${i}`)).statusCode, 401);
    }
    const fifth = await agent.signIn('locked@example.org', 'wrong password 5');
    assert.equal(fifth.statusCode, 423);
    assert.match(textOf(fifth.body), /Your account is locked after 5 unsuccessful attempts/);
    const right = await agent.signIn('locked@example.org', TEST_PASSWORD);
    assert.equal(right.statusCode, 423, 'the right password does not open a locked account');
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    const locks = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'account.lock').execute();
    assert.equal(locks.length, 1);
    const denied = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'sign-in').where('reason', '=', 'account locked').execute();
    assert.equal(denied.length, 1);
    t.clock.advanceMinutes(16);
    assert.equal((await agent.signIn('locked@example.org', TEST_PASSWORD)).statusCode, 303, 'the lock expires');
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
