import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems, readDateField } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { chronologyView } from './service.ts';
import { rangeProblem, type DateRange } from './rules.ts';

type Query = Record<string, unknown>;

/** The query string's value for `key`, the first when repeated. */
function one(query: Query, key: string): string {
  const value = query[key];
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

/** Keeps the range (and nothing else) in links to the print version and back. */
function rangeQuery(query: Query, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) {
    for (const part of ['day', 'month', 'year']) {
      const value = one(query, `${name}-${part}`).trim();
      if (value) params.set(`${name}-${part}`, value);
    }
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function chronologyRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  app.get<{ Params: { childId: string }; Querystring: Query }>('/children/:childId/chronology', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const query = request.query;
    const flat = Object.fromEntries(Object.keys(query).map((key) => [key, one(query, key)]));
    const errors: FieldErrors = {};
    const from = readDateField(flat, 'from', { label: 'Start of the range' });
    if (from.error) errors['from-day'] = from.error;
    const to = readDateField(flat, 'to', { label: 'End of the range' });
    if (to.error) errors['to-day'] = to.error;
    const range: DateRange = { from: from.value ?? null, to: to.value ?? null };
    const problem = rangeProblem(range);
    if (problem) errors['to-day'] = problem;
    const valid = Object.keys(errors).length === 0;
    const print = one(query, 'print') === '1';
    const now = clock.now();
    const view = await chronologyView(
      { db, viewer: viewerOf(request), context: request.auditContext(), childId: request.params.childId, today: londonDate(now) },
      valid ? range : {},
    );
    if (!valid) reply.code(400);
    return reply.render('child-record/chronology/views/chronology.njk', {
      title: `${view.child.name}: chronology`,
      activeTab: 'chronology',
      ...view,
      errors,
      range: valid ? range : {},
      print,
      printedAt: now,
      printedBy: request.user!.name,
      fromItems: dateInputItems(flat, 'from', null, Boolean(errors['from-day'])),
      toItems: dateInputItems(flat, 'to', null, Boolean(errors['to-day'])),
      printHref: `/children/${request.params.childId}/chronology${rangeQuery(query, { print: '1' })}`,
      screenHref: `/children/${request.params.childId}/chronology${rangeQuery(query)}`,
    });
  });
}
