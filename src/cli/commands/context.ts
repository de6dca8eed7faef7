import type { OpenedDatabase } from '../../db/database.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';

import type { Env } from '../context.ts';

export { CliError, type Env } from '../context.ts';

/** What a command module needs from the command line around it. */
export interface CommandContext {
  env: Env;
  /** Prints one line on standard output. */
  out(text: string): void;
  stderr: { write(text: string): unknown };
  now(): Date;
  /** Opens the database the environment names; the command closes it. */
  openDatabase(env: Env): Promise<OpenedDatabase>;
  auditContext(): AuditContext;
}

/**
 * The environment with the owner's connection as DATABASE_URL: commands that
 * change the schema, grant rights or restore run as the owner
 * (MIGRATION_DATABASE_URL) when one is set, the application role otherwise.
 */
export function ownerEnv(env: Env): Env {
  return env.MIGRATION_DATABASE_URL ? { ...env, DATABASE_URL: env.MIGRATION_DATABASE_URL } : env;
}

/** Opens the database, runs the work and always closes it (PGlite keeps the process alive until closed). */
export async function withOpened<T>(context: CommandContext, env: Env, work: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  const opened = await context.openDatabase(env);
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

/** Rows as aligned columns, the first row a heading. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
