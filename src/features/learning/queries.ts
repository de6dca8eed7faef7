import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { isUuid } from '../../platform/access/policy.ts';

export async function listCourses(db: Db) {
  const rows = await db
    .selectFrom('training_courses')
    .select((eb) => [
      'training_courses.id',
      'training_courses.name',
      'training_courses.category',
      'training_courses.description',
      'training_courses.renewal_months',
      eb
        .selectFrom('training_requirements')
        .select(sql<string[]>`coalesce(array_agg(role ORDER BY role), '{}')`.as('roles'))
        .whereRef('training_requirements.course_id', '=', 'training_courses.id')
        .as('required_for'),
    ])
    .where('training_courses.active', '=', true)
    .orderBy('training_courses.category')
    .orderBy('training_courses.name')
    .execute();
  return rows.map((r) => ({ ...r, required_for: (r.required_for ?? []) as Role[] }));
}

/** The latest attendance of each person at each course. */
export async function latestAttendance(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('training_attendance')
    .select((eb) => ['user_id', 'course_id', eb.fn.max('attended_on').as('attended_on')])
    .where('user_id', 'in', userIds as string[])
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
