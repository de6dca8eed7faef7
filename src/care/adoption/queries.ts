import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { AdoptionDecisionsTable, PreviousPermanenceTable } from '../../db/schema.ts';

const DECISION_COLUMNS = [
  'id',
  'child_id',
  'decided_on',
  'authority',
  'authority_on',
  'matched_on',
  'adopters_count',
  'adopters_sex',
  'adopters_legal_status',
  'foster_carers',
  'placed_on',
  'adopted_on',
  'ceased_on',
  'ceased_reason',
] as const;

/** The child's decisions that they should be placed for adoption, oldest first. */
export function listDecisions(db: Db, childId: string) {
  return db.selectFrom('adoption_decisions').select([...DECISION_COLUMNS]).where('child_id', '=', childId).orderBy('decided_on').orderBy('recorded_at').execute();
}

export type StoredAdoptionDecision = Awaited<ReturnType<typeof listDecisions>>[number];

/** The decisions of these children, oldest first. */
export async function decisionsOf(db: Db, childIds: readonly string[]): Promise<Map<string, StoredAdoptionDecision[]>> {
  const byChild = new Map<string, StoredAdoptionDecision[]>();
  if (childIds.length === 0) return byChild;
  const rows = await db.selectFrom('adoption_decisions').select([...DECISION_COLUMNS]).where('child_id', '=', anyOf(childIds)).orderBy('decided_on').execute();
  for (const r of rows) byChild.set(r.child_id, [...(byChild.get(r.child_id) ?? []), r]);
  return byChild;
}

export async function insertDecision(db: Db, row: Insertable<AdoptionDecisionsTable>) {
  return db.insertInto('adoption_decisions').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateDecision(db: Db, id: string, changes: Updateable<AdoptionDecisionsTable>) {
  await db.updateTable('adoption_decisions').set(changes).where('id', '=', id).execute();
}

/** What is recorded of previous permanence, for each time the child started to be looked after. */
export function listPreviousPermanence(db: Db, childId: string) {
  return db.selectFrom('previous_permanence').select(['id', 'care_started_on', 'option', 'la_code', 'order_on']).where('child_id', '=', childId).orderBy('care_started_on').execute();
}

export type StoredPreviousPermanence = Awaited<ReturnType<typeof listPreviousPermanence>>[number];

/** Records the answer for one start of care, or corrects it: one row per child per start. */
export async function savePreviousPermanence(db: Db, row: Insertable<PreviousPermanenceTable>): Promise<{ id: string; changed: boolean }> {
  const existing = await db.selectFrom('previous_permanence').select('id').where('child_id', '=', row.child_id).where('care_started_on', '=', row.care_started_on).executeTakeFirst();
  if (existing) {
    await db.updateTable('previous_permanence').set({ option: row.option, la_code: row.la_code, order_on: row.order_on, recorded_by: row.recorded_by, recorded_at: row.recorded_at }).where('id', '=', existing.id).execute();
    return { id: existing.id, changed: true };
  }
  const created = await db.insertInto('previous_permanence').values(row).returning('id').executeTakeFirstOrThrow();
  return { id: created.id, changed: false };
}
