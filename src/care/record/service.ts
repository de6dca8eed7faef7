import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { describeCode } from '../../reference/codes.ts';
import { currentPlacementStart, dueItems, leavingCareFromHistory, presentItem, timelineOf, timescaleSettings } from '../../timescales/index.ts';
import { goalsOf } from '../goals/service.ts';
import { findLocalOffer } from '../local-offer/queries.ts';
import { findCareLeaverRecord, findPersonalAdviser } from './queries.ts';
import { categoryOwesDuties, describeSupport, lastAdviserVisit, lastRecorded, LEAVING_CARE_KINDS, LOOKED_AFTER_KINDS } from './rules.ts';

const CATEGORY_LABELS = { eligible: 'Eligible', relevant: 'Relevant', former_relevant: 'Former relevant', qualifying: 'Qualifying' } as const;

/** The child's care page: their placement and plan while looked after; their adviser, pathway plan, what comes next and the local offer after. */
export async function careView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.care', async (trx) => {
    const [child, timeline, settings, adviser, recorded, localOffer, goals] = await Promise.all([
      childHeaderView(trx, a.childId, a.today),
      timelineOf(trx, a.childId),
      timescaleSettings(trx),
      findPersonalAdviser(trx, a.childId),
      findCareLeaverRecord(trx, a.childId),
      findLocalOffer(trx),
      goalsOf(trx, a.childId),
    ]);
    const items = timeline ? dueItems(timeline, a.today, settings).map((i) => presentItem(a.childId, i)) : [];
    const fromHistory = timeline ? leavingCareFromHistory(timeline, a.today) : { category: null, reason: '' };
    const category = recorded?.category ?? fromHistory.category;
    const lookedAfter = child.status === 'looked_after';
    return {
      child,
      lookedAfter: lookedAfter
        ? {
            legalStatus: child.legal_status ? describeCode('legalStatus', child.legal_status) : null,
            placementType: child.placement_type ? describeCode('placementType', child.placement_type) : null,
            placementSince: timeline ? currentPlacementStart(timeline, a.today) : null,
            outOfArea: child.placement_out_of_area === true,
            distanceMiles: child.placement_distance_miles,
            next: items.filter((i) => LOOKED_AFTER_KINDS.includes(i.kind)),
          }
        : null,
      leavingCare: category !== null && timeline
        ? {
            category: CATEGORY_LABELS[category],
            categorySource: recorded ? 'recorded' : 'history',
            historyReason: fromHistory.reason,
            owed: categoryOwesDuties(category),
            adviser: adviser ?? null,
            needsAssessment: lastRecorded(timeline, 'needs_assessment'),
            lastReview: lastRecorded(timeline, 'pathway_plan_review'),
            lastVisit: lastAdviserVisit(timeline),
            support: describeSupport(timeline.dateOfBirth, recorded ? { category: recorded.category, supportUntil: recorded.support_until } : category ? { category, supportUntil: null } : null),
            next: items.filter((i) => LEAVING_CARE_KINDS.includes(i.kind)),
            goals: goals.filter((g) => g.open),
            goalsAchieved: goals.filter((g) => g.outcome === 'achieved').length,
          }
        : null,
      localOffer: localOffer ?? null,
    };
  });
}
