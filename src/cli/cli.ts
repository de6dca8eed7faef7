import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseLockedError, openDatabase, type Db, type OpenedDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { databaseIsEmpty } from '../demo/empty.ts';
import { generateDemo } from '../demo/generate.ts';
import { ROLE_LABELS, ROLES, type Role } from '../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../platform/audit/audit.ts';
import { londonDate } from '../platform/clock/clock.ts';
import { isRealDate } from '../platform/http/dates.ts';
import type { FieldErrors } from '../platform/http/errors.ts';
import { findPersonIdByEmail, findServicesByName, findTeamsByName, listPeople } from '../features/users/queries.ts';
import { accountStatus, STATUS_LABELS, type PersonField } from '../features/users/rules.ts';
import { checkPerson, createPerson, disablePerson, enablePerson, unlockPerson, type AccountChange } from '../features/users/service.ts';
import { tableCounts } from './queries.ts';
import { loadedLine, startSeedProgress } from './seed-progress.ts';
import { runDailyCaseloadCheck } from '../features/caseload/service.ts';
import { backfillSnapshots } from '../features/trends/service.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { CliError, ownerEnv, type CommandContext } from './commands/context.ts';
import { registerDbRolesCommand } from './commands/db-roles.ts';

export type Env = Record<string, string | undefined>;

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  env: Env;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Opens the database the environment names; the CLI closes it when the command ends. */
  openDatabase(env: Env): Promise<OpenedDatabase>;
  now?: () => Date;
}

const PASSWORD_ENV = 'STEADFAST_PASSWORD';

const PASSWORD_ON_ARGV =
  `--password is not accepted: a password on the command line is kept in shell history and shown to other users of the machine. ` +
  `Set ${PASSWORD_ENV}, or type it on standard input.`;

/** The option each person field comes from, for messages. */
const OPTION_FOR: Record<PersonField, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  teamId: '--team',
  serviceId: '--service',
  lineManagerId: '--line-manager',
  qualifiedOn: '--qualified-on',
  fte: '--fte',
  password: 'password',
};

function fieldProblems(errors: FieldErrors): CliError {
  const lines = Object.entries(errors).map(([field, message]) =>
    field === 'password' ? message : `${OPTION_FOR[field as PersonField] ?? field}: ${message}`,
  );
  return new CliError(lines.join('; '));
}

/** The database settings only: the CLI needs neither a session secret nor the rest of the server's settings. */
export async function openDatabaseFromEnv(env: Env): Promise<OpenedDatabase> {
  const config = loadConfig({ DATABASE_URL: env.DATABASE_URL, MIGRATION_DATABASE_URL: env.MIGRATION_DATABASE_URL, DATA_DIR: env.DATA_DIR });
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

function positiveNumber(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > max) throw new InvalidArgumentError(`It must be a number above 0 and at most ${max}.`);
    return n;
  };
}

function integer(value: string): number {
  if (!/^-?\d{1,9}$/.test(value.trim())) throw new InvalidArgumentError('It must be a whole number.');
  return Number(value);
}

function calendarDate(value: string): string {
  if (!isRealDate(value.trim())) throw new InvalidArgumentError('It must be a real date written YYYY-MM-DD.');
  return value.trim();
}

