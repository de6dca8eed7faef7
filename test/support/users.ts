import type { Db } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';

export const TEST_PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | undefined;

/** Creates a team (and its service and directorate when needed). */
export async function createTeam(db: Db, name = 'Test Team'): Promise<{ teamId: string; serviceId: string }> {
  const directorate =
    (await db.selectFrom('directorates').select('id').executeTakeFirst()) ??
    (await db.insertInto('directorates').values({ name: "Children's Services" }).returning('id').executeTakeFirstOrThrow());
  const service = await db
    .insertInto('services')
    .values({ directorate_id: directorate.id, name: `${name} service` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = await db.insertInto('teams').values({ service_id: service.id, name, base_postcode: 'BN21 4AB' }).returning('id').executeTakeFirstOrThrow();
  return { teamId: team.id, serviceId: service.id };
}

/** Creates a user who signs in with TEST_PASSWORD. */
export async function createUser(
  db: Db,
  values: {
    email: string;
    role: Role;
    name?: string;
    teamId?: string | null;
    serviceId?: string | null;
    lineManagerId?: string | null;
    qualifiedOn?: string | null;
    /** Without one, a social worker's ASYE starts the day they qualified, as when a person is added. */
    asyeStartedOn?: string | null;
  },
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const row = await db
    .insertInto('users')
    .values({
      email: values.email,
      name: values.name ?? values.email.split('@')[0]!,
      role: values.role,
      team_id: values.teamId ?? null,
      service_id: values.serviceId ?? null,
      line_manager_id: values.lineManagerId ?? null,
      qualified_on: values.qualifiedOn ?? null,
      asye_started_on: values.asyeStartedOn !== undefined ? values.asyeStartedOn : values.role === 'social_worker' ? (values.qualifiedOn ?? null) : null,
      password_hash: await passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
