import type { Db } from '../../db/database.ts';

/** The council's local offer for care leavers (one row), or undefined before it is set. */
export function findLocalOffer(db: Db) {
  return db.selectFrom('care_settings').select(['local_offer_summary', 'local_offer_url', 'updated_at']).executeTakeFirst();
}

export async function saveLocalOffer(db: Db, offer: { summary: string; url: string | null }, userId: string): Promise<void> {
  const row = { local_offer_summary: offer.summary, local_offer_url: offer.url, updated_by: userId };
  await db
    .insertInto('care_settings')
    .values({ id: true, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}
