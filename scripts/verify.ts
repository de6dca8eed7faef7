// npm run verify: the reliability battery in one command, on loopback only,
// bounded in count and time. Prints one table and writes it as JSON.
//   npm run verify                 the full battery
//   npm run verify -- --quick      the bounded version CI runs
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { childVisibleTo, type Viewer } from '../src/platform/access/policy.ts';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { systemClock } from '../src/platform/clock/clock.ts';
import { signInOverHttp, startServer } from '../bench/lib/server.ts';
import type { BatteryFigure } from '../test/support/figures.ts';
import { crawl, type RoutePattern } from './verify/crawl.ts';
import { markPathParameters, runSqlmap, type SqlmapTarget } from './verify/sqlmap.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** People whose pages are crawled and attacked: between them they reach every page. */
const ROLES = [
  ['social worker', 'social.worker@steadfast.example'],
  ['team manager', 'team.manager@steadfast.example'],
  ['head of service', 'head.of.service@steadfast.example'],
  ['personal adviser', 'personal.adviser@steadfast.example'],
  ['system administrator', 'admin@steadfast.example'],
] as const;

const START_PAGES = ['/', '/my-children', '/caseload', '/work', '/work/council', '/work/trips', '/work/timeliness', '/variances', '/variances/measures', '/teams', '/continuity', '/trends', '/supervision', '/workforce', '/workforce/census', '/learning', '/admin', '/admin/users', '/admin/teams', '/admin/caseload', '/admin/timescales', '/audit', '/access-reviews', '/children/search?q=a', '/account/forgotten-password', '/account/forgotten-password/sent'];


