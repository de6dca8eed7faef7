// `returns ssda903`: the year's SSDA903 tables written as the DfE's CSV files, for a scheduled job or an analyst.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { londonDate } from '../../platform/clock/clock.ts';
import { csvText } from '../../platform/csv/csv.ts';
import { chosenYear, collectionYearLabel, generateSsda903, SSDA903_TABLES, summariseIssues, tableCounts, validateYear } from '../../returns/index.ts';
import { CliError, type CliContext } from '../context.ts';
import { registerReturnsAnnexA } from './returns-annex-a.ts';
import { registerReturnsImport } from './returns-import.ts';
import { registerReturnsSsd } from './returns-ssd.ts';
import { registerReturnsCin } from './returns-cin.ts';

export function registerReturns(program: Command, context: CliContext): void {
  const { now, out, auditContext, withDatabase } = context;
  const returns = program.command('returns').description('the statutory returns made from the record (docs/returns.md)');
  registerReturnsAnnexA(returns, context);
  registerReturnsImport(returns, context);
  registerReturnsSsd(returns, context);
  registerReturnsCin(returns, context);
  returns
    .command('ssda903')
    .alias('903')
    .description('write each table of the SSDA903 return (children looked after) for a collection year as the DfE\'s CSV files')
    .requiredOption('--year <YYYY>', 'the year the collection year ends in: 2026 for 1 April 2025 to 31 March 2026', (value: string) => {
      if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError('It must be a year written YYYY, the year the collection ends in (2026 for 2025 to 2026).');
      return value.trim();
    })
    .requiredOption('--out <directory>', 'the directory to write the files into (made if missing)')
    .option('--validate', 'also check the return against the DfE\'s validation rules: prints each rule broken and exits with status 1 while any remain')
    .action((options: { year: string; out: string; validate?: boolean }) =>
      withDatabase(async (db) => {
        const yearEnd = chosenYear(options.year, londonDate(now()));
        if (yearEnd === null) throw new CliError(`--year ${options.year} is not a collection year that can be made: choose the year in progress or one of the five before it.`);
        const { tables, issues } = options.validate
          ? await validateYear(db, auditContext(), yearEnd)
          : { tables: await generateSsda903(db, auditContext(), yearEnd, { action: 'returns.ssda903.generate' }), issues: [] };
        await mkdir(options.out, { recursive: true });
        for (const table of SSDA903_TABLES) {
          const columns: readonly string[] = table.columns;
          await writeFile(join(options.out, `SSDA903_${yearEnd}_${table.name}.csv`), await csvText(tables[table.name], { columns }));
        }
        out(`SSDA903 ${collectionYearLabel(yearEnd)} written to ${options.out}: ${tableCounts(tables)}.`);
        if (!options.validate) return;
        for (const r of summariseIssues(issues)) out(`Rule ${r.rule}: ${r.rows} rows, ${r.children} children. ${r.message}`);
        if (issues.length > 0) throw new CliError(`${issues.length} rows break the DfE's validation rules: put them right in the records and run again (the returns page lists the children).`);
        out('The return breaks none of the rules checked.');
      }),
    );
}
