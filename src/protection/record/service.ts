import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { describeCode } from '../../reference/codes.ts';
import { dueItems, presentItem, timelineOf, timescaleSettings } from '../../timescales/index.ts';
import { findCpPlans, findProtectionEvents, findReferrals } from './queries.ts';
import { EVENT_LABELS, PROTECTION_KINDS } from './rules.ts';

/** The child's help and protection page: referrals, the steps of any enquiry, plans, and what is due next. */
export async function protectionView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.protection', async (trx) => {
    const [child, timeline, settings, referrals, plans, events] = await Promise.all([
      childHeaderView(trx, a.childId, a.today),
      timelineOf(trx, a.childId),
      timescaleSettings(trx),
      findReferrals(trx, a.childId),
      findCpPlans(trx, a.childId),
      findProtectionEvents(trx, a.childId),
    ]);
    const items = timeline ? dueItems(timeline, a.today, settings).map((i) => presentItem(a.childId, i)) : [];
    return {
      child,
      next: items.filter((i) => PROTECTION_KINDS.includes(i.kind)),
      referrals: referrals.map((r) => ({
        ...r,
        sourceLabel: describeCode('referralSource', r.source),
        needLabel: r.primary_need ? describeCode('primaryNeed', r.primary_need) : null,
        closureLabel: r.closure_reason ? describeCode('cinClosureReason', r.closure_reason) : null,
      })),
      plans: plans.map((p) => ({
        ...p,
        initialLabel: describeCode('cpCategory', p.initial_category),
        latestLabel: describeCode('cpCategory', p.latest_category),
      })),
      events: events.map((e) => ({ ...e, label: EVENT_LABELS[e.kind] ?? e.kind })),
    };
  });
}
