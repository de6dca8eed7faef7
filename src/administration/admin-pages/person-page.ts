// What the person's pages share: finding the person, and their page with its status and messages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { makesReturns, mayHoldReturnsPermission, RETURNS_ROLES, ROLE_LABELS } from '../../platform/access/roles.ts';
import type { Config } from '../../config.ts';
import { liveInvitation } from '../../platform/auth/account-tokens.ts';
import { secondFactorState } from '../../platform/auth/second-factor-store.ts';
import { identitiesOf } from '../../platform/auth/oidc-identities.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import type { requireRole } from '../../platform/http/web.ts';
import { queryString } from '../../platform/http/paging.ts';
import { findPerson, type PersonRow } from '../people/queries.ts';
import { accountStatus, STATUS_LABELS, type AccountStatus } from '../people/rules.ts';

export const VIEWS = 'administration/admin-pages/views';

/** What each group of admin pages is given: the database, the clock, and the guard that lets only system administrators in. */
export interface AdminPageDeps {
  db: Db;
  clock: Clock;
  config: Config;
  adminOnly: { preHandler: ReturnType<typeof requireRole> };
}

export const STATUS_TAGS: Record<AccountStatus, string> = {
  active: 'govuk-tag--green',
  disabled: 'govuk-tag--grey',
  locked: 'govuk-tag--red',
};

const DONE_MESSAGES: Record<string, string> = {
  created: 'Account created. An invitation has been emailed to them: they choose their own password from its link.',
  invited: 'A new invitation has been emailed. Earlier links no longer work.',
  revoked: 'Invitation revoked. Its link no longer works.',
  updated: 'Details saved.',
  unchanged: 'Nothing was changed.',
  disabled: 'Account disabled. They have been signed out and cannot sign in.',
  enabled: 'Account enabled. They can sign in again.',
  unlocked: 'Account unlocked. They can sign in again.',
  'second-factor-reset': 'Authenticator app reset. They have been signed out; their recovery codes no longer work.',
  'returns-administrator-granted': 'Returns administrator permission granted. They can make the statutory returns from their next page.',
  'returns-administrator-withdrawn': 'Returns administrator permission withdrawn. They can no longer make the statutory returns.',
  'identity-unlinked': 'Single sign-on identity unlinked. They have been signed out; their next sign-in through the identity provider is matched afresh.',
};

/** The person with this id, or 404 (also for an id that is not a UUID). */
export async function personOr404(db: Db, id: string): Promise<PersonRow> {
  const person = isUuid(id) ? await findPerson(db, id) : undefined;
  if (!person) throw new NotFound();
  return person;
}

/** The person's page, with a message after a change or the errors of a refused one. */
export async function renderPerson(
  deps: AdminPageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonRow,
  extra: { errors?: FieldErrors; done?: string },
) {
  const status = accountStatus(person, deps.clock.now());
  const invitation = person.has_password ? undefined : await liveInvitation(deps.db, person.id, deps.clock.now());
  const secondFactor = await secondFactorState(deps.db, person.id);
  const identities = await identitiesOf(deps.db, person.id);
  return reply.render(`${VIEWS}/user.njk`, {
    title: person.name,
    person,
    roleLabel: ROLE_LABELS[person.role],
    status,
    statusLabel: STATUS_LABELS[status],
    statusTag: STATUS_TAGS[status],
    isSelf: person.id === request.user!.id,
    returns: { byRole: RETURNS_ROLES.includes(person.role), mayHold: mayHoldReturnsPermission(person.role), makes: makesReturns({ role: person.role, returnsAdministrator: person.returns_administrator }) },
    invitation,
    secondFactor,
    identities,
    oidcName: deps.config.oidc?.name,
    done: extra.done ? DONE_MESSAGES[extra.done] : undefined,
    errors: extra.errors,
    auditHref: `/admin/audit${queryString({ subjectType: 'user', subjectId: person.id })}`,
  });
}

