import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { CaseChanged } from '../../platform/area.ts';
import { dateItems, type Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { contactChoices, decisionChoices, readAssign, readContact, readDecision } from './forms.ts';
import { assignHolder, contactFormView, contactsView, contactView, decide, decisionFormView, queueView, recordContact, signOff } from './service.ts';

const VIEWS = 'protection/front-door/views';
const SECTION = 'protection/contacts';

const DONE: Record<string, string> = {
  contact: 'Contact recorded: it now awaits a decision.',
  registered: 'Child registered. Now record the contact that brought them to the council.',
  decided: 'Decision recorded: it now awaits a manager’s sign-off.',
  'signed-off': 'Decision signed off.',
  taken: 'You now hold this contact.',
  assigned: 'Contact assigned.',
};

/** Where a contact's page is. */
export function contactHref(childId: string, contactId: string): string {
  return `/children/${childId}/protection/contacts/${contactId}`;
}

/** A child's contacts, the contact form, the contact's page, its decision and sign-off. */
export async function contactRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; caseChanged: CaseChanged }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: SECTION, views: VIEWS });
  type ContactParams = RecordParams & { childContactId: string };

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/protection/contacts', reader, async (request, reply) => {
    const view = await contactsView(actor(request));
    return reply.render(`${VIEWS}/contacts.njk`, { title: `${view.child.name}: contacts`, activeTab: SECTION, done: request.query.done ? DONE[request.query.done] : undefined, ...view });
  });

  formPage({
    path: 'new',
    template: 'contact-form.njk',
    title: 'Record a contact',
    view: (a) => contactFormView(a),
    // Straight after registering the child, the form says why it opened.
    defaults: (_view, query) => (query.done === 'registered' ? { registered: 'yes' } : {}),
    model: (values, errors) => ({ ...contactChoices(values), notice: values.registered === 'yes' ? DONE.registered : undefined, contactDateItems: dateItems(values, 'contactDate', errors) }),
    save: (a, _params, body) => recordContact(a, readContact(body)),
    done: 'contact',
  });

  app.get<{ Params: ContactParams; Querystring: { done?: string } }>('/children/:childId/protection/contacts/:childContactId', reader, async (request, reply) => {
    const view = await contactView(actor(request), request.params.childContactId);
    return reply.render(`${VIEWS}/contact.njk`, { title: `${view.child.name}: contact`, activeTab: SECTION, done: request.query.done ? DONE[request.query.done] : undefined, ...view });
  });

  formPage({
    path: ':childContactId/decision',
    template: 'decision-form.njk',
    title: 'Decide on the contact',
    view: (a, params) => decisionFormView(a, params.childContactId!),
    model: (values, errors) => ({ ...decisionChoices(values), decidedOnItems: dateItems(values, 'decidedOn', errors) }),
    save: (a, params, body) => decide(a, params.childContactId!, readDecision(body), deps.caseChanged),
    done: 'decided',
  });

  const back = (params: ContactParams, done: string) => `${contactHref(params.childId, params.childContactId)}?done=${done}`;

  app.post<{ Params: ContactParams }>('/children/:childId/protection/contacts/:childContactId/sign-off', reader, async (request, reply) => {
    await signOff(actor(request), request.params.childContactId);
    return reply.redirect(back(request.params, 'signed-off'), 303);
  });

  app.post<{ Params: ContactParams }>('/children/:childId/protection/contacts/:childContactId/take', reader, async (request, reply) => {
    await assignHolder(actor(request), request.params.childContactId, 'me');
    return reply.redirect(back(request.params, 'taken'), 303);
  });

  app.post<{ Params: ContactParams }>('/children/:childId/protection/contacts/:childContactId/assign', reader, async (request, reply) => {
    const result = await assignHolder(actor(request), request.params.childContactId, readAssign((request.body ?? {}) as Body));
    if (result.ok) return reply.redirect(back(request.params, 'assigned'), 303);
    const view = await contactView(actor(request), request.params.childContactId);
    return reply.code(400).render(`${VIEWS}/contact.njk`, { title: `${view.child.name}: contact`, activeTab: SECTION, errors: result.errors, ...view });
  });
}

/** The front door queue: every contact and referral awaiting a decision, oldest first. */
export async function frontDoorQueueRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, 'social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'performance_analyst') };
  const reader = readerOf(db, clock);
  app.get('/front-door', readers, async (request, reply) => {
    const view = await queueView(reader(request));
    return reply.render(`${VIEWS}/queue.njk`, { title: 'Front door', ...view });
  });
}
