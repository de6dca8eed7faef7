// The front door: contacts about a child, the decision on each within one
// working day, a manager's sign-off, and the referrals a decision opens.
// Pure: the service passes the rows and today.
import type { Role } from '../../db/schema.ts';
import { addMonths } from '../../platform/calendar/dates.ts';
import { addWorkingDays, workingDaysBetween } from '../../platform/calendar/working-days.ts';

export const WORKING_TOGETHER = 'Working Together to Safeguard Children 2023';
/**
 * The timescale for the decision, in Working Together's words: within one
 * working day of a referral being received, a local authority social worker
 * should "make a decision about the next steps and the type of response that
 * is required". The front door applies it from the day the contact came in.
 */
export const DECISION_WORKING_DAYS = 1;

/** The day a decision on a contact received on `contactDate` is due by. */
export function decisionDueBy(contactDate: string): string {
  return addWorkingDays(contactDate, DECISION_WORKING_DAYS);
}

/** How long a contact has waited, in working days after the day it came in (0 on that day). */
export function ageInWorkingDays(contactDate: string, today: string): number {
  return workingDaysBetween(contactDate, today);
}

/** Past its one working day: the decision was due before `today` (or before the day it was made). */
export function decisionLate(contactDate: string, decidedOrToday: string): boolean {
  return decidedOrToday > decisionDueBy(contactDate);
}

/**
 * The decisions on a contact. Stored as the key in `contacts.outcome`, which
 * keeps the keys recorded before the front door ('other_agency' stays
 * readable, though no longer offered: a contact passed elsewhere is
 * information and advice).
 */
export const DECISIONS = {
  no_further_action: 'No further action',
  advice: 'Information and advice',
  early_help: 'Early help',
  referral: 'Referral to children’s social care',
} as const;
export type Decision = keyof typeof DECISIONS;

export const EARLIER_OUTCOMES: Record<string, string> = { other_agency: 'Passed to another agency' };

export function describeDecision(outcome: string | null): string {
  if (outcome === null) return 'Awaiting decision';
  return (DECISIONS as Record<string, string>)[outcome] ?? EARLIER_OUTCOMES[outcome] ?? outcome;
}

/** Whether the family agreed to the contact being looked into. */
export const CONSENT = {
  given: 'Given',
  not_given: 'Not given',
  not_needed: 'Not sought',
} as const;
export type Consent = keyof typeof CONSENT;

/**
 * The council's levels of need (its threshold document). A local code set,
 * not a national one: councils name and number their levels differently.
 * These defaults follow the common four-level continuum of need.
 */
export const THRESHOLD_LEVELS = {
  '1': 'Level 1: universal services',
  '2': 'Level 2: early help',
  '3': 'Level 3: child in need',
  '4': 'Level 4: child protection',
} as const;
export type ThresholdLevel = keyof typeof THRESHOLD_LEVELS;

export function describeThreshold(level: string | null): string | null {
  if (level === null) return null;
  return (THRESHOLD_LEVELS as Record<string, string>)[level] ?? level;
}

/** Who signs off a decision at the front door: a manager. */
export const SIGN_OFF_ROLES: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager'];

/** Why `viewer` cannot sign off this contact's decision, or null when they can. */
export function signOffProblem(viewer: { id: string; role: Role }, contact: { outcome: string | null; decided_by: string | null; signed_off_by: string | null }): string | null {
  if (!SIGN_OFF_ROLES.includes(viewer.role)) return 'Only a practice supervisor, team manager or service manager signs off a decision';
  if (contact.outcome === null || contact.decided_by === null) return 'The contact has no decision to sign off yet';
  if (contact.signed_off_by !== null) return 'The decision is already signed off';
  if (contact.decided_by === viewer.id) return 'You made this decision: another manager signs it off';
  return null;
}

/** Where a contact stands at the front door. */
export type ContactStage = 'awaiting_decision' | 'awaiting_sign_off' | 'done';

export function contactStage(contact: { outcome: string | null; decided_by: string | null; signed_off_by: string | null }): ContactStage {
  if (contact.outcome === null) return 'awaiting_decision';
  if (contact.decided_by !== null && contact.signed_off_by === null) return 'awaiting_sign_off';
  return 'done';
}

export const STAGE_LABELS: Record<ContactStage, string> = {
  awaiting_decision: 'Awaiting decision',
  awaiting_sign_off: 'Awaiting sign-off',
  done: 'Decided',
};

/**
 * A re-referral, as the children in need statistics (from the CIN census)
 * define it: "a re-referral occurs when a child is referred within 12 months
 * of a previous referral". `earlier` are the child's previous referral dates.
 */
export function isReReferral(referralDate: string, earlier: readonly string[]): boolean {
  const yearBefore = addMonths(referralDate, -12);
  return earlier.some((d) => d < referralDate && d >= yearBefore);
}

/**
 * The referral date of a referral a contact's decision opens. The CIN census
 * records the referral date (CINreferralDate) as the date the referral was
 * received by children's social care: the information came in on the
 * contact's date, so that is the referral's date, not the day it was
 * decided. This also keeps Working Together's one working day running from
 * when the worry reached the council.
 */
export function referralDateOf(contact: { contact_date: string }): string {
  return contact.contact_date;
}