function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function withDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `steadfast_verify_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Every route the application registers, from the app itself, so a new route cannot be left out. */
async function routeTable(databaseUrl: string): Promise<RoutePattern[]> {
  const opened = await openDatabase({ databaseUrl, poolSize: 1 });
  try {
    const app = await buildApp({ config: loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl }), db: opened.db, clock: systemClock, engine: opened.engine });
    const routes = [...app.routeTable];
    await app.close();
    return routes;
  } finally {
    await opened.close();
  }
}

/**
 * The children a person may not see, by id and (where no other child has it)
 * by full name: no page they can reach may show either.
 */
async function hiddenChildren(db: Db, email: string): Promise<{ ids: string[]; names: string[] }> {
  const user = await db.selectFrom('users').select(['id', 'role', 'team_id', 'service_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const viewer: Viewer = { id: user.id, role: user.role, teamId: user.team_id, serviceId: user.service_id };
  const hidden = await db
    .selectFrom('people')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .select(['people.id', 'people.forename', 'people.surname'])
    .where((eb) => eb.not(childVisibleTo(viewer, new Date())(eb)))
    .execute();
  const everyone = await db.selectFrom('people').innerJoin('child_status', 'child_status.child_id', 'people.id').select(['people.forename', 'people.surname']).execute();
  const count = new Map<string, number>();
  for (const p of everyone) count.set(`${p.forename} ${p.surname}`, (count.get(`${p.forename} ${p.surname}`) ?? 0) + 1);
  return { ids: hidden.map((h) => h.id), names: hidden.map((h) => `${h.forename} ${h.surname}`).filter((n) => count.get(n) === 1) };
}

/** sqlmap against every GET route with an input and every page with a form, signed in as whoever reached it. */
async function attack(databaseUrl: string, quick: boolean, log: (line: string) => void): Promise<BatteryFigure[]> {
  const routes = await routeTable(databaseUrl);
  const server = await startServer(['node', '--import', 'tsx', 'src/main.ts'], {
    DATABASE_URL: databaseUrl,
    DEMO: '1',
    DEMO_SCALE: '0.05',
    LOG_LEVEL: 'warn',
    SIGN_IN_RATE_PER_MINUTE: '100000',
  });
  try {
    const targets: (SqlmapTarget & { cookie: string })[] = [];
    const reached = new Set<string>();
    const leaks: string[] = [];
    let pagesRead = 0;
    const opened = await openDatabase({ databaseUrl, poolSize: 1 });
    for (const [role, email] of ROLES) {
      const cookie = await signInOverHttp(server.baseUrl, email, DEMO_PASSWORD);
      const hidden = await hiddenChildren(opened.db, email);
      const inspect = (path: string, body: string) => {
        // The audit log exists to say which record each event was about: it identifies children by id, and names none.
        const idsAllowed = path.startsWith('/admin/audit');
        if (!idsAllowed) for (const id of hidden.ids) if (body.includes(id)) leaks.push(`${role}: ${path} holds the id of a child they may not see`);
        for (const name of hidden.names) if (body.includes(name)) leaks.push(`${role}: ${path} names a child they may not see`);
      };
      const found = await crawl(server.baseUrl, cookie, routes, { maxPages: quick ? 300 : 600, start: START_PAGES, inspect });
      pagesRead += found.pagesRead;
      log(`  crawled ${found.pagesRead} pages as the ${role} (${hidden.ids.length} children hidden from them): ${found.byRoute.size} GET routes, ${found.formPages.size} pages with forms`);
      for (const [pattern, path] of found.byRoute) {
        if (reached.has(`GET ${pattern}`)) continue;
        reached.add(`GET ${pattern}`);
        if (pattern.includes(':') || path.includes('?')) targets.push({ label: `GET ${pattern}`, url: markPathParameters(pattern, path), forms: false, cookie });
      }
      for (const [pattern, path] of found.formPages) {
        if (reached.has(`forms ${pattern}`)) continue;
        reached.add(`forms ${pattern}`);
        targets.push({ label: `forms on ${pattern}`, url: path, forms: true, cookie });
      }
    }
    await opened.close();
    for (const leak of leaks.slice(0, 20)) log(`  LEAK ${leak}`);
    const gets = targets.filter((t) => !t.forms);
    const forms = targets.filter((t) => t.forms).sort((a, b) => a.label.localeCompare(b.label));
    // The quick run tries every GET route and a spread of forms (every sixth), so CI stays within its time.
    const chosen = [...gets, ...(quick ? forms.filter((_, i) => i % 6 === 0) : forms)];
    const unreached = routes.filter((r) => r.method === 'GET' && !reached.has(`GET ${r.url}`) && r.url !== '/sign-in' && r.url !== '/health');
    let injectable = 0;
    const problems: string[] = [];
    // Two sqlmap runs at once: much of each is sqlmap starting and waiting on the server, so one alone leaves a core idle.
    let next = 0;
    const lane = async () => {
      while (next < chosen.length) {
        const target = chosen[next++]!;
        const outcome = await runSqlmap(server.baseUrl, target.cookie, target, target.forms ? 180 : 60);
        log(`  sqlmap ${target.label}: ${outcome.injectable.length ? `INJECTABLE ${outcome.injectable.join(', ')}` : 'nothing injectable'}${outcome.problem ? ` (${outcome.problem})` : ''} in ${outcome.seconds.toFixed(0)} s`);
        injectable += outcome.injectable.length;
        if (outcome.problem) problems.push(`${target.label}: ${outcome.problem}`);
      }
    };
    await Promise.all([lane(), lane()]);
    for (const r of unreached) log(`  not reached by the crawl (not attacked): GET ${r.url}`);
    return [
      {
        check: 'hidden children on the pages each role reaches',
        tried: `${pagesRead} pages as ${ROLES.length} roles`,
        found: `${leaks.length} leaks`,
        pass: leaks.length === 0,
      },
      {
        check: 'SQL injection (sqlmap, signed in)',
        tried: `${gets.length} GET routes with inputs, ${chosen.length - gets.length} of ${forms.length} form pages; ${unreached.length} GET routes not reached`,
        found: `${injectable} injectable${problems.length ? `, ${problems.length} stopped or not testable` : ''}`,
        // A target stopped at its time limit is reported; one sqlmap could not test at all fails the check.
        pass: injectable === 0 && problems.every((p) => p.endsWith('took too long')),
      },
    ];
  } finally {
    await server.stop();
  }
}

/**
 * Battery tests write their figures as JSON rows into BATTERY_FIGURES_DIR
 * when it is set; here they run on both engines and their rows are read back.
 */
async function batteryTests(quick: boolean, log: (line: string) => void): Promise<BatteryFigure[]> {
  const dir = join(root, '.test-artifacts', `battery-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = [
    'test/battery',
    'test/reliability',
    'test/access-matrix.test.ts',
    'test/access-matrix-record-pages-1.test.ts',
    'test/access-matrix-record-pages-2.test.ts',
    'test/audit-trail.test.ts',
    'test/start.test.ts',
    'src/cli/commands/backup.test.ts',
    'src/platform/audit/chain.test.ts',
  ];
  const { code } = await run('node', ['--import', 'tsx', 'scripts/run-tests.ts', ...files], {
    BATTERY_FIGURES_DIR: dir,
    FUZZ_RUNS: quick ? '3' : '200',
    REQUIRE_POSTGRES: '1',
  });
  const rows: BatteryFigure[] = [];
  for (const file of readdirSync(dir).sort()) rows.push(...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as BatteryFigure[]));
  rmSync(dir, { recursive: true, force: true });
  log(`  battery tests exited ${code}`);
  rows.push({ check: 'battery tests (fuzzing, authorisation, crash and recovery)', tried: `${files.length} test files, on PGlite and PostgreSQL`, found: code === 0 ? 'all passed' : 'failures: see above', pass: code === 0 });
  return rows;
}

