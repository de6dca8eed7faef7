// `returns import 903` and `returns import cin`: an earlier year's SSDA903
// files or CIN census XML (from Steadfast or another case system) read into
// the record, for someone who makes returns.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { collectionYearLabel, importCinCensus, importerFor, importSsda903, importSummaryLine, ImportRefused, readCinFile, readSourceDir, SourceProblem, teamFor } from '../../returns/index.ts';
import { CliError, type CliContext } from '../context.ts';

function year(value: string): number {
  if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError('It must be a year written YYYY, the year the collection ends in (2026 for 2025 to 2026).');
  return Number(value.trim());
}

/** A progress bar on a terminal's stderr (none when it is not a terminal), started by the first child. */
function progressBar(stderr: NodeJS.WriteStream & { isTTY?: boolean }) {
  const bar = stderr.isTTY ? new SingleBar({ stream: stderr, format: 'Importing children {bar} {value} of {total}', hideCursor: true, clearOnComplete: true }) : undefined;
  return {
    stop: () => bar?.stop(),
    onProgress: (done: number, total: number) => {
      if (!bar) return;
      if (done === 1) bar.start(total, 0);
      bar.update(done);
    },
  };
}

/** The closing line when something was refused: the exit status is 1, the rest imported. */
function refusedError(summary: { errors: unknown[]; children: { refused: number }; dryRun: boolean }): CliError {
  const n = summary.errors.length;
  const r = summary.children.refused;
  return new CliError(`${n} ${n === 1 ? 'problem' : 'problems'} refused ${r} ${r === 1 ? 'child' : 'children'} (listed above); the other children ${summary.dryRun ? 'would be' : 'were'} imported`);
}

/** Adds `import 903` and `import cin` to the `returns` command. */
export function registerReturnsImport(returns: Command, { io, out, auditContext, withDatabase }: CliContext): void {
  const imports = returns.command('import').description('read an earlier year\'s return into the record (docs/returns.md, "Importing earlier years")');
  imports
    .command('903')
    .alias('ssda903')
    .description(
      'import SSDA903 CSV files (SSDA903_<year>_<Table>.csv or <Table>.csv): children matched by the council\'s identifier, then UPN, ' +
        'created when not found; what the record holds is kept and blanks filled, so importing the same files again changes nothing. ' +
        'SWEpisodes names staff by Social Work England number: add them first. ' +
        'Each refused row is printed as "file:line field: message"; the exit status is 1 when any row was refused (the other children are imported).',
    )
    .requiredOption('--dir <directory>', 'the directory holding the files')
    .requiredOption('--as <email>', 'the account of the person importing (a performance analyst, head of service or returns administrator): recorded on what is imported')
    .option('--year <YYYY>', 'the year the collection ends in (default: the one year the file names give)', year)
    .option('--team <name or id>', 'place each child the import creates in this team, unallocated to a worker, unless SWEpisodes gives them a social worker now (default: no team, see the docs)')
    .option('--dry-run', 'check the files and report what would be imported, writing nothing')
    .action((options: { dir: string; as: string; year?: number; team?: string; dryRun?: boolean }) =>
      withDatabase(async (db) => {
        const context = auditContext();
        const stderr = io.stderr as NodeJS.WriteStream & { isTTY?: boolean };
        const bar = progressBar(stderr);
        try {
          const importer = await importerFor(db, context, options.as);
          const teamId = options.team ? await teamFor(db, options.team) : null;
          const { yearEnd, files } = await readSourceDir(options.dir, options.year ?? null);
          const summary = await importSsda903(db, { ...context, actorUserId: importer.id, actorEmail: importer.email }, importer, files, {
            yearEnd,
            dryRun: options.dryRun === true,
            teamId,
            onProgress: bar.onProgress,
          });
          bar.stop();
          for (const e of summary.errors) out(`${e.file}:${e.line} ${e.field}: ${e.message}`);
          out(`SSDA903 ${collectionYearLabel(yearEnd)} ${summary.dryRun ? 'dry run (nothing written)' : 'imported'} from ${options.dir}: ${importSummaryLine(summary)}.`);
          if (summary.errors.length > 0) throw refusedError(summary);
        } catch (error) {
          bar.stop();
          if (error instanceof ImportRefused || error instanceof SourceProblem) throw new CliError(error.message);
          throw error;
        }
      }),
    );

  imports
    .command('cin')
    .description(
      'import a CIN census XML file, checked against the schema first: children matched by LAchildID, then UPN, created when not found; ' +
        'episodes, assessments, plans, enquiries and pre-proceedings the record lacks are added and blank dates filled, so importing the same file again changes nothing. ' +
        'Each refused child is printed as "file:line element: message" (the line its Child element starts, or the schema\'s line); ' +
        'the exit status is 1 when any child was refused (the others are imported).',
    )
    .requiredOption('--file <file.xml>', 'the census file')
    .requiredOption('--as <email>', 'the account of the person importing (a performance analyst, head of service or returns administrator): recorded on what is imported')
    .option('--team <name or id>', 'place each child the import creates in this team, unallocated to a worker (default: no team, see the docs)')
    .option('--dry-run', 'check the file and report what would be imported, writing nothing')
    .action((options: { file: string; as: string; team?: string; dryRun?: boolean }) =>
      withDatabase(async (db) => {
        const context = auditContext();
        const bar = progressBar(io.stderr as NodeJS.WriteStream & { isTTY?: boolean });
        try {
          const importer = await importerFor(db, context, options.as, 'returns.cin.import');
          const teamId = options.team ? await teamFor(db, options.team) : null;
          let xml: string;
          try {
            xml = await readFile(options.file, 'utf8');
          } catch (error) {
            throw new SourceProblem(`cannot read the file ${options.file}`, { cause: error });
          }
          const source = await readCinFile(basename(options.file), xml);
          const summary = await importCinCensus(db, { ...context, actorUserId: importer.id, actorEmail: importer.email }, importer, source, {
            dryRun: options.dryRun === true,
            teamId,
            onProgress: bar.onProgress,
          });
          bar.stop();
          for (const e of summary.errors) out(`${e.file}:${e.line} ${e.field}: ${e.message}`);
          out(`CIN census ${collectionYearLabel(summary.yearEnd)} ${summary.dryRun ? 'dry run (nothing written)' : 'imported'} from ${options.file}: ${importSummaryLine(summary)}.`);
          if (summary.errors.length > 0) throw refusedError(summary);
        } catch (error) {
          bar.stop();
          if (error instanceof ImportRefused || error instanceof SourceProblem) throw new CliError(error.message);
          throw error;
        }
      }),
    );
}
