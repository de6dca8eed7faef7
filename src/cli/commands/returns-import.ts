// `returns import 903`: an earlier year's SSDA903 files (from Steadfast or
// another case system) read into the record, for someone who makes returns.
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { collectionYearLabel, importerFor, importSsda903, importSummaryLine, ImportRefused, readSourceDir, SourceProblem, teamFor } from '../../returns/index.ts';
import { CliError, type CliContext } from '../context.ts';

function year(value: string): number {
  if (!/^\d{4}$/.test(value.trim())) throw new InvalidArgumentError('It must be a year written YYYY, the year the collection ends in (2026 for 2025 to 2026).');
  return Number(value.trim());
}

/** Adds `import 903` to the `returns` command. */
export function registerReturnsImport(returns: Command, { io, out, auditContext, withDatabase }: CliContext): void {
  const imports = returns.command('import').description('read an earlier year\'s return into the record (docs/returns.md, "Importing earlier years")');
  imports
    .command('903')
    .alias('ssda903')
    .description(
      'import SSDA903 CSV files (SSDA903_<year>_<Table>.csv or <Table>.csv): children matched by the council\'s identifier, then UPN, ' +
        'created when not found; what the record holds is kept and blanks filled, so importing the same files again changes nothing. ' +
        'Each refused row is printed as "file:line field: message"; the exit status is 1 when any row was refused (the other children are imported).',
    )
    .requiredOption('--dir <directory>', 'the directory holding the files')
    .requiredOption('--as <email>', 'the account of the person importing (a performance analyst, head of service or returns administrator): recorded on what is imported')
    .option('--year <YYYY>', 'the year the collection ends in (default: the one year the file names give)', year)
    .option('--team <name or id>', 'place each child the import creates in this team, unallocated to a worker (default: no team, see the docs)')
    .option('--dry-run', 'check the files and report what would be imported, writing nothing')
    .action((options: { dir: string; as: string; year?: number; team?: string; dryRun?: boolean }) =>
      withDatabase(async (db) => {
        const context = auditContext();
        const stderr = io.stderr as NodeJS.WriteStream & { isTTY?: boolean };
        let bar: SingleBar | undefined;
        try {
          const importer = await importerFor(db, context, options.as);
          const teamId = options.team ? await teamFor(db, options.team) : null;
          const { yearEnd, files } = await readSourceDir(options.dir, options.year ?? null);
          bar = stderr.isTTY ? new SingleBar({ stream: stderr, format: 'Importing children {bar} {value} of {total}', hideCursor: true, clearOnComplete: true }) : undefined;
          const summary = await importSsda903(db, { ...context, actorUserId: importer.id, actorEmail: importer.email }, importer, files, {
            yearEnd,
            dryRun: options.dryRun === true,
            teamId,
            onProgress: (done, total) => {
              if (!bar) return;
              if (done === 1) bar.start(total, 0);
              bar.update(done);
            },
          });
          bar?.stop();
          for (const e of summary.errors) out(`${e.file}:${e.line} ${e.field}: ${e.message}`);
          out(`SSDA903 ${collectionYearLabel(yearEnd)} ${summary.dryRun ? 'dry run (nothing written)' : 'imported'} from ${options.dir}: ${importSummaryLine(summary)}.`);
          if (summary.errors.length > 0) {
            throw new CliError(`${summary.errors.length} ${summary.errors.length === 1 ? 'problem' : 'problems'} refused ${summary.children.refused} ${summary.children.refused === 1 ? 'child' : 'children'} (listed above); the other children ${summary.dryRun ? 'would be' : 'were'} imported`);
          }
        } catch (error) {
          bar?.stop();
          if (error instanceof ImportRefused || error instanceof SourceProblem) throw new CliError(error.message);
          throw error;
        }
      }),
    );
}
