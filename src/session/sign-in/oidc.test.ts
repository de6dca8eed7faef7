// Signing in through a council's identity provider, end to end against a real
// OpenID Connect provider (oidc-provider) on loopback: the authorisation code
// flow with PKCE, state and nonce (OpenID Connect Core 1.0 sections 3.1 and
// 15.5.2; RFC 7636), and each refusal audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE } from '../../platform/http/web.ts';
import { Agent, appForSuite, signedIn, textOf, type TestApp } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { OIDC_COOKIE } from './oidc-routes.ts';

const REDIRECT_URI = 'http://127.0.0.1:3000/sign-in/oidc/callback';

describeEachEngine('signing in through the identity provider', (use) => {
  let provider: TestProvider;
  // Filled in before the apps start (hooks run in the order they are declared).
  const linking: Record<string, string> = {};
  const notLinking: Record<string, string> = {};
  before(async () => {
    // A short ID token life, so moving the service's clock on makes one expire.
    provider = await startTestProvider({ redirectUri: REDIRECT_URI, idTokenSeconds: 120 });
    Object.assign(linking, provider.settings({ OIDC_LINK_BY_EMAIL: 'true' }));
    Object.assign(notLinking, provider.settings());
  });
  after(async () => provider?.close());
  const t = appForSuite(use, linking);
  const strict = appForSuite(use, notLinking);

  let teamId: string;
  before(async () => {
    ({ teamId } = await createTeam(use().db));
    await createUser(use().db, { email: 'admin@example.org', role: 'system_admin', name: 'Ada Admin' });
  });

  const person = (email: string, name: string) => createUser(use().db, { email, role: 'social_worker', teamId, name });
  const audits = (action: string) => use().db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();
  const lastAudit = async (action: string) => (await audits(action)).at(-1)!;
  const identities = (userId: string) => use().db.selectFrom('external_identities').selectAll().where('user_id', '=', userId).execute();

  /** Starts at Steadfast's button, signs in at the provider as `subject`, and returns the provider's callback address (not yet followed). */
  async function toProvider(app: TestApp, agent: Agent, subject: string): Promise<URL> {
    // Token times are checked against the service's clock: start it at the provider's time.
    app.clock.set(new Date());
    const start = await agent.get('/sign-in/oidc');
    assert.equal(start.statusCode, 303);
    const location = String(start.headers.location);
    assert.ok(location.startsWith(`${provider.issuer}/`), 'sent to the identity provider');
    const sent = new URL(location);
    assert.equal(sent.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(sent.searchParams.get('state') && sent.searchParams.get('nonce'));
    assert.ok(agent.cookie(OIDC_COOKIE), 'the browser holds its half of the sign-in');
    return provider.authorize(location, subject);
  }

  const back = (agent: Agent, callback: URL): Promise<LightMyRequestResponse> => agent.get(`/sign-in/oidc/callback${callback.search}`);

  async function signInAs(app: TestApp, subject: string): Promise<{ agent: Agent; response: LightMyRequestResponse; callback: URL; attemptCookie: string }> {
    const agent = new Agent(app.app);
    const callback = await toProvider(app, agent, subject);
    const attemptCookie = agent.cookie(OIDC_COOKIE)!;
    const response = await back(agent, callback);
    return { agent, response, callback, attemptCookie };
  }

  test('the sign-in page offers the identity provider beside the password form', async () => {
    const page = await new Agent(t.app).get('/sign-in');
    assert.match(textOf(page.body), /Sign in with Test Council account/);
    assert.match(page.body, /href="\/sign-in\/oidc"/);
    assert.match(textOf(page.body), /Email address/);
  });

  test('a first sign-in is matched by verified email, records the subject, opens a session without a one-time code, and is audited', async () => {
    const id = await person('Olu.First@example.org', 'Olu First');
    // An authenticator app is set up: the provider does the second factor, so no code is asked.
    await use().db.updateTable('users').set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_confirmed_at: new Date() }).where('id', '=', id).execute();
    provider.account('sub-olu', { email: 'olu.first@example.org' });
    const { agent, response } = await signInAs(t, 'sub-olu');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    assert.ok(agent.cookie(SESSION_COOKIE));
    assert.equal(agent.cookie(OIDC_COOKIE), undefined, 'the browser\'s half is cleared');
    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(textOf(home.body), /Olu First/);
    const [identity] = await identities(id);
    assert.equal(identity?.issuer, provider.issuer);
    assert.equal(identity?.subject, 'sub-olu');
    assert.equal(identity?.linked_by_email, 'olu.first@example.org');
    const signIn = await lastAudit('sign-in.oidc');
    assert.equal(signIn.outcome, 'allowed');
    assert.equal(signIn.actor_user_id, id);
    assert.match(signIn.reason ?? '', /second factor left to the identity provider/);
    assert.equal((await lastAudit('user.identity-link')).subject_id, id);
  });

  test('later sign-ins are matched by the subject alone: a changed email address at the provider does not matter', async () => {
    const id = await person('stable@example.org', 'Sam Stable');
    provider.account('sub-sam', { email: 'stable@example.org' });
    assert.equal((await signInAs(t, 'sub-sam')).response.statusCode, 303);
    provider.account('sub-sam', { email: 'sam.married.name@example.org' });
    // Even where linking by email is off, the recorded subject signs them in.
    const again = await signInAs(strict, 'sub-sam');
    assert.equal(again.response.statusCode, 303);
    assert.match(textOf((await again.agent.get('/')).body), /Sam Stable/);
    assert.equal((await identities(id)).length, 1);
  });

  test('with linking by email off, a person not yet linked is refused with a clear page, and nothing is linked', async () => {
    const id = await person('unlinked@example.org', 'Una Linked');
    provider.account('sub-una', { email: 'unlinked@example.org' });
    const { agent, response } = await signInAs(strict, 'sub-una');
    assert.equal(response.statusCode, 403);
    assert.match(textOf(response.body), /not linked to an account in Steadfast/);
    assert.match(textOf(response.body), /cannot create an account yourself/);
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    assert.equal((await identities(id)).length, 0);
    const refusal = await lastAudit('sign-in.oidc');
    assert.equal(refusal.outcome, 'denied');
    assert.match(refusal.reason ?? '', /sub-una .*linking by email address is off/);
  });

  test('an email address the provider has not verified links nobody', async () => {
    const id = await person('unverified@example.org', 'Vic Unverified');
    provider.account('sub-vic', { email: 'unverified@example.org', emailVerified: false });
    const { response } = await signInAs(t, 'sub-vic');
    assert.equal(response.statusCode, 403);
    assert.equal((await identities(id)).length, 0);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /not verified.*no verified email address to link by/);
  });

  test('someone unknown to Steadfast is refused: there is no self-registration', async () => {
    const before = await use().db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    provider.account('sub-stranger', { email: 'stranger@elsewhere.example' });
    const { response } = await signInAs(t, 'sub-stranger');
    assert.equal(response.statusCode, 403);
    assert.match(textOf(response.body), /You cannot sign in to this service/);
    const after = await use().db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    const refusal = await lastAudit('sign-in.oidc');
    assert.equal(refusal.outcome, 'denied');
    assert.match(refusal.reason ?? '', /no account has that email address/);
  });

  test('a disabled account and a leaver are refused, and audited with why', async () => {
    const disabled = await person('disabled@example.org', 'Dee Disabled');
    await use().db.updateTable('users').set({ disabled_at: new Date('2026-01-01T00:00:00Z') }).where('id', '=', disabled).execute();
    provider.account('sub-dee', { email: 'disabled@example.org' });
    const { response, agent } = await signInAs(t, 'sub-dee');
    assert.equal(response.statusCode, 403);
    assert.match(textOf(response.body), /no longer in use/);
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    const refusal = await lastAudit('sign-in.oidc');
    assert.equal(refusal.actor_user_id, disabled);
    assert.match(refusal.reason ?? '', /account disabled/);

    const leaver = await person('leaver@example.org', 'Lee Leaver');
    await use().db.insertInto('staff_records').values({ user_id: leaver, left_on: '2026-01-31' }).execute();
    provider.account('sub-lee', { email: 'leaver@example.org' });
    assert.equal((await signInAs(t, 'sub-lee')).response.statusCode, 403);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /left on 2026-01-31/);
  });

  test('an ID token for another client (wrong audience) is refused and audited', async () => {
    await person('audience@example.org', 'Aud Ience');
    provider.account('sub-aud', { email: 'audience@example.org' });
    provider.misbehave('wrong-audience');
    const { response, agent } = await signInAs(t, 'sub-aud');
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /Sign-in did not complete/);
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    const refusal = await lastAudit('sign-in.oidc');
    assert.equal(refusal.outcome, 'denied');
    assert.match(refusal.reason ?? '', /unexpected JWT "aud" \(audience\) claim value/);
  });

  test('an expired ID token is refused and audited', async () => {
    await person('expired@example.org', 'Ex Pired');
    provider.account('sub-ex', { email: 'expired@example.org' });
    const agent = new Agent(t.app);
    const callback = await toProvider(t, agent, 'sub-ex');
    // Five minutes pass before the token is checked: well within the sign-in's own ten, past the token's two.
    t.clock.advanceMinutes(5);
    const response = await back(agent, callback);
    assert.equal(response.statusCode, 400);
    assert.equal(agent.cookie(SESSION_COOKIE), undefined);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /"exp" \(expiration time\) claim value, expiration is past/);
  });

  test('a sign-in left at the provider for more than ten minutes is refused', async () => {
    provider.account('sub-slow', { email: 'expired@example.org' });
    const agent = new Agent(t.app);
    const callback = await toProvider(t, agent, 'sub-slow');
    t.clock.advanceMinutes(11);
    assert.equal((await back(agent, callback)).statusCode, 400);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /after more than 10 minutes/);
  });

  test('a replayed callback (the same code and state) is refused and audited, even with the browser\'s cookie', async () => {
    await person('replay@example.org', 'Ray Play');
    provider.account('sub-ray', { email: 'replay@example.org' });
    const { response, callback, attemptCookie } = await signInAs(t, 'sub-ray');
    assert.equal(response.statusCode, 303);
    const replay = await t.app.inject({
      method: 'GET',
      url: `/sign-in/oidc/callback${callback.search}`,
      headers: { cookie: `${OIDC_COOKIE}=${attemptCookie}` },
    });
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.cookies.some((c) => c.name === SESSION_COOKIE && c.value), false);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /already used \(a replay\)/);

    // The code again, under a sign-in freshly started in the same browser: its state is not that one's.
    const agent = new Agent(t.app);
    t.clock.set(new Date());
    await agent.get('/sign-in/oidc');
    assert.equal((await back(agent, callback)).statusCode, 400);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /state in the callback is not the one/);
  });

  test('a tampered state is refused and audited, and the sign-in cannot then be finished', async () => {
    await person('tamper@example.org', 'Tam Per');
    provider.account('sub-tam', { email: 'tamper@example.org' });
    const agent = new Agent(t.app);
    const callback = await toProvider(t, agent, 'sub-tam');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const response = await back(agent, tampered);
    assert.equal(response.statusCode, 400);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /tampered/);
    // The genuine answer after it finds nothing: the attempt was used up by the tampered one.
    assert.equal((await back(agent, callback)).statusCode, 400);
  });

  test('a callback in a browser that did not start the sign-in is refused', async () => {
    provider.account('sub-other', { email: 'tamper@example.org' });
    const callback = await toProvider(t, new Agent(t.app), 'sub-other');
    const elsewhere = new Agent(t.app);
    const response = await back(elsewhere, callback);
    assert.equal(response.statusCode, 400);
    assert.equal(elsewhere.cookie(SESSION_COOKIE), undefined);
    assert.match((await lastAudit('sign-in.oidc')).reason ?? '', /cookie is missing/);
  });

  test('an administrator sees who is linked and can unlink them: signed out, audited, matched afresh next time', async () => {
    const id = await person('unlink.me@example.org', 'Una Link');
    provider.account('sub-unlink', { email: 'unlink.me@example.org' });
    const { agent: personAgent } = await signInAs(t, 'sub-unlink');
    const admin = await signedIn(t.app, 'admin@example.org');
    const list = await admin.get('/admin/users?q=unlink.me');
    assert.match(textOf(list.body), /Single sign-on/);
    assert.match(textOf(list.body), /Una Link .* Linked/);
    const page = await admin.get(`/admin/users/${id}`);
    assert.match(textOf(page.body), /Single sign-on Linked since/);
    const unlinked = await admin.post(`/admin/users/${id}/unlink-identity`);
    assert.equal(unlinked.statusCode, 303);
    assert.equal((await identities(id)).length, 0);
    assert.equal((await personAgent.get('/')).statusCode, 302, 'signed out');
    const audit = await lastAudit('user.identity-unlink');
    assert.equal(audit.subject_id, id);
    assert.match(audit.reason ?? '', /sub-unlink/);
    // Where linking by email is off, their next sign-in is now refused.
    assert.equal((await signInAs(strict, 'sub-unlink')).response.statusCode, 403);
    // Nothing left to unlink.
    assert.equal((await admin.post(`/admin/users/${id}/unlink-identity`)).statusCode, 400);
  });
});
