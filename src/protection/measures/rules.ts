// The help and protection measures, month by month: what each child's
// history adds to them, and the sums. Pure: the page reads the rows, scopes
// them and passes them here. The definitions and their sources are in
// docs/help-and-protection.md ("Measures"); the tests are built from them.
import type { CaseEventKind } from '../../db/schema.ts';
import { addMonths } from '../../platform/calendar/dates.ts';
import { s47Enquiries, workingDaysAfter } from '../../timescales/index.ts';
import { groupBy } from '../../platform/collections/group-by.ts';

/** Working days from the referral within which an assessment is completed (Working Together to Safeguard Children 2023). */
export const ASSESSMENT_WORKING_DAYS = 45;
/** Working days from the strategy discussion that started the enquiry within which the initial conference is held (Working Together 2023). */
export const ICPC_WORKING_DAYS = 15;
/** A re-referral is a referral within 12 months of a previous one (DfE, Children in need statistics). */
export const RE_REFERRAL_MONTHS = 12;
/** A plan that has lasted two years or more when it ends (DfE, Children in need statistics). */
export const LONG_PLAN_MONTHS = 24;

/** The CIN census categories of abuse, in the census's order. */
export const CATEGORIES = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A contact still waiting for its decision has no outcome yet. */
export const AWAITING = 'awaiting';

/** What the measures read of one child's record. Dates are 'YYYY-MM-DD'. */
export interface ProtectionHistory {
  /** The child's lead allocations (the team holding the case), each to its last day (null while open). */
  leads: readonly { teamId: string; start: string; end: string | null }[];
  contacts: readonly { date: string; outcome: string | null }[];
  referrals: readonly { referralDate: string; closeDate: string | null; noFurtherAction: boolean }[];
  events: readonly { kind: CaseEventKind; date: string; s47Started?: boolean | null }[];
  cpPlans: readonly { startDate: string; endDate: string | null; initialCategory: string }[];
}

/** One thing that counts in a month, on the day it happened, with the team holding the case that day (null: none did). */
export type Counted = { date: string; teamId: string | null } & (
  | { measure: 'contact'; outcome: string }
  | { measure: 'referral'; reReferral: boolean }
  | { measure: 'assessment'; inTime: boolean }
  | { measure: 'enquiry'; ledToIcpc: boolean | null }
  | { measure: 'icpc'; inTime: boolean }
  | { measure: 'plan_started'; category: string; subsequent: boolean }
  | { measure: 'plan_ended'; twoYearsOrMore: boolean }
);

/**
 * The team holding the child's case on `date`: the lead allocation open that
 * day (begun on or before it, not ended before it), the latest begun where a
 * handover puts two on the same day; null when no team held it (a contact or
 * referral at the front door, before anyone was allocated).
 */
export function teamOn(leads: ProtectionHistory['leads'], date: string): string | null {
  let found: ProtectionHistory['leads'][number] | null = null;
  for (const lead of leads) {
    if (lead.start > date || (lead.end !== null && lead.end < date)) continue;
    if (!found || lead.start >= found.start) found = lead;
  }
  return found?.teamId ?? null;
}

/**
 * A referral is a re-referral when the child had another referral within 12
 * months before it: on or after the same day 12 months earlier, and before
 * this one's day. Every earlier referral counts, those with no further action
 * included.
 */
export function isReReferral(referralDate: string, earlierDates: readonly string[]): boolean {
  const from = addMonths(referralDate, -RE_REFERRAL_MONTHS);
  return earlierDates.some((d) => d < referralDate && d >= from);
}

/** Completed within 45 working days of the referral: on or before the 45th working day after it. */
export function assessmentInTime(referralDate: string, completed: string): boolean {
  return completed <= workingDaysAfter(referralDate, ASSESSMENT_WORKING_DAYS);
}

/** Held within 15 working days of the strategy discussion that started the enquiry: on or before the 15th working day after it. */
export function icpcInTime(strategyDiscussion: string, conference: string): boolean {
  return conference <= workingDaysAfter(strategyDiscussion, ICPC_WORKING_DAYS);
}

/** A plan that ended had lasted two years or more when it ended on or after the same day two years after it began. */
export function lastedTwoYears(start: string, end: string): boolean {
  return end >= addMonths(start, LONG_PLAN_MONTHS);
}

/**
 * Everything one child adds to the measures, each on its day and with the
 * team holding the case then:
 * - each contact, by its outcome (awaiting while there is none);
 * - each referral, and whether it is a re-referral;
 * - each referral's assessment (not after a referral with no further action):
 *   the first completed (authorised) on or after the referral and by its
 *   closure, counted on the day it was completed; an assessment belongs to
 *   the latest referral before it;
 * - each section 47 enquiry (the timescales engine's), counted on the day of
 *   the strategy discussion that started it: led to an initial conference,
 *   not (ended without one), or not yet known (still going on);
 * - the initial conference each enquiry led to, on its day, in time or not;
 * - each plan that began, by its initial category, second or subsequent when
 *   the child had a plan that began before it; each plan that ended, and
 *   whether it had lasted two years or more.
 */
