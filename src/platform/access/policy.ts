import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ROLES, type Database, type Role } from '../../db/schema.ts';

/**
 * The one place that decides who may see which child's record. Every list,
 * search, count and export of children filters with `childVisibleTo` inside
 * its SQL, and every single-record page checks `childAccess`. The rules are
 * written out for people in docs/access.md.
 */

export interface Viewer {
  id: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
}

/** Roles that see a whole team's children. */
const TEAM_WIDE: readonly Role[] = ['practice_supervisor', 'team_manager'];
/** Roles that may open a record outside their relationships by giving a reason: every role that reads case records. */
const MAY_REQUEST_ACCESS: readonly Role[] = ROLES.filter((role) => readsCaseRecords(role));

export function mayRequestAccess(role: Role): boolean {
  return MAY_REQUEST_ACCESS.includes(role);
}

/** Administrators manage people but never read case records. */
export function readsCaseRecords(role: Role): boolean {
  return role !== 'system_admin';
}

type PeopleScope = ExpressionBuilder<Database, 'people'>;

/**
 * A condition on `people` that is true exactly for the children `viewer` may
 * see at instant `now`. Use it in every query that lists or counts children.
 */
export function childVisibleTo(viewer: Viewer, now: Date) {
  return (eb: PeopleScope): Expression<SqlBool> => {
    if (!readsCaseRecords(viewer.role)) return sql<boolean>`false`;
    const named = eb.exists(
      eb
        .selectFrom('restricted_access')
        .select(sql`1`.as('one'))
        .whereRef('restricted_access.child_id', '=', 'people.id')
        .where('restricted_access.user_id', '=', viewer.id),
    );
    const related = eb.or([relationshipExists(eb, viewer), grantExists(eb, viewer, now)]);
    return eb.and([
      eb('people.is_child', '=', true),
      eb.or([eb.and([eb('people.restricted', '=', false), related]), eb.and([eb('people.restricted', '=', true), named])]),
    ]);
  };
}

function relationshipExists(eb: PeopleScope, viewer: Viewer): Expression<SqlBool> {
  const open = eb
    .selectFrom('allocations')
    .select(sql`1`.as('one'))
    .whereRef('allocations.child_id', '=', 'people.id')
    .where('allocations.end_date', 'is', null);
  const ways: Expression<SqlBool>[] = [eb.exists(open.where('allocations.worker_id', '=', viewer.id))];
  if (TEAM_WIDE.includes(viewer.role) && viewer.teamId) {
    ways.push(eb.exists(open.where('allocations.team_id', '=', viewer.teamId)));
  }
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    ways.push(
      eb.exists(
        open.where('allocations.team_id', 'in', eb.selectFrom('teams').select('teams.id').where('teams.service_id', '=', viewer.serviceId)),
      ),
    );
  }
  ways.push(frontDoorWork(eb, viewer));
  return eb.or(ways);
}

/**
 * The front door's relationship: the members of the front-door teams (and
 * the service manager of a service holding one) work on a child's record
 * while a contact about the child awaits a decision or its sign-off, or
 * while the child waits unallocated in a front-door team's queue (a child
 * just registered there, whose contact is recorded next).
 */
function frontDoorWork(eb: PeopleScope, viewer: Viewer): Expression<SqlBool> {
  const frontDoorTeams = eb.selectFrom('teams').select('teams.id').where('teams.front_door', '=', true);
  const ofViewer =
    viewer.role === 'service_manager' && viewer.serviceId
      ? frontDoorTeams.where('teams.service_id', '=', viewer.serviceId)
      : viewer.teamId
        ? frontDoorTeams.where('teams.id', '=', viewer.teamId)
        : null;
  if (!ofViewer) return sql<boolean>`false`;
  const waitingContact = eb
    .selectFrom('contacts')
    .select(sql`1`.as('one'))
    .whereRef('contacts.child_id', '=', 'people.id')
    .where(sql<boolean>`(contacts.outcome IS NULL OR (contacts.decided_by IS NOT NULL AND contacts.signed_off_at IS NULL))`);
  const inQueue = eb
    .selectFrom('allocations')
    .select(sql`1`.as('one'))
    .whereRef('allocations.child_id', '=', 'people.id')
    .where('allocations.end_date', 'is', null)
    .where('allocations.worker_id', 'is', null)
    .where('allocations.team_id', 'in', ofViewer);
  return eb.or([eb.and([eb.exists(ofViewer), eb.exists(waitingContact)]), eb.exists(inQueue)]);
}

function grantExists(eb: PeopleScope, viewer: Viewer, now: Date): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('access_grants')
      .select(sql`1`.as('one'))
      .whereRef('access_grants.child_id', '=', 'people.id')
      .where('access_grants.user_id', '=', viewer.id)
      .where('access_grants.expires_at', '>', now),
  );
}

export type ChildAccess =
  | { allowed: true; via: 'relationship' | 'named' | 'grant'; grantExpiresAt?: Date }
  | { allowed: false };

/** Whether `viewer` may open one child's record now, and on what basis. */
export async function childAccess(db: Db, viewer: Viewer, childId: string, now: Date): Promise<ChildAccess> {
  if (!readsCaseRecords(viewer.role) || !isUuid(childId)) return { allowed: false };
  const row = await db
    .selectFrom('people')
    .select((eb) => [
      'people.restricted',
      eb.and([eb('people.restricted', '=', false), relationshipExists(eb, viewer)]).as('related'),
      eb
        .exists(
          eb
            .selectFrom('restricted_access')
            .select(sql`1`.as('one'))
            .whereRef('restricted_access.child_id', '=', 'people.id')
            .where('restricted_access.user_id', '=', viewer.id),
        )
        .as('named'),
      eb
        .selectFrom('access_grants')
        .select((g) => g.fn.max('access_grants.expires_at').as('expires'))
        .whereRef('access_grants.child_id', '=', 'people.id')
        .where('access_grants.user_id', '=', viewer.id)
        .where('access_grants.expires_at', '>', now)
        .as('grant_expires_at'),
    ])
    .where('people.id', '=', childId)
    .where('people.is_child', '=', true)
    .executeTakeFirst();
  if (!row) return { allowed: false };
  if (row.restricted) return row.named ? { allowed: true, via: 'named' } : { allowed: false };
  if (row.related) return { allowed: true, via: 'relationship' };
  if (row.grant_expires_at) return { allowed: true, via: 'grant', grantExpiresAt: new Date(row.grant_expires_at as Date) };
  return { allowed: false };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs and forms are checked before they reach a query: anything else is simply not found. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
