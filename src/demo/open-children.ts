import type { Db } from '../db/database.ts';

/**
 * The demo council's open children with a lead worker allocated, living and
 * with a date of birth, in a fixed order (so the same seed draws the same
 * sample): the records the later steps add documents and direct work to.
 */
export function openAllocatedChildren(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('allocations as lead', 'lead.child_id', 'people.id')
    .innerJoin('users as worker', 'worker.id', 'lead.worker_id')
    .select(['people.id', 'people.forename', 'people.surname', 'people.date_of_birth', 'lead.worker_id', 'lead.start_date', 'lead.team_id', 'worker.name as worker_name'])
    .where('people.is_child', '=', true)
    .where('lead.role', '=', 'lead')
    .where('lead.end_date', 'is', null)
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_birth', 'is not', null)
    .where('people.date_of_death', 'is', null)
    .orderBy('people.la_child_id')
    .orderBy('people.id')
    .execute();
}
