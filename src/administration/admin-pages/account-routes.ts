// A person's account: disabling, enabling and unlocking it, and setting a new password.
import type { FastifyInstance } from 'fastify';
import { PASSWORD_MIN_LENGTH } from '../../platform/auth/passwords.ts';
import { disablePerson, enablePerson, setPersonPassword, unlockPerson } from '../people/service.ts';
import { personOr404, renderPerson, VIEWS, type AdminPageDeps } from './person-page.ts';

type Body = Record<string, unknown>;

/** /admin/users/:id/{disable,enable,unlock,password}: whether and how the person can sign in. */
export async function accountRoutes(app: FastifyInstance, deps: AdminPageDeps) {
  const { db, adminOnly } = deps;

  const accountActions = {
    disable: { run: disablePerson, done: 'disabled' },
    enable: { run: enablePerson, done: 'enabled' },
    unlock: { run: unlockPerson, done: 'unlocked' },
  } as const;
  for (const [action, { run, done }] of Object.entries(accountActions)) {
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${action}`, adminOnly, async (request, reply) => {
      const person = await personOr404(db, request.params.id);
      const result = await run(db, person.id, request.auditContext());
      if (!result.ok) return renderPerson(deps, request, reply.code(400), person, { errors: { [action]: result.message } });
      return reply.redirect(`/admin/users/${person.id}?done=${result.changed ? done : 'unchanged'}`, 303);
    });
  }

  app.get<{ Params: { id: string } }>('/admin/users/:id/password', adminOnly, async (request, reply) => {
    const person = await personOr404(db, request.params.id);
    return reply.render(`${VIEWS}/user-password.njk`, { title: `Set a new password for ${person.name}`, person, passwordMinLength: PASSWORD_MIN_LENGTH });
  });

  app.post<{ Params: { id: string } }>('/admin/users/:id/password', adminOnly, async (request, reply) => {
    const person = await personOr404(db, request.params.id);
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
}
