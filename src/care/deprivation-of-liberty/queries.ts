import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DeprivationOfLibertyOrdersTable } from '../../db/schema.ts';

/** The child's orders, newest first, with who recorded each. */
export async function listOrders(db: Db, childId: string) {
  return db
    .selectFrom('deprivation_of_liberty_orders as o')
    .innerJoin('users', 'users.id', 'o.recorded_by')
    .select(['o.id', 'o.court', 'o.made_on', 'o.start_date', 'o.end_date', 'o.review_by', 'o.notes', 'o.recorded_at', 'users.name as recorded_by_name'])
    .where('o.child_id', '=', childId)
    .orderBy('o.start_date', 'desc')
    .execute();
}

export type OrderRow = Awaited<ReturnType<typeof listOrders>>[number];

export async function insertOrder(db: Db, values: Insertable<DeprivationOfLibertyOrdersTable>) {
  return db.insertInto('deprivation_of_liberty_orders').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateOrder(db: Db, childId: string, orderId: string, values: Updateable<DeprivationOfLibertyOrdersTable>) {
  await db.updateTable('deprivation_of_liberty_orders').set(values).where('id', '=', orderId).where('child_id', '=', childId).execute();
}

