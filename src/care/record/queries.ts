import type { Db } from '../../db/database.ts';

/** The young person's open personal adviser allocation, with the adviser's and team's names (at most one: migration 0015). */
export function findPersonalAdviser(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .leftJoin('users as adviser', 'adviser.id', 'allocations.worker_id')
    .select(['adviser.name as adviser_name', 'teams.name as team_name', 'allocations.start_date'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.role', '=', 'personal_adviser')
    .where('allocations.end_date', 'is', null)
    .executeTakeFirst();
}

/** The care leaver category the council recorded, and how long support lasts past 21. */
export function findCareLeaverRecord(db: Db, childId: string) {
  return db.selectFrom('care_leavers').select(['category', 'support_until']).where('child_id', '=', childId).executeTakeFirst();
}
