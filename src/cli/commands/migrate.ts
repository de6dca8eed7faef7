// `migrate`: bring the schema up to date.
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { CliContext } from '../context.ts';

export function registerMigrate(program: Command, { out, auditContext, withDatabase }: CliContext): void {
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
}
