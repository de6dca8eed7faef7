import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { PlacementTerms } from '../../timescales/index.ts';
import { dateItems } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import {
  CARER_NAME_MAX,
  RECORDED_HERE_LABELS,
  CHILD_VIEW_MAX,
  NOTE_MAX,
  readCaseEvent,
  readFrequency,
  readPlacementTerms,
  readPrivateFostering,
  readPrivateFosteringEnd,
  readVisit,
  REASON_MAX,
} from './forms.ts';
import {
  caseEventFormView,
  endPrivateFosteringArrangement,
  frequencyChoices,
  frequencyFormView,
  placementTermsFormView,
  privateFosteringFormView,
  recordCaseEvent,
  recordVisit,
  setFrequency,
  setPlacementTerms,
  startPrivateFostering,
  visitFormView,
  visitsView,
} from './service.ts';

const VIEWS = 'child-record/visits/views';

const DONE: Record<string, string> = {
  visit: 'Visit recorded. The due dates below take it into account.',
  event: 'Recorded. The due dates below take it into account.',
  frequency: 'Visiting frequency saved.',
  placement: 'Placement details saved.',
  fostering: 'Private fostering arrangement recorded. Its visits are due below.',
  'fostering-ended': 'Private fostering arrangement ended.',
};

/** Visits, meetings, reviews and assessments on a child's record, and what is due. */
export async function visitsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'visits', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/visits', reader, async (request, reply) => {
    const view = await visitsView(actor(request));
    return reply.render(`${VIEWS}/visits.njk`, {
      title: `${view.child.name}: visits and due dates`,
      activeTab: 'visits',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'visit-form.njk',
    title: 'Record a visit',
    view: (a) => visitFormView(a),
    defaults: (view) => ({ locationPostcode: view.defaultPostcode as string, visitorId: view.defaultVisitorId as string }),
    model: (values, errors) => ({ visitDateItems: dateItems(values, 'visitDate', errors), noteMax: NOTE_MAX, reasonMax: REASON_MAX }),
    save: (a, _params, body) => recordVisit(a, readVisit(body)),
    done: 'visit',
  });

  formPage({
    path: 'events/new',
    template: 'event-form.njk',
    title: 'Record a meeting, review or assessment',
    view: (a) => caseEventFormView(a),
    defaults: (_view, query) => (query.kind && Object.hasOwn(RECORDED_HERE_LABELS, query.kind) ? { kind: query.kind } : {}),
    model: (values, errors) => ({
      kindItems: Object.entries(RECORDED_HERE_LABELS).map(([value, text]) => ({ value, text })),
      eventDateItems: dateItems(values, 'eventDate', errors),
      noteMax: NOTE_MAX,
    }),
    save: (a, _params, body) => recordCaseEvent(a, readCaseEvent(body)),
    done: 'event',
  });

  formPage({
    path: 'frequency',
    template: 'frequency-form.njk',
    title: 'Set how often the plan says to visit',
    view: (a) => frequencyFormView(a),
    model: (values, errors) => ({ ...frequencyChoices(), fromDateItems: dateItems(values, 'fromDate', errors) }),
    save: (a, _params, body) => setFrequency(a, readFrequency(body)),
    done: 'frequency',
  });

  formPage({
    path: 'private-fostering',
    template: 'private-fostering-form.njk',
    title: 'Record a private fostering arrangement',
    view: (a) => privateFosteringFormView(a),
    model: (values, errors) => ({ notifiedOnItems: dateItems(values, 'notifiedOn', errors), carerNameMax: CARER_NAME_MAX, ending: false }),
    save: (a, _params, body) => startPrivateFostering(a, readPrivateFostering(body)),
    done: 'fostering',
  });

  formPage({
    path: 'private-fostering/end',
    template: 'private-fostering-form.njk',
    title: 'End the private fostering arrangement',
    view: (a) => privateFosteringFormView(a),
    model: (values, errors) => ({ endedOnItems: dateItems(values, 'endedOn', errors), ending: true }),
    save: (a, _params, body) => endPrivateFosteringArrangement(a, readPrivateFosteringEnd(body)),
    done: 'fostering-ended',
  });

  formPage({
    path: 'placement',
    template: 'placement-terms-form.njk',
    title: 'Placement details for visiting',
    view: (a) => placementTermsFormView(a),
    defaults: (view) => {
      const terms = view.terms as PlacementTerms | null;
      const chosen = { long_term_to_18: terms?.longTermTo18, six_monthly_visits: terms?.sixMonthlyVisits, temporary_connected_person: terms?.temporaryConnectedPerson, placed_before_assessment: terms?.placedBeforeAssessment };
      return {
        terms: Object.entries(chosen).filter(([, on]) => on).map(([term]) => term),
        agreedWithIro: (view.agreedWithIro as string | null) ?? '',
        childView: (view.childView as string | null) ?? '',
      };
    },
    model: (values) => ({ checkedTerms: [values.terms].flat().filter(Boolean).map(String), childViewMax: CHILD_VIEW_MAX }),
    save: (a, _params, body) => setPlacementTerms(a, readPlacementTerms(body)),
    done: 'placement',
  });
}
