import type { Db } from '../../src/db/database.ts';
import { insertChild, userByEmail, type NamedChild } from './records.ts';

/**
 * Small hand-made records for the tests of caseload configuration, case
 * factors, the allocation preview and trends: children with a status from a
 * date, and allocations with start (and end) dates.
 */

let serial = 0;

export interface TestChild {
  surname?: string;
  /** What is open for the child, from `since`. */
  status: 'cin' | 'cp' | 'cla' | 'care_leaver';
  since?: string;
  placementPostcode?: string;
  outOfArea?: boolean;
  restricted?: boolean;
}

export async function addChild(db: Db, child: TestChild): Promise<string> {
  serial += 1;
  const since = child.since ?? '2026-01-05';
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: `TH${String(serial).padStart(5, '0')}`,
      forename: 'Robin',
      surname: child.surname ?? `Testchild${serial}`,
      date_of_birth: '2015-05-01',
      restricted: child.restricted ?? false,
      restriction_reason: child.restricted ? 'Adoption' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (child.status === 'care_leaver') {
    await db.insertInto('care_leavers').values({ child_id: row.id, category: 'former_relevant', support_until: '2030-01-01' }).execute();
    return row.id;
  }
  await db.insertInto('referrals').values({ child_id: row.id, referral_date: since, source: '1A', primary_need: 'N1' }).execute();
  if (child.status === 'cp') {
    await db.insertInto('cp_plans').values({ child_id: row.id, start_date: since, initial_category: 'NEG', latest_category: 'NEG' }).execute();
  }
  if (child.status === 'cla') {
    await db
      .insertInto('care_episodes')
      .values({
        child_id: row.id,
        start_date: since,
        reason_new_episode: 'S',
        legal_status: 'C2',
        primary_need: 'N1',
        placement_type: 'U4',
        placement_postcode: child.placementPostcode ?? 'BN21 4AB',
        placement_out_of_area: child.outOfArea ?? false,
      })
      .execute();
  }
  return row.id;
}

export async function allocate(
  db: Db,
  values: { childId: string; teamId: string; workerId: string | null; start?: string; end?: string | null; role?: 'lead' | 'co_worker' | 'personal_adviser' },
): Promise<void> {
  await db
    .insertInto('allocations')
    .values({
      child_id: values.childId,
      role: values.role ?? 'lead',
      team_id: values.teamId,
      worker_id: values.workerId,
      start_date: values.start ?? '2026-06-01',
      end_date: values.end ?? null,
    })
    .execute();
}

export async function addFamily(db: Db, name: string, memberIds: string[]): Promise<string> {
  const family = await db.insertInto('families').values({ name }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('family_members')
    .values(memberIds.map((id) => ({ family_id: family.id, person_id: id })))
    .execute();
  return family.id;
}

/** A named child (see records.ts) allocated, as lead, to the person with this email, in her team, from `start`. */
export async function childAllocatedTo(db: Db, email: string, child: NamedChild, start: string): Promise<string> {
  const worker = await userByEmail(db, email);
  const childId = await insertChild(db, child);
  await allocate(db, { childId, teamId: worker.teamId, workerId: worker.id, start });
  return childId;
}
