import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.ts';
import { assertAccessible, openSignedInPage, pressButton, screenshot, skipWithoutBrowser, startBrowserSite, visit, watchForProblems, type BrowserSite } from '../support/browser.ts';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.ts';

const worker = DEMO_ACCOUNTS.find((account) => account.role === 'social_worker')!;
const admin = DEMO_ACCOUNTS.find((account) => account.role === 'system_admin')!;

/** A free loopback port: the identity provider must know the service's address before the service starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('signing in through the identity provider in a browser', { skip: skipWithoutBrowser }, () => {
  let provider: TestProvider;
  let site: BrowserSite;
  before(async () => {
    const port = await freePort();
    provider = await startTestProvider({ redirectUri: `http://127.0.0.1:${port}/sign-in/oidc/callback` });
    provider.account('worker-subject', { email: worker.email.toUpperCase() });
    provider.account('stranger-subject', { email: 'stranger@elsewhere.example' });
    site = await startBrowserSite(provider.settings({ OIDC_LINK_BY_EMAIL: 'true' }), { port });
  });
  after(async () => {
    await site?.close();
    await provider?.close();
  });

  /** Presses the provider's button on the sign-in page and signs in on the provider's own login page. */
  async function throughProvider(subject: string) {
    const page = await site.newPage();
    const problems = watchForProblems(page);
    // The stand-in provider's own login page asks for a web font from the internet, which the tests do not reach.
    await page.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    await visit(page, site.url('/sign-in'));
    await assertAccessible(page, 'the sign-in page offering the identity provider');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(provider.issuer)), page.getByRole('button', { name: 'Sign in with Test Council account' }).click()]);
    await page.locator('input[name="login"]').fill(subject);
    await page.locator('input[name="password"]').fill('any password');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(site.url('/'))), page.locator('button[type="submit"]').click()]);
    return { page, problems };
  }

  test('a known person signs in at the provider and lands on their home page', async () => {
    const { page, problems } = await throughProvider('worker-subject');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), worker.name);
    await assertAccessible(page, 'the home page after signing in through the provider');
    await screenshot(page, 'oidc-home');
    const identity = await site.test.database.db.selectFrom('external_identities').selectAll().where('subject', '=', 'worker-subject').executeTakeFirst();
    assert.equal(identity?.issuer, provider.issuer);
    assert.deepEqual(problems(), []);
  });

  test('someone unknown to the service is told so, on a page without accessibility problems', async () => {
    const { page } = await throughProvider('stranger-subject');
    assert.equal(new URL(page.url()).pathname, '/sign-in/oidc/callback');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'You cannot sign in to this service');
    await assertAccessible(page, 'the refusal page');
    await screenshot(page, 'oidc-refused');
    await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('link', { name: 'Back to sign in' }).click()]);
  });

  test('an administrator sees the link on the users list and the person\'s page, and unlinks it', async () => {
    const linked = await site.test.database.db.selectFrom('external_identities').select('user_id').where('subject', '=', 'worker-subject').executeTakeFirst();
    assert.ok(linked, 'linked by the first test');
    const { page, problems } = await openSignedInPage(site, admin.email);
    await visit(page, site.url(`/admin/users?q=${encodeURIComponent(worker.email)}`));
    assert.match(await page.locator('table').innerText(), /Linked/);
    await assertAccessible(page, 'the users list with its single sign-on column');
    await visit(page, site.url(`/admin/users/${linked.user_id}`));
    await assertAccessible(page, 'a linked person\'s page');
    await pressButton(page, `Unlink ${worker.name}'s single sign-on`);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Single sign-on identity unlinked/);
    await assertAccessible(page, 'the person\'s page after unlinking');
    assert.deepEqual(problems(), []);
  });
});
