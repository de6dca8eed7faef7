import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { ProtectionHistory } from './rules.ts';

/** The case events the measures read: assessments completed, strategy discussions, initial conferences and enquiries that needed none. */
const EVENT_KINDS = ['assessment', 'strategy_discussion', 'icpc', 's47_no_conference'] as const;

/**
 * The help and protection history of every child who may be counted for the
 * viewer: every unrestricted child, and the restricted ones the viewer is
 * named on (the access policy, applied here in the SQL), so a restricted
 * child never changes a figure someone without access sees. With `teamIds`,
 * only children one of those teams has ever led (no other child can count in
 * them). Contacts are read from `contactsFrom` on; the rest whole, as
 * re-referrals, second plans and plans' lengths look back. Counts only:
 * nothing here names a child.
 */
export async function findHistories(db: Db, viewer: Viewer, now: Date, contactsFrom: string, teamIds: readonly string[] | null): Promise<ProtectionHistory[]> {
  // The restricted children the viewer may not see: few, so the policy is worked out for them alone, not for every row.
  const hidden = db
    .selectFrom('people')
    .select('people.id')
    .where('people.restricted', '=', true)
    .where((eb) => eb.not(childVisibleTo(viewer, now)(eb)));
  let counted = db.selectFrom('people').select('people.id').where('people.is_child', '=', true).where('people.id', 'not in', hidden);
  if (teamIds !== null) {
    counted = teamIds.length
      ? counted.where('people.id', 'in', db.selectFrom('allocations').select('allocations.child_id').where('allocations.role', '=', 'lead').where('allocations.team_id', 'in', teamIds))
      : counted.where(sql<boolean>`false`);
  }
  const [leads, contacts, referrals, events, plans] = await Promise.all([
    db
      .selectFrom('allocations')
      .select(['child_id', 'team_id', 'start_date', 'end_date'])
      .where('role', '=', 'lead')
      .where('child_id', 'in', counted)
      .execute(),
    db.selectFrom('contacts').select(['child_id', 'contact_date', 'outcome']).where('contact_date', '>=', contactsFrom).where('child_id', 'in', counted).execute(),
    db.selectFrom('referrals').select(['child_id', 'referral_date', 'close_date', 'no_further_action']).where('child_id', 'in', counted).execute(),
    db
      .selectFrom('case_events')
      .select(['child_id', 'kind', 'event_date', 's47_started'])
      .where('kind', 'in', EVENT_KINDS)
      .where('child_id', 'in', counted)
      .execute(),
    db.selectFrom('cp_plans').select(['child_id', 'start_date', 'end_date', 'initial_category']).where('child_id', 'in', counted).execute(),
  ]);
  const byChild = new Map<string, { leads: ProtectionHistory['leads'][number][]; contacts: ProtectionHistory['contacts'][number][]; referrals: ProtectionHistory['referrals'][number][]; events: ProtectionHistory['events'][number][]; cpPlans: ProtectionHistory['cpPlans'][number][] }>();
  const of = (childId: string) => {
    let h = byChild.get(childId);
    if (!h) {
      h = { leads: [], contacts: [], referrals: [], events: [], cpPlans: [] };
      byChild.set(childId, h);
    }
    return h;
  };
  // Only children with something to count need their allocations.
  for (const c of contacts) of(c.child_id).contacts.push({ date: c.contact_date, outcome: (c.outcome as string | null) ?? null });
  for (const r of referrals) of(r.child_id).referrals.push({ referralDate: r.referral_date, closeDate: r.close_date, noFurtherAction: r.no_further_action });
  for (const e of events) of(e.child_id).events.push({ kind: e.kind, date: e.event_date, s47Started: e.s47_started });
  for (const p of plans) of(p.child_id).cpPlans.push({ startDate: p.start_date, endDate: p.end_date, initialCategory: p.initial_category });
  for (const l of leads) byChild.get(l.child_id)?.leads.push({ teamId: l.team_id, start: l.start_date, end: l.end_date });
  return [...byChild.values()];
}
