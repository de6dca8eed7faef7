import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { LA_CHILD_ID_PREFIX, type Sex } from './rules.ts';

/** An instant for a `Generated<Timestamp>` column, which Kysely's types only let the database fill. */
function stamp(at: Date) {
  return sql<never>`${at.toISOString()}::timestamptz`;
}

/**
 * Holds off every other write to `people` until the transaction ends (reads
 * go on), so the next LA child id and the duplicate NHS number check cannot
 * race another registration.
 */
export async function lockPeopleForRegistration(trx: Db): Promise<void> {
  await sql`LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
}

/** The highest number of an LA child id this system issued ('ESC000042' -> 42), or 0. */
export async function highestLaChildNumber(trx: Db): Promise<number> {
  const pattern = `^${LA_CHILD_ID_PREFIX}[0-9]{1,12}$`;
  const row = await sql<{ n: string | number | null }>`
    SELECT max(substring(la_child_id FROM ${LA_CHILD_ID_PREFIX.length + 1}::int)::bigint) AS n
    FROM people WHERE la_child_id ~ ${pattern}`.execute(trx);
  return Number(row.rows[0]?.n ?? 0);
}

/** Whether anyone else (child or adult) already has this NHS number. */
export async function nhsNumberTaken(trx: Db, nhsNumber: string, exceptPersonId?: string): Promise<boolean> {
  let query = trx.selectFrom('people').select('id').where('nhs_number', '=', nhsNumber);
  if (exceptPersonId) query = query.where('id', '!=', exceptPersonId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface PersonDetailsRow {
  forename: string;
  surname: string;
  other_names: string | null;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  date_of_death: string | null;
  sex: Sex;
  ethnicity: string;
  nhs_number: string | null;
  upn: string | null;
  upn_unknown_reason: string | null;
  uasc: boolean;
  immigration_status: string | null;
}

export async function insertChild(trx: Db, laChildId: string, details: PersonDetailsRow, at: Date): Promise<string> {
  const row = await trx
    .insertInto('people')
    .values({ is_child: true, la_child_id: laChildId, ...details, created_at: stamp(at), updated_at: stamp(at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChild(
  trx: Db,
  childId: string,
  details: PersonDetailsRow & { restricted: boolean; restriction_reason: string | null },
  at: Date,
): Promise<void> {
  await trx.updateTable('people').set({ ...details, updated_at: stamp(at) }).where('id', '=', childId).execute();
}

/** Sets the person's disabilities to exactly `codes`. */
export async function replaceDisabilities(trx: Db, personId: string, codes: readonly string[]): Promise<void> {
  await trx.deleteFrom('person_disabilities').where('person_id', '=', personId).execute();
  if (codes.length) await trx.insertInto('person_disabilities').values(codes.map((code) => ({ person_id: personId, code }))).execute();
}

export async function insertAddress(trx: Db, personId: string, address: { line1: string; town: string | null; postcode: string; startDate: string }) {
  await trx
    .insertInto('addresses')
    .values({ person_id: personId, line1: address.line1, town: address.town, postcode: address.postcode, start_date: address.startDate })
    .execute();
}

/** Puts the child in the team's unallocated queue: an open lead allocation with no worker. */
export async function insertQueueAllocation(trx: Db, values: { childId: string; teamId: string; startDate: string; recordedBy: string; at: Date }) {
  await trx
    .insertInto('allocations')
    .values({
      child_id: values.childId,
      role: 'lead',
      team_id: values.teamId,
      worker_id: null,
      start_date: values.startDate,
      recorded_by: values.recordedBy,
      recorded_at: stamp(values.at),
    })
    .execute();
}

/** Teams a person without a team may register a child into: their service's, or every team. */
export async function teamChoices(db: Db, serviceId: string | null) {
  let query = db.selectFrom('teams').select(['id', 'name']).orderBy('name');
  if (serviceId) query = query.where('service_id', '=', serviceId);
  return query.execute();
}

/** The child's own details, locked for a change when asked. */
export async function findChildForEdit(trx: Db, childId: string, options: { lock?: boolean } = {}) {
  let query = trx.selectFrom('people').selectAll().where('id', '=', childId).where('is_child', '=', true);
  if (options.lock) query = query.forUpdate();
  const person = await query.executeTakeFirstOrThrow();
  const disabilities = await trx.selectFrom('person_disabilities').select('code').where('person_id', '=', childId).orderBy('code').execute();
  return { person, disabilities: disabilities.map((d) => d.code) };
}

/** The social worker holding the child now (open lead allocation), if any. */
export async function currentLeadWorker(trx: Db, childId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('allocations')
    .select('worker_id')
    .where('child_id', '=', childId)
    .where('role', '=', 'lead')
    .where('end_date', 'is', null)
    .executeTakeFirst();
  return row?.worker_id ?? null;
}

/** Who holds the child's record: the lead worker now and their line manager (either may be null). */
export async function recordHolders(trx: Db, childId: string): Promise<{ workerId: string | null; managerId: string | null }> {
  const row = await trx
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.worker_id')
    .select(['allocations.worker_id', 'users.line_manager_id'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.role', '=', 'lead')
    .where('allocations.end_date', 'is', null)
    .executeTakeFirst();
  return { workerId: row?.worker_id ?? null, managerId: row?.line_manager_id ?? null };
}

/** Names people on a restricted record; naming someone twice changes nothing. */
export async function nameOnRecord(trx: Db, childId: string, userIds: readonly string[], grantedBy: string, at: Date): Promise<void> {
  if (!userIds.length) return;
  await trx
    .insertInto('restricted_access')
    .values([...new Set(userIds)].map((userId) => ({ child_id: childId, user_id: userId, granted_by: grantedBy, granted_at: stamp(at) })))
    .onConflict((oc) => oc.columns(['child_id', 'user_id']).doNothing())
    .execute();
}

export async function removeFromRecord(trx: Db, childId: string, userId: string): Promise<boolean> {
  const result = await trx.deleteFrom('restricted_access').where('child_id', '=', childId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Lifting a restriction forgets who was named, so restricting again starts afresh. */
export async function removeEveryoneFromRecord(trx: Db, childId: string): Promise<void> {
  await trx.deleteFrom('restricted_access').where('child_id', '=', childId).execute();
}

/** The people named on a restricted record, with who named them. */
export async function namedPeople(db: Db, childId: string) {
  return db
    .selectFrom('restricted_access')
    .innerJoin('users', 'users.id', 'restricted_access.user_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('users as granter', 'granter.id', 'restricted_access.granted_by')
    .select([
      'users.id',
      'users.name',
      'users.role',
      'users.disabled_at',
      'teams.name as team_name',
      'granter.name as granted_by_name',
      'restricted_access.granted_at',
    ])
    .where('restricted_access.child_id', '=', childId)
    .orderBy('users.name')
    .execute();
}

/**
 * Active people who read case records, found by part of their name, for
 * naming on a restricted record. Administrators never read records, so they
 * are not offered.
 */
export async function searchStaffByName(db: Db, name: string, limit = 20) {
  const pattern = `%${name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.role', 'teams.name as team_name'])
    .where('users.name', 'ilike', pattern)
    .where('users.disabled_at', 'is', null)
    .where('users.role', '!=', 'system_admin')
    .orderBy('users.name')
    .limit(limit)
    .execute();
}

export async function findActiveStaff(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .where('role', '!=', 'system_admin')
    .executeTakeFirst();
}
