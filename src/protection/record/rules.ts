import type { DueKind } from '../../timescales/index.ts';

/** What a child in need or a child on a protection plan is owed, as the help and protection page lists it. */
export const PROTECTION_KINDS: readonly DueKind[] = ['contact_decision', 'referral_decision', 'assessment', 'icpc', 'core_group', 'cp_review', 'cp_plan_action', 'cp_visit', 'cin_visit'];

/** How the page names a case event of the protection journey. */
export const EVENT_LABELS: Record<string, string> = {
  strategy_discussion: 'Strategy discussion',
  s47_no_conference: 'Section 47 enquiry ended without a conference',
  icpc: 'Initial child protection conference',
  core_group: 'Core group',
  cp_review: 'Child protection review conference',
  assessment: 'Assessment completed',
};
