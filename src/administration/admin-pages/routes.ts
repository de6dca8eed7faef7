import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/access/roles.ts';
import { PASSWORD_MIN_LENGTH } from '../../platform/auth/passwords.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems, readDateField } from '../../platform/http/dates.ts';
import { NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { activePeople, findPerson, listPeople, serviceChoices, teamChoices, type PersonRow } from '../people/queries.ts';
import { accountStatus, STATUS_LABELS, type AccountStatus, type PersonField } from '../people/rules.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { PAGE_SIZE, pageNumber } from '../../platform/http/paging.ts';
import { createPerson, disablePerson, enablePerson, setPersonPassword, unlockPerson, updatePerson, type PersonInput } from '../people/service.ts';
import { pagination, queryString } from '../../platform/http/paging.ts';
import { teamRoutes } from './team-routes.ts';

const VIEWS = 'administration/admin-pages/views';

export const STATUS_TAGS: Record<AccountStatus, string> = {
  active: 'govuk-tag--green',
  disabled: 'govuk-tag--grey',
  locked: 'govuk-tag--red',
};

const DONE_MESSAGES: Record<string, string> = {
  created: 'Account created. They can sign in with the password you set.',
  updated: 'Details saved.',
  unchanged: 'Nothing was changed.',
  disabled: 'Account disabled. They have been signed out and cannot sign in.',
  enabled: 'Account enabled. They can sign in again.',
  unlocked: 'Account unlocked. They can sign in again.',
  password: 'New password set. Any sessions they had have ended.',
};

type Body = Record<string, unknown>;

const FORM_ORDER: readonly PersonField[] = ['email', 'name', 'role', 'teamId', 'serviceId', 'lineManagerId', 'qualifiedOn', 'fte', 'password'];

/** The admin pages for people; the team and service pages are in team-routes.ts. */
export async function adminRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config }) {
  const { db, clock } = deps;
  const adminOnly = { preHandler: requireRole(db, 'system_admin') };
  const today = () => londonDate(clock.now());

  async function personOr404(id: string): Promise<PersonRow> {
    const person = isUuid(id) ? await findPerson(db, id) : undefined;
    if (!person) throw new NotFound();
    return person;
  }

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
    const date = readDateField(body, 'qualifiedOn', { label: 'Qualification date' });
    return {
      input: {
        email: body.email,
        name: body.name,
        role: body.role,
        teamId: body.teamId,
        serviceId: body.serviceId,
        lineManagerId: body.lineManagerId,
        qualifiedOn: date.error ? 'unreadable' : date.value,
        fte: body.fte,
      },
      dateError: date.error,
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
    // A key given twice arrives as a list: the first one counts.
    const query = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const text = (query.q ?? '').trim().slice(0, 100);
    const role = isRole(query.role) ? query.role : undefined;
    const teamId = isUuid(query.team) ? query.team : undefined;
    const page = pageNumber(query.page);
    const [{ rows, total }, teams] = await Promise.all([listPeople(db, { text, role, teamId }, page), teamChoices(db)]);
    const now = clock.now();
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
        return { ...row, roleLabel: ROLE_LABELS[row.role], status: STATUS_LABELS[status], statusTag: STATUS_TAGS[status] };
      }),
      roleItems: [{ value: '', text: 'Any role' }, ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }))],
      teamItems: [{ value: '', text: 'Any team' }, ...teams.map((t) => ({ value: t.id, text: t.name }))],
      pagination: pagination(page, totalPages, (n) => `/admin/users${queryString({ ...filters, page: n })}`),
    });
  });

  app.get('/admin/users/new', adminOnly, async (_request, reply) => {
    return reply.render(`${VIEWS}/user-new.njk`, {
      title: 'Add a user',
      passwordMinLength: PASSWORD_MIN_LENGTH,
      ...(await personForm({ fte: '1' }, {}, null)),
    });
  });

  app.post('/admin/users/new', adminOnly, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const { input, dateError } = personInput(body);
    const result = await createPerson(db, { ...input, password: body.password }, request.auditContext(), today());
    if (result.ok && !dateError) return reply.redirect(`/admin/users/${result.value.id}?done=created`, 303);
    const errors = forPage(result.ok ? {} : result.errors, dateError);
    // The password is never sent back to the browser.
    const { password: _password, ...kept } = body;
    return reply.code(400).render(`${VIEWS}/user-new.njk`, {
      title: 'Add a user',
      passwordMinLength: PASSWORD_MIN_LENGTH,
      ...(await personForm(kept, errors, null)),
    });
  });

  async function renderPerson(request: FastifyRequest, reply: FastifyReply, person: PersonRow, extra: { errors?: FieldErrors; done?: string }) {
    const status = accountStatus(person, clock.now());
    return reply.render(`${VIEWS}/user.njk`, {
      title: person.name,
      person,
      roleLabel: ROLE_LABELS[person.role],
      status,
      statusLabel: STATUS_LABELS[status],
      statusTag: STATUS_TAGS[status],
      isSelf: person.id === request.user!.id,
      done: extra.done ? DONE_MESSAGES[extra.done] : undefined,
      errors: extra.errors,
      auditHref: `/admin/audit${queryString({ subjectType: 'user', subjectId: person.id })}`,
    });
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/users/:id', adminOnly, async (request, reply) => {
    const person = await personOr404(request.params.id);
    return renderPerson(request, reply, person, { done: request.query.done });
  });

  app.get<{ Params: { id: string } }>('/admin/users/:id/edit', adminOnly, async (request, reply) => {
    const person = await personOr404(request.params.id);
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
    const person = await personOr404(request.params.id);
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

  const accountActions = {
    disable: { run: disablePerson, done: 'disabled' },
    enable: { run: enablePerson, done: 'enabled' },
    unlock: { run: unlockPerson, done: 'unlocked' },
  } as const;
  for (const [action, { run, done }] of Object.entries(accountActions)) {
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${action}`, adminOnly, async (request, reply) => {
      const person = await personOr404(request.params.id);
      const result = await run(db, person.id, request.auditContext());
      if (!result.ok) return renderPerson(request, reply.code(400), person, { errors: { [action]: result.message } });
      return reply.redirect(`/admin/users/${person.id}?done=${result.changed ? done : 'unchanged'}`, 303);
    });
  }

  app.get<{ Params: { id: string } }>('/admin/users/:id/password', adminOnly, async (request, reply) => {
    const person = await personOr404(request.params.id);
    return reply.render(`${VIEWS}/user-password.njk`, { title: `Set a new password for ${person.name}`, person, passwordMinLength: PASSWORD_MIN_LENGTH });
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id/password', adminOnly, async (request, reply) => {
    const person = await personOr404(request.params.id);
    const body = (request.body ?? {}) as Body;
    const result = await setPersonPassword(db, person.id, body.password, request.auditContext());
    if (result.ok) return reply.redirect(`/admin/users/${person.id}?done=password`, 303);
    return reply.code(400).render(`${VIEWS}/user-password.njk`, {
      title: `Set a new password for ${person.name}`,
      person,
      passwordMinLength: PASSWORD_MIN_LENGTH,
      errors: result.errors,
    });
  });

  await teamRoutes(app, { db, adminOnly });
}
