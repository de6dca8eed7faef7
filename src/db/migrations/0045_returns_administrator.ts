import { sql, type Kysely } from 'kysely';

/**
 * The returns administrator permission (docs/returns.md, "Who may do what").
 *
 * Performance analysts and heads of service make the statutory returns by
 * their role. A system administrator may also let someone else make them
 * (a data officer in another role, say) by setting
 * `users.returns_administrator`; granting and withdrawing it are audited.
 * Front-line roles cannot hold it (the check is in the application).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN returns_administrator boolean NOT NULL DEFAULT false`.execute(db);
}
