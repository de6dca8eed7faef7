// `returns cin`: the year's CIN census written as the DfE's XML, for a scheduled job or an analyst.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { chosenYear, cinCountsText, collectionYearLabel, generateCinCensus, schemaErrors, summariseCinIssues, validateCinCensus } from '../../returns/index.ts';
import { CliError, type CliContext } from '../context.ts';

/** Adds `returns cin` to the `returns` command. */
export function registerReturnsCin(returns: Command, { io, now, out, auditContext, withDatabase }: CliContext): void {
  returns
    .command('cin')
    .description('write the CIN census (children in need) for a collection year as the DfE\'s XML, in CIN_<year>.xml')
    .requiredOption('--year <YYYY>', 'the year the collection year ends in: 2026 for 1 April 2025 to 31 March 2026', (value: string) => {
      if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError('It must be a year written YYYY, the year the collection ends in (2026 for 2025 to 2026).');
      return value.trim();
    })
    .requiredOption('--out <directory>', 'the directory to write the file into (made if missing)')
    .option('--validate', 'also check the file against the census schema and the census against the DfE\'s validation rules: prints each rule broken and exits with status 1 while any remain')
    .action((options: { year: string; out: string; validate?: boolean }) =>
      withDatabase(async (db) => {
        const yearEnd = chosenYear(options.year, londonDate(now()));
        if (yearEnd === null) throw new CliError(`--year ${options.year} is not a collection year that can be made: choose the year in progress or one of the five before it.`);
        let laCode: string;
        try {
          laCode = loadConfig({ COUNCIL_LA_CODE: io.env.COUNCIL_LA_CODE }).councilLaCode;
        } catch (error) {
          if (error instanceof ConfigError) throw new CliError(`COUNCIL_LA_CODE must be the council's three-digit DfE LA code: ${error.message}`);
          throw error;
        }
        const { census, xml } = await generateCinCensus(db, auditContext(), yearEnd, laCode, options.validate ? 'returns.cin.validate' : 'returns.cin.generate');
        await mkdir(options.out, { recursive: true });
        const file = join(options.out, `CIN_${yearEnd}.xml`);
        await writeFile(file, xml);
        out(`CIN census ${collectionYearLabel(yearEnd)} written to ${file}: ${cinCountsText(census)}.`);
        if (!options.validate) return;
        const schema = await schemaErrors(xml);
        for (const message of schema.slice(0, 20)) out(`Schema: ${message}`);
        const issues = validateCinCensus(census);
        for (const r of summariseCinIssues(issues)) out(`Rule ${r.rule}: ${r.rows} errors, ${r.children} children. ${r.message}`);
        if (schema.length > 0 || issues.length > 0) {
          throw new CliError(`${schema.length} schema errors and ${issues.length} errors against the DfE's CIN census rules: put them right in the records and run again (the returns page lists the children).`);
        }
        out('The census is valid against its schema and breaks none of the rules checked.');
      }),
    );
}
