import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import { inCaseScope, type CaseScope } from '../../platform/access/case-scope.ts';
import type { CareLeaverOutcomesTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

/** The young person, locked while a check is recorded so two saves of one birthday cannot both pass. */
export async function lockYoungPerson(db: Db, childId: string) {
  return db
    .selectFrom('people')
    .leftJoin('care_leavers', 'care_leavers.child_id', 'people.id')
    .select(['people.date_of_birth', 'people.date_of_death', 'care_leavers.category', 'care_leavers.support_until'])
    .where('people.id', '=', childId)
    .forUpdate('people')
    .executeTakeFirstOrThrow();
}

export async function findYoungPerson(db: Db, childId: string) {
  return db
    .selectFrom('people')
    .leftJoin('care_leavers', 'care_leavers.child_id', 'people.id')
    .select(['people.date_of_birth', 'people.date_of_death', 'care_leavers.category', 'care_leavers.support_until'])
    .where('people.id', '=', childId)
    .executeTakeFirstOrThrow();
}

export async function listChecks(db: Db, childId: string) {
  return db
    .selectFrom('care_leaver_outcomes as o')
    .innerJoin('users', 'users.id', 'o.recorded_by')
    .select(['o.id', 'o.birthday_age', 'o.birthday_on', 'o.gathered_on', 'o.in_touch', 'o.activity', 'o.accommodation', 'o.staying_close', 'o.bursary_paid', 'users.name as recorded_by_name'])
    .where('o.child_id', '=', childId)
    .orderBy('o.birthday_age')
    .execute();
}

export async function insertCheck(db: Db, row: Insertable<CareLeaverOutcomesTable>) {
  return db.insertInto('care_leaver_outcomes').values(row).returning('id').executeTakeFirstOrThrow();
}

/**
 * The birthday checks of birthdays from `from` to `to`, with the team leading
 * each young person's case now (their personal adviser's, once no social
 * worker leads: the case_leads view). Counted as the access policy says a
 * viewer may count: every unrestricted young person in scope, and restricted
 * ones only where the viewer is named on them or otherwise may open them.
 */
export async function findChecksInScope(db: Db, viewer: Viewer, now: Date, scope: CaseScope, from: string, to: string) {
  return db
    .selectFrom('care_leaver_outcomes as o')
    .innerJoin('people', 'people.id', 'o.child_id')
    .leftJoin('case_leads as lead', 'lead.child_id', 'o.child_id')
    .leftJoin('teams', 'teams.id', 'lead.team_id')
    .select(['o.child_id', 'o.birthday_age', 'o.birthday_on', 'o.in_touch', 'o.activity', 'o.accommodation', 'teams.id as team_id', 'teams.name as team_name'])
    .where('people.is_child', '=', true)
    .where('o.birthday_on', '>=', from)
    .where('o.birthday_on', '<=', to)
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]))
    .where(inCaseScope(scope, 'o.child_id'))
    .orderBy('o.birthday_on')
    .execute();
}


/**
 * The young people each personal adviser in scope holds today (an open
 * personal adviser allocation), counted as the access policy says the
 * viewer may count: every unrestricted young person, and restricted ones only
 * where the viewer is named on them. Scope is the adviser's own team (or
 * service), or the adviser themselves. Adds each young person's latest birthday
 * check.
 */
export async function findAdviserCaseloads(db: Db, viewer: Viewer, now: Date, scope: { kind: 'council' | 'service' | 'team' | 'own'; teamId?: string; serviceId?: string; workerId?: string }, today: string) {
  const held = await db
    .selectFrom('allocations as a')
    .innerJoin('users as adviser', 'adviser.id', 'a.worker_id')
    .leftJoin('teams', 'teams.id', 'adviser.team_id')
    .innerJoin('people', 'people.id', 'a.child_id')
    .select(['adviser.id as adviser_id', 'adviser.name as adviser_name', 'teams.name as team_name', 'people.id as child_id', 'people.date_of_birth'])
    .where('a.role', '=', 'personal_adviser')
    .where('a.start_date', '<=', today)
    .where((eb) => eb.or([eb('a.end_date', 'is', null), eb('a.end_date', '>', today)]))
    .where((eb) => eb.or([eb('people.date_of_death', 'is', null), eb('people.date_of_death', '>', today)]))
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]))
    .$if(scope.kind === 'team', (qb) => qb.where('adviser.team_id', '=', scope.teamId!))
    .$if(scope.kind === 'service', (qb) => qb.where('teams.service_id', '=', scope.serviceId!))
    .$if(scope.kind === 'own', (qb) => qb.where('adviser.id', '=', scope.workerId!))
    .orderBy('adviser.name')
    .orderBy('adviser.id')
    .execute();
  const ids = [...new Set(held.map((h) => h.child_id))];
  const checks = ids.length
    ? await db.selectFrom('care_leaver_outcomes').select(['child_id', 'birthday_age', 'in_touch']).where('child_id', '=', anyOf(ids)).orderBy('child_id').orderBy('birthday_age', 'desc').execute()
    : [];
  const latest = new Map<string, string>();
  for (const c of checks) if (!latest.has(c.child_id)) latest.set(c.child_id, c.in_touch);
  return { held, latestInTouch: latest, childIds: ids };
}

/** The young people's overdue personal adviser contacts and pathway plan reviews, from the store of due items worked out for `today`. */
export async function overdueAdviserItems(db: Db, childIds: readonly string[], today: string) {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('due_items')
    .select(['child_id', 'kind'])
    .where('as_at', '=', today)
    .where('status', '=', 'overdue')
    .where('kind', 'in', ['pa_contact', 'pathway_plan_review'])
    .where('child_id', '=', anyOf(childIds))
    .execute();
}
