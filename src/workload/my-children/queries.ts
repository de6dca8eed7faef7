import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import { CHILD_NAME_COLUMNS } from '../../platform/record-access/record-header.ts';

/**
 * The viewer's open allocations (lead, co-worker, IRO, personal adviser) of
 * children whose records they may open (the access policy in SQL: a
 * restricted record they are not named on is left out), by name.
 */
export async function findMyAllocations(db: Db, viewer: Viewer, now: Date) {
  return db
    .selectFrom('allocations as mine')
    .innerJoin('people', 'people.id', 'mine.child_id')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .select([
      ...CHILD_NAME_COLUMNS,
      'people.date_of_death',
      'child_status.status',
      'child_status.legal_status',
      'child_status.placement_type',
      'child_status.placement_out_of_area',
      'child_status.placement_distance_miles',
      'mine.role',
      'mine.start_date',
    ])
    .where('mine.worker_id', '=', viewer.id)
    .where('mine.end_date', 'is', null)
    .where(childVisibleTo(viewer, now))
    .orderBy('people.surname')
    .orderBy('people.forename')
    .orderBy('people.id')
    .execute();
}

/** How many children the viewer holds an open allocation for, among those they may open. */
export async function countMyChildren(db: Db, viewer: Viewer, now: Date): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.count<number>('people.id').distinct().as('count'))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('allocations')
          .select('allocations.id')
          .whereRef('allocations.child_id', '=', 'people.id')
          .where('allocations.worker_id', '=', viewer.id)
          .where('allocations.end_date', 'is', null),
      ),
    )
    .where(childVisibleTo(viewer, now))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
