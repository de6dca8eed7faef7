import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import { requireRole } from '../../platform/http/web.ts';
import { pagination, queryString } from '../../platform/http/paging.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { PAGE_SIZE, pageNumber } from '../../platform/http/paging.ts';
import type { AuditRow } from './queries.ts';
import { londonTime, OUTCOME_TAGS, OUTCOMES, readAuditFilters, type AuditFilters } from './rules.ts';
import { exportAuditLog, searchAuditLog } from './service.ts';

const TEMPLATE = 'administration/audit-log/views/search.njk';

type Query = Record<string, string | string[] | undefined>;

/** Subjects with an admin page of their own, linked from the log. */
const SUBJECT_PAGES: Record<string, string> = { user: '/admin/users/', team: '/admin/teams/' };

const CSV_COLUMNS = [
  'occurred_at_utc',
  'occurred_at_london',
  'actor_email',
  'actor_name',
  'action',
  'subject_type',
  'subject_id',
  'outcome',
  'reason',
  'request_id',
  'ip',
] as const;

function csvRecord(row: AuditRow): Record<(typeof CSV_COLUMNS)[number], string> {
  return {
    occurred_at_utc: row.occurred_at.toISOString(),
    occurred_at_london: londonTime(row.occurred_at),
    actor_email: row.actor_email ?? '',
    actor_name: row.actor_name ?? '',
    action: row.action,
    subject_type: row.subject_type ?? '',
    subject_id: row.subject_id ?? '',
    outcome: row.outcome,
    reason: row.reason ?? '',
    request_id: row.request_id ?? '',
    ip: row.ip ?? '',
  };
}

/** The filters as they go back into links: dates as their three boxes. */
function filterParams(filters: AuditFilters): Record<string, string | undefined> {
  const [fromYear, fromMonth, fromDay] = filters.from?.split('-') ?? [];
  const [toYear, toMonth, toDay] = filters.to?.split('-') ?? [];
  return {
    person: filters.person,
    action: filters.action,
    outcome: filters.outcome,
    subjectType: filters.subjectType,
    subjectId: filters.subjectId,
    'from-day': fromDay,
    'from-month': fromMonth,
    'from-year': fromYear,
    'to-day': toDay,
    'to-month': toMonth,
    'to-year': toYear,
  };
}

function formData(query: Query, errors: Record<string, string>) {
  return {
    title: 'Audit log',
    errors,
    values: query,
    fromItems: dateInputItems(query, 'from', null, Boolean(errors['from-day'])),
    toItems: dateInputItems(query, 'to', null, Boolean(errors['to-day'])),
    outcomeItems: [{ value: '', text: 'Any outcome' }, ...OUTCOMES.map((o) => ({ value: o, text: o.charAt(0).toUpperCase() + o.slice(1) }))],
  };
}

/** The audit log, for system administrators: search, page through and download it; every look is audited. */
export async function auditLogRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const adminOnly = { preHandler: requireRole(db, 'system_admin') };

  app.get<{ Querystring: Query }>('/admin/audit', adminOnly, async (request, reply) => {
    const { filters, errors } = readAuditFilters(request.query);
    if (Object.keys(errors).length) return reply.code(400).render(TEMPLATE, { ...formData(request.query, errors), searched: false });
    const page = pageNumber(request.query.page);
    const result = await searchAuditLog(db, request.auditContext(), filters, page);
    const params = filterParams(filters);
    const totalPages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return reply.render(TEMPLATE, {
      ...formData(request.query, errors),
      searched: true,
      total: result.total,
      firstShown: result.total ? (page - 1) * PAGE_SIZE + 1 : 0,
      lastShown: Math.min(result.total, page * PAGE_SIZE),
      events: result.rows.map((row) => ({
        ...row,
        iso: row.occurred_at.toISOString(),
        when: londonTime(row.occurred_at),
        outcomeTag: OUTCOME_TAGS[row.outcome],
        subjectHref: isUuid(row.subject_id) && SUBJECT_PAGES[row.subject_type ?? ''] ? `${SUBJECT_PAGES[row.subject_type!]}${row.subject_id}` : undefined,
      })),
      downloadHref: `/admin/audit.csv${queryString(params)}`,
      pagination: pagination(page, totalPages, (n) => `/admin/audit${queryString({ ...params, page: n })}`),
    });
  });

  app.get<{ Querystring: Query }>('/admin/audit.csv', adminOnly, async (request, reply) => {
    const { filters, errors } = readAuditFilters(request.query);
    if (Object.keys(errors).length) return reply.code(400).render(TEMPLATE, { ...formData(request.query, errors), searched: false });
    const rows = await exportAuditLog(db, request.auditContext(), filters);
    return sendCsv(reply, `audit-log-${londonDate(clock.now())}.csv`, (async function* () {
      for await (const row of rows) yield csvRecord(row);
    })(), { columns: CSV_COLUMNS });
  });
}
