// `npm run cli -- <command>`: the real process's streams and environment
// around runCli, which registers every command from commands/ (and is what the tests run).
import { openDatabaseFromEnv, runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  openDatabase: openDatabaseFromEnv,
});
