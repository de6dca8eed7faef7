import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import {
  BackupError,
  backUpEmbedded,
  backUpServer,
  openBackupFile,
  restoreEmbedded,
  restoreServer,
  type Manifest,
  type RestoreResult,
} from '../../db/backup.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { CliError, ownerEnv, table, withOpened, type CommandContext } from './context.ts';

const ENGINE_NAMES = { postgres: 'a PostgreSQL server', pglite: 'the embedded database' } as const;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** BackupError is the person's to act on: one line, as the other refusals. */
async function refusalsAsCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError) throw new CliError(error.message);
    throw error;
  }
}

function printComparison(context: CommandContext, result: RestoreResult): void {
  context.out(
    table([
      ['TABLE', 'ROWS', 'CHECKSUM', 'EQUAL'],
      ...result.comparison.map((row) => [
        row.table,
        row.expectedRows === null || row.rows === row.expectedRows ? String(row.rows) : `${row.rows} (backup ${row.expectedRows})`,
        row.checksum,
        row.equal ? 'yes' : row.expectedRows === null ? 'no (not in backup)' : 'no',
      ]),
    ]),
  );
}

/** `backup --out FILE` and `restore --from FILE`, on either engine. */
export function registerBackupCommands(program: Command, context: CommandContext): void {
  program
    .command('backup')
    .description('write a backup of the database to FILE, with each table\'s row count and checksum')
    .requiredOption('--out <file>', 'the backup file to write (refused if it exists, unless --force)')
    .option('--force', 'replace FILE if it exists')
    .addHelpText(
      'after',
      '\nOn a server this runs pg_dump (custom format) as MIGRATION_DATABASE_URL, or DATABASE_URL when that is unset;\n' +
        'pg_dump must be the server\'s major version or newer (PG_BIN_DIR names its directory if it is not on the PATH).\n' +
        'The embedded database (DATA_DIR) is archived while this command holds it, so stop the server first.',
    )
    .action((options: { out: string; force?: boolean }) =>
      refusalsAsCliErrors(() => {
        const env = ownerEnv(context.env);
        return withOpened(context, env, async (opened) => {
          const backupOptions = { out: options.out, overwrite: options.force === true, env: context.env, now: context.now() };
          let manifest: Manifest;
          if (opened.engine === 'postgres') {
            const url = env.DATABASE_URL;
            if (!url) throw new CliError('set DATABASE_URL (or MIGRATION_DATABASE_URL) to the server to back up');
            manifest = await backUpServer(opened.db, url, backupOptions);
          } else {
            manifest = await backUpEmbedded(opened, backupOptions);
          }
          const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
          await recordAudit(opened.db, context.auditContext(), {
            action: 'database.backup',
            outcome: 'allowed',
            reason: `${manifest.tables.length} tables, ${rows} rows, dump sha256 ${manifest.payload.sha256}`,
          });
          context.out(
            `Backed up ${ENGINE_NAMES[manifest.engine]} to ${options.out}: ${manifest.tables.length} tables, ${rows} rows, ${megabytes(manifest.payload.bytes)}.`,
          );
          context.out(`Dump SHA-256 ${manifest.payload.sha256}; restore with: npm run cli -- restore --from ${options.out}`);
        });
      }),
    );

  program
    .command('restore')
    .description('restore a backup into an empty database, then compare every table with the backup\'s manifest')
    .requiredOption('--from <file>', 'the backup file (made by "backup")')
    .option('--force', 'replace the database that is there (refused otherwise)')
    .addHelpText(
      'after',
      '\nThe backup is checked against its SHA-256 before anything is touched. A server backup is restored with\n' +
        'pg_restore as MIGRATION_DATABASE_URL (or DATABASE_URL), in one transaction; grants are not restored, so run\n' +
        '"db roles" again if the server connects as an application role. An embedded backup is restored into DATA_DIR,\n' +
        'which must be empty or absent (or --force); stop the server first.\n' +
        'Prints each table\'s rows and checksum and whether they equal the backup\'s; exits 1 if any does not.',
    )
    .action((options: { from: string; force?: boolean }) =>
      refusalsAsCliErrors(async () => {
        const backup = await openBackupFile(options.from);
        const env = ownerEnv(context.env);
        const engine = env.DATABASE_URL ? 'postgres' : 'pglite';
        if (backup.manifest.engine !== engine) {
          throw new CliError(
            `${options.from} is a backup of ${ENGINE_NAMES[backup.manifest.engine]}, and this would restore into ${ENGINE_NAMES[engine]}: ` +
              (backup.manifest.engine === 'pglite' ? 'unset DATABASE_URL and set DATA_DIR' : 'set DATABASE_URL to the server'),
          );
        }
        const replace = options.force === true;
        const reason = `from ${options.from} made ${backup.manifest.createdAt}, dump sha256 ${backup.manifest.payload.sha256}`;
        const audit = (db: Db) => recordAudit(db, context.auditContext(), { action: 'database.restore', outcome: 'allowed', reason });
        let result: RestoreResult;
        if (engine === 'postgres') {
          result = await withOpened(context, env, async (opened) => {
            const restored = await restoreServer(opened.db, env.DATABASE_URL!, backup, { replace, env: context.env });
            if (restored.equal) await audit(opened.db);
            return restored;
          });
        } else {
          const dataDir = loadConfig({ DATA_DIR: env.DATA_DIR }).dataDir;
          result = await restoreEmbedded(dataDir, backup, { replace, afterVerify: audit });
        }
        printComparison(context, result);
        const differing = result.comparison.filter((row) => !row.equal);
        if (differing.length > 0) {
          throw new CliError(
            `the restored database differs from the backup in ${differing.length} ${differing.length === 1 ? 'table' : 'tables'} (${differing.map((row) => row.table).join(', ')})` +
              (engine === 'pglite' ? ': it was not put in place' : ': look into it before the server uses it'),
          );
        }
        context.out(`Restored ${options.from} (made ${backup.manifest.createdAt}): every table equals the backup.`);
      }),
    );
}
