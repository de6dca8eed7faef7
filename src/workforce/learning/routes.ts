import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLE_LABELS, ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import type { Body } from '../../platform/http/forms.ts';
import { addCourse, assertMayChangeCatalogue, catalogueAdminPage, changeCourse, courseForChange, setCourseRetired } from './catalogue-admin.ts';
import { CATEGORIES, courseFormValues, MAX_RENEWAL_MONTHS } from './course-form.ts';
import { CATEGORY_LABELS } from './rules.ts';
import { cataloguePage, personTrainingPage, recordAttendance, teamCompliancePage, type ThemesOfCourses } from './service.ts';

const VIEWS = 'workforce/learning/views';

const CATALOGUE_DONE: Record<string, string> = {
  added: 'Course added to the catalogue.',
  changed: 'Course saved. Compliance is worked out from it from now on.',
  retired: 'Course retired. It has left the catalogue and compliance; its attendance is kept.',
  reinstated: 'Course brought back into the catalogue.',
};

/** The add and change form: values as submitted or stored, with the choices. */
function courseForm(values: Body, errors: FieldErrors) {
  const roles = ([] as unknown[]).concat(values.roles ?? []);
  return {
    values,
    errors,
    maxRenewal: MAX_RENEWAL_MONTHS,
    categoryItems: CATEGORIES.map((value) => ({ value, text: CATEGORY_LABELS[value], checked: values.category === value })),
    roleItems: ROLES.map((value) => ({ value, text: ROLE_LABELS[value], checked: roles.includes(value) })),
  };
}

/** The training catalogue, a person's training with attendance, and team compliance. */
export async function learningRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; themesOfCourses?: ThemesOfCourses }) {
  const { db, clock, themesOfCourses } = deps;
  const staff = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const context = (request: FastifyRequest) => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()), now: clock.now() });
  const form = (values: Record<string, unknown>, errors: FieldErrors) => ({
    values,
    errors,
    attendedItems: dateInputItems(Object.keys(values).length ? values : undefined, 'attendedOn', null, Boolean(errors['attendedOn-day'])),
  });

  app.get('/learning', staff, async (request, reply) => {
    return reply.render(`${VIEWS}/catalogue.njk`, { title: 'Learning and development', ...(await cataloguePage({ ...context(request), themesOfCourses })) });
  });

  app.get<{ Params: { userId: string }; Querystring: Record<string, unknown> }>('/learning/staff/:userId', staff, async (request, reply) => {
    const page = await personTrainingPage(context(request), request.params.userId);
    return reply.render(`${VIEWS}/person.njk`, { title: `Training: ${page.person.name}`, done: request.query.done === 'recorded', ...page, ...form({}, {}) });
  });

  app.post<{ Params: { userId: string } }>('/learning/staff/:userId', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const c = context(request);
    const result = await recordAttendance(c, request.params.userId, body);
    if (result.ok) return reply.redirect(`/learning/staff/${request.params.userId}?done=recorded`, 303);
    const page = await personTrainingPage(c, request.params.userId);
    const courseItems = page.courseItems.map((item) => ({ ...item, selected: item.value === body.courseId }));
    return reply.code(400).render(`${VIEWS}/person.njk`, { title: `Training: ${page.person.name}`, ...page, courseItems, ...form(body, result.errors) });
  });

  app.get<{ Params: { teamId: string } }>('/learning/teams/:teamId', staff, async (request, reply) => {
    const page = await teamCompliancePage(context(request), request.params.teamId);
    return reply.render(`${VIEWS}/team.njk`, { title: `Training compliance: ${page.team.name}`, ...page });
  });

  // Changing the catalogue: heads of service and administrators.
  const catalogueAdmins = { preHandler: requireRole(db, 'head_of_service', 'system_admin') };

  app.get<{ Querystring: { done?: string } }>('/admin/learning', catalogueAdmins, async (request, reply) => {
    const page = await catalogueAdminPage(context(request));
    return reply.render(`${VIEWS}/admin-catalogue.njk`, { title: 'Training catalogue and requirements', ...page, done: request.query.done ? CATALOGUE_DONE[request.query.done] : undefined });
  });

  app.get('/admin/learning/courses/new', catalogueAdmins, async (request, reply) => {
    assertMayChangeCatalogue(viewerOf(request));
    return reply.render(`${VIEWS}/course-form.njk`, { title: 'Add a course', action: '/admin/learning/courses/new', ...courseForm({}, {}) });
  });

  app.post('/admin/learning/courses/new', catalogueAdmins, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await addCourse(context(request), body);
    if (result.ok) return reply.redirect('/admin/learning?done=added', 303);
    return reply.code(400).render(`${VIEWS}/course-form.njk`, { title: 'Add a course', action: '/admin/learning/courses/new', ...courseForm(body, result.errors) });
  });

  app.get<{ Params: { courseId: string } }>('/admin/learning/courses/:courseId', catalogueAdmins, async (request, reply) => {
    const course = await courseForChange(context(request), request.params.courseId);
    return reply.render(`${VIEWS}/course-form.njk`, { title: `Change ${course.name}`, action: `/admin/learning/courses/${course.id}`, course, ...courseForm(courseFormValues(course), {}) });
  });

  app.post<{ Params: { courseId: string } }>('/admin/learning/courses/:courseId', catalogueAdmins, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const c = context(request);
    const result = await changeCourse(c, request.params.courseId, body);
    if (result.ok) return reply.redirect('/admin/learning?done=changed', 303);
    const course = await courseForChange(c, request.params.courseId);
    return reply.code(400).render(`${VIEWS}/course-form.njk`, { title: `Change ${course.name}`, action: `/admin/learning/courses/${course.id}`, course, ...courseForm(body, result.errors) });
  });

  app.post<{ Params: { courseId: string } }>('/admin/learning/courses/:courseId/retire', catalogueAdmins, async (request, reply) => {
    await setCourseRetired(context(request), request.params.courseId, true);
    return reply.redirect('/admin/learning?done=retired', 303);
  });

  app.post<{ Params: { courseId: string } }>('/admin/learning/courses/:courseId/reinstate', catalogueAdmins, async (request, reply) => {
    await setCourseRetired(context(request), request.params.courseId, false);
    return reply.redirect('/admin/learning?done=reinstated', 303);
  });
}
