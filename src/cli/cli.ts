import { randomUUID } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { DatabaseLockedError, openDatabase, type OpenedDatabase } from '../db/database.ts';
import type { AuditContext } from '../platform/audit/audit.ts';
import { CliError, PASSWORD_ENV, type CliContext, type CliIo, type Env } from './context.ts';
import { registerCaseload } from './commands/caseload.ts';
import { registerReturns } from './commands/returns.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerSeed } from './commands/seed.ts';
import { registerUser } from './commands/user.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { ownerEnv, type CommandContext } from './commands/context.ts';
import { registerDbRolesCommand } from './commands/db-roles.ts';

export type { CliIo, Env } from './context.ts';

const PASSWORD_ON_ARGV =
  `--password is not accepted: a password on the command line is kept in shell history and shown to other users of the machine. ` +
  `Set ${PASSWORD_ENV}, or type it on standard input.`;

/** The database settings only: the CLI needs neither a session secret nor the rest of the server's settings. */
export async function openDatabaseFromEnv(env: Env): Promise<OpenedDatabase> {
  const config = loadConfig({ DATABASE_URL: env.DATABASE_URL, MIGRATION_DATABASE_URL: env.MIGRATION_DATABASE_URL, DATA_DIR: env.DATA_DIR });
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

/**
 * Runs one command and answers with the exit status. Each command is in
 * commands/ and registers itself on the program. Refusals print one line on
 * stderr starting "steadfast:" and store nothing; changes are audited with
 * the actor "cli".
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
    io.stderr.write(`steadfast: ${PASSWORD_ON_ARGV}\n`);
    return 2;
  }
  const now = io.now ?? (() => new Date());
  const invocation = randomUUID();
  const context: CliContext = {
    io,
    now,
    out: (text) => io.stdout.write(`${text}\n`),
    auditContext: (): AuditContext => ({ actorUserId: null, actorEmail: 'cli', requestId: `cli-${invocation}`, ip: null, at: now() }),
    async withDatabase(work, as = 'app') {
      const opened = await io.openDatabase(as === 'owner' ? ownerEnv(io.env) : io.env);
      try {
        await work(opened.db);
      } finally {
        // PGlite keeps the process alive until it is closed.
        await opened.close();
      }
    },
  };

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

  registerMigrate(program, context);
  registerSeed(program, context);
  registerCaseload(program, context);
  registerReturns(program, context);
  registerUser(program, context);
  const commandContext: CommandContext = { env: io.env, out: context.out, stderr: io.stderr, now, openDatabase: io.openDatabase, auditContext: context.auditContext };
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
