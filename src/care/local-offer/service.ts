import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { field, formComplete, problem, readForm, sentText, text, type Body } from '../../platform/http/forms.ts';
import { findLocalOffer, saveLocalOffer } from './queries.ts';

export const SUMMARY_MAX = 4000;
export const URL_MAX = 500;

const localOfferForm = z.object({
  summary: text({ label: 'The offer', max: SUMMARY_MAX, required: 'Enter what the council offers its care leavers', keepLayout: true }),
  url: field<string | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    if (value.length > URL_MAX) return problem(`The web address must be ${URL_MAX} characters or fewer`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return problem('Enter a web address starting https://, like https://www.example.gov.uk/local-offer');
    }
    return url.protocol === 'https:' ? url.toString() : problem('Enter a web address starting https://, like https://www.example.gov.uk/local-offer');
  }),
});

export async function localOfferView(db: Db) {
  const offer = await findLocalOffer(db);
  return { values: { summary: offer?.local_offer_summary ?? '', url: offer?.local_offer_url ?? '' }, updatedAt: offer?.updated_at ?? null };
}

/** Saves the local offer; a refused save stores nothing. Both are audited. */
export async function changeLocalOffer(db: Db, userId: string, audit: AuditContext, body: Body): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const read = readForm(localOfferForm, body);
  return db.transaction().execute(async (trx) => {
    if (!formComplete(read)) {
      await recordAudit(trx, audit, { action: 'care.local_offer.update', outcome: 'failed', subjectType: 'care_settings', subjectId: 'local_offer', reason: `refused, nothing stored: ${Object.keys(read.errors).join(', ')}` });
      return { ok: false as const, errors: read.errors };
    }
    await saveLocalOffer(trx, read.values, userId);
    await recordAudit(trx, audit, { action: 'care.local_offer.update', outcome: 'allowed', subjectType: 'care_settings', subjectId: 'local_offer', reason: read.values.url ? `offer saved with a link to ${read.values.url}` : 'offer saved without a link' });
    return { ok: true as const };
  });
}
