import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import { dateInput, readForm } from '../../platform/http/forms.ts';
import { childSummary, searchChildrenAudited } from './summary.ts';
import { classifySearch } from './rules.ts';
import { REGISTERING_ROLES } from '../details/rules.ts';

const searchForm = z.object({
  q: z.string().trim().max(100, 'Search text must be 100 characters or fewer').optional().default(''),
  dob: dateInput({ label: 'Date of birth' }),
});

export async function childrenRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { db, clock } = deps;

  app.get<{ Params: { childId: string } }>('/children/:childId', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const today = londonDate(clock.now());
    const view = await childSummary(db, viewerOf(request), request.auditContext(), request.params.childId, today);
    return reply.render('child-record/record/views/summary.njk', { title: `${view.child.name}: summary`, activeTab: 'summary', ...view });
  });

  app.get<{ Querystring: Record<string, string> }>('/children/search', { preHandler: requireCaseRecordReader }, async (request, reply) => {
    const form = readForm(searchForm, request.query);
    const errors = form.errors;
    const dateOfBirth = form.values.dob ?? undefined;
    const values = { q: form.values.q ?? '' };
    const criterion = classifySearch(values.q);
    const searched = Boolean(criterion || dateOfBirth);
    const results =
      searched && Object.keys(errors).length === 0
        ? await searchChildrenAudited(db, viewerOf(request), request.auditContext(), {
            ...(criterion?.kind === 'nhs' ? { nhsNumber: criterion.value } : {}),
            ...(criterion?.kind === 'la_id' ? { laChildId: criterion.value } : {}),
            ...(criterion?.kind === 'name' ? { name: criterion.value } : {}),
            ...(dateOfBirth ? { dateOfBirth } : {}),
          })
        : null;
    if (Object.keys(errors).length) reply.code(400);
    return reply.render('child-record/record/views/search.njk', {
      title: 'Find a child',
      values,
      dobItems: dateInputItems(request.query, 'dob', null, Boolean(errors['dob-day'])),
      errors,
      results,
      searched,
      mayRegister: REGISTERING_ROLES.includes(request.user!.role),
    });
  });

}
