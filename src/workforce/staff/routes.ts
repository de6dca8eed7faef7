import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import type { Body } from '../../platform/http/forms.ts';
import { ABSENCE_REASON_LABELS, DESTINATION_LABELS, EMPLOYMENT_LABELS, LEAVING_REASON_LABELS, START_ORIGIN_LABELS } from './rules.ts';
import { addAbsence, censusDownload, establishmentPage, recordEstablishment, censusSummary, staffRecordForm, staffRecordPage, updateStaffRecord, workforceDashboard } from './service.ts';

const VIEWS = 'workforce/staff/views';

const DONE: Record<string, string> = {
  updated: 'Staff record saved.',
  absence: 'Absence recorded.',
};

function first(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
}

const codeItems = (labels: Record<string, string>, selected: unknown, empty: string) => [
  { value: '', text: empty },
  ...Object.entries(labels).map(([value, text]) => ({ value, text: `${value}: ${text}`, selected: value === selected })),
];

function dateValues(prefix: string, date: string | null | undefined): Body {
  if (!date) return {};
  const [y, m, d] = date.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y };
}

function staffFormModel(record: { id: string; name: string }, values: Body, errors: FieldErrors) {
  return {
    title: `Change staff record: ${record.name}`,
    record,
    values,
    errors,
    employmentItems: Object.entries(EMPLOYMENT_LABELS).map(([value, text]) => ({ value, text, checked: values.employmentType === value })),
    startItems: dateInputItems(values, 'startInRole', null, Boolean(errors['startInRole-day'])),
    asyeItems: dateInputItems(values, 'asyeStartedOn', null, Boolean(errors['asyeStartedOn-day'])),
    leftItems: dateInputItems(values, 'leftOn', null, Boolean(errors['leftOn-day'])),
    originItems: codeItems(START_ORIGIN_LABELS, values.startOrigin, 'Not recorded'),
    reasonItems: codeItems(LEAVING_REASON_LABELS, values.leavingReason, 'Choose a reason'),
    destinationItems: codeItems(DESTINATION_LABELS, values.leavingDestination, 'Choose a destination'),
  };
}

function absenceFormModel(values: Body, errors: FieldErrors) {
  return {
    absenceValues: values,
    absenceErrors: errors,
    absenceReasonItems: Object.entries(ABSENCE_REASON_LABELS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
    absenceStartItems: dateInputItems(values, 'absenceStart', null, Boolean(errors['absenceStart-day'])),
    absenceEndItems: dateInputItems(values, 'absenceEnd', null, Boolean(errors['absenceEnd-day'])),
  };
}

/** The workforce dashboard, the census return, and staff records with absence. */
export async function workforceRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { db, clock, config } = deps;
  const staff = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const context = (request: FastifyRequest) => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()), now: clock.now() });

  app.get<{ Querystring: Record<string, unknown> }>('/workforce', staff, async (request, reply) => {
    const page = await workforceDashboard(context(request), request.query);
    return reply.render(`${VIEWS}/dashboard.njk`, { title: `Workforce: ${page.scopeLabel}`, ...page });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/workforce/census', staff, async (request, reply) => {
    const page = await censusSummary(context(request), first(request.query.year));
    return reply.render(`${VIEWS}/census.njk`, { title: `Workforce census ${page.year - 1} to ${page.year}`, ...page });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/workforce/census/download', staff, async (request, reply) => {
    const { year, xml } = await censusDownload(context(request), first(request.query.year), config.councilLaCode);
    return reply
      .header('content-type', 'application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="social-work-workforce-${config.councilLaCode}-${year}.xml"`)
      .send(xml);
  });

  app.get<{ Params: { userId: string }; Querystring: Record<string, unknown> }>('/workforce/staff/:userId', staff, async (request, reply) => {
    const page = await staffRecordPage(context(request), request.params.userId);
    const done = first(request.query.done);
    return reply.render(`${VIEWS}/staff.njk`, { title: `Staff record: ${page.record.name}`, done: done ? DONE[done] : undefined, ...page, ...absenceFormModel({}, {}) });
  });

  app.get<{ Params: { userId: string } }>('/workforce/staff/:userId/edit', staff, async (request, reply) => {
    const record = await staffRecordForm(context(request), request.params.userId);
    const values: Body = {
      grade: record.grade ?? '',
      employmentType: record.employment_type ?? 'permanent',
      contractedHours: record.contracted_hours === null ? '' : String(Number(record.contracted_hours)),
      startOrigin: record.start_origin ?? '',
      sweNumber: record.swe_number ?? '',
      qualificationInstitution: record.qualification_institution ?? '',
      leavingReason: record.leaving_reason ?? '',
      leavingDestination: record.leaving_destination ?? '',
      ...dateValues('startInRole', record.start_in_role),
      ...dateValues('asyeStartedOn', record.asye_started_on),
      ...dateValues('leftOn', record.left_on),
    };
    return reply.render(`${VIEWS}/staff-edit.njk`, staffFormModel(record, values, {}));
  });

  app.post<{ Params: { userId: string } }>('/workforce/staff/:userId/edit', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await updateStaffRecord(context(request), request.params.userId, body);
    if (result.ok) return reply.redirect(`/workforce/staff/${request.params.userId}?done=updated`, 303);
    return reply.code(400).render(`${VIEWS}/staff-edit.njk`, staffFormModel(result.record, body, result.errors));
  });

  app.post<{ Params: { userId: string } }>('/workforce/staff/:userId/absences', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const c = context(request);
    const result = await addAbsence(c, request.params.userId, body);
    if (result.ok) return reply.redirect(`/workforce/staff/${request.params.userId}?done=absence`, 303);
    const page = await staffRecordPage(c, request.params.userId);
    return reply.code(400).render(`${VIEWS}/staff.njk`, { title: `Staff record: ${page.record.name}`, ...page, errors: result.errors, ...absenceFormModel(body, result.errors) });
  });

  const establishmentForm = (values: Body, errors: FieldErrors) => ({
    values,
    errors,
    fromItems: dateInputItems(Object.keys(values).length ? values : undefined, 'effectiveFrom', null, Boolean(errors['effectiveFrom-day'])),
  });

  app.get<{ Params: { teamId: string }; Querystring: Record<string, unknown> }>('/workforce/teams/:teamId/establishment', staff, async (request, reply) => {
    const page = await establishmentPage(context(request), request.params.teamId);
    return reply.render(`${VIEWS}/establishment.njk`, { title: `Funded posts: ${page.team.name}`, done: first(request.query.done) === 'saved', ...page, ...establishmentForm({}, {}) });
  });

  app.post<{ Params: { teamId: string } }>('/workforce/teams/:teamId/establishment', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const c = context(request);
    const result = await recordEstablishment(c, request.params.teamId, body);
    if (result.ok) return reply.redirect(`/workforce/teams/${request.params.teamId}/establishment?done=saved`, 303);
    const page = await establishmentPage(c, request.params.teamId);
    return reply.code(400).render(`${VIEWS}/establishment.njk`, { title: `Funded posts: ${page.team.name}`, ...page, ...establishmentForm(body, result.errors) });
  });
}
