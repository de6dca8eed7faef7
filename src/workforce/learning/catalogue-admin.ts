import type { Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import type { Body } from '../../platform/http/forms.ts';
import { describeCourse, describeCourseChanges, readCourse, type CourseInput } from './course-form.ts';
import { courseNameTaken, findCourseWithRequirements, insertCourse, listAllCourses, replaceRequirements, setCourseActive, updateCourse } from './queries.ts';
import { CATEGORY_LABELS } from './rules.ts';
import type { LearningContext } from './service.ts';

/**
 * Changing the training catalogue: adding a course, changing it (including
 * which roles must hold it and how often it is renewed), retiring it and
 * bringing it back. As with the supervision standards, heads of service and
 * system administrators do this; everyone else is refused. A retired course
 * leaves the catalogue, compliance and the attendance form, and keeps its
 * attendance history. Every change, refusal and failed form is audited;
 * changes in their transaction, with the old and new values.
 */
export function assertMayChangeCatalogue(viewer: Viewer): void {
  if (viewer.role !== 'head_of_service' && viewer.role !== 'system_admin') {
    throw new Forbidden('The training catalogue is changed by heads of service and administrators.');
  }
}

type Outcome = { ok: true; id: string } | { ok: false; errors: FieldErrors };

async function refused(c: LearningContext, action: string, subjectId: string | null, errors: FieldErrors): Promise<Outcome> {
  await recordAudit(c.db, c.audit, { action, outcome: 'failed', subjectType: 'training_course', subjectId: subjectId ?? undefined, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
  return { ok: false, errors };
}

const row = (course: CourseInput) => ({ name: course.name, category: course.category, description: course.description, renewal_months: course.renewalMonths });
const shape = (course: CourseInput) => ({ ...row(course), required_for: course.roles });

export async function catalogueAdminPage(c: LearningContext) {
  assertMayChangeCatalogue(c.viewer);
  const courses = (await listAllCourses(c.db)).map((course) => ({
    ...course,
    categoryLabel: CATEGORY_LABELS[course.category] ?? course.category,
    requiredForLabels: course.required_for.map((r) => ROLE_LABELS[r]),
  }));
  return { current: courses.filter((course) => course.active), retired: courses.filter((course) => !course.active) };
}

export async function courseForChange(c: LearningContext, courseId: string) {
  assertMayChangeCatalogue(c.viewer);
  const course = await findCourseWithRequirements(c.db, courseId);
  if (!course) throw new NotFound();
  return course;
}

export async function addCourse(c: LearningContext, body: Body): Promise<Outcome> {
  assertMayChangeCatalogue(c.viewer);
  const read = readCourse(body);
  if (!read.ok) return refused(c, 'learning.course.create', null, read.errors);
  return c.db.transaction().execute(async (trx) => {
    if (await courseNameTaken(trx, read.course.name, null)) return refused({ ...c, db: trx }, 'learning.course.create', null, { name: 'There is already a course with this name' });
    const id = await insertCourse(trx, row(read.course));
    await replaceRequirements(trx, id, read.course.roles);
    await recordAudit(trx, c.audit, { action: 'learning.course.create', outcome: 'allowed', subjectType: 'training_course', subjectId: id, reason: `added ${describeCourse(shape(read.course))}` });
    return { ok: true as const, id };
  });
}

export async function changeCourse(c: LearningContext, courseId: string, body: Body): Promise<Outcome> {
  assertMayChangeCatalogue(c.viewer);
  return c.db.transaction().execute(async (trx) => {
    const before = await findCourseWithRequirements(trx, courseId, { lock: true });
    if (!before) throw new NotFound();
    const read = readCourse(body);
    if (!read.ok) return refused({ ...c, db: trx }, 'learning.course.update', before.id, read.errors);
    if (await courseNameTaken(trx, read.course.name, before.id)) return refused({ ...c, db: trx }, 'learning.course.update', before.id, { name: 'There is already a course with this name' });
    await updateCourse(trx, before.id, row(read.course));
    await replaceRequirements(trx, before.id, read.course.roles);
    const changes = describeCourseChanges(before, shape(read.course));
    await recordAudit(trx, c.audit, { action: 'learning.course.update', outcome: 'allowed', subjectType: 'training_course', subjectId: before.id, reason: changes.join('; ') || 'no change' });
    return { ok: true as const, id: before.id };
  });
}

/** Retires a course (active false) or brings a retired one back. */
export async function setCourseRetired(c: LearningContext, courseId: string, retired: boolean): Promise<void> {
  assertMayChangeCatalogue(c.viewer);
  await c.db.transaction().execute(async (trx) => {
    const before = await findCourseWithRequirements(trx, courseId, { lock: true });
    if (!before) throw new NotFound();
    await setCourseActive(trx, before.id, !retired);
    await recordAudit(trx, c.audit, {
      action: retired ? 'learning.course.retire' : 'learning.course.reinstate',
      outcome: 'allowed',
      subjectType: 'training_course',
      subjectId: before.id,
      reason: before.active === !retired ? `${before.name}: already ${retired ? 'retired' : 'in the catalogue'}` : `${before.name}: ${retired ? 'in the catalogue -> retired' : 'retired -> in the catalogue'}`,
    });
  });
}
