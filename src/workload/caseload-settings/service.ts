import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { z } from 'zod';
import { dateInput, formComplete, readForm, text } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { findWorkers } from '../caseload/queries.ts';
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTING, weightingWithDefaults, withDefaults, type CaseloadSettings, type WeightingRules } from '../caseload/rules.ts';
import { CASE_HOLDING_ROLES, reassessWorkers } from '../caseload/service.ts';
import {
  findSettingsWithAuthor,
  findWeightingModel,
  insertWeightingModel,
  listWeightingModels,
  lockSettingsRow,
  saveSettingsRow,
  weightingModelOnDate,
} from './queries.ts';
import { describeSettingsChanges, describeWeightingChanges, readLevelsForm, readWeightingForm } from './rules.ts';

export interface AdminChangeContext {
  audit: AuditContext;
  today: string;
  now: Date;
}

export type SaveOutcome = { ok: true; reassessed: number; appliesToday: boolean } | { ok: false; errors: FieldErrors };

const NOTE_MAX = 500;

/** The weighting model in force today, the versions before and after it, and the recommended levels, each beside its default. */
export async function caseloadConfiguration(db: Db, today: string) {
  const [models, settingsRow] = await Promise.all([listWeightingModels(db), findSettingsWithAuthor(db)]);
  const current = models.find((m) => m.effective_from <= today) ?? null;
  return {
    today,
    current: current ? { ...current, rules: weightingWithDefaults(current.rules as Partial<WeightingRules>) } : null,
    weighting: weightingWithDefaults(current?.rules as Partial<WeightingRules> | undefined),
    upcoming: models.filter((m) => m.effective_from > today).reverse(),
    past: models.filter((m) => m.effective_from <= today && m.id !== current?.id),
    defaults: { weighting: DEFAULT_WEIGHTING, settings: DEFAULT_SETTINGS },
    settings: withDefaults(settingsRow?.settings as Partial<CaseloadSettings> | undefined),
    settingsUpdatedAt: settingsRow?.updated_at ?? null,
    settingsUpdatedBy: settingsRow?.updated_by_name ?? null,
  };
}

/** One version of the weighting model, as it was saved (never changed after). */
export async function weightingVersion(db: Db, id: string) {
  const model = await findWeightingModel(db, id);
  return model ? { ...model, rules: weightingWithDefaults(model.rules as Partial<WeightingRules>) } : undefined;
}

/** Everyone who can hold cases, reassessed in batches inside the caller's transaction. */
async function reassessEveryone(trx: Db, ctx: AdminChangeContext, trigger: string): Promise<number> {
  const workers = await findWorkers(trx, { roles: CASE_HOLDING_ROLES });
  for (let i = 0; i < workers.length; i += 100) {
    await reassessWorkers(
      trx,
      workers.slice(i, i + 100).map((w) => w.id),
      { today: ctx.today, now: ctx.now, trigger, actorId: ctx.audit.actorUserId },
    );
  }
  return workers.length;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** The date a new version applies from (today or later), and why it changed. */
function versionForm(today: string) {
  return z.object({
    effectiveFrom: dateInput({
      label: 'Date it applies from',
      required: true,
      notBefore: today,
      notBeforeMessage: 'Date it applies from must be today or in the future: past figures stay as they were worked out',
    }),
    note: text({ label: 'Reason for the change', max: NOTE_MAX, tooLong: `Reason for the change must be ${NOTE_MAX} characters or fewer` }),
  });
}

const DATE_TAKEN = 'There is already a version of the weighting model from this date. Choose another date: a saved version is never changed';

/**
 * Saves a new version of the weighting model from a date (today or later; one
 * version a date). Audited in the same transaction; a version that applies
 * from today reassesses every case-holding worker there too, so variances
 * open or close with the change.
 */
export async function createWeightingVersion(db: Db, body: Record<string, unknown>, ctx: AdminChangeContext): Promise<SaveOutcome> {
  const dated = readForm(versionForm(ctx.today), body);
  const errors: FieldErrors = { ...dated.errors };
  delete errors.note;
  const rules = readWeightingForm(body);
  if (!rules.ok) Object.assign(errors, rules.errors);
  if (dated.errors.note) errors.note = dated.errors.note;
  if (Object.keys(errors).length || !rules.ok || !formComplete(dated)) return { ok: false, errors };
  const effectiveFrom = dated.values.effectiveFrom;
  const note = dated.values.note;
  try {
    return await db.transaction().execute(async (trx): Promise<SaveOutcome> => {
      if (await weightingModelOnDate(trx, effectiveFrom)) return { ok: false, errors: { 'effectiveFrom-day': DATE_TAKEN } };
      const before = (await caseloadConfiguration(trx, effectiveFrom)).weighting;
      const model = await insertWeightingModel(trx, {
        effectiveFrom,
        rules: rules.value,
        note: note || null,
        createdBy: ctx.audit.actorUserId,
        at: ctx.now,
      });
      await recordAudit(trx, ctx.audit, {
        action: 'caseload.weighting.create',
        outcome: 'allowed',
        subjectType: 'weighting_model',
        subjectId: model.id,
        reason: `from ${effectiveFrom}: ${describeWeightingChanges(before, rules.value)}${note ? `; reason: ${note}` : ''}`,
      });
      const reassessed = effectiveFrom === ctx.today ? await reassessEveryone(trx, ctx, 'weighting change') : 0;
      return { ok: true, reassessed, appliesToday: effectiveFrom === ctx.today };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { 'effectiveFrom-day': DATE_TAKEN } };
    throw error;
  }
}

/**
 * Saves the recommended levels (they apply from now), audited with what
 * changed, and reassesses every case-holding worker in the same transaction.
 */
export async function saveLevels(db: Db, body: Record<string, unknown>, ctx: AdminChangeContext): Promise<SaveOutcome> {
  return db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    const row = await lockSettingsRow(trx);
    const current = withDefaults(row?.settings as Partial<CaseloadSettings> | undefined);
    const read = readLevelsForm(body, current);
    if (!read.ok) return { ok: false, errors: read.errors };
    const changes = describeSettingsChanges(current, read.value);
    await saveSettingsRow(trx, read.value, ctx.audit.actorUserId, ctx.now);
    await recordAudit(trx, ctx.audit, { action: 'caseload.settings.update', outcome: 'allowed', subjectType: 'caseload_settings', subjectId: '1', reason: changes });
    const reassessed = await reassessEveryone(trx, ctx, 'weighting change');
    return { ok: true, reassessed, appliesToday: true };
  });
}
