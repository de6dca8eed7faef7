import type { Db } from '../../db/database.ts';

/** Every lead allocation of the child with the worker's and team's names, oldest first. */
export async function listLeadAllocations(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .leftJoin('users', 'users.id', 'allocations.worker_id')
    .select(['allocations.start_date', 'allocations.end_date', 'allocations.end_reason', 'users.name as worker_name', 'teams.name as team_name'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.role', '=', 'lead')
    .orderBy('allocations.start_date')
    .orderBy('allocations.recorded_at')
    .execute();
}

export async function listSignificantNotes(db: Db, childId: string) {
  return db
    .selectFrom('case_notes')
    .select(['id', 'event_date', 'note_type', 'title'])
    .where('child_id', '=', childId)
    .where('significant', '=', true)
    .orderBy('event_date')
    .orderBy('recorded_at')
    .execute();
}
