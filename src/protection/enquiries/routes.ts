import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { CaseChanged } from '../../platform/area.ts';
import { dateItems, sentText } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams, type RecordView } from '../../platform/record-access/record-section.ts';
import { ACTIONS_MAX, ATTENDEE_ROWS, INFORMATION_MAX, INVITEE_ROWS, NAME_MAX, OUTLINE_MAX, readConference, readDiscussion, readOutcome } from './forms.ts';
import { AGENCIES } from './rules.ts';
import { conferenceFormView, conferenceView, discussionFormView, discussionView, enquiriesView, outcomeFormView, recordConference, recordDiscussion, recordOutcome } from './service.ts';

const SECTION = 'protection/enquiries';
const VIEWS = 'protection/enquiries/views';

const DONE: Record<string, string> = {
  discussion: 'Strategy discussion recorded.',
  outcome: 'Outcome of the enquiry recorded.',
  conference: 'Initial child protection conference recorded.',
};

type Item = { value: string; text: string };
const checkedItems = (items: readonly Item[], value: unknown) => items.map((i) => ({ ...i, checked: sentText(value) === i.value }));
const selectItems = (items: readonly Item[], value: unknown) => [{ value: '', text: 'Select' }, ...items.map((i) => ({ ...i, selected: sentText(value) === i.value }))];
const YES_NO: Item[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

/** Rows of people for a form: each with its name, agency and one more field, as sent. */
function peopleRows(values: Record<string, unknown>, prefix: string, rows: number, agencies: readonly Item[], extraKey: string, extraItems: readonly Item[] | null) {
  return Array.from({ length: rows }, (_, n) => {
    const i = n + 1;
    return {
      n: i,
      nameId: `${prefix}${i}Name`,
      agencyId: `${prefix}${i}Agency`,
      extraId: `${prefix}${i}${extraKey}`,
      name: sentText(values[`${prefix}${i}Name`]),
      extra: sentText(values[`${prefix}${i}${extraKey}`]),
      agencyItems: selectItems(agencies, values[`${prefix}${i}Agency`]),
      extraItems: extraItems ? selectItems(extraItems, values[`${prefix}${i}${extraKey}`]) : null,
    };
  });
}

const agencyItems = Object.entries(AGENCIES).map(([value, text]) => ({ value, text }));

/** A child's strategy discussions, section 47 enquiries and initial conferences, on the Help and protection tab. */
export async function enquiriesRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; caseChanged: CaseChanged }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: SECTION, views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>(`/children/:childId/${SECTION}`, reader, async (request, reply) => {
    const view = await enquiriesView(actor(request));
    return reply.render(`${VIEWS}/enquiries.njk`, {
      title: `${view.child.name}: strategy discussions, enquiries and conferences`,
      activeTab: SECTION,
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  app.get<{ Params: RecordParams }>(`/children/:childId/${SECTION}/strategy-discussions/:discussionId`, reader, async (request, reply) => {
    const view = await discussionView(actor(request), request.params.discussionId!);
    return reply.render(`${VIEWS}/discussion.njk`, { title: `${view.child.name}: strategy discussion on ${view.discussion.dateText}`, activeTab: SECTION, ...view });
  });

  app.get<{ Params: RecordParams }>(`/children/:childId/${SECTION}/conferences/:conferenceId`, reader, async (request, reply) => {
    const view = await conferenceView(actor(request), request.params.conferenceId!);
    return reply.render(`${VIEWS}/conference.njk`, { title: `${view.child.name}: initial child protection conference on ${view.conference.dateText}`, activeTab: SECTION, ...view });
  });

  formPage({
    path: 'strategy-discussions/new',
    template: 'discussion-form.njk',
    title: 'Record a strategy discussion',
    view: (a) => discussionFormView(a),
    model: (values, errors) => ({
      dateItems: dateItems(values, 'date', errors),
      rows: peopleRows(values, 'attendee', ATTENDEE_ROWS, agencyItems, 'Role', null),
      startedItems: checkedItems(YES_NO, values.s47Started),
      informationMax: INFORMATION_MAX,
      actionsMax: ACTIONS_MAX,
      nameMax: NAME_MAX,
    }),
    save: (a, _params, body) => recordDiscussion(a, readDiscussion(body)),
    done: 'discussion',
  });

  formPage({
    path: 's47/:enquiryId/outcome',
    template: 'outcome-form.njk',
    title: 'Record the outcome of the section 47 enquiry',
    view: (a, params) => outcomeFormView(a, params.enquiryId!),
    model: (values, errors, view) => ({
      outcomeItems: checkedItems((view as unknown as { outcomeItems: Item[] }).outcomeItems, values.outcome),
      endedOnItems: dateItems(values, 'endedOn', errors),
      icpcItems: checkedItems(YES_NO, values.icpcRequired),
    }),
    save: (a, params, body) => recordOutcome(a, params.enquiryId!, readOutcome(body)),
    done: 'outcome',
  });

  formPage({
    path: 'conference',
    template: 'conference-form.njk',
    title: 'Record the initial child protection conference',
    view: (a) => conferenceFormView(a),
    model: (values, errors, view) => {
      const v = view as RecordView & Record<'chairItems' | 'childItems' | 'familyItems' | 'categoryItems' | 'agencyItems' | 'attendanceItems', Item[]>;
      return {
        dateItems: dateItems(values, 'date', errors),
        chairSelect: selectItems(v.chairItems, values.chairId),
        rows: peopleRows(values, 'invitee', INVITEE_ROWS, v.agencyItems, 'Attendance', v.attendanceItems),
        childRadios: checkedItems(v.childItems, values.childParticipation),
        familyRadios: checkedItems(v.familyItems, values.familyParticipation),
        planItems: checkedItems(YES_NO, values.planDecided),
        categoryRadios: checkedItems(v.categoryItems, values.category),
        outlineMax: OUTLINE_MAX,
        nameMax: NAME_MAX,
      };
    },
    save: (a, _params, body) => recordConference(a, readConference(body), deps.caseChanged),
    done: 'conference',
  });
}
