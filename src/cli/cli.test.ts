import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { verifyPassword } from '../platform/auth/passwords.ts';
import { startSession } from '../platform/auth/sessions.ts';
import { describeEachEngine, type TestDatabase } from '../../test/support/databases.ts';
import { createTeam, createUser } from '../../test/support/users.ts';
import { runCli, type Env } from './cli.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'a long and private passphrase';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  closed: number;
  stdinRead: boolean;
}

/** Runs the CLI in-process against the suite's database, which it "closes" without closing. */
async function cli(database: TestDatabase, argv: string[], options: { env?: Env; stdin?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let closed = 0;
  let stdinRead = false;
  const stdin = Readable.from(
    (async function* () {
      stdinRead = true;
      if (options.stdin) yield options.stdin;
    })(),
  );
  const code = await runCli(argv, {
    env: options.env ?? {},
    stdin,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    openDatabase: async () => ({ ...database, close: async () => void closed++ }),
    now: () => new Date('2026-11-23T09:00:00Z'),
  });
  return { code, stdout, stderr, closed, stdinRead };
}

/** A refusal: a non-zero status and exactly one line on stderr. */
function assertRefused(run: Run, message: RegExp): void {
  assert.notEqual(run.code, 0, 'non-zero exit status');
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
  assert.match(lines[0]!, /^steadfast: /);
  assert.match(lines[0]!, message);
}

describeEachEngine('command line', (use) => {
  let teamId: string;

  before(async () => {
    ({ teamId } = await createTeam(use().db, 'Locality Hastings'));
    await createUser(use().db, { email: 'manager@example.org', name: 'Tess Manager', role: 'team_manager', teamId });
  });

  const db = () => use().db;
  const userCount = async () => Number((await db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const userByEmail = (email: string) => db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const addWorker = (email: string, extra: string[] = []) => [
    'user',
    'add',
    '--email',
    email,
    '--name',
    'Wendy Worker',
    '--role',
    'social_worker',
    '--team',
    'locality hastings',
    ...extra,
  ];

  test('migrate on an up-to-date database says so, and the database is closed', async () => {
    const run = await cli(use(), ['migrate']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /already up to date/);
    assert.equal(run.closed, 1);
  });

  test('user add takes the password from STEADFAST_PASSWORD, and the addition is audited as the CLI', async () => {
    const run = await cli(use(), addWorker('Env.User@Example.org', ['--line-manager', 'MANAGER@example.org', '--fte', '0.6', '--qualified-on', '2021-09-01']), {
      env: { STEADFAST_PASSWORD: PASSWORD },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /Added env\.user@example\.org: Wendy Worker, Social worker, Locality Hastings/);
    assert.equal(run.stdinRead, false, 'standard input is not read when the variable is set');
    const row = (await userByEmail('env.user@example.org'))!;
    assert.deepEqual([row.role, row.team_id, row.fte, row.qualified_on], ['social_worker', teamId, 0.6, '2021-09-01']);
    assert.ok(await verifyPassword(row.password_hash, PASSWORD));
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'user.create').where('subject_id', '=', row.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_email, 'cli');
    assert.equal(audit[0]!.actor_user_id, null);
    assert.equal(run.closed, 1);
  });

  test('user add reads the password from the first line of standard input', async () => {
    const run = await cli(use(), addWorker('stdin.user@example.org'), { stdin: `${PASSWORD}\r\nsecond line is ignored\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdinRead);
    const row = (await userByEmail('stdin.user@example.org'))!;
    assert.ok(await verifyPassword(row.password_hash, PASSWORD));
  });

  test('user add places a service manager in a service given by name', async () => {
    const run = await cli(use(), ['user', 'add', '--email', 'sm@example.org', '--name', 'Sol Service', '--role', 'service_manager', '--service', 'LOCALITY HASTINGS SERVICE'], {
      env: { STEADFAST_PASSWORD: PASSWORD },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Added sm@example\.org: Sol Service, Service manager, Locality Hastings service/);
    const row = (await userByEmail('sm@example.org'))!;
    assert.deepEqual([row.team_id, row.service_id !== null], [null, true]);
    assertRefused(
      await cli(use(), ['user', 'add', '--email', 'sm2@example.org', '--name', 'S', '--role', 'service_manager', '--service', 'Nope'], { env: { STEADFAST_PASSWORD: PASSWORD } }),
      /--service: there is no service called "Nope"/,
    );
  });

  test('a password on the command line is refused before anything else, and not echoed', async () => {
    const count = await userCount();
    for (const argv of [addWorker('argv@example.org', ['--password', 'leaked secret value']), addWorker('argv@example.org', ['--password=leaked secret value'])]) {
      const run = await cli(use(), argv);
      assertRefused(run, /--password is not accepted.*STEADFAST_PASSWORD/);
      assert.ok(!run.stderr.includes('leaked'));
      assert.equal(run.closed, 0, 'the database was not even opened');
    }
    assert.equal(await userCount(), count);
  });

  const refusals: [string, string[], Env, string | undefined, RegExp][] = [
    ['a short password', addWorker('short@example.org'), {}, 'too-short\n', /Password must be at least 12 characters/],
    ['a common password', addWorker('common@example.org'), { STEADFAST_PASSWORD: 'password1234' }, undefined, /too common/],
    ['no password at all', addWorker('nopassword@example.org'), {}, '', /no password given/],
    ['an unknown role', ['user', 'add', '--email', 'r@example.org', '--name', 'R', '--role', 'director'], { STEADFAST_PASSWORD: PASSWORD }, undefined, /--role.*'director' is invalid.*social_worker, practice_supervisor/],
    ['an unknown team', addWorker('t@example.org').map((a) => (a === 'locality hastings' ? 'Nowhere' : a)), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--team: there is no team called "Nowhere"/],
    ['a team role without a team', ['user', 'add', '--email', 'nt@example.org', '--name', 'N', '--role', 'iro'], { STEADFAST_PASSWORD: PASSWORD }, undefined, /--team: Select a team for an independent reviewing officer/],
    ['an email in use, in another case', addWorker('MANAGER@Example.org'), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--email: Someone already has this email address/],
    ['a malformed email', addWorker('not-an-email'), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--email: Enter an email address in the correct format/],
    ['FTE out of range', addWorker('fte@example.org', ['--fte', '1.5']), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--fte: FTE must be a number from 0\.1 to 1\.0/],
    ['a future qualification date', addWorker('q@example.org', ['--qualified-on', '2026-11-24']), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--qualified-on: Qualification date must be today or in the past/],
    ['an unknown line manager', addWorker('lm@example.org', ['--line-manager', 'nobody@example.org']), { STEADFAST_PASSWORD: PASSWORD }, undefined, /--line-manager: nobody has the email address nobody@example\.org/],
    ['a missing --email', ['user', 'add', '--name', 'N', '--role', 'iro'], {}, undefined, /required option '--email <address>' not specified/],
    ['an unknown option', addWorker('x@example.org', ['--colour', 'blue']), {}, undefined, /unknown option '--colour'/],
  ];
  for (const [why, argv, env, stdin, message] of refusals) {
    test(`user add with ${why} is refused with one line, nothing stored`, async () => {
      const count = await userCount();
      const run = await cli(use(), argv, { env, stdin });
      assertRefused(run, message);
      assert.equal(await userCount(), count);
    });
  }

  test('a refused user add asks for no password when the rest is wrong', async () => {
    const run = await cli(use(), addWorker('t@example.org').map((a) => (a === 'locality hastings' ? 'Nowhere' : a)), { stdin: `${PASSWORD}\n` });
    assertRefused(run, /no team called/);
    assert.equal(run.stdinRead, false);
  });

  test('user list shows everyone, or one role or team', async () => {
    const { teamId: otherTeam } = await createTeam(db(), 'Assessment Lewes');
    await createUser(db(), { email: 'lewes@example.org', name: 'Lou Lewes', role: 'social_worker', teamId: otherTeam });
    const all = await cli(use(), ['user', 'list']);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^EMAIL\s+NAME\s+ROLE\s+TEAM OR SERVICE\s+STATUS$/m);
    assert.match(all.stdout, /manager@example\.org\s+Tess Manager\s+team_manager\s+Locality Hastings\s+active/);
    assert.match(all.stdout, /lewes@example\.org\s+Lou Lewes/);
    const managers = await cli(use(), ['user', 'list', '--role', 'team_manager']);
    assert.match(managers.stdout, /Tess Manager/);
    assert.doesNotMatch(managers.stdout, /Lou Lewes|Wendy/);
    const lewes = await cli(use(), ['user', 'list', '--team', 'Assessment Lewes']);
    assert.match(lewes.stdout, /Lou Lewes/);
    assert.doesNotMatch(lewes.stdout, /Tess Manager/);
    assertRefused(await cli(use(), ['user', 'list', '--role', 'boss']), /--role/);
  });

  test('user disable ends sessions at once; enable and unlock work; each is audited as the CLI', async () => {
    const id = await createUser(db(), { email: 'cycle@example.org', role: 'social_worker', teamId });
    await startSession(db(), id, new Date('2026-11-23T08:00:00Z'));
    const disabled = await cli(use(), ['user', 'disable', '--email', 'CYCLE@example.org']);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /disabled; every session ended/);
    assert.ok((await userByEmail('cycle@example.org'))!.disabled_at);
    assert.equal((await db().selectFrom('sessions').select('user_id').where('user_id', '=', id).execute()).length, 0);
    assert.match((await cli(use(), ['user', 'disable', '--email', 'cycle@example.org'])).stdout, /already disabled/);
    assert.match((await cli(use(), ['user', 'list', '--role', 'social_worker'])).stdout, /cycle@example\.org.*disabled/);

    assert.equal((await cli(use(), ['user', 'enable', '--email', 'cycle@example.org'])).code, 0);
    assert.equal((await userByEmail('cycle@example.org'))!.disabled_at, null);

    await db().updateTable('users').set({ failed_sign_ins: 5, locked_until: new Date('2026-11-23T09:10:00Z') }).where('id', '=', id).execute();
    const unlocked = await cli(use(), ['user', 'unlock', '--email', 'cycle@example.org']);
    assert.match(unlocked.stdout, /unlocked/);
    const row = (await userByEmail('cycle@example.org'))!;
    assert.deepEqual([row.locked_until, row.failed_sign_ins], [null, 0]);

    const audit = await db().selectFrom('audit_events').selectAll().where('subject_id', '=', id).orderBy('id').execute();
    assert.deepEqual(audit.map((r) => [r.action, r.actor_email, r.actor_user_id]), [
      ['user.disable', 'cli', null],
      ['user.enable', 'cli', null],
      ['user.unlock', 'cli', null],
    ]);
    assertRefused(await cli(use(), ['user', 'disable', '--email', 'ghost@example.org']), /--email: nobody has the email address ghost@example\.org/);
  });

  test('seed refuses a database that already has users, and adds nothing', async () => {
    const teams = await db().selectFrom('teams').select('id').execute();
    const run = await cli(use(), ['seed', '--scale', '0.05', '--seed', '1']);
    assertRefused(run, /already has users: seed only fills an empty database/);
    assert.equal((await db().selectFrom('teams').select('id').execute()).length, teams.length);
    assert.equal(run.closed, 1, 'closed after a refusal too');
  });

  test('seed checks its options', async () => {
    assertRefused(await cli(use(), ['seed', '--scale', 'big', '--seed', '1']), /--scale.*'big' is invalid/);
    assertRefused(await cli(use(), ['seed', '--scale', '1', '--seed', '1', '--today', '2026-02-30']), /--today.*real date/);
    assertRefused(await cli(use(), ['seed', '--seed', '1']), /required option '--scale <number>'/);
  });

  test('--help describes every command and option', async () => {
    const top = await cli(use(), ['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Usage: npm run cli -- \[options\] \[command\]/);
    for (const command of ['migrate', 'seed', 'user']) assert.match(top.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    const user = await cli(use(), ['user', '--help']);
    for (const command of ['add', 'list', 'disable', 'enable', 'unlock']) assert.match(user.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    const add = await cli(use(), ['user', 'add', '--help']);
    for (const option of ['--email', '--name', '--role', '--team', '--service', '--line-manager', '--fte', '--qualified-on']) {
      assert.match(add.stdout, new RegExp(`${option} <`), option);
    }
    assert.match(add.stdout, /STEADFAST_PASSWORD/);
    assert.match(add.stdout, /never taken from the command line/);
    assert.doesNotMatch(add.stdout, /--password/);
    const seed = await cli(use(), ['seed', '--help']);
    for (const option of ['--scale <number>', '--seed <integer>', '--today <YYYY-MM-DD>']) assert.ok(seed.stdout.includes(option), option);
    for (const command of ['disable', 'enable', 'unlock']) {
      assert.match((await cli(use(), ['user', command, '--help'])).stdout, /--email <address>/);
    }
    assert.match((await cli(use(), ['user', 'list', '--help'])).stdout, /--role <role>.*\n?.*--team <name>/s);
    assert.equal(top.closed + user.closed + add.closed + seed.closed, 0, 'help opens no database');
  });
});

describeEachEngine('command line on an empty database', (use) => {
  test('seed fills it with the demo council, prints counts and is audited', async () => {
    const run = await cli(use(), ['seed', '--scale', '0.05', '--seed', '3', '--today', '2026-11-23']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created the demo council as at 2026-11-23 \(scale 0\.05, seed 3\)/);
    const counts = /(\d+) directorates, (\d+) services, (\d+) teams, (\d+) staff/.exec(run.stdout)!;
    const teams = (await use().db.selectFrom('teams').select('id').execute()).length;
    const staff = (await use().db.selectFrom('users').select('id').execute()).length;
    assert.ok(teams > 0 && staff > teams);
    assert.deepEqual([Number(counts[3]), Number(counts[4])], [teams, staff]);
    const loaded = /Loaded ([\d,]+) rows in [\d.]+ s: [\d,]+ rows per second/.exec(run.stdout);
    assert.ok(loaded, run.stdout);
    const people = (await use().db.selectFrom('people').select('id').execute()).length;
    assert.ok(Number(loaded[1]!.replaceAll(',', '')) > people, 'the rows loaded include at least every person');
    assert.equal(run.stderr, '', 'no progress bar when standard error is not a terminal');
    const audit = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'demo.seed').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_email, 'cli');
    assert.equal(audit[0]!.reason, 'scale 0.05, seed 3, as at 2026-11-23');
  });
});

describe('the command line as a real process', () => {
  const npm = (args: string[], options: { env?: Env; input?: string } = {}) =>
    spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', ...options.env },
      input: options.input ?? '',
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('npm run cli -- --help prints the usage and exits 0', () => {
    const result = npm(['--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: npm run cli -- \[options\] \[command\]/);
    assert.match(result.stdout, /migrate/);
  });

  test('migrate and user add on an embedded database, each exiting by itself once done', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'steadfast-cli-'));
    try {
      const migrate = npm(['migrate'], { env: { DATA_DIR: dataDir } });
      assert.equal(migrate.status, 0, migrate.stderr);
      assert.match(migrate.stdout, /Applied migration 0001_foundation/);
      const add = npm(['user', 'add', '--email', 'first.admin@example.org', '--name', 'First Admin', '--role', 'system_admin'], {
        env: { DATA_DIR: dataDir, STEADFAST_PASSWORD: '' },
        input: `${PASSWORD}\n`,
      });
      assert.equal(add.status, 0, add.stderr);
      assert.match(add.stdout, /Added first\.admin@example\.org: First Admin, System administrator/);
      const refused = npm(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'iro', '--password', 'nope'], { env: { DATA_DIR: dataDir } });
      assert.equal(refused.status, 2);
      assert.equal(refused.stderr.trim().split('\n').length, 1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