/** The first line of standard input, or typed without echo at a terminal. */
async function readPassword(io: CliIo, email: string): Promise<string> {
  const fromEnv = io.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  let line: string | undefined;
  if (io.stdin.isTTY) {
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const reader = createInterface({ input: io.stdin, output: silent, terminal: true });
    io.stderr.write(`Password for ${email} (not shown as you type): `);
    line = await new Promise<string>((resolve) => reader.question('', resolve));
    reader.close();
    io.stderr.write('\n');
  } else {
    const reader = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
    for await (const first of reader) {
      line = first;
      break;
    }
    reader.close();
  }
  const password = line?.replace(/\r$/, '') ?? '';
  if (!password) throw new CliError(`no password given: set ${PASSWORD_ENV}, or give the password as the first line of standard input`);
  return password;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/**
 * Runs one command and answers with the exit status. Refusals print one line
 * on stderr starting "steadfast:" and store nothing; changes are audited with
 * the actor "cli".
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (argv.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
    io.stderr.write(`steadfast: ${PASSWORD_ON_ARGV}\n`);
    return 2;
  }
  const invocation = randomUUID();
  const auditContext = (): AuditContext => ({ actorUserId: null, actorEmail: 'cli', requestId: `cli-${invocation}`, ip: null, at: now() });

  async function withDatabase(work: (db: Db) => Promise<void>, as: 'app' | 'owner' = 'app'): Promise<void> {
    const opened = await io.openDatabase(as === 'owner' ? ownerEnv(io.env) : io.env);
    try {
      await work(opened.db);
    } finally {
      // PGlite keeps the process alive until it is closed.
      await opened.close();
    }
  }

  async function personByEmail(db: Db, email: string, option = '--email'): Promise<string> {
    const id = await findPersonIdByEmail(db, email);
    if (!id) throw new CliError(`${option}: nobody has the email address ${email}`);
    return id;
  }

  async function teamByName(db: Db, name: string): Promise<string> {
    const teams = await findTeamsByName(db, name);
    if (teams.length === 0) throw new CliError(`--team: there is no team called "${name}"`);
    if (teams.length > 1) throw new CliError(`--team: more than one team is called "${name}" in different cases; give the name exactly`);
    return teams[0]!.id;
  }

  async function serviceByName(db: Db, name: string): Promise<string> {
    const services = await findServicesByName(db, name);
    if (services.length === 0) throw new CliError(`--service: there is no service called "${name}"`);
    if (services.length > 1) throw new CliError(`--service: more than one service is called "${name}"; rename one at /admin/teams first`);
    return services[0]!.id;
  }

  const program = new Command('npm run cli --')
    .description(
      'Steadfast administration: the database, the demo council and user accounts.\n' +
        'Uses the same DATABASE_URL or DATA_DIR as the server; migrate, seed, db roles,\n' +
        'backup and restore connect as MIGRATION_DATABASE_URL (the owner) when it is set.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`steadfast: ${text.replace(/^error: /, '')}`),
    })
    .helpCommand(false);

  program
    .command('migrate')
    .description('bring the database schema up to date and print the migrations that ran')
    .action(() =>
      withDatabase(async (db) => {
        const result = await migrateToLatest(db);
        const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        if (applied.length === 0) {
          out('The database is already up to date: no migrations ran.');
          return;
        }
        for (const name of applied) out(`Applied migration ${name}`);
        await recordAudit(db, auditContext(), { action: 'database.migrate', outcome: 'allowed', reason: `applied ${applied.join(', ')}` });
        out(`${applied.length} ${applied.length === 1 ? 'migration' : 'migrations'} applied.`);
      }, 'owner'),
    );

  program
    .command('seed')
    .description('fill an EMPTY database with the made-up demo council (refused if any user exists)')
    .requiredOption('--scale <number>', 'size: 1 is a county of about 30 teams and 300 staff', positiveNumber(200))
    .requiredOption('--seed <integer>', 'random seed: the same seed and scale make the same council', integer)
    .option('--today <YYYY-MM-DD>', 'the date the demo is made as at (default: today in England)', calendarDate)
    .action((options: { scale: number; seed: number; today?: string }) =>
      withDatabase(async (db) => {
        const migrated = await migrateToLatest(db);
        for (const r of migrated.results ?? []) if (r.status === 'Success') out(`Applied migration ${r.migrationName}`);
        if (!(await databaseIsEmpty(db))) {
          throw new CliError('the database already has users: seed only fills an empty database, so nothing was added');
        }
        const today = options.today ?? londonDate(now());
        const progress = startSeedProgress(io.stderr, options.scale);
        try {
          await generateDemo(db, { scale: options.scale, seed: options.seed, today });
        } finally {
          progress.finish();
        }
        const loaded = progress.finish();
        const counts = await tableCounts(db);
        await recordAudit(db, auditContext(), {
          action: 'demo.seed',
          outcome: 'allowed',
          reason: `scale ${options.scale}, seed ${options.seed}, as at ${today}`,
        });
        out(`Created the demo council as at ${today} (scale ${options.scale}, seed ${options.seed}):`);
        out(
          `  ${counts.directorates} directorates, ${counts.services} services, ${counts.teams} teams, ${counts.staff} staff, ${counts.children} children`,
        );
        out(loadedLine(loaded.rows, loaded.seconds));
      }, 'owner'),
    );

  const caseload = program.command('caseload').description('the daily caseload check, and trends back-filled from the allocation history');
  caseload
    .command('check')
    .description('reassess every worker, escalate late plans and take the day\'s snapshot (once a day; the server does this itself)')
    .option('--date <YYYY-MM-DD>', 'the day to run it for (default: today in England)', calendarDate)
    .action((options: { date?: string }) =>
      withDatabase(async (db) => {
        const today = options.date ?? londonDate(now());
        const result = await runDailyCaseloadCheck(db, { today, now: now() });
        out(result.ran ? `Daily caseload check for ${today}: ${result.workers} workers, ${result.escalated} variances escalated.` : `The daily caseload check for ${today} had already run: nothing was done.`);
      }),
    );
  caseload
    .command('backfill')
    .description('work out weekly snapshots for past weeks from the allocation history, replacing any for those days')
    .option('--weeks <number>', 'how many weeks back (default 52)', (value: string) => {
      const weeks = integer(value);
      if (weeks < 1 || weeks > 520) throw new InvalidArgumentError('It must be a whole number from 1 to 520.');
      return weeks;
    })
    .action((options: { weeks?: number }) =>
      withDatabase(async (db) => {
        const today = londonDate(now());
        const result = await db.transaction().execute(async (trx) => {
          const filled = await backfillSnapshots(trx, { today, weeks: options.weeks ?? 52 });
          await recordAudit(trx, auditContext(), { action: 'caseload.backfill', outcome: 'allowed', reason: `${filled.dates.length} weeks to ${filled.dates.at(-1)}: ${filled.rows} snapshot rows` });
          return filled;
        });
        out(`Back-filled ${result.dates.length} weeks (${result.dates[0]} to ${result.dates.at(-1)}): ${result.rows} worker snapshots.`);
      }),
    );

  const user = program.command('user').description('add, list, disable, enable and unlock user accounts');
  const roleOption = () => new Option('--role <role>', 'their role').choices(ROLES);

  user
    .command('add')
    .description('add a user account')
    .requiredOption('--email <address>', 'email address they sign in with (unique, any case)')
    .requiredOption('--name <name>', 'full name')
    .addOption(roleOption().makeOptionMandatory())
    .option('--team <name>', 'team name: required for social_worker, practice_supervisor, team_manager, personal_adviser and iro')
    .option('--service <name>', 'service name: required for service_manager; optional for head_of_service, performance_analyst, system_admin')
    .option('--line-manager <email>', 'email address of their line manager (an active user)')
    .option('--fte <number>', 'working time from 0.1 to 1.0 (default 1.0)')
    .option('--qualified-on <YYYY-MM-DD>', 'date they qualified, not in the future')
    .addHelpText(
      'after',
      `\nThe password comes from the ${PASSWORD_ENV} environment variable or, if that is unset, the first line of\n` +
        'standard input (typed without echo at a terminal). It is never taken from the command line.\n' +
        'It must be at least 12 characters, not a common password and not contain the email address.',
    )
    .action(
      (options: { email: string; name: string; role: Role; team?: string; service?: string; lineManager?: string; fte?: string; qualifiedOn?: string }) =>
        withDatabase(async (db) => {
          const today = londonDate(now());
          const input = {
            email: options.email,
            name: options.name,
            role: options.role,
            teamId: options.team === undefined ? null : await teamByName(db, options.team),
            serviceId: options.service === undefined ? null : await serviceByName(db, options.service),
            lineManagerId: options.lineManager === undefined ? null : await personByEmail(db, options.lineManager, '--line-manager'),
            qualifiedOn: options.qualifiedOn ?? null,
            fte: options.fte,
          };
          // Everything but the password first, so nobody types a password for a command that will fail.
          const checked = await checkPerson(db, input, { today, personId: null });
          if (!checked.ok) throw fieldProblems(checked.errors);
          const password = await readPassword(io, options.email);
          const result = await createPerson(db, { ...input, password }, auditContext(), today);
          if (!result.ok) throw fieldProblems(result.errors);
          const { summary } = checked.value;
          const place = summary.team ?? summary.service;
          out(`Added ${summary.email}: ${summary.name}, ${ROLE_LABELS[summary.role]}${place ? `, ${place}` : ''}.`);
        }),
    );

  user
    .command('list')
    .description('list user accounts by name, with role, team or service, and status')
    .addOption(roleOption())
    .option('--team <name>', 'only people in this team')
    .action((options: { role?: Role; team?: string }) =>
      withDatabase(async (db) => {
        const teamId = options.team === undefined ? undefined : await teamByName(db, options.team);
        const { rows } = await listPeople(db, { role: options.role, teamId }, 1, Number.MAX_SAFE_INTEGER);
        if (rows.length === 0) {
          out('No users match.');
          return;
        }
        const at = now();
        out(
          table([
            ['EMAIL', 'NAME', 'ROLE', 'TEAM OR SERVICE', 'STATUS'],
            ...rows.map((r) => [r.email, r.name, r.role, r.team_name ?? r.service_name ?? '-', STATUS_LABELS[accountStatus(r, at)].toLowerCase()]),
          ]),
        );
      }),
    );

  const accountCommand = (
    name: string,
    description: string,
    change: (db: Db, id: string, context: AuditContext) => Promise<AccountChange>,
    done: string,
    already: string,
  ) =>
    user
      .command(name)
      .description(description)
      .requiredOption('--email <address>', 'their email address')
      .action((options: { email: string }) =>
        withDatabase(async (db) => {
          const id = await personByEmail(db, options.email);
          const result = await change(db, id, auditContext());
          if (!result.ok) throw new CliError(result.message);
          out(`${options.email}: ${result.changed ? done : already}`);
        }),
      );
  accountCommand('disable', 'disable an account and end its sessions at once', disablePerson, 'disabled; every session ended.', 'was already disabled.');
  accountCommand('enable', 'let a disabled account sign in again', enablePerson, 'enabled.', 'was not disabled.');
  accountCommand('unlock', 'clear a lock after too many wrong passwords', unlockPerson, 'unlocked.', 'was not locked.');

  const commandContext: CommandContext = { env: io.env, out, stderr: io.stderr, now, openDatabase: io.openDatabase, auditContext };
  registerDbRolesCommand(program, commandContext);
  registerAuditCommands(program, commandContext);
  registerBackupCommands(program, commandContext);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`steadfast: ${problemText(error)}\n`);
    return 1;
  }
}

function problemText(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof DatabaseLockedError) return error.message;
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '42P01') {
    return 'the database has no tables yet: run "npm run cli -- migrate" first';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `failed: ${message.split('\n')[0]}`;
}