export function countedOf(history: ProtectionHistory): Counted[] {
  const out: Counted[] = [];
  const on = (date: string) => ({ date, teamId: teamOn(history.leads, date) });

  for (const c of history.contacts) out.push({ measure: 'contact', ...on(c.date), outcome: c.outcome ?? AWAITING });

  const referrals = [...history.referrals].sort((a, b) => (a.referralDate < b.referralDate ? -1 : a.referralDate > b.referralDate ? 1 : 0));
  const referralDates = referrals.map((r) => r.referralDate);
  for (const r of referrals) out.push({ measure: 'referral', ...on(r.referralDate), reReferral: isReReferral(r.referralDate, referralDates) });

  const assessments = history.events.filter((e) => e.kind === 'assessment').map((e) => e.date).sort();
  const answered = new Set<string>();
  for (const done of assessments) {
    const referral = referrals.filter((r) => r.referralDate <= done).at(-1);
    if (!referral || referral.noFurtherAction || (referral.closeDate !== null && referral.closeDate < done)) continue;
    if (answered.has(referral.referralDate)) continue;
    answered.add(referral.referralDate);
    out.push({ measure: 'assessment', ...on(done), inTime: assessmentInTime(referral.referralDate, done) });
  }

  const timeline = { events: history.events, referrals: history.referrals, cpPlans: history.cpPlans.map((p) => ({ startDate: p.startDate, endDate: p.endDate })) };
  for (const enquiry of s47Enquiries(timeline)) {
    const conference = enquiry.conferences[0] ?? null;
    out.push({ measure: 'enquiry', ...on(enquiry.start), ledToIcpc: conference !== null ? true : enquiry.end === null ? null : false });
    if (conference !== null) out.push({ measure: 'icpc', ...on(conference), inTime: icpcInTime(enquiry.start, conference) });
  }

  for (const plan of history.cpPlans) {
    const subsequent = history.cpPlans.some((p) => p.startDate < plan.startDate);
    out.push({ measure: 'plan_started', ...on(plan.startDate), category: plan.initialCategory, subsequent });
    if (plan.endDate !== null) out.push({ measure: 'plan_ended', ...on(plan.endDate), twoYearsOrMore: lastedTwoYears(plan.startDate, plan.endDate) });
  }
  return out;
}

/** A share: how many of how many, and the percentage to one decimal place (null when there were none). */
export interface Share {
  count: number;
  of: number;
  percent: number | null;
}

export function shareOf(count: number, of: number): Share {
  return { count, of, percent: of === 0 ? null : Math.round((count / of) * 1000) / 10 };
}

/** The figures for a month, or for a longer period. */
export interface Figures {
  contacts: number;
  /** Contacts by outcome (the stored key, or 'awaiting'). */
  contactOutcomes: Record<string, number>;
  referrals: number;
  /** Re-referrals of the referrals in the month. */
  reReferrals: Share;
  /** Assessments completed in the month, and those within 45 working days of the referral. */
  assessmentsInTime: Share;
  enquiries: number;
  /** Of the enquiries started in the month and ended, those that led to an initial conference. */
  enquiriesToIcpc: Share;
  /** Enquiries started in the month still going on. */
  enquiriesOpen: number;
  /** Initial conferences held in the month, and those within 15 working days. */
  icpcsInTime: Share;
  plansStarted: number;
  byCategory: Record<Category, number>;
  /** Plans begun in the month that were the child's second or subsequent. */
  subsequentPlans: Share;
  /** Plans ended in the month that had lasted two years or more. */
  longPlansEnded: Share;
}

export interface MonthFigures extends Figures {
  /** 'YYYY-MM' */
  month: string;
}

/** The figures for each month ('YYYY-MM') from the things counted. */
export function monthFigures(counted: readonly Counted[], months: readonly string[]): MonthFigures[] {
  const byMonth = groupBy(counted, (c) => c.date.slice(0, 7));
  return months.map((month) => ({ month, ...figuresOf(byMonth.get(month) ?? []) }));
}

/** The figures over everything counted (already chosen for a period and a team). */
export function figuresOf(inPeriod: readonly Counted[]): Figures {
  const of = <M extends Counted['measure']>(measure: M) => inPeriod.filter((c): c is Extract<Counted, { measure: M }> => c.measure === measure);
  const contacts = of('contact');
  const contactOutcomes: Record<string, number> = {};
  for (const c of contacts) contactOutcomes[c.outcome] = (contactOutcomes[c.outcome] ?? 0) + 1;
  const referrals = of('referral');
  const assessments = of('assessment');
  const enquiries = of('enquiry');
  const ended = enquiries.filter((e) => e.ledToIcpc !== null);
  const icpcs = of('icpc');
  const started = of('plan_started');
  const byCategory = Object.fromEntries(CATEGORIES.map((k) => [k, started.filter((p) => p.category === k).length])) as Record<Category, number>;
  const endedPlans = of('plan_ended');
  return {
    contacts: contacts.length,
    contactOutcomes,
    referrals: referrals.length,
    reReferrals: shareOf(referrals.filter((r) => r.reReferral).length, referrals.length),
    assessmentsInTime: shareOf(assessments.filter((a) => a.inTime).length, assessments.length),
    enquiries: enquiries.length,
    enquiriesToIcpc: shareOf(ended.filter((e) => e.ledToIcpc).length, ended.length),
    enquiriesOpen: enquiries.length - ended.length,
    icpcsInTime: shareOf(icpcs.filter((i) => i.inTime).length, icpcs.length),
    plansStarted: started.length,
    byCategory,
    subsequentPlans: shareOf(started.filter((p) => p.subsequent).length, started.length),
    longPlansEnded: shareOf(endedPlans.filter((p) => p.twoYearsOrMore).length, endedPlans.length),
  };
}
