import type { Command } from 'commander';
import { RoleSetupError, setUpApplicationRole } from '../../db/roles.ts';
import { CliError, ownerEnv, withOpened, type CommandContext } from './context.ts';

/** `db roles --app-role NAME`: the application role with only INSERT and SELECT on the audit trail. */
export function registerDbRolesCommand(program: Command, context: CommandContext): void {
  const db = program.command('db').description('database roles');
  db.command('roles')
    .description('as the owner of the tables: create the application role the server connects as, and grant it what it needs')
    .requiredOption('--app-role <name>', 'the role the server connects as (DATABASE_URL); created if missing')
    .addHelpText(
      'after',
      '\nConnects as MIGRATION_DATABASE_URL (the owner) when it is set, else DATABASE_URL. Safe to run again.\n' +
        'The application role gets SELECT, INSERT, UPDATE, DELETE on the tables, and only INSERT and SELECT on\n' +
        'audit_events; tables later migrations create get the same rights. Set its password in psql with\n' +
        '\\password NAME (psql sends it hashed), then run the server with DATABASE_URL as that role and\n' +
        'MIGRATION_DATABASE_URL as the owner.',
    )
    .action((options: { appRole: string }) =>
      withOpened(context, ownerEnv(context.env), async (opened) => {
        if (opened.engine !== 'postgres') {
          throw new CliError('the embedded database has a single user: separate roles need a PostgreSQL server (set DATABASE_URL)');
        }
        try {
          const result = await setUpApplicationRole(opened.db, { appRole: options.appRole });
          for (const step of result.steps) context.out(step);
          context.out(
            `Done: the server may connect as ${result.appRole} (DATABASE_URL) and migrate as ${result.owner} (MIGRATION_DATABASE_URL).` +
              (result.createdRole ? ` Set ${result.appRole}'s password in psql with \\password ${result.appRole}.` : ''),
          );
        } catch (error) {
          if (error instanceof RoleSetupError) throw new CliError(error.message);
          throw error;
        }
      }),
    );
}