async function soak(quick: boolean): Promise<BatteryFigure[]> {
  const out = join(root, '.test-artifacts', `soak-${process.pid}`);
  const args = ['--import', 'tsx', 'bench/run.ts', '--scenario', 'soak', '--scale', quick ? '0.05' : '1', '--out', out];
  if (quick) args.push('--quick');
  const { code } = await run('node', args, {});
  const rows: BatteryFigure[] = [];
  try {
    for (const file of readdirSync(out).filter((f) => f.endsWith('.json'))) {
      const result = JSON.parse(readFileSync(join(out, file), 'utf8')) as { measurements: { engine: string; figures: Record<string, number> }[] };
      for (const m of result.measurements) {
        const f = m.figures;
        const growth = f['RSS growth %'] ?? NaN;
        rows.push({
          check: `soak on ${m.engine}`,
          tried: `${f.requests} requests (${f.writes} writes) in ${f.seconds} s at 50 connections`,
          found: `${f.errors} errors, p99 ${f['p99 ms']} ms, RSS ${f['RSS after warm-up MiB']} -> ${f['RSS at end MiB']} MiB (${growth}%)`,
          // Memory growth is judged on the full ten minutes only: a 20-second run is still warming up.
          pass: f.errors === 0 && (quick || growth < 10),
        });
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (code !== 0) rows.push({ check: 'soak', tried: 'bench soak scenario', found: `exited ${code}`, pass: false });
  return rows;
}

function printTable(rows: BatteryFigure[]): void {
  const headers = ['check', 'tried', 'found', 'result'];
  const cells = rows.map((r) => [r.check, r.tried, r.found, r.pass ? 'pass' : 'FAIL']);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(headers)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run verify --')
    .description('The reliability battery: attack, authorisation, fuzzing, crash and recovery, backup and restore, audit chain, soak. Loopback only.')
    .option('--quick', 'the bounded version CI runs (every GET route, a spread of forms, short fuzzing and soak)', false)
    .option('--database-url <url>', 'a PostgreSQL server where throwaway databases may be created', process.env.VERIFY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    .option('--only <checks>', 'only these: attack, tests, soak (comma-separated)')
    .parse();
  const options = program.opts<{ quick: boolean; databaseUrl: string; only?: string }>();
  const only = options.only?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const started = Date.now();
  const rows: BatteryFigure[] = [];
  const log = (line: string) => console.log(line);
  if (wanted('attack')) {
    log('== attack: sqlmap on every route that takes input');
    rows.push(...(await withDatabase(options.databaseUrl, (url) => attack(url, options.quick, log))));
  }
  if (wanted('tests')) {
    log('== battery tests on PGlite and PostgreSQL');
    rows.push(...(await batteryTests(options.quick, log)));
  }
  if (wanted('soak')) {
    log('== soak');
    rows.push(...(await soak(options.quick)));
  }
  printTable(rows);
  const failed = rows.filter((r) => !r.pass).length;
  const resultsDir = join(root, 'bench', 'results');
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}Z-verify${options.quick ? '-quick' : ''}.json`);
  if (!options.quick) writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2));
  console.log(`\n${rows.length - failed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
