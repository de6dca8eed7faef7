import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { seesTeam } from '../../platform/access/staff.ts';
import { mayEditStaff } from '../../platform/access/staff.ts';
import { visibleStaff } from '../supervision/service.ts';
import { findTeam } from '../supervision/queries.ts';
import { findCourse, insertAttendance, latestAttendance, listCourses, teamPeople } from './queries.ts';
import { readAttendance, UNKNOWN_COURSE } from './forms.ts';
import { CATEGORY_LABELS, compliance, STATUS_TAGS, trainingStatus } from './rules.ts';

/**
 * The training catalogue, a person's training against what their role
 * requires, recording attendance, and each team's compliance. A person's
 * training follows the staff record rules: the person, their managers and
 * heads of service see it; their managers record attendance.
 */

export interface LearningContext {
  db: Db;
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  now: Date;
  /** Given by the application when practice quality is there: by course, the audit areas its learning actions answer. */
  themesOfCourses?: ThemesOfCourses;
}

/** By course id, the themes (audit areas) the learning actions pointing at the course answer, each with how many actions. */
export type ThemesOfCourses = (db: Db) => Promise<Map<string, { text: string; actions: number }[]>>;

function attendanceLookup(rows: Awaited<ReturnType<typeof latestAttendance>>) {
  const map = new Map(rows.map((r) => [`${r.user_id}:${r.course_id}`, r.attended_on as string]));
  return (userId: string, courseId: string) => map.get(`${userId}:${courseId}`) ?? null;
}

export async function cataloguePage(c: LearningContext) {
  const [courses, attendance, themes] = await Promise.all([listCourses(c.db), latestAttendance(c.db, [c.viewer.id]), c.themesOfCourses ? c.themesOfCourses(c.db) : Promise.resolve(null)]);
  const last = attendanceLookup(attendance);
  return {
    showThemes: themes !== null,
    courses: courses.map((course) => {
      const required = course.required_for.includes(c.viewer.role);
      const state = trainingStatus(last(c.viewer.id, course.id), course.renewal_months, c.today);
      return {
        ...course,
        categoryLabel: CATEGORY_LABELS[course.category] ?? course.category,
        requiredForLabels: course.required_for.map((r) => ROLE_LABELS[r]),
        required,
        lastAttended: last(c.viewer.id, course.id),
        tag: required || state.status !== 'missing' ? STATUS_TAGS[state.status] : null,
        expiresOn: state.expiresOn,
        themes: themes?.get(course.id) ?? [],
      };
    }),
    teamLink: c.viewer.teamId && ['team_manager', 'practice_supervisor'].includes(c.viewer.role) ? `/learning/teams/${c.viewer.teamId}` : null,
    changeLink: c.viewer.role === 'head_of_service' ? '/admin/learning' : null,
  };
}

export async function personTrainingPage(c: LearningContext, userId: string) {
  const { member, subject } = await visibleStaff({ db: c.db, viewer: c.viewer, audit: c.audit, today: c.today }, userId, 'learning.view.person');
  const [courses, attendance] = await Promise.all([listCourses(c.db), latestAttendance(c.db, [member.id])]);
  const last = attendanceLookup(attendance);
  const rows = courses.map((course) => {
    const required = course.required_for.includes(member.role);
    const state = trainingStatus(last(member.id, course.id), course.renewal_months, c.today);
    return { ...course, required, lastAttended: last(member.id, course.id), tag: required || state.status !== 'missing' ? STATUS_TAGS[state.status] : null, expiresOn: state.expiresOn };
  });
  return {
    person: { id: member.id, name: member.name, roleLabel: ROLE_LABELS[member.role] },
    required: rows.filter((r) => r.required),
    other: rows.filter((r) => !r.required && r.lastAttended),
    courseItems: [{ value: '', text: 'Choose a course' }, ...courses.map((course) => ({ value: course.id, text: course.name }))],
    mayRecord: mayEditStaff(c.viewer, subject),
  };
}

export async function recordAttendance(c: LearningContext, userId: string, body: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const { member, subject } = await visibleStaff({ db: c.db, viewer: c.viewer, audit: c.audit, today: c.today }, userId, 'learning.attendance.create');
  if (!mayEditStaff(c.viewer, subject)) {
    await recordAudit(c.db, c.audit, { action: 'learning.attendance.create', outcome: 'denied', subjectType: 'user', subjectId: member.id, reason: 'only the person’s managers record their training' });
    throw new Forbidden('Only the person’s managers can record their training.');
  }
  const read = readAttendance(body, c.today);
  const { courseId, attendedOn } = read.values;
  const course = courseId ? await findCourse(c.db, courseId) : undefined;
  // A course no longer in the catalogue is the first problem, as the course is the form's first field.
  const errors = courseId && !course ? { courseId: UNKNOWN_COURSE, ...read.errors } : read.errors;
  if (Object.keys(errors).length || !course || !attendedOn) {
    await recordAudit(c.db, c.audit, { action: 'learning.attendance.create', outcome: 'failed', subjectType: 'user', subjectId: member.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false, errors };
  }
  await c.db.transaction().execute(async (trx) => {
    const id = await insertAttendance(trx, { user_id: member.id, course_id: course.id, attended_on: attendedOn, recorded_by: c.viewer.id, recorded_at: c.now });
    await recordAudit(trx, c.audit, { action: 'learning.attendance.create', outcome: 'allowed', subjectType: 'training_attendance', subjectId: id, reason: `for user ${member.id}` });
  });
  return { ok: true };
}

export async function teamCompliancePage(c: LearningContext, teamId: string) {
  const team = await findTeam(c.db, teamId);
  if (!team || !seesTeam(c.viewer, { id: team.id, serviceId: team.service_id })) throw new NotFound();
  const [people, courses] = await Promise.all([teamPeople(c.db, team.id), listCourses(c.db)]);
  const attendance = await latestAttendance(c.db, people.map((p) => p.id));
  const last = attendanceLookup(attendance);
  const requirements = courses.flatMap((course) => course.required_for.map((role) => ({ courseId: course.id, role, renewalMonths: course.renewal_months })));
  const overall = compliance(people, requirements, last, c.today);
  return {
    team,
    overall,
    courses: courses
      .filter((course) => overall.byCourse.has(course.id))
      .map((course) => {
        const figures = overall.byCourse.get(course.id)!;
        return { ...course, ...figures, percent: Math.round((figures.compliant / figures.required) * 100) };
      }),
    people: people.map((person) => {
      const gaps = courses
        .filter((course) => course.required_for.includes(person.role))
        .map((course) => ({ course, ...trainingStatus(last(person.id, course.id), course.renewal_months, c.today) }))
        .filter((g) => g.status === 'expired' || g.status === 'missing' || g.status === 'expiring');
      return { ...person, roleLabel: ROLE_LABELS[person.role], gaps: gaps.map((g) => ({ name: g.course.name, tag: STATUS_TAGS[g.status] })) };
    }),
  };
}
