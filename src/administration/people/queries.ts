import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role, UsersTable } from '../../db/schema.ts';
import { containsPattern } from '../../db/like.ts';
import { CURRENT_USER_COLUMNS } from '../../platform/auth/sessions.ts';
import { PAGE_SIZE } from '../../platform/http/paging.ts';

/**
 * The schema's generated timestamps (Generated<ColumnType>) have no writable
 * type in Kysely, so the time is written through an expression.
 */
export const timestamp = (at: Date) => sql<never>`${at.toISOString()}::timestamptz`;

/** A person with the names of their team, service and line manager. */
export async function findPerson(db: Db, id: string) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('services', (join) => join.onRef('services.id', '=', sql<string>`coalesce(teams.service_id, users.service_id)`))
    .leftJoin('users as manager', 'manager.id', 'users.line_manager_id')
    .select([
      ...CURRENT_USER_COLUMNS,
      'users.line_manager_id',
      'users.qualified_on',
      'users.fte',
      'users.disabled_at',
      'users.locked_until',
      'users.failed_sign_ins',
      sql<boolean>`users.password_hash IS NOT NULL`.as('has_password'),
      'users.created_at',
      'users.updated_at',
      'teams.name as team_name',
      'services.name as service_name',
      'manager.name as line_manager_name',
    ])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export async function findPersonIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  return row?.id;
}

/** Is the email address (in any case) used by someone other than `exceptId`? */
export async function emailTaken(db: Db, email: string, exceptId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function teamName(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('teams').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

export async function serviceName(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('services').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

export async function personName(db: Db, id: string): Promise<{ name: string; active: boolean } | undefined> {
  const row = await db.selectFrom('users').select(['name', 'disabled_at']).where('id', '=', id).executeTakeFirst();
  return row && { name: row.name, active: row.disabled_at === null };
}

/** Teams whose name matches (in any case): more than one only if names differ just in case. */
export async function findTeamsByName(db: Db, name: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase()))
    .execute();
}

/** Services whose name matches (in any case); the same name may exist in two directorates. */
export async function findServicesByName(db: Db, name: string) {
  return db
    .selectFrom('services')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase()))
    .execute();
}

/**
 * The given person followed by their line manager, that manager's manager and
 * so on upwards. UNION stops at a repeat, so even a damaged chain ends.
 */
export async function managementChain(db: Db, fromId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE chain(id, manager_id) AS (
      SELECT id, line_manager_id FROM users WHERE id = ${fromId}
      UNION
      SELECT users.id, users.line_manager_id FROM users JOIN chain ON users.id = chain.manager_id
    )
    SELECT id FROM chain`.execute(db);
  return result.rows.map((row) => row.id);
}

export interface PeopleFilters {
  /** Part of a name or email address. */
  text?: string | undefined;
  role?: Role | undefined;
  teamId?: string | undefined;
}

function filteredPeople(db: Db, filters: PeopleFilters) {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('services', (join) => join.onRef('services.id', '=', sql<string>`coalesce(teams.service_id, users.service_id)`))
    .leftJoin('users as manager', 'manager.id', 'users.line_manager_id');
  if (filters.text) {
    const pattern = containsPattern(filters.text);
    query = query.where((eb) => eb.or([eb('users.name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  if (filters.role) query = query.where('users.role', '=', filters.role);
  if (filters.teamId) query = query.where('users.team_id', '=', filters.teamId);
  return query;
}

/** One page of people, by name, and how many match in all. */
export async function listPeople(db: Db, filters: PeopleFilters, page: number, pageSize = PAGE_SIZE) {
  const base = filteredPeople(db, filters);
  const [rows, total] = await Promise.all([
    base
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.disabled_at',
        'users.locked_until',
        'teams.name as team_name',
        'services.name as service_name',
        'manager.name as line_manager_name',
      ])
      .orderBy('users.name')
      .orderBy('users.email')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}

/** Every active person, for choosing a line manager. */
export async function activePeople(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'teams.name as team_name'])
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .orderBy('users.email')
    .execute();
}

export async function teamChoices(db: Db) {
  return db
    .selectFrom('teams')
    .innerJoin('services', 'services.id', 'teams.service_id')
    .select(['teams.id', 'teams.name', 'services.name as service_name'])
    .orderBy('teams.name')
    .execute();
}

export async function serviceChoices(db: Db) {
  return db.selectFrom('services').select(['id', 'name']).orderBy('name').execute();
}

export type NewPersonRow = Pick<Selectable<UsersTable>, 'email' | 'name' | 'role' | 'team_id' | 'service_id' | 'line_manager_id' | 'qualified_on' | 'fte'>;

export async function insertPerson(db: Db, values: NewPersonRow & { password_hash: string | null; created_at: Date }): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      ...values,
      // A social worker's ASYE starts the day they qualified until their staff record says otherwise.
      asye_started_on: values.role === 'social_worker' ? values.qualified_on : null,
      created_at: timestamp(values.created_at),
      updated_at: timestamp(values.created_at),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePerson(db: Db, id: string, values: NewPersonRow, at: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...values, updated_at: timestamp(at) })
    .where('id', '=', id)
    .execute();
}

export async function setDisabledAt(db: Db, id: string, disabledAt: Date | null, at: Date): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: timestamp(at) }).where('id', '=', id).execute();
}

export async function setReturnsAdministrator(db: Db, id: string, granted: boolean, at: Date): Promise<void> {
  await db.updateTable('users').set({ returns_administrator: granted, updated_at: timestamp(at) }).where('id', '=', id).execute();
}

export async function clearLock(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ locked_until: null, failed_sign_ins: 0, updated_at: timestamp(at) }).where('id', '=', id).execute();
}

export async function countSessions(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
