import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateItems, sentText } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { readCeased, readPreviousPermanence, readStep } from './forms.ts';
import { ADOPTER_LEGAL_STATUS, ADOPTER_SEX, CEASED_REASONS, PREVIOUS_PERMANENCE, STEPS } from './rules.ts';
import { adoptionFormView, adoptionMeasuresPage, adoptionView, recordCeased, recordPreviousPermanence, recordStep, type AdoptionData } from './service.ts';

const VIEWS = 'care/adoption/views';

const DONE: Record<string, string> = {
  step: 'Adoption step recorded.',
  ceased: 'Decision that the child should no longer be placed for adoption recorded.',
  previous: 'Previous permanence saved.',
};

const radios = (options: Record<string, string>, value: unknown, withCode = true) =>
  Object.entries(options).map(([code, text]) => ({ value: code, text: withCode ? `${text} (${code})` : text, checked: sentText(value) === code }));

/** A child's adoption, on the care page of their record (mounted by the record's area, which owns /children/:childId/...). */
export async function adoptionRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/adoption', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/adoption', reader, async (request, reply) => {
    const view = await adoptionView(actor(request));
    return reply.render(`${VIEWS}/adoption.njk`, {
      title: `${view.child.name}: adoption`,
      activeTab: 'care',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'step',
    template: 'step-form.njk',
    title: 'Record a step of the adoption',
    view: (a) => adoptionFormView(a),
    model: (values, errors, view) => {
      const data = view as unknown as AdoptionData;
      return {
        stepItems: radios(STEPS, values.step, false),
        onItems: dateItems(values, 'on', errors),
        countItems: [
          { value: '1', text: 'One', checked: sentText(values.adoptersCount) === '1' },
          { value: '2', text: 'Two', checked: sentText(values.adoptersCount) === '2' },
        ],
        sexItems: radios(ADOPTER_SEX, values.adoptersSex),
        legalItems: radios(ADOPTER_LEGAL_STATUS, values.adoptersLegalStatus),
        fosterItems: [
          { value: 'yes', text: 'Yes', checked: sentText(values.fosterCarers) === 'yes' },
          { value: 'no', text: 'No', checked: sentText(values.fosterCarers) === 'no' },
        ],
        openText: data.open ? `Open decision made ${formatDate(data.open.decidedOn)}` : null,
      };
    },
    save: (a, _params, body) => recordStep(a, readStep(body)),
    done: 'step',
  });

  formPage({
    path: 'stop',
    template: 'ceased-form.njk',
    title: 'Record that the child should no longer be placed for adoption',
    view: (a) => adoptionFormView(a),
    model: (values, errors) => ({ onItems: dateItems(values, 'on', errors), reasonItems: radios(CEASED_REASONS, values.reason) }),
    save: (a, _params, body) => recordCeased(a, readCeased(body)),
    done: 'ceased',
  });

  formPage({
    path: 'previous-permanence',
    template: 'previous-form.njk',
    title: 'Record previous permanence',
    view: (a) => adoptionFormView(a),
    defaults: (view, query) => ((view as unknown as AdoptionData).careStarts.some((s) => s.start === query.start) ? { careStartedOn: query.start } : {}),
    model: (values, errors, view) => ({
      startItems: [
        { value: '', text: 'Select when' },
        ...(view as unknown as AdoptionData).careStarts.map((s) => ({
          value: s.start,
          text: `Started to be looked after ${formatDate(s.start)}${s.answer ? ' (recorded)' : ''}`,
          selected: sentText(values.careStartedOn) === s.start,
        })),
      ],
      optionItems: radios(PREVIOUS_PERMANENCE, values.option),
      orderOnItems: dateItems(values, 'orderOn', errors),
    }),
    save: (a, _params, body) => recordPreviousPermanence(a, readPreviousPermanence(body)),
    done: 'previous',
  });
}

/** The adoption scorecard's measures and the children waiting for a match, for everyone who reads case records. */
export async function adoptionRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(db, clock);
  app.get('/care/adoption', readers, async (request, reply) => {
    const view = await adoptionMeasuresPage(reader(request));
    return reply.render(`${VIEWS}/measures.njk`, { title: 'Adoption', ...view });
  });
}
