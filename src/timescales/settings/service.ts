import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { Forbidden, type FieldErrors } from '../../platform/http/errors.ts';
import type { Body } from '../../platform/http/forms.ts';
import { DEFAULT_SETTINGS } from '../engine/rules.ts';
import { describeChanges, findTimescaleSettingsRow, readLocalStandards, saveTimescaleSettings, withLocalStandards } from '../engine/settings.ts';

/**
 * Changing the council's local timescale standards. As with the supervision
 * standards, heads of service and system administrators may both look and
 * change; everyone else is refused. Every save, and every refused save, is
 * audited with the old and new values.
 */
export function assertMayChangeTimescales(viewer: Viewer): void {
  if (viewer.role !== 'head_of_service' && viewer.role !== 'system_admin') {
    throw new Forbidden('The local timescale standards are set by heads of service and administrators.');
  }
}

export async function timescaleSettingsView(db: Db, viewer: Viewer) {
  assertMayChangeTimescales(viewer);
  const row = await findTimescaleSettingsRow(db);
  return { settings: withLocalStandards(row?.settings), defaults: DEFAULT_SETTINGS, updatedAt: row?.updated_at ?? null };
}

export async function changeTimescaleSettings(db: Db, viewer: Viewer, audit: AuditContext, body: Body): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  assertMayChangeTimescales(viewer);
  return db.transaction().execute(async (trx) => {
    const current = withLocalStandards((await findTimescaleSettingsRow(trx, { lock: true }))?.settings);
    const { settings, errors } = readLocalStandards(body, current);
    if (!settings) {
      await recordAudit(trx, audit, { action: 'timescales.settings.update', outcome: 'failed', subjectType: 'timescale_settings', subjectId: '1', reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
      return { ok: false as const, errors };
    }
    await saveTimescaleSettings(trx, settings, viewer.id);
    await recordAudit(trx, audit, { action: 'timescales.settings.update', outcome: 'allowed', subjectType: 'timescale_settings', subjectId: '1', reason: describeChanges(current, settings).join('; ') || 'no change' });
    return { ok: true as const };
  });
}
