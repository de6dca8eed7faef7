// What every command is given: the process's streams, the clock, the audit
// context of this run and the database, plus the refusal every command throws.
import type { AuditContext } from '../platform/audit/audit.ts';
import type { Db, OpenedDatabase } from '../db/database.ts';

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

/** A refusal the person can act on: printed as one line, exit status 1. */
export class CliError extends Error {}

/** One run of the CLI, as its commands see it. */
export interface CliContext {
  io: CliIo;
  now: () => Date;
  /** Prints one line on standard output. */
  out: (text: string) => void;
  /** The actor "cli", with one request id for everything this run changes. */
  auditContext: () => AuditContext;
  /**
   * Opens the database for `work` and closes it afterwards, whatever happens;
   * as 'owner', through MIGRATION_DATABASE_URL when it is set.
   */
  withDatabase: (work: (db: Db) => Promise<void>, as?: 'app' | 'owner') => Promise<void>;
}

/** Where a password may come from instead of the command line (or else the first line of standard input). */
export const PASSWORD_ENV = 'STEADFAST_PASSWORD';
