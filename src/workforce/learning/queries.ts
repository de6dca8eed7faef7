import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { Role, TrainingCategory } from '../../db/schema.ts';
import { isUuid } from '../../platform/access/policy.ts';

/** The courses in the catalogue (not retired), with the roles that must hold each. */
export async function listCourses(db: Db) {
  return (await listAllCourses(db)).filter((course) => course.active);
}

/** The latest attendance of each person at each course. */
export async function latestAttendance(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('training_attendance')
    .select((eb) => ['user_id', 'course_id', eb.fn.max('attended_on').as('attended_on')])
    .where('user_id', '=', anyOf(userIds))
    .groupBy(['user_id', 'course_id'])
    .execute();
}

export async function teamPeople(db: Db, teamId: string) {
  return db
    .selectFrom('users')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.role'])
    .where('users.team_id', '=', teamId)
    .where('users.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('staff_records.left_on', 'is', null), eb('staff_records.left_on', '>', sql<string>`current_date`)]))
    .orderBy('users.name')
    .execute();
}

export async function findCourse(db: Db, courseId: string) {
  if (!isUuid(courseId)) return undefined;
  return db.selectFrom('training_courses').select(['id', 'name']).where('id', '=', courseId).where('active', '=', true).executeTakeFirst();
}

export async function insertAttendance(db: Db, row: { user_id: string; course_id: string; attended_on: string; recorded_by: string; recorded_at: Date }) {
  return (await db.insertInto('training_attendance').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

// --- The catalogue as heads of service and administrators change it ------------------

/** Every course, retired ones too, with the roles that must hold it. */
export async function listAllCourses(db: Db) {
  const rows = await db
    .selectFrom('training_courses')
    .select((eb) => [
      'training_courses.id',
      'training_courses.name',
      'training_courses.category',
      'training_courses.description',
      'training_courses.renewal_months',
      'training_courses.active',
      eb
        .selectFrom('training_requirements')
        .select(sql<string[]>`coalesce(array_agg(role ORDER BY role), '{}')`.as('roles'))
        .whereRef('training_requirements.course_id', '=', 'training_courses.id')
        .as('required_for'),
    ])
    .orderBy('training_courses.active', 'desc')
    .orderBy('training_courses.category')
    .orderBy('training_courses.name')
    .execute();
  return rows.map((r) => ({ ...r, required_for: (r.required_for ?? []) as Role[] }));
}

/** One course, retired or not, with its required roles; `lock` holds it until the transaction ends. */
export async function findCourseWithRequirements(db: Db, courseId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(courseId)) return undefined;
  const query = db.selectFrom('training_courses').select(['id', 'name', 'category', 'description', 'renewal_months', 'active']).where('id', '=', courseId);
  const course = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!course) return undefined;
  const roles = await db.selectFrom('training_requirements').select('role').where('course_id', '=', courseId).orderBy('role').execute();
  return { ...course, required_for: roles.map((r) => r.role) };
}

/** Whether another course already has this name, whatever its capitals. */
export async function courseNameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('training_courses').select('id').where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface CourseRow {
  name: string;
  category: TrainingCategory;
  description: string | null;
  renewal_months: number | null;
}

export async function insertCourse(db: Db, row: CourseRow): Promise<string> {
  return (await db.insertInto('training_courses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCourse(db: Db, courseId: string, row: CourseRow): Promise<void> {
  await db.updateTable('training_courses').set(row).where('id', '=', courseId).execute();
}

export async function setCourseActive(db: Db, courseId: string, active: boolean): Promise<void> {
  await db.updateTable('training_courses').set({ active }).where('id', '=', courseId).execute();
}

/** The roles that must hold the course, replacing those before. */
export async function replaceRequirements(db: Db, courseId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('training_requirements').where('course_id', '=', courseId).execute();
  if (roles.length) await db.insertInto('training_requirements').values(roles.map((role) => ({ course_id: courseId, role }))).execute();
}
