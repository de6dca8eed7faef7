import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CareLeaversTable } from '../../db/schema.ts';

export async function listContacts(db: Db, childId: string) {
  return db
    .selectFrom('contacts')
    .leftJoin('users', 'users.id', 'contacts.recorded_by')
    .select(['contacts.id', 'contacts.contact_date', 'contacts.source', 'contacts.outcome', 'contacts.summary', 'users.name as recorded_by_name'])
    .where('contacts.child_id', '=', childId)
    .orderBy('contacts.contact_date', 'desc')
    .orderBy('contacts.id')
    .execute();
}

export async function listReferrals(db: Db, childId: string) {
  return db
    .selectFrom('referrals')
    .select(['id', 'referral_date', 'source', 'primary_need', 'no_further_action', 'close_date', 'closure_reason'])
    .where('child_id', '=', childId)
    .orderBy('referral_date', 'desc')
    .execute();
}

export async function listCpPlans(db: Db, childId: string) {
  return db
    .selectFrom('cp_plans')
    .select(['id', 'referral_id', 'start_date', 'end_date', 'initial_category', 'latest_category'])
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .execute();
}

export async function listCareEpisodes(db: Db, childId: string) {
  return db
    .selectFrom('care_episodes')
    .selectAll()
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .execute();
}

export type CareEpisodeRow = Awaited<ReturnType<typeof listCareEpisodes>>[number];

export async function findCareLeaver(db: Db, childId: string) {
  return db.selectFrom('care_leavers').select(['category', 'support_until', 'updated_at']).where('child_id', '=', childId).executeTakeFirst();
}

/** Whether a personal adviser is allocated to the young person now. */
export async function hasOpenAdviser(db: Db, childId: string): Promise<boolean> {
  const row = await db
    .selectFrom('allocations')
    .select('id')
    .where('child_id', '=', childId)
    .where('role', '=', 'personal_adviser')
    .where('end_date', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The postcode of the child's address on `date` (addresses are half-open periods too). */
export async function findHomePostcodeOn(db: Db, childId: string, date: string): Promise<string | null> {
  const row = await db
    .selectFrom('addresses')
    .select('postcode')
    .where('person_id', '=', childId)
    .where('start_date', '<=', date)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', date)]))
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
  return row?.postcode ?? null;
}


export async function insertReferral(db: Db, row: { child_id: string; referral_date: string; source: string; primary_need: string }) {
  return db.insertInto('referrals').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function closeReferral(db: Db, referralId: string, closeDate: string, closureReason: string) {
  await db
    .updateTable('referrals')
    .set({ close_date: closeDate, closure_reason: closureReason })
    .where('id', '=', referralId)
    .execute();
}

export async function insertCpPlan(db: Db, row: { child_id: string; referral_id: string | null; start_date: string; initial_category: string; latest_category: string }) {
  return db.insertInto('cp_plans').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function endCpPlan(db: Db, planId: string, endDate: string) {
  await db.updateTable('cp_plans').set({ end_date: endDate }).where('id', '=', planId).execute();
}

export async function setCpLatestCategory(db: Db, planId: string, category: string) {
  await db.updateTable('cp_plans').set({ latest_category: category }).where('id', '=', planId).execute();
}

export async function endCareEpisode(db: Db, episodeId: string, endDate: string, reasonCeased: string, reasonPlaceChange: string | null) {
  await db
    .updateTable('care_episodes')
    .set({ end_date: endDate, reason_ceased: reasonCeased, reason_place_change: reasonPlaceChange })
    .where('id', '=', episodeId)
    .execute();
}

export async function insertCareEpisode(
  db: Db,
  row: {
    child_id: string;
    start_date: string;
    reason_new_episode: string;
    legal_status: string;
    primary_need: string;
    placement_type: string;
    placement_provider: string | null;
    placement_postcode: string;
    placement_urn: string | null;
    home_postcode: string | null;
    placement_distance_miles: number | null;
    placement_out_of_area: boolean | null;
  },
) {
  return db.insertInto('care_episodes').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function upsertCareLeaver(db: Db, childId: string, category: CareLeaversTable['category'], at: Date) {
  // A generated timestamp column has no writable type in the schema: write it as SQL.
  const updatedAt = sql<never>`${at.toISOString()}::timestamptz`;
  await db
    .insertInto('care_leavers')
    .values({ child_id: childId, category, updated_at: updatedAt })
    .onConflict((oc) => oc.column('child_id').doUpdateSet({ category, updated_at: updatedAt }))
    .execute();
}

export async function deleteCareLeaver(db: Db, childId: string) {
  const result = await db.deleteFrom('care_leavers').where('child_id', '=', childId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
