// `returns ssd`: the Standard Safeguarding Dataset written as one CSV file per object, for the council's analysts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { londonDate } from '../../platform/clock/clock.ts';
import { csvText } from '../../platform/csv/csv.ts';
import { generateSsd, SSD_NOT_COVERED, SSD_OBJECT_NAMES, SSD_OBJECTS } from '../../returns/index.ts';
import type { CliContext } from '../context.ts';

export function registerReturnsSsd(returns: Command, { now, out, auditContext, withDatabase }: CliContext): void {
  returns
    .command('ssd')
    .description('write the Standard Safeguarding Dataset as it stands today: one <object>.csv per object Steadfast produces, with the model\'s field names and codes')
    .requiredOption('--out <directory>', 'the directory to write the files into (made if missing)')
    .action((options: { out: string }) =>
      withDatabase(async (db) => {
        const today = londonDate(now());
        const rows = await generateSsd(db, auditContext(), today, { action: 'returns.ssd.generate' });
        await mkdir(options.out, { recursive: true });
        for (const name of SSD_OBJECT_NAMES) {
          const columns: readonly string[] = SSD_OBJECTS[name].fields;
          await writeFile(join(options.out, `${name}.csv`), await csvText(rows[name] as Record<string, string>[], { columns }));
        }
        out(`Standard Safeguarding Dataset as at ${today} written to ${options.out}:`);
        for (const name of SSD_OBJECT_NAMES) out(`  ${name}: ${rows[name].length} rows`);
        out(`Not produced yet: ${SSD_NOT_COVERED.map((o) => o.name).join(', ')} (docs/returns.md says why).`);
      }),
    );
}
