// `user add|list|disable|enable|unlock`: user accounts, through the same checks and audit as /admin/users.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { Db } from '../../db/database.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { findPersonIdByEmail, findServicesByName, findTeamsByName, listPeople } from '../../administration/index.ts';
import { accountStatus, STATUS_LABELS, type PersonField } from '../../administration/index.ts';
import { checkPerson, createPerson, disablePerson, enablePerson, unlockPerson, type AccountChange } from '../../administration/index.ts';
import { CliError, PASSWORD_ENV, type CliContext, type CliIo } from '../context.ts';

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

export function registerUser(program: Command, { io, now, out, auditContext, withDatabase }: CliContext): void {
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
        'It must be at least 12 characters, hard to guess (not a common password) and not contain the email address.\n' +
        'Use this for the first system administrator; on the admin pages people are invited by email and choose their own.',
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
}
