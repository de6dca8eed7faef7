import type { CaseEventKind } from '../../db/schema.ts';
import { distanceMiles } from '../../reference/geography.ts';
import { describeMinutes, DUE_KIND_LABELS, travelMinutes, type DueItem, type DueKind, type DueStatus } from './rules.ts';

export const STATUS_LABELS: Record<DueStatus, string> = {
  overdue: 'Overdue',
  this_week: 'Due this week',
  next_4_weeks: 'Due in the next 4 weeks',
  later: 'Due later',
};

export const STATUS_TAGS: Record<DueStatus, string> = {
  overdue: 'govuk-tag--red',
  this_week: 'govuk-tag--orange',
  next_4_weeks: 'govuk-tag--blue',
  later: 'govuk-tag--grey',
};

/** The case event that satisfies each kind of due item (visits are recorded on the visit form). */
export const EVENT_FOR: Partial<Record<DueKind, CaseEventKind>> = {
  referral_decision: 'referral_decision',
  cla_review: 'cla_review',
  icpc: 'icpc',
  core_group: 'core_group',
  cp_review: 'cp_review',
  assessment: 'assessment',
  health_assessment: 'health_assessment',
  pep_review: 'pep_review',
  needs_assessment: 'needs_assessment',
  pathway_plan_review: 'pathway_plan_review',
};

/** Where one click records what satisfies the item. */
export function recordHref(childId: string, kind: DueKind): string {
  if (kind === 'contact_decision') return `/children/${childId}/protection/contacts`;
  if (kind === 'care_proceedings') return `/children/${childId}/case-factors`;
  if (kind === 'return_interview') return `/children/${childId}/care/missing`;
  if (kind === 'care_leaver_check') return `/children/${childId}/care/after-care/new`;
  if (kind === 'adoption_match') return `/children/${childId}/care/adoption/step`;
  if (kind === 'permanence_plan') return `/children/${childId}/care/permanence/plan`;
  if (kind === 'review_recommendation') return `/children/${childId}/care/reviews`;
  if (kind === 'assessment') return `/children/${childId}/protection/assessments`;
  if (kind === 'icpc') return `/children/${childId}/protection/enquiries/conference`;
  if (kind === 'cp_plan_action') return `/children/${childId}/protection/plans`;
  if (kind === 'core_group') return `/children/${childId}/protection/plans/cp/core-groups/new`;
  if (kind === 'cp_review') return `/children/${childId}/protection/plans/cp/reviews/new`;
  const event = EVENT_FOR[kind];
  return event ? `/children/${childId}/visits/events/new?kind=${event}` : `/children/${childId}/visits/new`;
}

export function recordText(kind: DueKind): string {
  if (kind === 'contact_decision') return 'Decide';
  if (kind === 'care_proceedings') return 'Update proceedings';
  if (kind === 'return_interview') return 'Record interview';
  if (kind === 'care_leaver_check') return 'Record check';
  if (kind === 'adoption_match') return 'Record match';
  if (kind === 'permanence_plan') return 'Record plan';
  if (kind === 'review_recommendation' || kind === 'cp_plan_action') return 'Record done';
  if (kind === 'assessment') return 'Assessments';
  return EVENT_FOR[kind] ? 'Record' : 'Record visit';
}

/** A due item as pages show it. */
export function presentItem(childId: string, item: DueItem) {
  return {
    kind: item.kind,
    label: DUE_KIND_LABELS[item.kind],
    dueDate: item.dueDate,
    status: item.status,
    statusLabel: item.status === 'overdue' ? `Overdue by ${item.daysOverdue} day${item.daysOverdue === 1 ? '' : 's'}` : STATUS_LABELS[item.status],
    statusTag: STATUS_TAGS[item.status],
    daysOverdue: item.daysOverdue,
    rule: item.rule.text,
    ruleId: item.rule.id,
    source: item.rule.source,
    local: item.rule.local,
    basis: item.basis,
    recordHref: recordHref(childId, item.kind),
    recordText: recordText(item.kind),
  };
}

export type PresentedItem = ReturnType<typeof presentItem>;

/** Straight-line miles and an estimated drive from the team's base to the placement, or null when either postcode is unknown. */
export function journeyFromBase(basePostcode: string | null, placementPostcode: string | null) {
  if (!basePostcode || !placementPostcode) return null;
  const miles = distanceMiles(basePostcode, placementPostcode);
  if (miles === null) return null;
  const minutes = travelMinutes(miles);
  return { miles, minutes, travel: `about ${describeMinutes(minutes)} each way` };
}
