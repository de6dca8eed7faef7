// People's details: the list of users, adding one, and changing their details.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateInput, dateKey, field, readForm, sentText, type Body } from '../../platform/http/forms.ts';
import { PAGE_SIZE, pageNumber, pagination, queryString } from '../../platform/http/paging.ts';
import { activePeople, findPerson, listPeople, serviceChoices, teamChoices, type PersonRow } from '../people/queries.ts';
import { accountStatus, STATUS_LABELS, type PersonField } from '../people/rules.ts';
import { invitePerson } from '../people/invitations.ts';
import { checkPerson, updatePerson, type PersonInput } from '../people/service.ts';
import { personOr404, renderPerson, STATUS_TAGS, VIEWS, type AdminPageDeps } from './person-page.ts';
import { peopleWithIdentity } from '../../platform/auth/oidc-identities.ts';

/** The qualification date, read from its three boxes before the shared person rules see it. */
const qualifiedOnForm = z.object({ qualifiedOn: dateInput({ label: 'Qualification date' }) });

/** The list's filters: anything that is not one of the choices is ignored, as a link may be old. */
const listFilters = z.object({
  q: field((sent) => sentText(sent).trim().slice(0, 100)),
  role: field((sent) => (isRole(sentText(sent)) ? (sentText(sent) as Role) : undefined)),
  team: field((sent) => (isUuid(sentText(sent)) ? sentText(sent) : undefined)),
});

const FORM_ORDER: readonly PersonField[] = ['email', 'name', 'role', 'teamId', 'serviceId', 'lineManagerId', 'qualifiedOn', 'fte'];

