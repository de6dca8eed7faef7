import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { Forbidden, type FieldErrors } from '../../platform/http/errors.ts';
import { readForm, wholeNumber } from '../../platform/http/forms.ts';
import { saveSupervisionSettings } from './queries.ts';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from './rules.ts';
import { loadSupervisionSettings } from './service.ts';

/** The supervision standards a council may change, with the range each may take. */
export const EDITABLE_SETTINGS = [
  { key: 'asyeWeeklyForWeeks', label: 'ASYE: weekly supervision for the first', unit: 'weeks', min: 0, max: 26 },
  { key: 'asyeFortnightlyUntilMonths', label: 'ASYE: then fortnightly until', unit: 'months from the start of the ASYE', min: 0, max: 12 },
  { key: 'experiencedIntervalMonths', label: 'Everyone else: supervision every', unit: 'months', min: 1, max: 3 },
  { key: 'dueSoonDays', label: 'Show as due soon within', unit: 'days', min: 0, max: 28 },
  { key: 'oversightWeeksCp', label: 'Management oversight of a child on a child protection plan at least every', unit: 'weeks', min: 1, max: 12 },
  { key: 'oversightWeeksOther', label: 'Management oversight of any other open case at least every', unit: 'weeks', min: 1, max: 26 },
] as const satisfies readonly { key: NumericSetting; label: string; unit: string; min: number; max: number }[];

type NumericSetting = Exclude<keyof SupervisionSettings, 'supervisedRoles'>;

export function assertMayChangeSettings(viewer: Viewer): void {
  if (viewer.role !== 'head_of_service' && viewer.role !== 'system_admin') {
    throw new Forbidden('The supervision standards are set by heads of service and administrators.');
  }
}

/** Each standard a whole number in its range; the message names its unit ('weeks' of 'months from the start of the ASYE'). */
function settingsForm() {
  return z.object(
    Object.fromEntries(
      EDITABLE_SETTINGS.map((s) => {
        const message = `${s.label} must be a whole number of ${s.unit.split(' ')[0]} from ${s.min} to ${s.max}`;
        return [s.key, wholeNumber({ label: s.label, min: s.min, max: s.max, required: message, invalid: message })];
      }),
    ),
  );
}

export function readSettings(body: Record<string, unknown>, current: SupervisionSettings): { settings: SupervisionSettings | null; errors: FieldErrors } {
  const { values, errors } = readForm(settingsForm(), body);
  const next: SupervisionSettings = { ...current, ...values };
  if (!errors.asyeFortnightlyUntilMonths && !errors.asyeWeeklyForWeeks && next.asyeFortnightlyUntilMonths * 4 < next.asyeWeeklyForWeeks && next.asyeFortnightlyUntilMonths > 0) {
    errors.asyeFortnightlyUntilMonths = 'The fortnightly period must end after the weekly period';
  }
  return Object.keys(errors).length ? { settings: null, errors } : { settings: next, errors };
}

export async function settingsView(db: Db, viewer: Viewer) {
  assertMayChangeSettings(viewer);
  const settings = await loadSupervisionSettings(db);
  return { settings, defaults: DEFAULT_SUPERVISION_SETTINGS };
}

export async function changeSettings(db: Db, viewer: Viewer, audit: AuditContext, body: Record<string, unknown>) {
  assertMayChangeSettings(viewer);
  const current = await loadSupervisionSettings(db);
  const { settings, errors } = readSettings(body, current);
  if (!settings) {
    await recordAudit(db, audit, { action: 'supervision.settings.update', outcome: 'failed', subjectType: 'supervision_settings', subjectId: '1', reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false as const, errors, current };
  }
  const changed = EDITABLE_SETTINGS.filter((s) => settings[s.key] !== current[s.key]).map((s) => `${s.key} ${current[s.key]} -> ${settings[s.key]}`);
  await db.transaction().execute(async (trx) => {
    await saveSupervisionSettings(trx, settings, viewer.id);
    await recordAudit(trx, audit, { action: 'supervision.settings.update', outcome: 'allowed', subjectType: 'supervision_settings', subjectId: '1', reason: changed.join('; ') || 'no change' });
  });
  return { ok: true as const };
}
