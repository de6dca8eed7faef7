import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { requireReturnsMaker } from '../../platform/access/returns-maker.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems, dateParts, readDateParts } from '../../platform/http/dates.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { ANNEX_A_LISTS, periodOf } from './lists.ts';
import { chosenDay } from './rules.ts';
import { generateAnnexA } from './service.ts';
import { annexAFileName } from './workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Ofsted's Annex A, for those who make returns: a page to choose the day, and the workbook. */
export async function annexARoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const makers = { preHandler: requireReturnsMaker(deps.db) };

  app.get<{ Querystring: Record<string, string | undefined> }>('/returns/annex-a', makers, async (request, reply) => {
    const today = londonDate(deps.clock.now());
    const sent = ['date-day', 'date-month', 'date-year'].some((k) => request.query[k] !== undefined);
    let errors: Record<string, string> = {};
    if (sent) {
      const read = readDateParts(dateParts(request.query, 'date'), {
        label: 'The last day',
        required: true,
        requiredMessage: 'Enter the last day the lists cover',
        notAfter: today,
        notAfterMessage: 'The last day must be today or in the past',
      });
      if (read.value) return reply.redirect(`/returns/annex-a.xlsx?date=${read.value}`, 303);
      errors = { 'date-day': read.error ?? 'Enter the last day the lists cover' };
    }
    return reply.code(sent ? 400 : 200).render('returns/annex-a/views/annex-a.njk', {
      title: 'Ofsted Annex A',
      errors,
      dateItems: dateInputItems(sent ? request.query : undefined, 'date', today, sent),
      lists: annexAListsOn(today),
    });
  });

  app.get<{ Querystring: { date?: string } }>('/returns/annex-a.xlsx', makers, async (request, reply) => {
    const chosen = chosenDay(request.query.date, londonDate(deps.clock.now()));
    if ('problem' in chosen) throw new HttpError(400, chosen.problem);
    const { xlsx } = await generateAnnexA(deps.db, request.auditContext(), chosen.day, 'returns.annex-a.download');
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="${annexAFileName(chosen.day)}"`)
      .header('cache-control', 'no-store')
      .send(xlsx);
  });
}

/** Each list with the period it covers when it ends on `day`, for the page. */
export function annexAListsOn(day: string) {
  return ANNEX_A_LISTS.map((list) => {
    const period = periodOf(list, day);
    return {
      sheet: list.sheet,
      title: list.title,
      covers: list.covers,
      period: list.months === 0 ? `on ${formatDate(day)}` : `${formatDate(period.start)} to ${formatDate(period.end)}`,
    };
  });
}
