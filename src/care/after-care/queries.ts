import type { Db } from '../../db/database.ts';
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

