// Runs every test file on the engines and browser this machine has, and fails
// when no test ran: Node 20's test runner finds no TypeScript files by itself.
//   npm test                   all tests
//   npm test -- src/features   only test files under these paths
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { FIXTURES, runArtifactsDir, snapshotPath, templateDatabase, urlWithDatabase } from '../test/support/databases.ts';
import { TEST_DEMO, TEST_TODAY } from '../test/support/environment.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const required = (name: string) => process.env[name] === '1' || process.env[name] === 'true';

function fail(message: string): never {
  console.error(`npm test: ${message}`);
  process.exit(1);
}

async function reachablePostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function findBrowser(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path));
}

function findHaproxy(): string | undefined {
  const candidates = [process.env.HAPROXY_PATH, '/usr/sbin/haproxy', '/usr/bin/haproxy'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path));
}

function testFiles(paths: string[]): string[] {
  const roots = paths.length ? paths : ['src', 'test'];
  const files: string[] = [];
  for (const start of roots) {
    const absolute = join(root, start);
    if (!existsSync(absolute)) fail(`no such path: ${start}`);
    if (absolute.endsWith('.test.ts')) {
      files.push(relative(root, absolute));
      continue;
    }
    for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(relative(root, join(entry.parentPath, entry.name)));
    }
  }
  // The long files first (the authorisation matrix, the fuzz battery, browser
  // journeys, several server processes), so the run does not end on one of
  // them with the other cores idle.
  const long = (file: string) => /^test\/(access-matrix|battery|browser|reliability)|\.browser\.test\.ts$/.test(file);
  return files.sort((a, b) => Number(long(b)) - Number(long(a)) || a.localeCompare(b));
}

/** One migrated and one demo-seeded PGlite snapshot, loaded by every suite in under a second. */
async function buildPgliteSnapshots(): Promise<void> {
  mkdirSync(runArtifactsDir(), { recursive: true });
  const opened = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(opened.db);
    writeFileSync(snapshotPath('migrated'), Buffer.from(await (await opened.pglite!.dumpDataDir('none')).arrayBuffer()));
    await generateDemo(opened.db, { ...TEST_DEMO, today: TEST_TODAY });
    writeFileSync(snapshotPath('demo'), Buffer.from(await (await opened.pglite!.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await opened.close();
  }
}

/** Databases of earlier runs that did not finish (older than six hours), and this run's own. */
async function dropTestDatabases(admin: pg.Client, which: 'stale' | 'own'): Promise<void> {
  const runs = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'steadfast\\_test\\_%'`);
  const own = `steadfast_test_${process.env.STEADFAST_TEST_RUN}_`;
  const staleBefore = Math.floor(Date.now() / 1000) - 6 * 3600;
  for (const { datname } of runs.rows) {
    const started = Number(/^steadfast_test_(\d+)_/.exec(datname)?.[1] ?? 0);
    const drop = which === 'own' ? datname.startsWith(own) : !datname.startsWith(own) && started < staleBefore;
    if (drop) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

/** Template databases on the server; each suite copies one into a database of its own. */
async function buildPostgresTemplates(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await dropTestDatabases(admin, 'stale');
    for (const fixture of FIXTURES) {
      const name = templateDatabase(fixture);
      await admin.query(`CREATE DATABASE ${name}`);
      const opened = await openDatabase({ databaseUrl: urlWithDatabase(adminUrl, name), poolSize: 2 });
      try {
        await migrateToLatest(opened.db);
        if (fixture === 'demo') await generateDemo(opened.db, { ...TEST_DEMO, today: TEST_TODAY });
      } finally {
        await opened.close();
      }
    }
  } finally {
    await admin.end();
  }
}

async function cleanUp(postgresUrl: string | undefined): Promise<void> {
  rmSync(runArtifactsDir(), { recursive: true, force: true });
  if (!postgresUrl) return;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await dropTestDatabases(admin, 'own');
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const files = testFiles(process.argv.slice(2));
  process.env.STEADFAST_TEST_RUN = `${Math.floor(Date.now() / 1000)}_${process.pid}`;
  if (files.length === 0) fail('found no test files');

  const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const postgres = await reachablePostgres(postgresUrl);
  if (!postgres) {
    if (required('REQUIRE_POSTGRES')) fail(`REQUIRE_POSTGRES=1 but no PostgreSQL server answers at ${new URL(postgresUrl).host}`);
    console.log(`PostgreSQL not reachable at ${new URL(postgresUrl).host}: database tests run on PGlite only (set TEST_DATABASE_URL to add a server).`);
  }
  const browser = findBrowser();
  if (!browser) {
    if (required('REQUIRE_BROWSER')) fail('REQUIRE_BROWSER=1 but no Chromium was found (install the Debian package chromium or set CHROMIUM_PATH)');
    console.log('Chromium not found: browser tests are skipped (install the Debian package chromium, or set CHROMIUM_PATH).');
  }

  const haproxy = findHaproxy();
  if (!haproxy) {
    if (required('REQUIRE_LOAD_BALANCER')) fail('REQUIRE_LOAD_BALANCER=1 but HAProxy was not found (install the Debian package haproxy or set HAPROXY_PATH)');
    console.log('HAProxy not found: the test of several instances behind one address is skipped (install the Debian package haproxy, or set HAPROXY_PATH).');
  }

  const started = Date.now();
  await buildPgliteSnapshots();
  if (postgres) await buildPostgresTemplates(postgresUrl);
  console.log(`Test databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s; running ${files.length} test files.`);

  const concurrency = Number(process.env.TEST_CONCURRENCY) || Math.max(2, availableParallelism());
  // A net for a test that hangs, not a speed check: the authorisation matrix's files
  // try every route for every role on both engines and take several minutes each.
  const perTestTimeoutMs = 20 * 60_000;
  const suiteTimesPath = fileURLToPath(new URL('suite-times.tsv', runArtifactsDir()));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      `--test-timeout=${perTestTimeoutMs}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'scripts/suite-times-reporter.mjs')}`,
      `--test-reporter-destination=${suiteTimesPath}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        STEADFAST_TEST_POSTGRES: postgres ? postgresUrl : '',
        STEADFAST_TEST_BROWSER: browser ?? '',
        STEADFAST_TEST_HAPROXY: haproxy ?? '',
      },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (existsSync(suiteTimesPath) && files.length > 10) {
    console.log(`The slowest suites (seconds; ${((Date.now() - started) / 1000).toFixed(0)} s for the whole run on ${concurrency} at once):`);
    for (const line of readFileSync(suiteTimesPath, 'utf8').trim().split('\n').slice(0, 12)) console.log(`  ${line}`);
  }
  await cleanUp(postgres ? postgresUrl : undefined);
  const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(output)?.[1] ?? 0);
  const [tests, passed, failed, skipped] = [count('tests'), count('pass'), count('fail') + count('cancelled'), count('skipped')];
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (tests === 0) fail('no test ran');
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
