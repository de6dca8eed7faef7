import { yearInProgress } from '../returns/index.ts';
import type { DemoContext } from './context.ts';

/**
 * The demo council's deliberate errors in its returns for the last finished
 * year, the kind a real council's records hold, so that the returns page has
 * something to find (docs/returns.md). Everything else in the demo council's
 * returns validates.
 * - One looked-after child has no UPN and no reason recorded for it: the
 *   school's number was never asked for (SSDA903 rule 442).
 * - One child in need has no disability recorded, not even "None" (CIN
 *   census rule 8540).
 * Each is the first child by the council's identifier that fits, not a
 * restricted one, so the two are never the same child. Last of the demo's
 * steps and with no random draw, so nothing earlier changes.
 */
export interface ReturnExceptions {
  /** The LA child id of the looked-after child with no UPN, or null when no child fits. */
  upnMissing: string | null;
  /** The LA child id of the child in need with no disability recorded, or null when no child fits. */
  disabilityMissing: string | null;
}

export async function generateReturnExceptions(ctx: DemoContext): Promise<ReturnExceptions> {
  const { db, today } = ctx;
  const yearEnd = yearInProgress(today) - 1;
  const start = `${yearEnd - 1}-04-01`;
  const end = `${yearEnd}-03-31`;

  const lookedAfter = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.la_child_id'])
    .where('p.is_child', '=', true)
    .where('p.restricted', '=', false)
    .where('p.upn', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_episodes as ce')
          .select('ce.id')
          .whereRef('ce.child_id', '=', 'p.id')
          .where('ce.start_date', '<=', end)
          .where((w) => w.or([w('ce.end_date', 'is', null), w('ce.end_date', '>=', start)])),
      ),
    )
    .orderBy('p.la_child_id')
    .limit(1)
    .executeTakeFirst();
  if (lookedAfter) await db.updateTable('people').set({ upn: null, upn_unknown_reason: null }).where('id', '=', lookedAfter.id).execute();

  const inNeed = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.la_child_id'])
    .where('p.is_child', '=', true)
    .where('p.restricted', '=', false)
    .where('p.date_of_birth', 'is not', null)
    .where('p.id', '!=', lookedAfter?.id ?? '00000000-0000-0000-0000-000000000000')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('referrals as r')
          .select('r.id')
          .whereRef('r.child_id', '=', 'p.id')
          .where('r.no_further_action', '=', false)
          .where('r.referral_date', '<=', end)
          .where((w) => w.or([w('r.close_date', 'is', null), w('r.close_date', '>=', start)])),
      ),
    )
    .where((eb) => eb.exists(eb.selectFrom('person_disabilities as d').select('d.code').whereRef('d.person_id', '=', 'p.id').where('d.code', '=', 'NONE')))
    .orderBy('p.la_child_id')
    .limit(1)
    .executeTakeFirst();
  if (inNeed) await db.deleteFrom('person_disabilities').where('person_id', '=', inNeed.id).execute();

  return { upnMissing: lookedAfter?.la_child_id ?? null, disabilityMissing: inNeed?.la_child_id ?? null };
}
