import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsPattern, escapeLike } from '../../db/like.ts';
import { PAGE_SIZE } from '../../platform/http/paging.ts';
import type { AuditFilters } from './rules.ts';

function filtered(db: Db, filters: AuditFilters) {
  let query = db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_user_id');
  if (filters.person) {
    const pattern = containsPattern(filters.person);
    query = query.where((eb) => eb.or([eb('audit_events.actor_email', 'ilike', pattern), eb('users.name', 'ilike', pattern)]));
  }
  if (filters.action) {
    const action = filters.action;
    query = query.where((eb) => eb.or([eb('audit_events.action', '=', action), eb('audit_events.action', 'like', `${escapeLike(action)}.%`)]));
  }
  if (filters.outcome) query = query.where('audit_events.outcome', '=', filters.outcome);
  if (filters.subjectType) query = query.where('audit_events.subject_type', '=', filters.subjectType);
  if (filters.subjectId) query = query.where('audit_events.subject_id', '=', filters.subjectId);
  // Dates are days in England: from its midnight at the start to the midnight after the end.
  if (filters.from) {
    query = query.where('audit_events.occurred_at', '>=', sql<Date>`(${filters.from}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  }
  if (filters.to) {
    query = query.where('audit_events.occurred_at', '<', sql<Date>`(${filters.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);
  }
  return query;
}

const COLUMNS = [
  'audit_events.id',
  'audit_events.occurred_at',
  'audit_events.actor_user_id',
  'audit_events.actor_email',
  'users.name as actor_name',
  'audit_events.action',
  'audit_events.subject_type',
  'audit_events.subject_id',
  'audit_events.outcome',
  'audit_events.reason',
  'audit_events.request_id',
  'audit_events.ip',
] as const;

/** One page of matching events, newest first, and how many match in all. */
export async function searchAudit(db: Db, filters: AuditFilters, page: number, pageSize = PAGE_SIZE) {
  const base = filtered(db, filters);
  const rows = await base
    .select(COLUMNS)
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { rows, total: Number(total.count) };
}

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>['rows'][number];

/**
 * The next batch of matching events after the event `afterId` in newest-first
 * order (by the stored time, then id), for exports that stream every row.
 */
export async function auditBatch(db: Db, filters: AuditFilters, afterId: number | null, limit: number): Promise<AuditRow[]> {
  let query = filtered(db, filters).select(COLUMNS);
  if (afterId !== null) {
    query = query.where(
      sql<boolean>`(audit_events.occurred_at, audit_events.id) < (SELECT occurred_at, id FROM audit_events WHERE id = ${afterId})`,
    );
  }
  return query.orderBy('audit_events.occurred_at', 'desc').orderBy('audit_events.id', 'desc').limit(limit).execute();
}
