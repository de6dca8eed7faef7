import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { openDatabaseFromEnv, runCli, type Env } from '../../src/cli/cli.ts';
import type { TestDatabase } from './databases.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process. It opens the suite's database (left open when the
 * command "closes" it), unless the environment names another server
 * database, which it opens and closes as the real CLI would.
 */
export async function runCliOn(database: TestDatabase, argv: string[], env: Env = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    openDatabase: async (opening) =>
      opening.DATABASE_URL && opening.DATABASE_URL !== database.url ? openDatabaseFromEnv(opening) : { ...database, close: async () => {} },
    now: () => new Date('2026-11-23T09:00:00Z'),
  });
  return { code, stdout, stderr };
}

/** A refusal: a non-zero status and exactly one line on stderr, starting "steadfast:". */
export function assertRefused(run: CliRun, message: RegExp): void {
  assert.notEqual(run.code, 0, `non-zero exit status; stdout: ${run.stdout}`);
  const lines = run.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
  assert.match(lines[0]!, /^steadfast: /);
  assert.match(lines[0]!, message);
}
