import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { Agent, startTestApp, type TestApp } from './support/app.ts';
import { buildAccessScenario, EXPECTED_VISIBILITY, scenarioSurname, type AccessScenario, type ScenarioChild, type ScenarioUser } from './support/access-scenario.ts';
import { describeEachEngine } from './support/databases.ts';
import { TEST_PASSWORD } from './support/users.ts';

/**
 * Every route × every role × every relationship the policy distinguishes:
 * a record someone may not see answers 404 (403 for a role that never reads
 * records), never shows the child's name, and no POST changes anything.
 * Lists, searches and dashboards never name a child the viewer may not see.
 */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const USERS = Object.keys(EXPECTED_VISIBILITY) as ScenarioUser[];
/** Pages that are functions only some roles use (403 for the others, who still see the record). */
const MANAGER_FUNCTION = /\/allocations\/change$/;

describeEachEngine('authorisation matrix', (use) => {
  let t: TestApp;
  let s: AccessScenario;
  const agents = new Map<ScenarioUser, Agent>();
  const childKeys = () => Object.keys(s.children) as ScenarioChild[];
  const visible = (user: ScenarioUser, child: ScenarioChild) => EXPECTED_VISIBILITY[user].includes(child);

  before(async () => {
    t = await startTestApp(use());
    s = await buildAccessScenario(use().db);
    for (const user of USERS) {
      const agent = new Agent(t.app);
      assert.equal((await agent.signIn(s.users[user].email, TEST_PASSWORD)).statusCode, 303);
      await agent.get('/');
      agents.set(user, agent);
    }
  });
  after(async () => t.app.close());

  const routes = (method: string, predicate: (url: string) => boolean) =>
    t.app.routeTable.filter((r) => r.method === method && predicate(r.url));
  const fill = (url: string, childId: string) =>
    url.replace(':childId', childId).replace(/:teamId/g, s.teams.a1).replace(/:[A-Za-z]+/g, UNKNOWN_ID);
  const onlyChildParam = (url: string) => (url.match(/:[A-Za-z]+/g) ?? []).length === 1;

  test('every page of a child record: 404 without access, and the name never shows', async () => {
    const pages = routes('GET', (url) => url.includes(':childId'));
    assert.ok(pages.length >= 2, 'the record pages are registered');
    for (const { url } of pages) {
      for (const user of USERS) {
        for (const child of childKeys()) {
          const response = await agents.get(user)!.get(fill(url, s.children[child].id));
          const where = `${user} GET ${url} for ${child}`;
          if (user === 'admin') {
            assert.equal(response.statusCode, 403, where);
          } else if (!visible(user, child)) {
            assert.equal(response.statusCode, 404, where);
          } else if (onlyChildParam(url) && !MANAGER_FUNCTION.test(url)) {
            assert.equal(response.statusCode, 200, where);
          } else {
            assert.ok([200, 403, 404].includes(response.statusCode), `${where}: ${response.statusCode}`);
          }
          if (!visible(user, child)) assert.doesNotMatch(response.body, new RegExp(scenarioSurname(child)), where);
        }
      }
    }
  });

  test('every form on a child record: refused without access, and nothing is stored', async () => {
    const before = await tableSizes();
    const forms = routes('POST', (url) => url.includes(':childId'));
    for (const { url } of forms) {
      for (const user of USERS) {
        for (const child of childKeys().filter((c) => !visible(user, c))) {
          const response = await agents.get(user)!.post(fill(url, s.children[child].id), {});
          assert.ok([403, 404].includes(response.statusCode), `${user} POST ${url} for ${child}: ${response.statusCode}`);
        }
      }
    }
    assert.deepEqual(await tableSizes(), before);
  });

  test('lists, searches and dashboards never name a child the viewer may not see', async () => {
    // Lower case, so the echoed search box cannot be mistaken for a listed name.
    const searches = childKeys().map((c) => `/children/search?q=${scenarioSurname(c).toLowerCase()}`);
    const lists = routes('GET', (url) => !url.includes(':childId') && !url.startsWith('/admin') && url !== '/health').map((r) =>
      r.url.replace(/:teamId/g, s.teams.a1).replace(/:[A-Za-z]+/g, UNKNOWN_ID),
    );
    for (const user of USERS) {
      for (const url of [...lists, ...searches]) {
        const response = await agents.get(user)!.get(url);
        assert.ok(response.statusCode < 500, `${user} GET ${url}: ${response.statusCode}`);
        for (const child of childKeys().filter((c) => !visible(user, c))) {
          assert.doesNotMatch(response.body, new RegExp(scenarioSurname(child)), `${user} GET ${url} names ${child}`);
        }
      }
    }
  });

  /** Rows in every table but the ones a refusal itself writes to. */
  async function tableSizes(): Promise<Record<string, number>> {
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('audit_events', 'sessions', 'kysely_migration', 'kysely_migration_lock')
      ORDER BY table_name`.execute(use().db);
    const sizes: Record<string, number> = {};
    for (const { table_name } of tables.rows) {
      const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)}`.execute(use().db);
      sizes[table_name] = result.rows[0]!.n;
    }
    return sizes;
  }
});
