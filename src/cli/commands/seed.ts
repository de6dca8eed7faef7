// `seed`: fill an empty database with the made-up demo council.
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { databaseIsEmpty } from '../../demo/empty.ts';
import { generateDemo } from '../../demo/generate.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { calendarDate, integer, positiveNumber } from '../arguments.ts';
import { CliError, type CliContext } from '../context.ts';
import { tableCounts } from '../queries.ts';
import { loadedLine, startSeedProgress } from '../../demo/progress.ts';

export function registerSeed(program: Command, { io, now, out, auditContext, withDatabase }: CliContext): void {
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
}
