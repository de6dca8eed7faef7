import type { Db } from '../../db/database.ts';
import type { DirectWorkKind } from '../../db/schema.ts';

/** Every tool in the library, retired ones too, by kind and name. */
export function listTools(db: Db) {
  return db
    .selectFrom('direct_work_tools')
    .selectAll()
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

export type ToolRow = Awaited<ReturnType<typeof listTools>>[number];

/** One tool; `lock` holds it until the transaction ends. */
export function findTool(db: Db, toolId: string, options: { lock?: boolean } = {}) {
  const query = db.selectFrom('direct_work_tools').selectAll().where('id', '=', toolId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function toolNameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('direct_work_tools').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface ToolFields {
  name: string;
  kind: DirectWorkKind;
  purpose: string;
  age_from: number;
  age_to: number;
  suits_needs: string;
  guidance: string;
  course_id: string | null;
}

export async function insertTool(db: Db, row: ToolFields): Promise<string> {
  return (await db.insertInto('direct_work_tools').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTool(db: Db, toolId: string, row: ToolFields): Promise<void> {
  await db.updateTable('direct_work_tools').set(row).where('id', '=', toolId).execute();
}

export async function setRetired(db: Db, toolId: string, retiredOn: string | null): Promise<void> {
  await db.updateTable('direct_work_tools').set({ retired_on: retiredOn }).where('id', '=', toolId).execute();
}
