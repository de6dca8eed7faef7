import type { Command } from 'commander';
import { verifyAuditChain } from '../../platform/audit/chain.ts';
import { CliError, withOpened, type CommandContext } from './context.ts';

/** `audit verify`: walks the audit hash chain and names the first broken link. */
export function registerAuditCommands(program: Command, context: CommandContext): void {
  const audit = program.command('audit').description('check the audit trail');
  audit
    .command('verify')
    .description('walk the audit hash chain; exit 0 if every row is intact, else name the first broken link and exit 1')
    .option('--includes <hash>', 'also check that the chain still passes through this hash, printed by an earlier check (hex)')
    .action((options: { includes?: string }) =>
      withOpened(context, context.env, async ({ db }) => {
        const wanted = options.includes?.trim().toLowerCase();
        if (wanted !== undefined && !/^[0-9a-f]{64}$/.test(wanted)) throw new CliError('--includes: give the 64-character hex hash printed by an earlier check');
        const result = await verifyAuditChain(db, wanted);
        if (!result.ok) {
          const { id, occurredAt, problem } = result.brokenAt;
          throw new CliError(`audit chain broken at row ${id} (${occurredAt}): ${problem}; the ${result.rows} rows before it verified`);
        }
        if (wanted !== undefined && result.includesAt === null) {
          throw new CliError(`the audit chain does not pass through ${wanted}: rows up to that point were rewritten or removed since it was printed`);
        }
        context.out(`audit chain verified: ${result.rows} rows`);
        if (result.includesAt !== null) context.out(`It passes through the given hash at link ${result.includesAt}.`);
        if (result.lastHash) context.out(`Last hash: ${result.lastHash} (keep it elsewhere; "audit verify --includes" with it later shows nothing up to here was rewritten)`);
      }),
    );
}
