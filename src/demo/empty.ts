import type { Db } from '../db/database.ts';

/** Whether the database holds anyone yet: the demo council is created only in an empty one. */
export async function databaseIsEmpty(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) === undefined;
}
