// `caseload check` and `caseload backfill`: the daily caseload check, and trends from the allocation history.
import { InvalidArgumentError, type Command } from 'commander';
import { recordAudit } from '../../platform/audit/audit.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { backfillSnapshots, runDailyCaseloadCheck } from '../../workload/index.ts';
import { calendarDate, integer } from '../arguments.ts';
import type { CliContext } from '../context.ts';

export function registerCaseload(program: Command, { now, out, auditContext, withDatabase }: CliContext): void {
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
}
