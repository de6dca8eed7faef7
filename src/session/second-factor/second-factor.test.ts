import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { codeAt } from '../../platform/auth/second-factor.ts';
import { SESSION_COOKIE } from '../../platform/http/web.ts';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';

// A second factor by one-time codes (RFC 6238), as docs/identity.md describes it.
describeEachEngine('signing in with an authenticator app', (use) => {
  // Many sign-ins in one minute here: the per-address rate limit is not what is tested.
  const t = appForSuite(use, { SIGN_IN_RATE_PER_MINUTE: '1000' });
  const db = () => use().db;
  let teamId: string;

  before(async () => {
    ({ teamId } = await createTeam(db()));
    await createUser(db(), { email: 'admin@example.org', role: 'system_admin' });
  });

  const secretOf = async (email: string) =>
    (await db().selectFrom('users').select('totp_secret').where('email', '=', email).executeTakeFirstOrThrow()).totp_secret!;
  const audits = (action: string) => db().selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();

  /** A person who has set up the app from their account page; returns their recovery codes. */
  async function withApp(email: string): Promise<string[]> {
    const agent = await signedIn(t.app, email);
    const page = await agent.get('/account/security/set-up');
    assert.equal(page.statusCode, 200);
    const done = await agent.post('/account/security/set-up', { code: codeAt(await secretOf(email), t.clock.now()) });
    assert.equal(done.statusCode, 200);
    const codes = [...done.body.matchAll(/<code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 10);
    t.clock.advanceMinutes(1); // the code used to set up is spent
    return codes;
  }

  test('setting up the app: a QR code and the key to type, a wrong code refused, the right one gives ten recovery codes once', async () => {
    await createUser(db(), { email: 'setup@example.org', role: 'social_worker', teamId });
    const agent = await signedIn(t.app, 'setup@example.org');
    assert.match(textOf((await agent.get('/account/security')).body), /Authenticator app Not set up/);
    const page = await agent.get('/account/security/set-up');
    assert.match(page.body, /<svg[^>]*viewBox/);
    const secret = await secretOf('setup@example.org');
    assert.match(textOf(page.body), new RegExp(secret.slice(0, 4)));
    assert.equal((await agent.get('/account/security/set-up')).body.includes(secret.slice(0, 4)), true, 'a reload shows the same key');

    const wrong = await agent.post('/account/security/set-up', { code: '000000' === codeAt(secret, t.clock.now()) ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(textOf(wrong.body), /There is a problem Enter the 6-digit code your authenticator app shows now/);
    const unconfirmed = await db().selectFrom('users').select('totp_confirmed_at').where('email', '=', 'setup@example.org').executeTakeFirstOrThrow();
    assert.equal(unconfirmed.totp_confirmed_at, null);

    const right = await agent.post('/account/security/set-up', { code: codeAt(secret, t.clock.now()) });
    assert.equal(right.statusCode, 200);
    assert.equal([...right.body.matchAll(/<code>/g)].length, 10);
    assert.match(textOf((await agent.get('/account/security')).body), /Set up: a code is asked for at every sign-in .*Recovery codes left 10/);
    assert.ok((await audits('account.second-factor.set-up')).some((r) => r.outcome === 'allowed' && r.subject_id));
    const stored = await db().selectFrom('recovery_codes').select('code_hash').execute();
    const shown = [...right.body.matchAll(/<code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
    assert.ok(stored.every((row) => !shown.some((code) => row.code_hash.includes(code))), 'only hashes are stored');
  });

  test('after the password, nothing opens until the code: then a new session, and the half-way one is worth nothing', async () => {
    await createUser(db(), { email: 'coded@example.org', role: 'social_worker', teamId });
    await withApp('coded@example.org');
    const agent = new Agent(t.app);
    const afterPassword = await agent.signIn('coded@example.org', TEST_PASSWORD);
    assert.equal(afterPassword.headers.location, '/sign-in/code');
    const halfway = agent.cookie(SESSION_COOKIE)!;
    for (const path of ['/', '/caseload', '/account/security']) {
      const response = await agent.get(path);
      assert.equal(response.statusCode, 302, path);
      assert.equal(response.headers.location, '/sign-in/code', path);
    }
    await agent.get('/sign-in/code');
    const done = await agent.post('/sign-in/code', { code: codeAt(await secretOf('coded@example.org'), t.clock.now()) });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/');
    assert.notEqual(agent.cookie(SESSION_COOKIE), halfway);
    assert.equal((await agent.get('/')).statusCode, 200);
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${halfway}` } });
    assert.equal(replay.statusCode, 302);
    assert.equal(replay.headers.location, '/sign-in', 'the half-way session is gone');
    assert.ok((await audits('sign-in')).some((r) => r.outcome === 'allowed' && /one-time code is asked next/.test(r.reason ?? '')));
    assert.ok((await audits('sign-in.second-factor')).some((r) => r.outcome === 'allowed'));
  });

  test('a code is used once: the same code again is refused, the next step’s code works', async () => {
    await createUser(db(), { email: 'replay@example.org', role: 'social_worker', teamId });
    await withApp('replay@example.org');
    const secret = await secretOf('replay@example.org');
    const code = codeAt(secret, t.clock.now());
    const first = new Agent(t.app);
    await first.signIn('replay@example.org', TEST_PASSWORD);
    assert.equal((await first.post('/sign-in/code', { code })).statusCode, 303);
    const second = new Agent(t.app);
    await second.signIn('replay@example.org', TEST_PASSWORD);
    const again = await second.post('/sign-in/code', { code });
    assert.equal(again.statusCode, 400, 'the same code, seen once, is refused');
    t.clock.advanceSeconds(30);
    assert.equal((await second.post('/sign-in/code', { code: codeAt(secret, t.clock.now()) })).statusCode, 303);
  });

  test('five wrong codes end the sign-in; the password is asked again', async () => {
    await createUser(db(), { email: 'guess@example.org', role: 'social_worker', teamId });
    await withApp('guess@example.org');
    const agent = new Agent(t.app);
    await agent.signIn('guess@example.org', TEST_PASSWORD);
    const halfway = agent.cookie(SESSION_COOKIE)!;
    const right = codeAt(await secretOf('guess@example.org'), t.clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let n = 1; n <= 4; n++) assert.equal((await agent.post('/sign-in/code', { code: wrong })).statusCode, 400, `wrong code ${n}`);
    const fifth = await agent.post('/sign-in/code', { code: wrong });
    assert.equal(fifth.statusCode, 401);
    assert.match(textOf(fifth.body), /Too many wrong codes/);
    const after = await t.app.inject({ method: 'GET', url: '/sign-in/code', headers: { cookie: `${SESSION_COOKIE}=${halfway}` } });
    assert.equal(after.headers.location, '/sign-in', 'the right code now needs the password first');
    assert.ok((await audits('sign-in.second-factor')).some((r) => r.outcome === 'failed' && /sign-in was ended/.test(r.reason ?? '')));
  });

  test('a recovery code signs in once; used again it is refused', async () => {
    await createUser(db(), { email: 'lost@example.org', role: 'social_worker', teamId });
    const codes = await withApp('lost@example.org');
    const agent = new Agent(t.app);
    await agent.signIn('lost@example.org', TEST_PASSWORD);
    await agent.get('/sign-in/recovery-code');
    assert.equal((await agent.post('/sign-in/recovery-code', { code: codes[3]!.toUpperCase() })).statusCode, 303);
    const other = new Agent(t.app);
    await other.signIn('lost@example.org', TEST_PASSWORD);
    await other.get('/sign-in/recovery-code');
    const reused = await other.post('/sign-in/recovery-code', { code: codes[3]! });
    assert.equal(reused.statusCode, 400);
    assert.match(textOf(reused.body), /Enter one of your recovery codes that has not been used/);
    assert.ok((await audits('sign-in.second-factor')).some((r) => r.outcome === 'allowed' && /recovery code used; 9 left/.test(r.reason ?? '')));
  });

  test('the way to the code closes 15 minutes after the password', async () => {
    await createUser(db(), { email: 'slow@example.org', role: 'social_worker', teamId });
    await withApp('slow@example.org');
    const agent = new Agent(t.app);
    await agent.signIn('slow@example.org', TEST_PASSWORD);
    t.clock.advanceMinutes(16);
    const late = await agent.post('/sign-in/code', { code: codeAt(await secretOf('slow@example.org'), t.clock.now()) });
    assert.equal(late.statusCode, 403, 'the form belonged to a session that has ended');
    assert.equal((await agent.get('/sign-in/code')).headers.location, '/sign-in');
    assert.equal((await agent.get('/')).headers.location, '/sign-in');
  });

  test('required for a role: the next sign-in sets the app up before anything else, and it cannot be turned off', async () => {
    await createUser(db(), { email: 'manager@example.org', role: 'team_manager', teamId });
    const admin = await signedIn(t.app, 'admin@example.org');
    const form = await admin.get('/admin/second-factor');
    assert.equal(form.statusCode, 200, form.body.slice(0, 300));
    const saved = await admin.post('/admin/second-factor', { roles: ['team_manager', 'head_of_service'] });
    assert.equal(saved.statusCode, 303, textOf(saved.body).slice(0, 400));
    assert.deepEqual((await db().selectFrom('second_factor_roles').select('role').orderBy('role').execute()).map((r) => r.role), ['head_of_service', 'team_manager']);
    assert.ok((await audits('settings.second-factor-roles')).some((r) => /no role → head_of_service, team_manager/.test(r.reason ?? '')));

    const agent = new Agent(t.app);
    const response = await agent.signIn('manager@example.org', TEST_PASSWORD);
    assert.equal(response.headers.location, '/sign-in/set-up-code');
    assert.equal((await agent.get('/caseload')).headers.location, '/sign-in/set-up-code');
    await agent.get('/sign-in/set-up-code');
    const done = await agent.post('/sign-in/set-up-code', { code: codeAt(await secretOf('manager@example.org'), t.clock.now()) });
    assert.equal(done.statusCode, 200);
    assert.match(textOf(done.body), /Your recovery codes/);
    assert.equal((await agent.get('/')).statusCode, 200, 'signed in once it is set up');

    t.clock.advanceMinutes(1);
    await agent.get('/account/security');
    const off = await agent.post('/account/security/turn-off', { code: codeAt(await secretOf('manager@example.org'), t.clock.now()) });
    assert.equal(off.statusCode, 400);
    assert.match(textOf(off.body), /Your role requires an authenticator app, so it cannot be turned off/);
    await admin.post('/admin/second-factor', {});
    assert.equal((await db().selectFrom('second_factor_roles').select('role').execute()).length, 0);
  });

  test('a person may turn the app off with a code, and get new recovery codes that replace the old', async () => {
    await createUser(db(), { email: 'choice@example.org', role: 'social_worker', teamId });
    const old = await withApp('choice@example.org');
    const agent = new Agent(t.app);
    await agent.signIn('choice@example.org', TEST_PASSWORD);
    await agent.post('/sign-in/recovery-code', { code: old[0]! });
    await agent.get('/account/security');
    const secret = await secretOf('choice@example.org');
    const renewed = await agent.post('/account/security/recovery-codes', { code: codeAt(secret, t.clock.now()) });
    assert.equal(renewed.statusCode, 200);
    assert.match(textOf(renewed.body), /Your earlier recovery codes no longer work/);
    assert.equal(await db().selectFrom('recovery_codes').select('id').where('used_at', 'is', null).execute().then((r) => r.length >= 10), true);
    t.clock.advanceSeconds(30);
    await agent.get('/account/security');
    assert.equal((await agent.post('/account/security/turn-off', { code: 'abc' })).statusCode, 400);
    assert.equal((await agent.post('/account/security/turn-off', { code: codeAt(secret, t.clock.now()) })).statusCode, 303);
    const signIn = await new Agent(t.app).signIn('choice@example.org', TEST_PASSWORD);
    assert.equal(signIn.headers.location, '/', 'no code is asked once it is off');
  });

  test('an administrator resets a lost app: the person is signed out everywhere; nobody else may', async () => {
    const id = await createUser(db(), { email: 'phone@example.org', role: 'social_worker', teamId });
    await withApp('phone@example.org');
    const person = new Agent(t.app);
    await person.signIn('phone@example.org', TEST_PASSWORD);
    await person.post('/sign-in/code', { code: codeAt(await secretOf('phone@example.org'), t.clock.now()) });
    assert.equal((await person.get('/')).statusCode, 200);

    await createUser(db(), { email: 'colleague@example.org', role: 'team_manager', teamId });
    const colleague = await signedIn(t.app, 'colleague@example.org');
    await colleague.get('/');
    assert.equal((await colleague.post(`/admin/users/${id}/reset-second-factor`)).statusCode, 403);

    const admin = await signedIn(t.app, 'admin@example.org');
    const page = await admin.get(`/admin/users/${id}`);
    assert.match(textOf(page.body), /Authenticator app Set up/);
    assert.equal((await admin.post(`/admin/users/${id}/reset-second-factor`)).statusCode, 303);
    assert.equal((await person.get('/')).statusCode, 302, 'signed out');
    const user = await db().selectFrom('users').select(['totp_secret', 'totp_confirmed_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(user, { totp_secret: null, totp_confirmed_at: null });
    assert.equal((await db().selectFrom('recovery_codes').select('id').where('user_id', '=', id).execute()).length, 0);
    assert.ok((await audits('user.second-factor-reset')).some((r) => r.subject_id === id && r.outcome === 'allowed'));
    assert.equal((await new Agent(t.app).signIn('phone@example.org', TEST_PASSWORD)).headers.location, '/');
  });
});
