import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { actorOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import { dateItems, type Body } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { readNewRelative, readProfessionalContact, readRelationship, readRelationshipFlags, relationshipTypeItems } from './rules.ts';
import { textField as text } from '../../platform/http/forms.ts';
import {
  addAddress,
  addProfessionalContact,
  addRelationship,
  addRelative,
  changeRelationship,
  familyView,
  formPageView,
  relationshipFormView,
  relationshipView,
  removeProfessionalContact,
  removeRelationship,
} from './service.ts';

const VIEWS = 'child-record/family/views';
type Params = { childId: string };

const DONE: Record<string, string> = {
  registered: 'Child registered. Add their family, addresses and the professionals who work with them.',
  relative: 'Person added to the family.',
  relationship: 'Relationship added.',
  'relationship-changed': 'Relationship changed.',
  'relationship-removed': 'Relationship removed.',
  address: 'Address added.',
  contact: 'Professional contact added.',
  'contact-removed': 'Professional contact removed.',
};

function formModel(values: Body, errors: FieldErrors) {
  return {
    values,
    errors,
    typeItems: relationshipTypeItems(),
    dobItems: dateItems(values, 'dob', errors),
    startDateItems: dateItems(values, 'startDate', errors),
    endDateItems: dateItems(values, 'endDate', errors),
  };
}

/** The family page and its forms: relatives, relationships, addresses and professional contacts. */
export async function familyRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const reader = { preHandler: requireCaseRecordReader };
  const actor = actorOf(db, clock);
  const back = (childId: string, done: keyof typeof DONE) => `/children/${childId}/family?done=${done}`;
  const page = (name: string, title: string) => ({ template: `${VIEWS}/${name}.njk`, title });

  app.get<{ Params: Params; Querystring: Body }>('/children/:childId/family', reader, async (request, reply) => {
    const view = await familyView(actor(request));
    return reply.render(`${VIEWS}/family.njk`, { title: `${view.child.name}: family and contacts`, activeTab: 'family', done: DONE[text(request.query, 'done')], ...view });
  });

  // Simple forms: a page showing the form, and a POST that stores it or shows it again with the problems.
  const forms = [
    { path: 'relatives/new', ...page('relative-form', 'add a family member or other adult'), action: 'child.view.relative-form', done: 'relative', save: (a: Actor, body: Body) => addRelative(a, readNewRelative(body, a.today)) },
    { path: 'addresses/new', ...page('address-form', 'add an address'), action: 'child.view.address-form', done: 'address', save: (a: Actor, body: Body) => addAddress(a, body) },
    { path: 'contacts/new', ...page('contact-form', 'add a professional contact'), action: 'child.view.contact-form', done: 'contact', save: (a: Actor, body: Body) => addProfessionalContact(a, readProfessionalContact(body)) },
  ] as const;
  for (const form of forms) {
    app.get<{ Params: Params }>(`/children/:childId/family/${form.path}`, reader, async (request, reply) => {
      const view = await formPageView(actor(request), form.action);
      return reply.render(form.template, { title: `${view.child.name}: ${form.title}`, activeTab: 'family', ...view, ...formModel({}, {}) });
    });
    app.post<{ Params: Params }>(`/children/:childId/family/${form.path}`, reader, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const a = actor(request);
      const result = await form.save(a, body);
      if (result.ok) return reply.redirect(back(a.childId, form.done), 303);
      return reply.code(400).render(form.template, { title: `${result.view.child.name}: ${form.title}`, activeTab: 'family', ...result.view, ...formModel(body, result.errors) });
    });
  }

  app.get<{ Params: Params; Querystring: Body }>('/children/:childId/family/relationships/new', reader, async (request, reply) => {
    const view = await relationshipFormView(actor(request), text(request.query, 'name').slice(0, 100));
    return reply.render(`${VIEWS}/relationship-form.njk`, { title: `${view.child.name}: add a relationship`, activeTab: 'family', ...view, ...formModel({}, {}) });
  });

  app.post<{ Params: Params }>('/children/:childId/family/relationships/new', reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const a = actor(request);
    const result = await addRelationship(a, readRelationship(body), text(body, 'name').slice(0, 100));
    if (result.ok) return reply.redirect(back(a.childId, 'relationship'), 303);
    return reply.code(400).render(`${VIEWS}/relationship-form.njk`, { title: `${result.view.child.name}: add a relationship`, activeTab: 'family', ...result.view, ...formModel(body, result.errors) });
  });

  type RelationshipParams = Params & { relationshipId: string };
  app.get<{ Params: RelationshipParams }>('/children/:childId/family/relationships/:relationshipId', reader, async (request, reply) => {
    const view = await relationshipView(actor(request), request.params.relationshipId);
    return reply.render(`${VIEWS}/relationship.njk`, { title: `${view.child.name}: ${view.relationship.summary}`, activeTab: 'family', ...view });
  });

  app.post<{ Params: RelationshipParams }>('/children/:childId/family/relationships/:relationshipId', reader, async (request, reply) => {
    const a = actor(request);
    await changeRelationship(a, request.params.relationshipId, readRelationshipFlags((request.body ?? {}) as Body));
    return reply.redirect(back(a.childId, 'relationship-changed'), 303);
  });

  app.post<{ Params: RelationshipParams }>('/children/:childId/family/relationships/:relationshipId/remove', reader, async (request, reply) => {
    const a = actor(request);
    await removeRelationship(a, request.params.relationshipId);
    return reply.redirect(back(a.childId, 'relationship-removed'), 303);
  });

  app.post<{ Params: Params & { contactId: string } }>('/children/:childId/family/contacts/:contactId/remove', reader, async (request, reply) => {
    const a = actor(request);
    await removeProfessionalContact(a, request.params.contactId);
    return reply.redirect(back(a.childId, 'contact-removed'), 303);
  });
}
