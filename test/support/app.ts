import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { FakeClock } from '../../src/platform/clock/clock.ts';
import type { TestDatabase } from './databases.ts';
import { TEST_TODAY } from './environment.ts';
import { TEST_PASSWORD } from './users.ts';

export interface TestApp {
  app: FastifyInstance;
  clock: FakeClock;
  config: Config;
  database: TestDatabase;
}

/** The real app on a test database, with a fake clock (09:00 on the test day, London). */
export async function startTestApp(database: TestDatabase, settings: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO: '0', ...settings });
  const clock = new FakeClock(`${TEST_TODAY}T09:00:00Z`);
  const app = await buildApp({ config, db: database.db, clock, engine: database.engine });
  await app.ready();
  return { app, clock, config, database };
}

/**
 * The app for the tests of one suite: started before them, closed after
 * them. The object is filled in when the suite starts, so read it only in
 * hooks and tests.
 */
export function appForSuite(use: () => TestDatabase, settings: Record<string, string> = {}): TestApp {
  const t = {} as TestApp;
  before(async () => {
    Object.assign(t, await startTestApp(use(), settings));
  });
  after(async () => t.app.close());
  return t;
}

/**
 * A browser-like client for `inject`: keeps cookies, and sends the CSRF token
 * of the last page it fetched, as a form on the page would.
 */
export class Agent {
  private cookies = new Map<string, string>();
  csrfToken = '';
  /** `remoteAddress` is the client address the app sees (127.0.0.1 unless given). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress?: string,
  ) {}

  private get from(): { remoteAddress?: string } {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const cleared = cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= Date.now()) || cookie.maxAge === 0;
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, ...this.from, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form with the current CSRF token (pass `_csrf` yourself to override it). */
  async post(url: string, form: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrfToken);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        ...this.from,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /**
   * Signs in through the real form and, like a browser, follows the redirect
   * (so the CSRF token is the signed-in one); returns the sign-in response.
   */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode === 303 && response.headers.location) await this.get(String(response.headers.location));
    return response;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** An agent signed in as the person with this email (test password). */
export async function signedIn(app: FastifyInstance, email: string): Promise<Agent> {
  const agent = new Agent(app);
  assert.equal((await agent.signIn(email, TEST_PASSWORD)).statusCode, 303, `${email} signs in`);
  return agent;
}

/** Page text without tags, for assertions on what a person reads. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
