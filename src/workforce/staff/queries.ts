import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { EmploymentType, Role } from '../../db/schema.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { STAFF_COLUMNS } from '../../platform/access/staff.ts';
import { CENSUS_ROLES } from './rules.ts';

export interface StaffRow {
  id: string;
  name: string;
  role: Role;
  team_id: string | null;
  service_id: string | null;
  fte: number;
  asye_started_on: string | null;
  employment_type: EmploymentType | null;
  start_in_role: string | null;
  left_on: string | null;
  swe_number: string | null;
  start_origin: string | null;
  leaving_reason: string | null;
  leaving_destination: string | null;
  qualification_institution: string | null;
}

/** Everyone in a census role, with their staff record (the council is a few hundred people). */
export async function findCensusStaff(db: Db, scope: { teamId?: string; serviceId?: string } = {}): Promise<StaffRow[]> {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select([
      'users.id',
      'users.name',
      'users.role',
      'users.team_id',
      sql<string | null>`coalesce(teams.service_id, users.service_id)`.as('service_id'),
      'users.fte',
      'users.asye_started_on',
      'staff_records.employment_type',
      'staff_records.start_in_role',
      'staff_records.left_on',
      'staff_records.swe_number',
      'staff_records.start_origin',
      'staff_records.leaving_reason',
      'staff_records.leaving_destination',
      'staff_records.qualification_institution',
    ])
    .where('users.role', 'in', CENSUS_ROLES as Role[]);
  if (scope.teamId) query = query.where('users.team_id', '=', scope.teamId);
  if (scope.serviceId) query = query.where(sql<boolean>`coalesce(teams.service_id, users.service_id) = ${scope.serviceId}`);
  return (await query.orderBy('users.name').execute()) as StaffRow[];
}

export async function findAbsences(db: Db, userIds: readonly string[], from: string) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('staff_absences')
    .select(['id', 'user_id', 'reason', 'start_date', 'end_date', 'working_days_lost'])
    .where('user_id', '=', anyOf(userIds))
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
    .orderBy('start_date', 'desc')
    .execute();
}

/** Funded FTE on a day of each team in scope: its latest establishment row on or before the day; null when no team in scope has one. */
export async function fundedByTeamOn(db: Db, on: string, scope: { teamId?: string; serviceId?: string }): Promise<Map<string, number> | null> {
  const result = await sql<{ team_id: string; funded: number }>`
    SELECT e.team_id, e.funded_fte::float AS funded
    FROM team_establishment e JOIN teams t ON t.id = e.team_id
    WHERE e.effective_from = (SELECT max(x.effective_from) FROM team_establishment x WHERE x.team_id = e.team_id AND x.effective_from <= ${on})
      AND (${scope.teamId ?? null}::uuid IS NULL OR t.id = ${scope.teamId ?? null}::uuid)
      AND (${scope.serviceId ?? null}::uuid IS NULL OR t.service_id = ${scope.serviceId ?? null}::uuid)`.execute(db);
  return result.rows.length ? new Map(result.rows.map((r) => [r.team_id, Number(r.funded)])) : null;
}

/** Each case-holding worker's FTE and children from the weekly snapshot nearest before a day (within a fortnight); null when there is none. */
export async function caseloadsOn(db: Db, on: string, workerIds: readonly string[]): Promise<{ worker_id: string; fte: number; children: number }[] | null> {
  const latest = await db
    .selectFrom('workload_snapshots')
    .select((eb) => eb.fn.max('snapshot_date').as('date'))
    .where('snapshot_date', '<=', on)
    .where('snapshot_date', '>', sql<string>`(${on}::date - 14)`)
    .executeTakeFirst();
  const date = latest?.date as string | null | undefined;
  if (!date || workerIds.length === 0) return date ? [] : null;
  return db
    .selectFrom('workload_snapshots')
    .select(['worker_id', 'fte', 'children'])
    .where('snapshot_date', '=', date)
    .where('worker_id', '=', anyOf(workerIds))
    .execute();
}

/** Every team and service, by name, for the choices of a form or a filter. */
export async function findTeamsAndServices(db: Db) {
  const [teams, services] = await Promise.all([
    db.selectFrom('teams').select(['id', 'name', 'service_id']).orderBy('name').execute(),
    db.selectFrom('services').select(['id', 'name']).orderBy('name').execute(),
  ]);
  return { teams, services };
}

/** One member of staff's full record, for their staff record page. */
export async function findStaffRecord(db: Db, userId: string) {
  if (!isUuid(userId)) return undefined;
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('users as manager', 'manager.id', 'users.line_manager_id')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select([
      ...STAFF_COLUMNS,
      'users.email',
      'users.team_id',
      'users.line_manager_id',
      'teams.name as team_name',
      'manager.name as line_manager_name',
      sql<string | null>`coalesce(teams.service_id, users.service_id)`.as('service_id'),
      'staff_records.user_id as has_record',
      'staff_records.grade',
      'staff_records.employment_type',
      'staff_records.contracted_hours',
      'staff_records.start_in_role',
      'staff_records.start_origin',
      'staff_records.swe_number',
      'staff_records.qualification_institution',
      'staff_records.left_on',
      'staff_records.leaving_reason',
      'staff_records.leaving_destination',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export interface StaffRecordValues {
  grade: string | null;
  employment_type: EmploymentType;
  contracted_hours: number | null;
  start_in_role: string | null;
  start_origin: string | null;
  swe_number: string | null;
  qualification_institution: string | null;
  left_on: string | null;
  leaving_reason: string | null;
  leaving_destination: string | null;
}

export async function saveStaffRecord(db: Db, userId: string, values: StaffRecordValues, by: string, at: Date) {
  await db
    .insertInto('staff_records')
    .values({ user_id: userId, ...values, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_by: by, updated_at: at }))
    .execute();
}

/** Whether another person already has this registration number. */
/** The day the person's ASYE began (a column of the person: every page that asks whether someone is in their ASYE reads it there). */
export async function saveAsyeStart(db: Db, userId: string, asyeStartedOn: string | null) {
  await db.updateTable('users').set({ asye_started_on: asyeStartedOn }).where('id', '=', userId).execute();
}

export async function sweNumberTaken(db: Db, swe: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('staff_records').select('user_id').where('swe_number', '=', swe).where('user_id', '!=', userId).executeTakeFirst();
  return Boolean(row);
}

export async function insertAbsence(db: Db, row: { user_id: string; reason: string; start_date: string; end_date: string | null; working_days_lost: number | null; recorded_by: string; recorded_at: Date }) {
  return (await db.insertInto('staff_absences').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listEstablishment(db: Db, teamId: string) {
  return db
    .selectFrom('team_establishment')
    .leftJoin('users', 'users.id', 'team_establishment.recorded_by')
    .select(['team_establishment.effective_from', 'team_establishment.funded_fte', 'users.name as recorded_by_name'])
    .where('team_establishment.team_id', '=', teamId)
    .orderBy('team_establishment.effective_from', 'desc')
    .execute();
}

/** Records funded FTE from a date; a figure already recorded from the same date is replaced. */
export async function saveEstablishment(db: Db, row: { team_id: string; effective_from: string; funded_fte: number; recorded_by: string; recorded_at: Date }) {
  await db
    .insertInto('team_establishment')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'effective_from']).doUpdateSet({ funded_fte: row.funded_fte, recorded_by: row.recorded_by, recorded_at: row.recorded_at }))
    .execute();
}