/** /admin/users: the list, adding a person, their page and changing their details. */
export async function peopleRoutes(app: FastifyInstance, deps: AdminPageDeps) {
  const { db, clock, config, adminOnly } = deps;
  const today = () => londonDate(clock.now());

  /**
   * What the create and edit forms need: choices, and the values to show.
   * Line managers are the active people, plus the person's current manager
   * if that account has since been disabled, so saving does not drop them.
   */
  async function personForm(values: Body, errors: FieldErrors, person: PersonRow | null) {
    const personId = person?.id ?? null;
    const [teams, services, active] = await Promise.all([teamChoices(db), serviceChoices(db), activePeople(db)]);
    const people: { id: string; name: string; role: Role; team_name: string | null; disabled?: boolean }[] = active;
    if (person?.line_manager_id && !active.some((p) => p.id === person.line_manager_id)) {
      const current = await findPerson(db, person.line_manager_id);
      if (current) people.push({ ...current, disabled: true });
    }
    const choose = (text: string) => ({ value: '', text });
    return {
      values,
      errors,
      roleItems: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
      teamItems: [choose('No team'), ...teams.map((t) => ({ value: t.id, text: `${t.name} (${t.service_name})` }))],
      serviceItems: [choose('No service'), ...services.map((s) => ({ value: s.id, text: s.name }))],
      managerItems: [
        choose('No line manager'),
        ...people
          .filter((p) => p.id !== personId)
          .map((p) => ({
            value: p.id,
            text: `${p.name} – ${ROLE_LABELS[p.role]}${p.team_name ? `, ${p.team_name}` : ''}${p.disabled ? ' (account disabled)' : ''}`,
          })),
      ],
      qualifiedOnItems: dateInputItems(values, 'qualifiedOn', null, Boolean(errors['qualifiedOn-day'])),
    };
  }

  /**
   * The submitted details. A date that cannot be read is passed on as
   * unreadable, so the shared rules refuse it (nothing is stored) while still
   * checking every other field; the date input's own message is shown.
   */
  function personInput(body: Body): { input: PersonInput; dateError: string | undefined } {
    const date = readForm(qualifiedOnForm, body);
    const dateError = date.errors[dateKey('qualifiedOn')];
    return {
      input: {
        email: body.email,
        name: body.name,
        role: body.role,
        teamId: body.teamId,
        serviceId: body.serviceId,
        lineManagerId: body.lineManagerId,
        qualifiedOn: dateError ? 'unreadable' : (date.values.qualifiedOn ?? null),
        fte: body.fte,
      },
      dateError,
    };
  }

  /**
   * Errors in the order of the form's fields, the date's own message if it
   * could not be read, keyed by the date input's first box (where the error
   * summary's link should land).
   */
  function forPage(errors: FieldErrors, dateError: string | undefined): FieldErrors {
    const merged: FieldErrors = dateError ? { ...errors, qualifiedOn: dateError } : errors;
    const ordered: FieldErrors = {};
    for (const field of FORM_ORDER) if (merged[field]) ordered[field === 'qualifiedOn' ? 'qualifiedOn-day' : field] = merged[field];
    for (const [field, message] of Object.entries(merged)) if (!FORM_ORDER.includes(field as PersonField)) ordered[field] = message;
    return ordered;
  }

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/admin/users', adminOnly, async (request, reply) => {
    const { values } = readForm(listFilters, request.query);
    const text = values.q ?? '';
    const { role, team: teamId } = values;
    const page = pageNumber(sentText(request.query.page));
    const [{ rows, total }, teams] = await Promise.all([listPeople(db, { text, role, teamId }, page), teamChoices(db)]);
    const now = clock.now();
    const linked = await peopleWithIdentity(db, rows.map((row) => row.id));
    const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const filters = { q: text, role, team: teamId };
    return reply.render(`${VIEWS}/users.njk`, {
      title: 'Users',
      filters,
      total,
      firstShown: total ? (page - 1) * PAGE_SIZE + 1 : 0,
      lastShown: Math.min(total, page * PAGE_SIZE),
      people: rows.map((row) => {
        const status = accountStatus(row, now);
        return { ...row, roleLabel: ROLE_LABELS[row.role], status: STATUS_LABELS[status], statusTag: STATUS_TAGS[status], linked: linked.has(row.id) };
      }),
      showSingleSignOn: Boolean(config.oidc) || linked.size > 0,
      roleItems: [{ value: '', text: 'Any role' }, ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }))],
      teamItems: [{ value: '', text: 'Any team' }, ...teams.map((t) => ({ value: t.id, text: t.name }))],
      pagination: pagination(page, totalPages, (n) => `/admin/users${queryString({ ...filters, page: n })}`),
    });
  });

  app.get('/admin/users/new', adminOnly, async (_request, reply) => {
    return reply.render(`${VIEWS}/user-new.njk`, {
      title: 'Add a user',
      ...(await personForm({ fte: '1' }, {}, null)),
    });
  });

  app.post('/admin/users/new', adminOnly, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const { input, dateError } = personInput(body);
    if (dateError) {
      // Nothing is stored while any field is wrong: the other fields are checked too, for one error summary.
      const checked = await checkPerson(db, input, { today: today(), personId: null });
      const errors = forPage(checked.ok ? {} : checked.errors, dateError);
      return reply.code(400).render(`${VIEWS}/user-new.njk`, { title: 'Add a user', ...(await personForm(body, errors, null)) });
    }
    const result = await invitePerson(db, config, input, request.auditContext(), today());
    if (result.ok) return reply.redirect(`/admin/users/${result.value.id}?done=created`, 303);
    return reply.code(400).render(`${VIEWS}/user-new.njk`, { title: 'Add a user', ...(await personForm(body, forPage(result.errors, undefined), null)) });
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/users/:id', adminOnly, async (request, reply) => {
    const person = await personOr404(db, request.params.id);
    return renderPerson(deps, request, reply, person, { done: request.query.done });
  });

  app.get<{ Params: { id: string } }>('/admin/users/:id/edit', adminOnly, async (request, reply) => {
    const person = await personOr404(db, request.params.id);
    const [year, month, day] = person.qualified_on ? person.qualified_on.split('-') : [];
    const values: Body = {
      email: person.email,
      name: person.name,
      role: person.role,
      teamId: person.team_id ?? '',
      serviceId: person.service_id ?? '',
      lineManagerId: person.line_manager_id ?? '',
      fte: String(person.fte),
      'qualifiedOn-day': day ? String(Number(day)) : '',
      'qualifiedOn-month': month ? String(Number(month)) : '',
      'qualifiedOn-year': year ?? '',
    };
    return reply.render(`${VIEWS}/user-edit.njk`, { title: `Change ${person.name}'s details`, person, ...(await personForm(values, {}, person)) });
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id/edit', adminOnly, async (request, reply) => {
    const person = await personOr404(db, request.params.id);
    const body = (request.body ?? {}) as Body;
    const { input, dateError } = personInput(body);
    const result = await updatePerson(db, person.id, input, request.auditContext(), today());
    if (result.ok && !dateError) {
      return reply.redirect(`/admin/users/${person.id}?done=${result.value.changes ? 'updated' : 'unchanged'}`, 303);
    }
    const errors = forPage(result.ok ? {} : result.errors, dateError);
    return reply
      .code(400)
      .render(`${VIEWS}/user-edit.njk`, { title: `Change ${person.name}'s details`, person, ...(await personForm(body, errors, person)) });
  });
}
