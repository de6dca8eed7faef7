import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Two database roles on a PostgreSQL server: the owner, which owns every
 * table and runs the migrations, and the application role the server
 * connects as. The application role may read and write the ordinary tables
 * but only add to and read the audit trail: it cannot UPDATE or DELETE an
 * audit row, nor ALTER the table to switch its protective triggers off
 * (only a table's owner may).
 */

export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Tables the application role may only read and add to. */
const APPEND_ONLY = ['audit_events'];
/** The migrator's own bookkeeping: the application only reads it (to see that the schema is up to date). */
const READ_ONLY = ['kysely_migration', 'kysely_migration_lock'];

export class RoleSetupError extends Error {}

export interface RoleSetup {
  owner: string;
  appRole: string;
  createdRole: boolean;
  /** What was done, one line each, in order. */
  steps: string[];
}

const ident = (name: string) => sql.id(name);

/**
 * Creates the application role if it does not exist, and grants it what the
 * application needs, as the owner of the tables. Running it again changes
 * nothing that is already right. Default privileges carry the same rights to
 * tables and sequences the owner creates later (future migrations).
 */
export async function setUpApplicationRole(db: Db, options: { appRole: string }): Promise<RoleSetup> {
  const appRole = options.appRole;
  if (!ROLE_NAME.test(appRole)) {
    throw new RoleSetupError('--app-role: a role name is lower-case letters, digits and underscores, starting with a letter or underscore (at most 63)');
  }
  return db.transaction().execute(async (trx) => {
    const { rows: whoRows } = await sql<{ me: string; database: string; owner: string | null }>`
      SELECT current_user AS me, current_database() AS database,
             (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events') AS owner`.execute(trx);
    const who = whoRows[0]!;
    if (who.owner === null) throw new RoleSetupError('the database has no tables yet: run "npm run cli -- migrate" as the owner first');
    if (who.owner !== who.me) {
      throw new RoleSetupError(`run this as the owner of the tables (${who.owner}), the role that runs the migrations; this connection is ${who.me}`);
    }
    if (appRole === who.me) throw new RoleSetupError(`--app-role must be a different role from the owner (${who.me})`);

    const steps: string[] = [];
    const { rows: existing } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>`
      SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ${appRole}`.execute(trx);
    let createdRole = false;
    if (existing.length === 0) {
      try {
        await sql`CREATE ROLE ${ident(appRole)} LOGIN`.execute(trx);
      } catch (error) {
        if ((error as { code?: string }).code === '42501') {
          throw new RoleSetupError(`${who.me} may not create roles: create ${appRole} (LOGIN) as an administrator, then run this again`);
        }
        throw error;
      }
      createdRole = true;
      steps.push(`Created role ${appRole} (LOGIN).`);
    } else {
      const role = existing[0]!;
      if (role.rolsuper || role.rolbypassrls) {
        throw new RoleSetupError(`${appRole} is a superuser or bypasses row security: grants do not limit it, so it cannot be the application role`);
      }
      steps.push(`Role ${appRole} exists${role.rolcanlogin ? '' : ' (it cannot log in: ALTER ROLE ... LOGIN before the server uses it)'}.`);
    }
    const { rows: owned } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE s.nspname = 'public' AND pg_get_userbyid(c.relowner) = ${appRole}`.execute(trx);
    if (owned[0]!.n > 0) {
      throw new RoleSetupError(`${appRole} owns ${owned[0]!.n} tables or sequences in this database: an owner can alter them, so hand them to ${who.me} first (REASSIGN OWNED BY ${appRole} TO ${who.me})`);
    }

    const role = ident(appRole);
    const run = async (statement: ReturnType<typeof sql>, line: string) => {
      await statement.execute(trx);
      steps.push(line);
    };
    await run(sql`GRANT CONNECT ON DATABASE ${ident(who.database)} TO ${role}`, `Granted CONNECT on database ${who.database}.`);
    await run(sql`GRANT USAGE ON SCHEMA public TO ${role}`, 'Granted USAGE on schema public.');
    await run(
      sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      'Granted SELECT, INSERT, UPDATE, DELETE on every table in schema public.',
    );
    await run(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`, 'Granted USAGE, SELECT on every sequence in schema public.');
    for (const name of APPEND_ONLY) {
      await run(
        sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE ${ident(name)} FROM ${role}`,
        `${name}: revoked UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER (INSERT and SELECT only).`,
      );
    }
    for (const name of READ_ONLY) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = ${name}`.execute(trx);
      if (rows[0]!.n === 0) continue;
      await run(sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE ${ident(name)} FROM ${role}`, `${name}: SELECT only.`);
    }
    await run(
      sql`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(who.me)} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `Tables ${who.me} creates later (future migrations): SELECT, INSERT, UPDATE, DELETE for ${appRole}.`,
    );
    await run(
      sql`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(who.me)} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
      `Sequences ${who.me} creates later: USAGE, SELECT for ${appRole}.`,
    );
    return { owner: who.me, appRole, createdRole, steps };
  });
}
