import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { actorOf, requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { dateItems, type Body } from '../../platform/http/forms.ts';
import { detailsChoices, LA_CHILD_ID_PREFIX, readChildDetails, readRestriction, REGISTERING_ROLES } from './rules.ts';
import { textField as text } from '../../platform/http/forms.ts';
import { addNamedPerson, detailsFormView, registerChild, registrationFormView, removeNamedPerson, restrictedAccessView, updateDetails } from './service.ts';

const VIEWS = 'child-record/details/views';
type Params = { childId: string };

const DONE: Record<string, string> = {
  restricted: 'The record is now restricted. You and the allocated social worker can see it: add anyone else who needs to.',
  added: 'The person can now see this record.',
  removed: 'The person can no longer see this record.',
};

/** What the details form needs to show `values` with `errors` (and, for someone without a team, the teams to choose from). */
function formModel(values: Body, errors: FieldErrors, teamItems: { id: string; name: string }[] | null = null) {
  const selected = values.disabilities;
  return {
    teamItems,
    teamOptions: teamItems ? [{ value: '', text: 'Choose a team' }, ...teamItems.map((t) => ({ value: t.id, text: t.name }))] : [],
    values,
    errors,
    selectedDisabilities: Array.isArray(selected) ? selected : selected ? [selected] : [],
    dobItems: dateItems(values, 'dob', errors),
    eddItems: dateItems(values, 'edd', errors),
    dodItems: dateItems(values, 'dod', errors),
    addressStartItems: dateItems(values, 'addressStart', errors),
    ...detailsChoices(),
  };
}

/** Registering a child, and changing a child's own details and who may see a restricted record. */
export async function childDetailsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const registrar = { preHandler: requireRole(db, ...REGISTERING_ROLES) };
  const reader = { preHandler: requireCaseRecordReader };
  const actor = actorOf(db, clock);

  app.get<{ Querystring: Body }>('/children/new', registrar, async (request, reply) => {
    const view = await registrationFormView(db, viewerOf(request));
    const registered = text(request.query, 'registered');
    return reply.render(`${VIEWS}/new.njk`, {
      title: 'Register a child',
      registered: new RegExp(`^${LA_CHILD_ID_PREFIX}\\d{1,12}$`).test(registered) ? registered : null,
      ...formModel({}, {}, view.teamItems),
    });
  });

  app.post('/children/new', registrar, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const today = londonDate(clock.now());
    const viewer = viewerOf(request);
    const result = await registerChild(db, viewer, request.auditContext(), readChildDetails(body, today, 'create'), text(body, 'teamId'), today);
    if (result.ok) {
      // A child comes to the council through a contact: record it next.
      return reply.redirect(result.visible ? `/children/${result.childId}/protection/contacts/new?done=registered` : `/children/new?registered=${result.laChildId}`, 303);
    }
    return reply.code(400).render(`${VIEWS}/new.njk`, { title: 'Register a child', registered: null, ...formModel(body, result.errors, result.teamItems) });
  });

  app.get<{ Params: Params }>('/children/:childId/details/edit', reader, async (request, reply) => {
    const view = await detailsFormView(actor(request));
    return reply.render(`${VIEWS}/edit.njk`, { title: `${view.child.name}: change details`, activeTab: 'summary', ...view, ...formModel(view.values, {}) });
  });

  app.post<{ Params: Params }>('/children/:childId/details/edit', reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const a = actor(request);
    const restrictionSent = text(body, 'restrictionShown') === 'yes' || text(body, 'restriction') !== '';
    const result = await updateDetails(a, readChildDetails(body, a.today, 'edit'), restrictionSent ? readRestriction(body) : null);
    if (result.ok) {
      if (!result.stillVisible) return reply.redirect('/', 303);
      if (result.value.restrictedNow) return reply.redirect(`/children/${a.childId}/details/restricted-access?done=restricted`, 303);
      return reply.redirect(`/children/${a.childId}`, 303);
    }
    return reply.code(400).render(`${VIEWS}/edit.njk`, { title: `${result.view.child.name}: change details`, activeTab: 'summary', ...result.view, ...formModel(body, result.errors) });
  });

  app.get<{ Params: Params; Querystring: Body }>('/children/:childId/details/restricted-access', reader, async (request, reply) => {
    const search = text(request.query, 'name').slice(0, 100);
    const view = await restrictedAccessView(actor(request), search);
    const done = DONE[text(request.query, 'done')];
    return reply.render(`${VIEWS}/restricted-access.njk`, { title: `${view.child.name}: who can see this record`, activeTab: 'summary', done, ...view });
  });

  for (const [path, change] of [
    ['add', addNamedPerson],
    ['remove', removeNamedPerson],
  ] as const) {
    app.post<{ Params: Params }>(`/children/:childId/details/restricted-access/${path}`, reader, async (request, reply) => {
      const a = actor(request);
      const result = await change(a, text((request.body ?? {}) as Body, 'userId'));
      if (result.ok) return reply.redirect(`/children/${a.childId}/details/restricted-access?done=${path === 'add' ? 'added' : 'removed'}`, 303);
      return reply.code(400).render(`${VIEWS}/restricted-access.njk`, { title: `${result.view.child.name}: who can see this record`, activeTab: 'summary', errors: result.errors, ...result.view });
    });
  }
}
