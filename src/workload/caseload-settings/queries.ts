import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** Generated timestamps have no writable type in Kysely: write the time through an expression. */
const timestamp = (at: Date) => sql<never>`${at.toISOString()}::timestamptz`;

/** Versions of the weighting model with who made each. */
function weightingModels(db: Db) {
  return db
    .selectFrom('weighting_models')
    .leftJoin('users', 'users.id', 'weighting_models.created_by')
    .select([
      'weighting_models.id',
      'weighting_models.effective_from',
      'weighting_models.rules',
      'weighting_models.note',
      'weighting_models.created_at',
      'users.name as created_by_name',
    ]);
}

/** Every version of the weighting model, latest first, with who made it. */
export async function listWeightingModels(db: Db) {
  return weightingModels(db)
    .orderBy('weighting_models.effective_from', 'desc')
    .execute();
}

export async function findWeightingModel(db: Db, id: string) {
  return weightingModels(db)
    .where('weighting_models.id', '=', id)
    .executeTakeFirst();
}

export async function weightingModelOnDate(db: Db, effectiveFrom: string): Promise<boolean> {
  const row = await db.selectFrom('weighting_models').select('id').where('effective_from', '=', effectiveFrom).executeTakeFirst();
  return Boolean(row);
}

export async function insertWeightingModel(db: Db, values: { effectiveFrom: string; rules: unknown; note: string | null; createdBy: string | null; at: Date }) {
  return db
    .insertInto('weighting_models')
    .values({
      effective_from: values.effectiveFrom,
      rules: JSON.stringify(values.rules),
      note: values.note,
      created_by: values.createdBy,
      created_at: timestamp(values.at),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The settings row with who last changed it. */
export async function findSettingsWithAuthor(db: Db) {
  return db
    .selectFrom('caseload_settings')
    .leftJoin('users', 'users.id', 'caseload_settings.updated_by')
    .select(['caseload_settings.settings', 'caseload_settings.updated_at', 'users.name as updated_by_name'])
    .where('caseload_settings.id', '=', 1)
    .executeTakeFirst();
}

/** Writes the one settings row; serialised by the row lock, so two saves never interleave. */
export async function saveSettingsRow(db: Db, settings: unknown, updatedBy: string | null, at: Date) {
  await db
    .insertInto('caseload_settings')
    .values({ id: 1, settings: JSON.stringify(settings), updated_by: updatedBy, updated_at: timestamp(at) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify(settings), updated_by: updatedBy, updated_at: timestamp(at) }))
    .execute();
}

/** The settings row, locked for the rest of the transaction (undefined before the first save). */
export async function lockSettingsRow(db: Db) {
  return db.selectFrom('caseload_settings').select('settings').where('id', '=', 1).forUpdate().executeTakeFirst();
}
