// `returns annex-a`: Ofsted's Annex A workbook for the lists ending on a day, for an analyst on the first morning of an inspection.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { londonDate } from '../../platform/clock/clock.ts';
import { ANNEX_A_LISTS, annexAFileName, chosenDay, generateAnnexA } from '../../returns/index.ts';
import { CliError, type CliContext } from '../context.ts';

export function registerReturnsAnnexA(returns: Command, { now, out, auditContext, withDatabase }: CliContext): void {
  returns
    .command('annex-a')
    .description("write Ofsted's ILACS Annex A workbook (.xlsx): each list for its own period ending on the day chosen, in the template's sheets and columns")
    .option('--date <YYYY-MM-DD>', 'the last day the lists cover: today (London) when not given; not a day in the future')
    .requiredOption('--out <directory>', 'the directory to write Annex_A_<date>.xlsx into (made if missing)')
    .action((options: { date?: string; out: string }) =>
      withDatabase(async (db) => {
        const chosen = chosenDay(options.date, londonDate(now()));
        if ('problem' in chosen) throw new CliError(`--date ${chosen.problem}`);
        const { lists, xlsx } = await generateAnnexA(db, auditContext(), chosen.day, 'returns.annex-a.generate');
        await mkdir(options.out, { recursive: true });
        const file = join(options.out, annexAFileName(chosen.day));
        await writeFile(file, xlsx);
        out(`Ofsted Annex A to ${chosen.day} written to ${file}:`);
        for (const list of ANNEX_A_LISTS) out(`  ${list.sheet} (${list.title}): ${lists[list.id].length}${list.held ? '' : ' (not held in Steadfast: headers only)'}`);
      }),
    );
}
