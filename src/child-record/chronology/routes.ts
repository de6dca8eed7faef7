import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { z } from 'zod';
import { dateInputItems } from '../../platform/http/dates.ts';
import { dateInput, readForm, sentText } from '../../platform/http/forms.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { chronologyView } from './service.ts';
import { rangeProblem, type DateRange } from './rules.ts';

type Query = Record<string, unknown>;

const rangeForm = z.object({
  from: dateInput({ label: 'Start of the range' }),
  to: dateInput({ label: 'End of the range' }),
});

/** Keeps the range (and nothing else) in links to the print version and back. */
function rangeQuery(query: Query, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) {
    for (const part of ['day', 'month', 'year']) {
      const value = sentText(query[`${name}-${part}`]).trim();
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
    const { values, errors } = readForm(rangeForm, query);
    const range: DateRange = { from: values.from ?? null, to: values.to ?? null };
    const problem = rangeProblem(range);
    if (problem) errors['to-day'] = problem;
    const valid = Object.keys(errors).length === 0;
    const print = sentText(query.print) === '1';
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
      fromItems: dateInputItems(query, 'from', null, Boolean(errors['from-day'])),
      toItems: dateInputItems(query, 'to', null, Boolean(errors['to-day'])),
      printHref: `/children/${request.params.childId}/chronology${rangeQuery(query, { print: '1' })}`,
      screenHref: `/children/${request.params.childId}/chronology${rangeQuery(query)}`,
    });
  });
}
