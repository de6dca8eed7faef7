// The statutory and local timescales of children's social care, worked out
// from a child's timeline. Pure: the caller passes the rows and today. Nothing
// here is stored: every due date is derived again from the events that define
// it, so it cannot drift from them. Sources are in docs/timescales.md.
import { addDays, addMonths, ageOn, birthday, daysBetween, formatDate } from '../../platform/calendar/dates.ts';
import { addWorkingDays } from '../../platform/calendar/working-days.ts';
import type { CareLeaverCategory, CaseEventKind } from '../../db/schema.ts';

/**
 * `addWorkingDays`, remembered: a council's timelines ask the same questions
 * (20 working days after this Monday) thousands of times, and counting day by
 * day is most of the engine's time. Bounded, and safe to lose.
 */
const workingDayCache = new Map<string, string>();
export function workingDaysAfter(date: string, count: number): string {
  const key = `${date}|${count}`;
  let found = workingDayCache.get(key);
  if (found === undefined) {
    found = addWorkingDays(date, count);
    if (workingDayCache.size >= 100_000) workingDayCache.clear();
    workingDayCache.set(key, found);
  }
  return found;
}

const earlier = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);

// --- What the engine reads -------------------------------------------------------

export type VisitUnit = 'working_days' | 'days' | 'weeks' | 'months';
export interface Interval {
  everyN: number;
  unit: VisitUnit;
}

export function addInterval(date: string, interval: Interval): string {
  switch (interval.unit) {
    case 'working_days':
      return workingDaysAfter(date, interval.everyN);
    case 'days':
      return addDays(date, interval.everyN);
    case 'weeks':
      return addDays(date, interval.everyN * 7);
    case 'months':
      return addMonths(date, interval.everyN);
  }
}

export function describeInterval(interval: Interval): string {
  const units: Record<VisitUnit, [string, string]> = {
    working_days: ['working day', 'working days'],
    days: ['day', 'days'],
    weeks: ['week', 'weeks'],
    months: ['month', 'months'],
  };
  const [one, many] = units[interval.unit];
  return `${interval.everyN} ${interval.everyN === 1 ? one : many}`;
}


export interface ChildTimeline {
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  referrals: readonly { referralDate: string; closeDate: string | null; noFurtherAction: boolean }[];
  cpPlans: readonly { startDate: string; endDate: string | null }[];
  careEpisodes: readonly {
    startDate: string;
    endDate: string | null;
    reasonNewEpisode: string;
    /** SSDA903 reason the episode ceased (E9: sentenced to custody); null while it runs. */
    reasonCeased?: string | null;
    legalStatus: string;
    placementType: string;
    placementPostcode: string | null;
  }[];
  /** Private fostering arrangements, from the day the council became aware of each. */
  privateFostering: readonly { notifiedOn: string; endedOn: string | null }[];
  /** The day the application for a care or supervision order was issued, while proceedings go on. */
  careProceedingsSince: string | null;
  /**
   * A care leavers' record: the category the council recorded (Children Act
   * 1989 s23A, s23C, s24, Sch 2 para 19B) and, for support past 21, until when.
   */
  careLeaver: { category: CareLeaverCategory; supportUntil: string | null } | null;
  /** The days the child (or young person) moved to a new address, from their address history. */
  moves: readonly string[];
  /**
   * `statutory`: in person, by the worker allocated to the child that day (their
   * social worker, or their personal adviser for a personal adviser's visit) or by
   * a stand-in recorded as visiting for them. Other visits stay on the record but
   * do not meet the duty.
   */
  visits: readonly { date: string; kind: 'social_worker' | 'personal_adviser'; childSeen: boolean; statutory: boolean }[];
  events: readonly { kind: CaseEventKind; date: string; s47Started?: boolean | null }[];
  frequencies: readonly { appliesTo: PlanFrequency; everyN: number; unit: VisitUnit; fromDate: string }[];
  placementTerms: readonly PlacementTerms[];
  /**
   * Episodes missing from care or home (`missing`: whereabouts unknown) or
   * away from placement without authorisation (`away`), and when the return
   * interview was done: held, or offered and declined.
   */
  missingEpisodes: readonly { kind: 'missing' | 'away'; startDate: string; endDate: string | null; interviewDoneOn: string | null }[];
  /** A care leaver's birthday checks (SSDA903 OC3): the birthday's age and the day the information was gathered. */
  birthdayChecks?: readonly { age: number; gatheredOn: string }[];
  /** Each decision that the child should be placed for adoption: the authority to place (a placement order or consent) and the match, reversal or adoption order. */
  adoptionDecisions?: readonly { authority: 'placement_order' | 'consent' | null; authorityOn: string | null; matchedOn: string | null; ceasedOn: string | null; adoptedOn: string | null }[];
  /** The days the child's permanence plans were decided (a change of plan is another day). */
  permanencePlans?: readonly string[];
  /** Contacts at the front door: the day each came in and the day it was decided (null while it awaits a decision). */
  contacts?: readonly { contactDate: string; decidedOn: string | null }[];
  /** The recommendations of the child's looked-after reviews: the review's date, the date each is due by and the day it was done. */
  reviewRecommendations?: readonly { reviewDate: string; dueDate: string; completedOn: string | null; action: string }[];
  /** The actions of the child's protection plans: the day the plan began, the date each is due by and the day it was done. */
  cpPlanActions?: readonly { planStart: string; planEnd: string | null; dueDate: string; completedOn: string | null; action: string }[];
}

/** What reg 28 needs to know about a placement that the SSDA903 codes do not say, keyed by the day it began. */
export interface PlacementTerms {
  placementStart: string;
  /** Intended to last until the child is 18 (reg 28(2)(c)(i)); recorded with the IRO's agreement and the child's view. */
  longTermTo18: boolean;
  /** With a connected person approved temporarily (reg 24). */
  temporaryConnectedPerson: boolean;
  /** With a parent before the assessment of their suitability is complete (reg 19). */
  placedBeforeAssessment: boolean;
  /** A long-term foster placement where the child, of sufficient age and understanding, asked to be visited less often: 6-monthly after its first year. */
  sixMonthlyVisits: boolean;
}

export type PlanFrequency = 'cin' | 'cp' | 'short_breaks';

/**
 * The longest a child's plan may set between visits. Short breaks: reg 48
 * says "in any event" at most 6 months. No regulation times child protection
 * or child in need visits: these are the project's local ceilings (4 weeks,
 * the longest the councils' procedures it follows allow on a plan; 6 weeks,
 * what the law requires for a child in care), shown as local in the docs.
 */
export const LONGEST_PLAN_INTERVAL: Record<PlanFrequency, Interval> = {
  cp: { everyN: 4, unit: 'weeks' },
  cin: { everyN: 6, unit: 'weeks' },
  short_breaks: { everyN: 6, unit: 'months' },
};

/** Whether `interval`, counted from `from`, reaches further than `limit` does. */
export function longerThan(interval: Interval, limit: Interval, from: string): boolean {
  return addInterval(from, interval) > addInterval(from, limit);
}

/** A child's timeline with nothing on it yet, for the store and the tests to fill. */
export function emptyTimeline(dateOfBirth: string | null, dateOfDeath: string | null): ChildTimeline {
  return { dateOfBirth, dateOfDeath, referrals: [], cpPlans: [], careEpisodes: [], privateFostering: [], careProceedingsSince: null, careLeaver: null, moves: [], visits: [], events: [], frequencies: [], placementTerms: [], missingEpisodes: [] };
}

/** Local standards: settings with these defaults (docs/timescales.md). */
export interface TimescaleSettings {
  cpVisit: Interval;
  cinVisit: Interval;
  /** Short breaks: until the IRO agrees a frequency. */
  shortBreakVisit: Interval;
  coreGroupWorkingDays: number;
  paContact: Interval;
  /** Personal education plans from this age (the statutory duty is compulsory school age; good practice starts in early years). */
  pepFromAge: number;
  /** Last day of each school term, 'MM-DD', in the order of the year. */
  termEnds: readonly string[];
}

export const DEFAULT_SETTINGS: TimescaleSettings = {
  cpVisit: { everyN: 10, unit: 'working_days' },
  cinVisit: { everyN: 20, unit: 'working_days' },
  shortBreakVisit: { everyN: 3, unit: 'months' },
  coreGroupWorkingDays: 10,
  paContact: { everyN: 2, unit: 'months' },
  pepFromAge: 3,
  termEnds: ['03-31', '08-31', '12-31'],
};

// --- The rules -------------------------------------------------------------------

export type DueKind =
  | 'contact_decision'
  | 'referral_decision'
  | 'care_proceedings'
  | 'cla_visit'
  | 'cp_visit'
  | 'cin_visit'
  | 'pf_visit'
  | 'detention_visit'
  | 'pa_contact'
  | 'cla_review'
  | 'icpc'
  | 'core_group'
  | 'cp_review'
  | 'assessment'
  | 'health_assessment'
  | 'pep_review'
  | 'needs_assessment'
  | 'pathway_plan_review'
  | 'return_interview'
  | 'care_leaver_check'
  | 'adoption_match'
  | 'permanence_plan'
  | 'review_recommendation'
  | 'cp_plan_action';

export const DUE_KIND_LABELS: Record<DueKind, string> = {
  contact_decision: 'Decision on the contact',
  referral_decision: 'Decision on the referral',
  care_proceedings: 'Care proceedings concluded',
  cla_visit: 'Visit (child looked after)',
  cp_visit: 'Visit (child protection plan)',
  cin_visit: 'Visit (child in need)',
  pf_visit: 'Visit (private fostering)',
  detention_visit: 'Visit (in custody, no longer looked after)',
  pa_contact: 'Personal adviser contact',
  cla_review: 'Looked-after review',
  icpc: 'Initial child protection conference',
  core_group: 'First core group',
  cp_review: 'Child protection review conference',
  assessment: 'Assessment completed',
  health_assessment: 'Health assessment',
  pep_review: 'Personal education plan review',
  needs_assessment: 'Needs assessment (pathway plan)',
  pathway_plan_review: 'Pathway plan review',
  return_interview: 'Return interview (after missing)',
  care_leaver_check: 'Birthday check (in touch, activity, accommodation)',
  adoption_match: 'Match with adopters (adoption scorecard threshold, not a statutory duty)',
  permanence_plan: 'Permanence plan (by the second review)',
  review_recommendation: 'Review recommendation',
  cp_plan_action: 'Child protection plan action',
};

/** Which kinds count as visits, reviews and assessments in the timeliness measures. */
export const MEASURE_GROUPS = {
  visits: ['cla_visit', 'cp_visit', 'cin_visit', 'pf_visit', 'detention_visit', 'pa_contact'],
  reviews: ['cla_review', 'cp_review', 'icpc', 'pathway_plan_review'],
  assessments: ['assessment', 'health_assessment', 'needs_assessment'],
} as const satisfies Record<string, readonly DueKind[]>;

export const VISIT_KINDS: readonly DueKind[] = MEASURE_GROUPS.visits;

export interface Rule {
  id: string;
  /** The rule in words, as the page shows it. */
  text: string;
  source: string;
  local: boolean;
}

const REG28 = 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 28';
const CARE_LEAVERS_REGS = 'Care Leavers (England) Regulations 2010';
const REG33 = 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33';
const REG48 = 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 48';
const WT = 'Working Together to Safeguard Children 2023';
const PRIVATE_FOSTERING = 'Children (Private Arrangements for Fostering) Regulations 2005';
export const PERMANENCE_GUIDANCE = 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 5 (the plan for permanence); The Children Act 1989 guidance and regulations volume 2 (DfE, 2015), chapter 2, Permanence planning';
export const MISSING_GUIDANCE = 'Children who run away or go missing from home or care, statutory guidance (DfE, January 2014)';

export const RULES = {
  permanencePlan: {
    id: 'permanence-plan-second-review',
    text: 'A plan for permanence in the care plan by the second review (the second review is due within 3 months of the first)',
    source: PERMANENCE_GUIDANCE,
    local: false,
  },
  returnInterview: {
    id: 'return-interview-72-hours',
    text: 'An independent return interview offered on return, and carried out within 72 hours of the child returning',
    source: MISSING_GUIDANCE,
    local: false,
  },
  claVisitFirst: { id: 'cla-visit-first-week', text: 'Within 1 week of the start of the placement', source: `${REG28}(2)(a)`, local: false },
  claVisitFirstYear: { id: 'cla-visit-first-year', text: 'At most 6 weeks after the last visit, in the first year of the placement', source: `${REG28}(2)(b)`, local: false },
  claVisitLongTerm: { id: 'cla-visit-long-term', text: 'At most 3 months after the last visit, after the first year of a placement intended to last until 18', source: `${REG28}(2)(c)(i)`, local: false },
  claVisitAfterYear: { id: 'cla-visit-after-first-year', text: 'At most 6 weeks after the last visit, after the first year of a placement not intended to last until 18', source: `${REG28}(2)(c)(ii)`, local: false },
  claVisitWeekly: {
    id: 'cla-visit-weekly-to-first-review',
    text: 'Every week until the first review (placed with parents under an interim care order, or with a temporarily approved connected person)',
    source: `${REG28}(4)(a)`,
    local: false,
  },
  claVisitFourWeekly: {
    id: 'cla-visit-four-weekly',
    text: 'At most 4 weeks after the last visit, after the first review (placed with parents under an interim care order, or with a temporarily approved connected person)',
    source: `${REG28}(4)(b)`,
    local: false,
  },
  claVisitLongTermSixMonthly: {
    id: 'cla-visit-long-term-six-monthly',
    text: 'At most 6 months after the last visit, after the first year of a long-term foster placement, the child having asked to be visited less often',
    source: `${REG28}(2)(c), as amended in 2015; Children Act 1989 guidance vol 2 (2015)`,
    local: false,
  },
  claVisitBeforeAssessment: {
    id: 'cla-visit-before-assessment-weekly',
    text: 'Every week until the first review (placed with a parent before the assessment is complete, reg 19)',
    source: `${REG28}(3)(a)`,
    local: false,
  },
  claVisitBeforeAssessmentLater: {
    id: 'cla-visit-before-assessment-six-weekly',
    text: 'At most 6 weeks after the last visit, after the first review (placed with a parent before the assessment is complete, reg 19)',
    source: `${REG28}(3)(b)`,
    local: false,
  },
  claVisitCareOrderAtHomeFirst: { id: 'cla-visit-care-order-at-home-first', text: 'Within 1 week of the care order, the child living with a parent', source: `${REG28}(5)(a)`, local: false },
  claVisitCareOrderAtHome: {
    id: 'cla-visit-care-order-at-home',
    text: 'At most 6 weeks after the last visit, the child living with a parent under a care order',
    source: `${REG28}(5)(b)`,
    local: false,
  },
  claVisitShortBreaks: { id: 'cla-visit-short-breaks', text: 'On a day of a short break, at the interval agreed with the IRO and the parents', source: `${REG48}(3)(c)`, local: true },
  claVisitShortBreaksFirst: { id: 'cla-visit-short-breaks-first', text: 'On a day of a short break, within 3 months of the first break of the series', source: `${REG48}(3)(c)(i)`, local: false },
  claVisitShortBreaksLater: { id: 'cla-visit-short-breaks-later', text: 'On a day of a short break, at most 6 months after the last visit', source: `${REG48}(3)(c)(ii)`, local: false },
  cpVisit: { id: 'cp-visit', text: 'At the frequency the child protection plan sets', source: `${WT}; local standard`, local: true },
  cinVisit: { id: 'cin-visit', text: 'At the frequency the child in need plan sets', source: `${WT}; local standard`, local: true },
  paContact: { id: 'pa-contact', text: 'Personal adviser visits at most 2 months after the last visit', source: `${CARE_LEAVERS_REGS}, reg 8(2)(c)`, local: false },
  paContactAfterMove: { id: 'pa-contact-after-move', text: 'Personal adviser visits within 7 days of the young person moving to new accommodation', source: `${CARE_LEAVERS_REGS}, reg 8(2)(a)`, local: false },
  paContactBeforeReview: { id: 'pa-contact-before-review', text: 'Personal adviser visits before the pathway plan is reviewed', source: `${CARE_LEAVERS_REGS}, reg 8(2)(b)`, local: false },
  claReviewFirst: { id: 'cla-review-first', text: 'First review within 20 working days of becoming looked after', source: `${REG33}(1)(a)`, local: false },
  claReviewSecond: { id: 'cla-review-second', text: 'Second review within 3 months of the first', source: `${REG33}(1)(b)`, local: false },
  claReviewLater: { id: 'cla-review-later', text: 'Later reviews at most 6 months after the last', source: `${REG33}(1)(c)`, local: false },
  claReviewShortBreaksFirst: { id: 'cla-review-short-breaks-first', text: 'First review within 3 months of the first short break of the series', source: `${REG48}(3)`, local: false },
  claReviewShortBreaksLater: { id: 'cla-review-short-breaks-later', text: 'Later reviews of a series of short breaks at most 6 months after the last', source: `${REG48}(3)`, local: false },
  icpc: { id: 'icpc', text: 'Within 15 working days of the strategy discussion at which the section 47 enquiry was started', source: WT, local: false },
  coreGroup: { id: 'core-group', text: 'First core group within 10 working days of the initial conference', source: 'Local standard', local: true },
  cpReviewFirst: { id: 'cp-review-first', text: 'First review conference within 3 months of the initial conference', source: WT, local: false },
  cpReviewLater: { id: 'cp-review-later', text: 'Later review conferences at most 6 months after the last', source: WT, local: false },
  assessment: { id: 'assessment', text: 'Assessment completed within 45 working days of the referral', source: WT, local: false },
  pfVisitFirst: {
    id: 'pf-visit-first',
    text: 'Visit the child within 7 working days of the council being told of the private fostering arrangement',
    source: `${PRIVATE_FOSTERING}, regs 4 and 7`,
    local: false,
  },
  pfVisitFirstYear: { id: 'pf-visit-first-year', text: 'At most 6 weeks after the last visit, in the first year of the arrangement', source: `${PRIVATE_FOSTERING}, reg 8(1)(a)`, local: false },
  pfVisitLater: { id: 'pf-visit-later', text: 'At most 12 weeks after the last visit, from the second year of the arrangement', source: `${PRIVATE_FOSTERING}, reg 8(1)(b)`, local: false },
  detentionVisit: {
    id: 'detention-visit',
    text: 'Visit within 10 working days of the child being detained, so far as reasonably practicable (they stopped being looked after on being sentenced to custody)',
    source: 'Visits to Former Looked After Children in Detention (England) Regulations 2010, reg 4; Children Act 1989 s23ZA',
    local: false,
  },
  contactDecision: {
    id: 'contact-decision',
    text: 'Decision on the type of response within 1 working day of the contact being received',
    source: `${WT}: within one working day of a referral being received, a decision about the next steps and the type of response that is required`,
    local: false,
  },
  referralDecision: { id: 'referral-decision', text: 'Decision on the next steps within 1 working day of the referral being received', source: WT, local: false },
  careProceedings: {
    id: 'care-proceedings',
    text: 'Care proceedings concluded within 26 weeks of the application being issued',
    source: 'Children Act 1989, s32(1)(a), as amended by the Children and Families Act 2014, s14; Public Law Outline',
    local: false,
  },
  healthInitial: { id: 'health-initial', text: 'Initial health assessment before the first review (20 working days)', source: 'Care Planning Regulations reg 7; Promoting the health and well-being of looked-after children (2015)', local: false },
  healthUnder5: { id: 'health-under-5', text: 'Review health assessment at most 6 months after the last, under 5', source: 'Care Planning Regulations reg 7; Promoting the health and well-being of looked-after children (2015)', local: false },
  health5Plus: { id: 'health-5-plus', text: 'Review health assessment at most 12 months after the last, from age 5', source: 'Care Planning Regulations reg 7; Promoting the health and well-being of looked-after children (2015)', local: false },
  pepFirst: { id: 'pep-first', text: 'Personal education plan in place for the first review (20 working days)', source: 'Promoting the education of looked-after children (DfE, 2018)', local: false },
  pepTermly: { id: 'pep-termly', text: 'Personal education plan reviewed each school term', source: 'Promoting the education of looked-after children (DfE, 2018); term dates are a local setting', local: true },
  needsAssessment: {
    id: 'needs-assessment',
    text: 'Needs assessment for the pathway plan within 3 months of turning 16, or of becoming an eligible child after 16',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 42(2)',
    local: false,
  },
  pathwayReview: { id: 'pathway-review', text: 'Pathway plan reviewed at most 6 months after the last', source: `${CARE_LEAVERS_REGS}, reg 7`, local: false },
  reviewRecommendation: {
    id: 'review-recommendation',
    text: 'A recommendation of the looked-after review carried out by the date the review set',
    source: 'Care Planning, Placement and Case Review (England) Regulations 2010, regs 36 and 37; IRO Handbook (DfE, 2010), chapter 3',
    local: false,
  },
  cpPlanAction: {
    id: 'cp-plan-action',
    text: 'An action of the child protection plan carried out by the date the plan set',
    source: 'Working Together to Safeguard Children 2023, chapter 4: the core group develops and implements the plan, with outcomes and timescales',
    local: false,
  },
  careLeaverCheck: {
    id: 'care-leaver-check',
    text: 'In touch, activity and accommodation around each birthday from 17 to 21 (later while supported): information from 3 months before to 1 month after the birthday',
    source: 'DfE, Children looked after return (SSDA903) guide: care leavers (OC3)',
    local: false,
  },
  adoptionMatch: {
    id: 'adoption-match-121-days',
    text: 'Matched with adopters within 121 days (4 months) of the placement order: the adoption scorecard’s national performance threshold for A2, not a statutory duty',
    source: 'DfE adoption scorecards, indicator A2 and its threshold (DfE, Adoption scorecards and thresholds published, January 2014)',
    local: false,
  },
} satisfies Record<string, Rule>;

// --- The output ------------------------------------------------------------------

/** One time something fell due: done on a date, or not yet. */
export interface Occurrence {
  kind: DueKind;
  dueDate: string;
  doneOn: string | null;
  rule: Rule;
  /** What started this clock, e.g. 'placement began 3 March 2025'. */
  basis: string;
  /** The clock still runs today (its plan, placement or episode has not ended). */
  running: boolean;
  /**
   * Done again before the item it answers fell due (a second visit in the same
   * interval): it moves the clock on, but it is not another due item, so the
   * timeliness measures leave it out.
   */
  extra: boolean;
}

export type DueStatus = 'overdue' | 'this_week' | 'next_4_weeks' | 'later';

export interface DueItem extends Occurrence {
  status: DueStatus;
  /** Days late (0 when not overdue). */
  daysOverdue: number;
}

const PLACEMENT_CHANGE = ['P', 'T', 'B', 'U'];
/** SSDA903 temporary moves (a stay in hospital, a holiday, respite of 7 days or less): the child's placement goes on. */
const TEMPORARY_MOVES = ['T0', 'T1', 'T2', 'T3', 'T4'];
const SHORT_BREAKS = ['V3', 'V4'];
const PLACED_WITH_PARENTS = 'P1';
const INTERIM_CARE_ORDER = 'C1';
const CARE_ORDER = 'C2';
const FOSTER_CARE = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];

interface Period {
  start: string;
  /** Last day, inclusive; null while it runs. */
  end: string | null;
}

interface ClockSpec {
  kind: DueKind;
  period: Period;
  basis: string;
  firstDue: string;
  firstRule: Rule;
  /** Dates that satisfy the clock, any order. */
  done: readonly string[];
  /** After something done on `date` (the `count`th), when the next falls due and why; null when it is a one-off. */
  next: ((date: string, count: number) => { due: string; rule: Rule } | null) | null;
}

/**
 * Runs one clock. Everything done by a due date answers that item, and the
 * next falls due from the last of them; when nothing was done in time, the
 * first thing done after answers it late, and the next falls due from that.
 * So each due item is answered once: a second visit in the same interval
 * moves the clock on (it is kept, marked `extra`) but is not another item
 * done in time. The last item stays open (not done) when its due date is
 * inside the period.
 */
function runClock(spec: ClockSpec, today: string): Occurrence[] {
  const stop = earlier(spec.period.end, today)!;
  const done = [...new Set(spec.done)].filter((d) => d >= spec.period.start && d <= stop).sort();
  const running = spec.period.end === null || spec.period.end > today;
  const out: Occurrence[] = [];
  let due: string | null = spec.firstDue;
  let rule = spec.firstRule;
  let next = 0;
  while (due !== null && next < done.length) {
    let answeredTo = next;
    while (answeredTo < done.length && done[answeredTo]! <= due) answeredTo += 1;
    if (answeredTo === next) answeredTo = next + 1;
    for (let i = next; i < answeredTo; i += 1) {
      out.push({ kind: spec.kind, dueDate: due, doneOn: done[i]!, rule, basis: spec.basis, running, extra: i < answeredTo - 1 });
    }
    next = answeredTo;
    const following = spec.next ? spec.next(done[answeredTo - 1]!, answeredTo) : null;
    due = following?.due ?? null;
    if (following) rule = following.rule;
  }
  if (due !== null && (spec.period.end === null || due <= spec.period.end)) {
    out.push({ kind: spec.kind, dueDate: due, doneOn: null, rule, basis: spec.basis, running, extra: false });
  }
  return out;
}

/** `period` less the parts covered by `cover`: the days left, as periods. */
function subtract(period: Period, cover: readonly Period[], today: string): Period[] {
  let pieces: Period[] = [period];
  for (const c of cover) {
    const next: Period[] = [];
    for (const p of pieces) {
      const pEnd = p.end ?? '9999-12-31';
      const cEnd = c.end ?? '9999-12-31';
      if (c.start > pEnd || cEnd < p.start) {
        next.push(p);
        continue;
      }
      if (c.start > p.start) next.push({ start: p.start, end: addDays(c.start, -1) });
      if (c.end !== null && cEnd < pEnd) next.push({ start: c.end, end: p.end });
    }
    pieces = next;
  }
  return pieces.filter((p) => p.start <= today && (p.end === null || p.end >= p.start));
}

interface CareSpell extends Period {
  episodes: ChildTimeline['careEpisodes'][number][];
}

/** Continuous periods of being looked after; each ends at the latest at the 18th birthday. */
function careSpells(timeline: ChildTimeline): CareSpell[] {
  const episodes = [...timeline.careEpisodes].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  const spells: CareSpell[] = [];
  for (const e of episodes) {
    const last = spells.at(-1);
    if (last && e.reasonNewEpisode !== 'S' && last.end === e.startDate) {
      last.episodes.push(e);
      last.end = e.endDate;
    } else {
      spells.push({ start: e.startDate, end: e.endDate, episodes: [e] });
    }
  }
  const eighteen = timeline.dateOfBirth ? birthday(timeline.dateOfBirth, 18) : null;
  return spells
    .map((s) => ({ ...s, end: eighteen && s.start < eighteen ? earlier(s.end, addDays(eighteen, -1)) : s.end }))
    .filter((s) => !eighteen || s.start < eighteen);
}

/**
 * The placements within a spell: a new one at each change of placement. A
 * temporary move (T0 to T4) is not a new placement, and neither is the return
 * from one to the same kind of placement at the same postcode: the reg 28
 * sequence and the placement's terms carry on through a holiday.
 */
function placements(spell: CareSpell): (Period & { episodes: CareSpell['episodes'] })[] {
  const out: (Period & { episodes: CareSpell['episodes'] })[] = [];
  const temporary = (e: CareSpell['episodes'][number]) => TEMPORARY_MOVES.includes(e.placementType);
  for (const e of spell.episodes) {
    const last = out.at(-1);
    const settled = last ? [...last.episodes].reverse().find((x) => !temporary(x)) : undefined;
    const returning = last !== undefined && temporary(last.episodes.at(-1)!) && settled?.placementType === e.placementType && settled.placementPostcode === e.placementPostcode;
    if (last && (!PLACEMENT_CHANGE.includes(e.reasonNewEpisode) || temporary(e) || returning)) {
      last.episodes.push(e);
    } else {
      if (last) last.end = e.startDate;
      out.push({ start: e.startDate, end: null, episodes: [e] });
    }
  }
  if (out.length) out.at(-1)!.end = spell.end;
  return out;
}

/** The day the child's current placement began (a change of legal status alone keeps the placement), or null when not looked after. */
export function currentPlacementStart(timeline: ChildTimeline, today: string): string | null {
  const spell = careSpells(timeline).find((s) => s.start <= today && (s.end === null || s.end > today));
  if (!spell) return null;
  return placements(spell).at(-1)?.start ?? null;
}

/** The frequency the child's plan sets on `date` (or the council's standard without one). */
function frequencyOn(timeline: ChildTimeline, appliesTo: PlanFrequency, date: string, fallback: Interval): Interval {
  const applying = timeline.frequencies.filter((f) => f.appliesTo === appliesTo && f.fromDate <= date).sort((a, b) => (a.fromDate < b.fromDate ? -1 : 1));
  const latest = applying.at(-1);
  return latest ? { everyN: latest.everyN, unit: latest.unit } : fallback;
}

/** The next visit under the plan's frequency, never later than the longest a plan may set. */
function planVisitDue(timeline: ChildTimeline, appliesTo: PlanFrequency, date: string, fallback: Interval): string {
  return earlier(addInterval(date, frequencyOn(timeline, appliesTo, date, fallback)), addInterval(date, LONGEST_PLAN_INTERVAL[appliesTo]))!;
}

function eventDates(timeline: Pick<ChildTimeline, 'events'>, ...kinds: CaseEventKind[]): string[] {
  return timeline.events.filter((e) => kinds.includes(e.kind)).map((e) => e.date);
}

/** The visits that meet the duty: the child seen, on a statutory visit. */
function seenVisits(timeline: ChildTimeline, kind: 'social_worker' | 'personal_adviser'): string[] {
  return timeline.visits.filter((v) => v.kind === kind && v.childSeen && v.statutory).map((v) => v.date);
}

function termEndAfter(date: string, termEnds: readonly string[]): string {
  const year = Number(date.slice(0, 4));
  const ends = [...termEnds.map((md) => `${year}-${md}`), ...termEnds.map((md) => `${year + 1}-${md}`), ...termEnds.map((md) => `${year + 2}-${md}`)];
  const current = ends.find((end) => end >= date)!;
  return ends[ends.indexOf(current) + 1]!;
}

/** What every regime's clocks read: the child's timeline, today, the settings, and what is worked out once for all of them. */
interface Regime {
  timeline: ChildTimeline;
  today: string;
  settings: TimescaleSettings;
  dob: string | null;
  /** A period cut short at the child's death. */
  limit: (p: Period) => Period;
  /** Social worker visits at which the child was seen. */
  swVisits: string[];
  /** Periods in care, short breaks apart. */
  spells: CareSpell[];
  /** Periods on a short break (V3, V4), each a break of a series. */
  shortBreakSpells: CareSpell[];
}

/**
 * A child in need's or child protection visits: each falls due one interval
 * after the last, the interval being the plan's own frequency on that day or,
 * without one, the council's standard.
 */
function planVisits(r: Regime, appliesTo: 'cin' | 'cp', start: string, standard: Interval, rule: Rule): Pick<ClockSpec, 'firstDue' | 'firstRule' | 'done' | 'next'> {
  const dueAfter = (date: string) => planVisitDue(r.timeline, appliesTo, date, standard);
  return { firstDue: dueAfter(start), firstRule: rule, done: r.swVisits, next: (date) => ({ due: dueAfter(date), rule }) };
}

/** Which visiting rule applies while a placement is in an episode: reg 28(2) unless one of its special cases, or reg 48, does. */
type VisitRegime = 'reg28' | 'short_breaks' | 'before_assessment' | 'weekly_then_four_weekly' | 'care_order_at_home';

function visitRegime(e: CareSpell['episodes'][number], settledPlacementType: string, terms: PlacementTerms | undefined): VisitRegime {
  if (SHORT_BREAKS.includes(e.legalStatus)) return 'short_breaks';
  if (terms?.temporaryConnectedPerson) return 'weekly_then_four_weekly';
  if (settledPlacementType === PLACED_WITH_PARENTS) {
    if (e.legalStatus === INTERIM_CARE_ORDER) return 'weekly_then_four_weekly';
    if (terms?.placedBeforeAssessment) return 'before_assessment';
    if (e.legalStatus === CARE_ORDER) return 'care_order_at_home';
  }
  return 'reg28';
}

/**
 * A placement cut where its visiting rule changes. A change of legal status
 * alone keeps the placement but can change the rule (a care order made while
 * the child lives at home starts reg 28(5)'s week); a temporary move keeps
 * the rule of the placement it interrupts.
 */
function regimePeriods(placement: Period & { episodes: CareSpell['episodes'] }, terms: PlacementTerms | undefined): (Period & { regime: VisitRegime; placementType: string })[] {
  const out: (Period & { regime: VisitRegime; placementType: string })[] = [];
  for (const e of placement.episodes) {
    if (TEMPORARY_MOVES.includes(e.placementType) && out.length) continue;
    const regime = visitRegime(e, e.placementType, terms);
    const last = out.at(-1);
    if (last && last.regime === regime) continue;
    if (last) last.end = e.startDate;
    out.push({ start: e.startDate, end: null, regime, placementType: e.placementType });
  }
  out.at(-1)!.end = placement.end;
  return out;
}

/** The agreed short-break interval, never longer than reg 48's 6 months (3 months to the first visit). */
function shortBreakVisitDue(r: Regime, date: string, first: boolean): { due: string; rule: Rule } {
  const agreed = addInterval(date, frequencyOn(r.timeline, 'short_breaks', date, r.settings.shortBreakVisit));
  const limit = addMonths(date, first ? 3 : 6);
  return agreed <= limit ? { due: agreed, rule: RULES.claVisitShortBreaks } : { due: limit, rule: first ? RULES.claVisitShortBreaksFirst : RULES.claVisitShortBreaksLater };
}

/** Children looked after: reg 28 visits per placement, reviews, health and education per spell. */
function lookedAfterClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = [];
  const claReviews = eventDates(r.timeline, 'cla_review');
  for (const spell of r.spells) {
    const spellPeriod = r.limit(spell);
    const firstReview = claReviews.filter((d) => d >= spell.start && (spellPeriod.end === null || d <= spellPeriod.end)).sort()[0] ?? null;
    for (const placement of placements(spell)) {
      const terms = r.timeline.placementTerms.find((t) => t.placementStart === placement.start);
      const anniversary = addMonths(placement.start, 12);
      const weeklyUntilFirstReview = (date: string, after: Rule, laterDays: number, weekly: Rule) => {
        const week = addDays(date, 7);
        return firstReview === null || week < firstReview ? { due: week, rule: weekly } : { due: addDays(date, laterDays), rule: after };
      };
      for (const part of regimePeriods(placement, terms)) {
        const next = (date: string): { due: string; rule: Rule } => {
          switch (part.regime) {
            case 'short_breaks':
              return shortBreakVisitDue(r, date, false);
            case 'weekly_then_four_weekly':
              return weeklyUntilFirstReview(date, RULES.claVisitFourWeekly, 28, RULES.claVisitWeekly);
            case 'before_assessment':
              return weeklyUntilFirstReview(date, RULES.claVisitBeforeAssessmentLater, 42, RULES.claVisitBeforeAssessment);
            case 'care_order_at_home':
              return { due: addDays(date, 42), rule: RULES.claVisitCareOrderAtHome };
            case 'reg28': {
              const sixWeeks = addDays(date, 42);
              if (sixWeeks <= anniversary) return { due: sixWeeks, rule: RULES.claVisitFirstYear };
              if (terms?.longTermTo18 && terms.sixMonthlyVisits && FOSTER_CARE.includes(part.placementType)) return { due: addMonths(date, 6), rule: RULES.claVisitLongTermSixMonthly };
              if (terms?.longTermTo18) return { due: addMonths(date, 3), rule: RULES.claVisitLongTerm };
              return { due: sixWeeks, rule: RULES.claVisitAfterYear };
            }
          }
        };
        const first = ((): { due: string; rule: Rule } => {
          if (part.regime === 'short_breaks') return shortBreakVisitDue(r, part.start, true);
          if (part.regime === 'care_order_at_home') return { due: addDays(part.start, 7), rule: RULES.claVisitCareOrderAtHomeFirst };
          if (part.regime === 'before_assessment') return { due: addDays(part.start, 7), rule: RULES.claVisitBeforeAssessment };
          if (part.regime === 'weekly_then_four_weekly') return { due: addDays(part.start, 7), rule: RULES.claVisitWeekly };
          // Reg 28(2) from the start of the placement; after a change within it, from the last visit in it.
          const lastVisit = part.start === placement.start ? undefined : r.swVisits.filter((d) => d >= placement.start && d < part.start).sort().at(-1);
          return lastVisit ? next(lastVisit) : { due: addDays(part.start, 7), rule: RULES.claVisitFirst };
        })();
        clocks.push({
          kind: 'cla_visit',
          period: r.limit(part),
          basis: part.start === placement.start ? `placement began ${formatDate(placement.start)}` : `${REGIME_CHANGES[part.regime]} ${formatDate(part.start)}`,
          firstDue: first.due,
          firstRule: first.rule,
          done: r.swVisits,
          next,
        });
      }
    }

    clocks.push({
      kind: 'cla_review',
      period: spellPeriod,
      basis: `became looked after ${formatDate(spell.start)}`,
      firstDue: workingDaysAfter(spell.start, 20),
      firstRule: RULES.claReviewFirst,
      done: claReviews,
      next: (date, count) => (count === 1 ? { due: addMonths(date, 3), rule: RULES.claReviewSecond } : { due: addMonths(date, 6), rule: RULES.claReviewLater }),
    });
    clocks.push({
      kind: 'health_assessment',
      period: spellPeriod,
      basis: `became looked after ${formatDate(spell.start)}`,
      firstDue: workingDaysAfter(spell.start, 20),
      firstRule: RULES.healthInitial,
      done: eventDates(r.timeline, 'health_assessment'),
      next: (date) =>
        r.dob && ageOn(r.dob, date) < 5 ? { due: addMonths(date, 6), rule: RULES.healthUnder5 } : { due: addMonths(date, 12), rule: RULES.health5Plus },
    });
    const pepStart = r.dob && birthday(r.dob, r.settings.pepFromAge) > spell.start ? birthday(r.dob, r.settings.pepFromAge) : spell.start;
    if (pepStart <= r.today && (spellPeriod.end === null || pepStart <= spellPeriod.end)) {
      clocks.push({
        kind: 'pep_review',
        period: { start: spell.start, end: spellPeriod.end },
        basis: pepStart === spell.start ? `became looked after ${formatDate(spell.start)}` : `turned ${r.settings.pepFromAge} on ${formatDate(pepStart)}`,
        firstDue: workingDaysAfter(pepStart, 20),
        firstRule: RULES.pepFirst,
        done: eventDates(r.timeline, 'pep_review'),
        next: (date) => ({ due: termEndAfter(date, r.settings.termEnds), rule: RULES.pepTermly }),
      });
    }
  }
  return clocks;
}

const REGIME_CHANGES: Record<VisitRegime, string> = {
  reg28: 'legal status changed',
  short_breaks: 'short breaks began',
  before_assessment: 'placed with a parent before assessment',
  weekly_then_four_weekly: 'interim care order, living with a parent,',
  care_order_at_home: 'care order made, living with a parent,',
};

/**
 * A series of short breaks (reg 48) is one arrangement, not a string of
 * separate periods in care: it runs from the first break while the child's
 * case stays open (one referral covers the breaks), and has its own reviews
 * (first within 3 months, then 6-monthly) and visits, made on a day the child
 * is on a break. No health assessment, education plan or care-leaver duty
 * follows from it (reg 48(3)(b); Care Leavers (England) Regulations 2010).
 */
function shortBreakClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = [];
  const claReviews = eventDates(r.timeline, 'cla_review');
  for (const arrangement of shortBreakArrangements(r)) {
    const period = r.limit(arrangement);
    const onABreak = (date: string) => arrangement.breaks.some((b) => b.start <= date && (b.end === null || b.end >= date));
    const first = shortBreakVisitDue(r, arrangement.start, true);
    const basis = `short breaks began ${formatDate(arrangement.start)}`;
    clocks.push({
      kind: 'cla_visit',
      period,
      basis,
      firstDue: first.due,
      firstRule: first.rule,
      done: r.swVisits.filter(onABreak),
      next: (date) => shortBreakVisitDue(r, date, false),
    });
    clocks.push({
      kind: 'cla_review',
      period,
      basis,
      firstDue: addMonths(arrangement.start, 3),
      firstRule: RULES.claReviewShortBreaksFirst,
      done: claReviews,
      next: (date) => ({ due: addMonths(date, 6), rule: RULES.claReviewShortBreaksLater }),
    });
  }
  return clocks;
}

function shortBreakArrangements(r: Regime): (Period & { breaks: Period[] })[] {
  const arrangements: (Period & { breaks: Period[]; referral: ChildTimeline['referrals'][number] | undefined })[] = [];
  for (const spell of r.shortBreakSpells) {
    const referral = r.timeline.referrals.find((ref) => ref.referralDate <= spell.start && (ref.closeDate === null || ref.closeDate >= spell.start));
    const last = arrangements.at(-1);
    if (last && referral && last.referral === referral) {
      last.breaks.push(spell);
      if (last.end !== null && (spell.end === null || spell.end > last.end)) last.end = spell.end;
    } else {
      const end = referral ? (referral.closeDate === null || spell.end === null ? null : referral.closeDate > spell.end ? referral.closeDate : spell.end) : spell.end;
      arrangements.push({ start: spell.start, end, breaks: [spell], referral });
    }
  }
  return arrangements;
}

/** The child protection plans, each cut short at the child's death: the periods of child protection visits. */
function cpPlanPeriods(r: Regime): Period[] {
  return r.timeline.cpPlans.map((plan) => r.limit({ start: plan.startDate, end: plan.endDate }));
}

/** A section 47 enquiry: the strategy discussion that started it, when it ended (null while it goes on) and the conferences that concluded it. */
export interface S47Enquiry {
  /** The strategy discussion at which the enquiry was started. */
  start: string;
  /** The day it ended: an initial conference (or a plan begun), a decision that no conference is needed, or the referral closed; null while it goes on. */
  end: string | null;
  /** Initial conferences and plan starts from the start to the end: the first is the conference the enquiry led to. */
  conferences: string[];
}

/**
 * The child's section 47 enquiries, oldest first. An enquiry starts at a
 * strategy discussion that decides on one (while none is under way and the
 * child is not already on a plan: a new enquiry then leads to a review
 * conference, not an initial one), and ends at the first initial conference,
 * plan start or decision that no conference is needed on or after that day,
 * or when the referral it belongs to is closed, whichever is sooner.
 */
export function s47Enquiries(timeline: Pick<ChildTimeline, 'events' | 'cpPlans' | 'referrals'>): S47Enquiry[] {
  const enquiries: S47Enquiry[] = [];
  const planStarts = timeline.cpPlans.map((p) => p.startDate);
  const strategy = timeline.events.filter((e) => e.kind === 'strategy_discussion').sort((a, b) => (a.date < b.date ? -1 : 1));
  const ends = [...eventDates(timeline, 'icpc', 's47_no_conference'), ...planStarts].sort();
  const onPlan = (date: string) => timeline.cpPlans.some((p) => p.startDate < date && (p.endDate === null || p.endDate > date));
  // The enquiry under way: later strategy discussions within it, whatever they decide, neither restart nor stop it.
  let enquiryEnds: string | null | undefined;
  for (const sd of strategy) {
    if (!sd.s47Started) continue;
    if (enquiryEnds !== undefined && (enquiryEnds === null || sd.date <= enquiryEnds)) continue;
    if (onPlan(sd.date)) continue;
    const closing = ends.find((d) => d >= sd.date) ?? null;
    const referral = timeline.referrals.find((ref) => ref.referralDate <= sd.date && (ref.closeDate === null || ref.closeDate >= sd.date));
    enquiryEnds = earlier(closing, referral?.closeDate ?? null);
    const conferences = eventDates(timeline, 'icpc').concat(planStarts).filter((d) => d >= sd.date && (closing === null || d <= closing)).sort();
    enquiries.push({ start: sd.date, end: enquiryEnds, conferences });
  }
  return enquiries;
}

/** Child protection: ICPC after a strategy discussion, core group, review conferences, visits. */
function childProtectionClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = s47Enquiries(r.timeline).map((enquiry) => ({
    kind: 'icpc',
    period: r.limit({ start: enquiry.start, end: enquiry.end }),
    basis: `strategy discussion ${formatDate(enquiry.start)} started the section 47 enquiry`,
    firstDue: workingDaysAfter(enquiry.start, 15),
    firstRule: RULES.icpc,
    done: enquiry.conferences,
    next: null,
  }));
  const periods = cpPlanPeriods(r);
  for (const [i, plan] of r.timeline.cpPlans.entries()) {
    const period = periods[i]!;
    clocks.push({
      kind: 'core_group',
      period,
      basis: `child protection plan began ${formatDate(plan.startDate)}`,
      firstDue: workingDaysAfter(plan.startDate, r.settings.coreGroupWorkingDays),
      firstRule: { ...RULES.coreGroup, text: `First core group within ${r.settings.coreGroupWorkingDays} working days of the initial conference` },
      done: eventDates(r.timeline, 'core_group'),
      next: null,
    });
    clocks.push({
      kind: 'cp_review',
      period,
      basis: `child protection plan began ${formatDate(plan.startDate)}`,
      firstDue: addMonths(plan.startDate, 3),
      firstRule: RULES.cpReviewFirst,
      done: eventDates(r.timeline, 'cp_review').filter((d) => d > plan.startDate),
      next: (date) => ({ due: addMonths(date, 6), rule: RULES.cpReviewLater }),
    });
    clocks.push({
      kind: 'cp_visit',
      period,
      basis: `child protection plan began ${formatDate(plan.startDate)}`,
      ...planVisits(r, 'cp', plan.startDate, r.settings.cpVisit, RULES.cpVisit),
    });
  }
  return clocks;
}

/** Children in need: the assessment, and visits while no CP plan or care covers the child. */
function childInNeedClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = [];
  const cpVisitPeriods = cpPlanPeriods(r);
  for (const referral of r.timeline.referrals) {
    // No further action is itself the decision on the referral.
    if (referral.noFurtherAction) continue;
    const period = r.limit({ start: referral.referralDate, end: referral.closeDate });
    // The decision recorded, or else the first next step taken, which shows the decision was made by then.
    const nextSteps = [
      ...eventDates(r.timeline, 'referral_decision', 'strategy_discussion', 'assessment'),
      ...r.timeline.cpPlans.map((p) => p.startDate),
      ...r.timeline.careEpisodes.map((e) => e.startDate),
    ];
    const decided = nextSteps.filter((d) => d >= referral.referralDate && (referral.closeDate === null || d <= referral.closeDate));
    clocks.push({
      kind: 'referral_decision',
      period,
      basis: `referral received ${formatDate(referral.referralDate)}`,
      firstDue: workingDaysAfter(referral.referralDate, 1),
      firstRule: RULES.referralDecision,
      done: decided.sort().slice(0, 1),
      next: null,
    });
    clocks.push({
      kind: 'assessment',
      period,
      basis: `referral received ${formatDate(referral.referralDate)}`,
      firstDue: workingDaysAfter(referral.referralDate, 45),
      firstRule: RULES.assessment,
      done: eventDates(r.timeline, 'assessment'),
      next: null,
    });
    for (const piece of subtract(period, [...cpVisitPeriods, ...r.spells], r.today)) {
      clocks.push({
        kind: 'cin_visit',
        period: piece,
        basis: piece.start === referral.referralDate ? `referral received ${formatDate(piece.start)}` : `child in need from ${formatDate(piece.start)}`,
        ...planVisits(r, 'cin', piece.start, r.settings.cinVisit, RULES.cinVisit),
      });
    }
  }
  return clocks;
}

/**
 * Private fostering: the child is seen within 7 working days of the council
 * being told, then at most every 6 weeks in the arrangement's first year and
 * every 12 weeks after; the arrangement begins when the council becomes aware
 * of it (reg 8(6)).
 */
function privateFosteringClocks(r: Regime): ClockSpec[] {
  return r.timeline.privateFostering.map((arrangement) => {
    const secondYear = addMonths(arrangement.notifiedOn, 12);
    return {
      kind: 'pf_visit',
      period: r.limit({ start: arrangement.notifiedOn, end: arrangement.endedOn }),
      basis: `council told of the private fostering ${formatDate(arrangement.notifiedOn)}`,
      firstDue: workingDaysAfter(arrangement.notifiedOn, 7),
      firstRule: RULES.pfVisitFirst,
      done: r.swVisits,
      next: (date) => (date < secondYear ? { due: addDays(date, 42), rule: RULES.pfVisitFirstYear } : { due: addDays(date, 84), rule: RULES.pfVisitLater }),
    };
  });
}

/**
 * A child who was missing (whereabouts unknown) is offered an independent
 * return interview on their return, "carried out within 72 hours of the child
 * returning to their home or care setting" (the 2014 guidance): due 3 days
 * after the day they returned. Held, or offered and declined by the child,
 * answers it: the guidance requires the offer, and the child may say no.
 * Away without authorisation (whereabouts known) starts no clock. The offer
 * for one return lapses when the child goes missing again, and at 18.
 */
function returnInterviewClocks(r: Regime): ClockSpec[] {
  const episodes = [...r.timeline.missingEpisodes].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  const clocks: ClockSpec[] = [];
  episodes.forEach((episode, i) => {
    if (episode.kind !== 'missing' || episode.endDate === null || episode.endDate > r.today) return;
    const next = episodes[i + 1];
    const adult = r.dob ? addDays(birthday(r.dob, 18), -1) : null;
    clocks.push({
      kind: 'return_interview',
      period: r.limit({ start: episode.endDate, end: earlier(next ? addDays(next.startDate, -1) : null, adult) }),
      basis: `returned ${formatDate(episode.endDate)}, missing from ${formatDate(episode.startDate)}`,
      firstDue: addDays(episode.endDate, 3),
      firstRule: RULES.returnInterview,
      done: episode.interviewDoneOn ? [episode.interviewDoneOn] : [],
      next: null,
    });
  });
  return clocks;
}

/**
 * A child with a placement order (Adoption and Children Act 2002 s21) who is
 * not yet matched is waiting: the adoption scorecard's A2 threshold puts the
 * match within 121 days (4 months) of the order. A national performance
 * threshold, not a statutory duty. Consent (s19) is not court authority and
 * starts no clock; the clock stops when the decision is reversed or ends in
 * an adoption order.
 */
function adoptionMatchClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = [];
  for (const d of r.timeline.adoptionDecisions ?? []) {
    if (d.authority !== 'placement_order' || !d.authorityOn || d.authorityOn > r.today) continue;
    clocks.push({
      kind: 'adoption_match',
      period: r.limit({ start: d.authorityOn, end: d.ceasedOn ?? d.adoptedOn }),
      basis: `placement order ${formatDate(d.authorityOn)}`,
      firstDue: addDays(d.authorityOn, 121),
      firstRule: RULES.adoptionMatch,
      done: d.matchedOn ? [d.matchedOn] : [],
      next: null,
    });
  }
  return clocks;
}

/**
 * The second looked-after review of a period of care: the day it was held, or
 * else the day it is due (reg 33(1): the first within 20 working days of
 * coming into care, the second within 3 months of the first, counted from the
 * day the first is due while it has not been held). The permanence plan's due
 * day, and the council's permanence measure.
 */
export function secondReviewOf(period: { start: string; end: string | null }, reviewDates: readonly string[]): { date: string; held: boolean } {
  const reviews = reviewDates.filter((d) => d >= period.start && (period.end === null || d <= period.end)).sort();
  const first = reviews[0] ?? workingDaysAfter(period.start, 20);
  return reviews[1] ? { date: reviews[1], held: true } : { date: addMonths(first, 3), held: false };
}

/**
 * The plan for permanence is in the care plan by the second review, about 4
 * months after the child came into care (volume 2 guidance, chapter 2): due on
 * the day of the second review of the period of care when it has been held,
 * otherwise on the day it is due (3 months after the first review, or after
 * the day the first is due while it has not been held). The first plan
 * decided in the period answers it. Short breaks have no permanence plan.
 */
function permanencePlanClocks(r: Regime): ClockSpec[] {
  const claReviews = eventDates(r.timeline, 'cla_review');
  const plans = r.timeline.permanencePlans ?? [];
  return r.spells.map((spell) => {
    const period = r.limit(spell);
    const second = secondReviewOf({ start: spell.start, end: period.end }, claReviews);
    return {
      kind: 'permanence_plan' as const,
      period,
      basis: `became looked after ${formatDate(spell.start)}; second review ${second.held ? 'held' : 'due'} ${formatDate(second.date)}`,
      firstDue: second.date,
      firstRule: RULES.permanencePlan,
      done: plans,
      next: null,
    };
  });
}

/**
 * Each recommendation of a looked-after review is due by the date the review
 * set for it (never before the review); the IRO monitors that it is carried
 * out (reg 36; IRO Handbook chapter 3). Completion answers it, once. An open
 * recommendation stays due however the case moves on: someone must still
 * say what became of it.
 */
/**
 * A contact at the front door is decided within one working day of the day it
 * came in (Working Together to Safeguard Children 2023, applied from the
 * contact). The decision answers it; a contact awaiting one stays open.
 */
function contactDecisionClocks(r: Regime): ClockSpec[] {
  return (r.timeline.contacts ?? []).map((c) => ({
    kind: 'contact_decision' as const,
    period: r.limit({ start: c.contactDate, end: c.decidedOn }),
    basis: `contact received ${formatDate(c.contactDate)}`,
    firstDue: workingDaysAfter(c.contactDate, 1),
    firstRule: RULES.contactDecision,
    done: c.decidedOn ? [c.decidedOn] : [],
    next: null,
  }));
}

function reviewRecommendationClocks(r: Regime): ClockSpec[] {
  return (r.timeline.reviewRecommendations ?? []).map((rec) => ({
    kind: 'review_recommendation' as const,
    period: r.limit({ start: rec.reviewDate, end: null }),
    basis: `review on ${formatDate(rec.reviewDate)}: ${rec.action.length > 80 ? `${rec.action.slice(0, 79)}…` : rec.action}`,
    firstDue: rec.dueDate,
    firstRule: RULES.reviewRecommendation,
    done: rec.completedOn ? [rec.completedOn] : [],
    next: null,
  }));
}

/**
 * Each action of a child protection plan is due by the date the plan set for
 * it; the core group makes sure it is carried out (Working Together 2023,
 * chapter 4). Completion answers it, once; an open action stays due until
 * someone says what became of it, or until the plan ends: the plan's actions
 * end with it (one missed while the plan ran stays on its history as missed).
 */
function cpPlanActionClocks(r: Regime): ClockSpec[] {
  return (r.timeline.cpPlanActions ?? []).map((x) => ({
    kind: 'cp_plan_action' as const,
    period: r.limit({ start: x.planStart, end: x.planEnd }),
    basis: `plan from ${formatDate(x.planStart)}: ${x.action.length > 80 ? `${x.action.slice(0, 79)}…` : x.action}`,
    firstDue: x.dueDate,
    firstRule: RULES.cpPlanAction,
    done: x.completedOn ? [x.completedOn] : [],
    next: null,
  }));
}

/**
 * A child who stopped being looked after on being sentenced to custody
 * (SSDA903 reason E9) is visited within 10 working days of being detained;
 * later visits are on request, so no further clock. Not for a relevant child
 * (16 or 17, looked after for 13 weeks since 14): their personal adviser's
 * duties apply instead (reg 2(2)).
 */
function detentionClocks(r: Regime): ClockSpec[] {
  const clocks: ClockSpec[] = [];
  for (const spell of r.spells) {
    const last = spell.episodes.at(-1)!;
    if (last.reasonCeased !== 'E9' || spell.end === null || spell.end > r.today) continue;
    if (r.dob && relevantChildOn(r, spell.end)) continue;
    clocks.push({
      kind: 'detention_visit',
      period: r.limit({ start: spell.end, end: r.dob ? addDays(birthday(r.dob, 18), -1) : null }),
      basis: `sentenced to custody ${formatDate(spell.end)}`,
      firstDue: workingDaysAfter(spell.end, 10),
      firstRule: RULES.detentionVisit,
      done: r.swVisits,
      next: null,
    });
  }
  return clocks;
}

/** 16 or 17 and looked after for at least 13 weeks since turning 14 (Children Act 1989 Sch 2 para 19B; s23A): a relevant child once care ends. */
function relevantChildOn(r: Regime, date: string): boolean {
  const age = ageOn(r.dob!, date);
  if (age < 16 || age >= 18) return false;
  const fourteen = birthday(r.dob!, 14);
  const days = r.spells.reduce((sum, s) => {
    const from = s.start > fourteen ? s.start : fourteen;
    const to = s.end === null || s.end > date ? date : s.end;
    return to > from ? sum + daysBetween(from, to) : sum;
  }, 0);
  return days >= 91;
}

/** Care proceedings: the 26 weeks run from the application while the proceedings go on. */
function courtClocks(r: Regime): ClockSpec[] {
  const since = r.timeline.careProceedingsSince;
  if (since === null || since > r.today) return [];
  return [
    {
      kind: 'care_proceedings',
      period: r.limit({ start: since, end: null }),
      basis: `application issued ${formatDate(since)}`,
      firstDue: addDays(since, 26 * 7 - 1),
      firstRule: RULES.careProceedings,
      done: [],
      next: null,
    },
  ];
}

/**
 * The day a child became an eligible child: 16 or 17, looked after, and
 * looked after for 13 weeks in all since turning 14 (Children Act 1989
 * Sch 2 para 19B(2); Care Planning Regulations reg 40). Short breaks do not
 * count (reg 48), so only `r.spells`. Null if they have not (by today).
 */
function eligibleFrom(r: Regime): string | null {
  if (!r.dob) return null;
  const fourteen = birthday(r.dob, 14);
  const sixteen = birthday(r.dob, 16);
  const eighteen = birthday(r.dob, 18);
  let before = 0;
  for (const spell of [...r.spells].sort((a, b) => (a.start < b.start ? -1 : 1))) {
    const from = spell.start > fourteen ? spell.start : fourteen;
    const to = spell.end ?? eighteen;
    if (to <= from) continue;
    const thirteenWeeks = addDays(from, Math.max(0, 91 - before));
    const day = thirteenWeeks > sixteen ? thirteenWeeks : sixteen;
    if (day < to && day < eighteen) return day <= r.today ? day : null;
    before += daysBetween(from, to);
  }
  return null;
}

/**
 * Whether the leaving care duties are owed: the council's recorded category
 * where there is one (a qualifying care leaver is owed advice and assistance,
 * not these clocks: s24), otherwise whether the care history made the young
 * person an eligible child.
 */
function owedLeavingCareDuties(r: Regime, eligible: string | null): boolean {
  const category = r.timeline.careLeaver?.category;
  return category ? category !== 'qualifying' : eligible !== null;
}

/**
 * Care leavers: the needs assessment and pathway plan from eligibility, and
 * the personal adviser's visits once the young person has left care, as a
 * relevant child at 16 or 17 (s23A) or a former relevant one from 18 (s23C).
 */
function careLeaverClocks(r: Regime): ClockSpec[] {
  if (!r.dob) return [];
  const eligible = eligibleFrom(r);
  if (!owedLeavingCareDuties(r, eligible)) return [];
  const clocks: ClockSpec[] = [];
  const sixteen = birthday(r.dob, 16);
  const eighteen = birthday(r.dob, 18);
  const twentyOne = birthday(r.dob, 21);
  const supportUntil = r.timeline.careLeaver?.supportUntil;
  const supportEnd = supportUntil && supportUntil > twentyOne ? supportUntil : twentyOne;
  // Without eligibility in the history (care recorded elsewhere), the recorded category dates the assessment from care after 16.
  const inCareAfter16 = r.spells.find((s) => (s.end === null || s.end >= sixteen) && s.start < eighteen);
  const needsFrom = eligible ?? (inCareAfter16 ? (inCareAfter16.start > sixteen ? inCareAfter16.start : sixteen) : null);
  const reviews = eventDates(r.timeline, 'pathway_plan_review').sort();
  if (needsFrom) {
    // An assessment made in the 3 months before eligibility (once in care, the 13 weeks in sight) meets the duty.
    const needs = eventDates(r.timeline, 'needs_assessment', 'pathway_plan_review').filter((d) => d >= addMonths(needsFrom, -3)).sort();
    clocks.push({
      kind: 'needs_assessment',
      period: r.limit({ start: needs[0] && needs[0] < needsFrom ? needs[0] : needsFrom, end: supportEnd }),
      basis: needsFrom === sixteen ? `turned 16 on ${formatDate(sixteen)}` : `an eligible child from ${formatDate(needsFrom)}`,
      firstDue: addMonths(needsFrom, 3),
      firstRule: RULES.needsAssessment,
      done: needs.length ? [needs[0]!] : [],
      next: null,
    });
    if (needs.length) {
      clocks.push({
        kind: 'pathway_plan_review',
        period: r.limit({ start: needs[0]!, end: supportEnd }),
        basis: `pathway plan made ${formatDate(needs[0]!)}`,
        firstDue: addMonths(needs[0]!, 6),
        firstRule: RULES.pathwayReview,
        done: needs.slice(1),
        next: (date) => ({ due: addMonths(date, 6), rule: RULES.pathwayReview }),
      });
    }
  }
  const left = leftCareFrom(r, eighteen);
  if (left && left.day <= r.today) {
    // reg 8(2): within 7 days of a move, before each pathway plan review, and at most 2 months apart.
    const moves = [...r.timeline.moves].sort();
    const nextVisit = (after: string, fromStart: boolean): { due: string; rule: Rule } => {
      const candidates: { due: string; rule: Rule }[] = [{ due: addInterval(after, r.settings.paContact), rule: RULES.paContact }];
      const move = moves.find((m) => (fromStart ? m >= after : m > after));
      if (move) candidates.push({ due: addDays(move, 7), rule: RULES.paContactAfterMove });
      // A visit counts for the first review on or after it; the review after that wants another.
      const answered = fromStart ? after : reviews.find((d) => d >= after);
      const review = answered === undefined ? undefined : reviews.find((d) => d > answered);
      if (review) candidates.push({ due: review, rule: RULES.paContactBeforeReview });
      return candidates.reduce((soonest, c) => (c.due < soonest.due ? c : soonest));
    };
    const first = nextVisit(left.day, true);
    clocks.push({
      kind: 'pa_contact',
      period: r.limit({ start: left.day, end: supportEnd }),
      basis: left.basis,
      firstDue: first.due,
      firstRule: first.rule,
      done: seenVisits(r.timeline, 'personal_adviser'),
      next: (date) => nextVisit(date, false),
    });
  }
  if (r.timeline.careLeaver && left) clocks.push(...birthdayCheckClocks(r, left.day));
  return clocks;
}

/**
 * SSDA903 OC3: for a young person recorded as a care leaver owed the duties,
 * one check for each birthday from 17 to 21, and later ones while supported,
 * once they have left care by that birthday. The information is "from the
 * period three months before to one month after the young person's birthday"
 * (DfE SSDA903 guide): the check falls due as that window closes and stays
 * owed until the next birthday's window opens.
 */
function birthdayCheckClocks(r: Regime, leftCareOn: string): ClockSpec[] {
  const checks = r.timeline.birthdayChecks ?? [];
  const clocks: ClockSpec[] = [];
  for (let age = 17; age <= lastBirthdayChecked(r.dob!, r.timeline.careLeaver?.supportUntil ?? null); age += 1) {
    const window = birthdayCheckWindow(r.dob!, age);
    if (window.opens > r.today || leftCareOn > window.birthday) continue;
    clocks.push({
      kind: 'care_leaver_check',
      period: r.limit({ start: window.opens, end: addDays(birthdayCheckWindow(r.dob!, age + 1).opens, -1) }),
      basis: `${age} on ${formatDate(window.birthday)}`,
      firstDue: window.closes,
      firstRule: RULES.careLeaverCheck,
      done: checks.filter((c) => c.age === age).map((c) => c.gatheredOn),
      next: null,
    });
  }
  return clocks;
}

/** The day a young person left care after 16, as the leaving care clocks count it (the 18th birthday for one in care until then); null while still looked after at 16 or 17, or without a date of birth. */
export function leftCareOn(timeline: ChildTimeline, today: string): string | null {
  if (!timeline.dateOfBirth) return null;
  return leftCareFrom(regimeOf(timeline, today, DEFAULT_SETTINGS), birthday(timeline.dateOfBirth, 18))?.day ?? null;
}

/** The window for the information about a care leaver's birthday: 3 months before to 1 month after it (DfE SSDA903 guide, OC3). */
export function birthdayCheckWindow(dateOfBirth: string, age: number): { opens: string; birthday: string; closes: string } {
  const day = birthday(dateOfBirth, age);
  return { opens: addMonths(day, -3), birthday: day, closes: addMonths(day, 1) };
}

/** The last birthday checked: 21, or later while the council supports the young person (to a birthday on or before support ends), never past 25. */
export function lastBirthdayChecked(dateOfBirth: string, supportUntil: string | null): number {
  let age = 21;
  while (supportUntil && age < 25 && birthday(dateOfBirth, age + 1) <= supportUntil) age += 1;
  return age;
}

/**
 * When the young person left care after 16: the day a relevant child's care
 * ended before 18, or the 18th birthday of one looked after until then (or
 * who left care before 16 and is recorded as a care leaver). Null while
 * they are 16 or 17 and still looked after.
 */
function leftCareFrom(r: Regime, eighteen: string): { day: string; basis: string } | null {
  const sixteen = birthday(r.dob!, 16);
  const last = [...r.spells].filter((s) => s.start < eighteen).sort((a, b) => (a.start < b.start ? -1 : 1)).at(-1);
  // A spell still running at 18 ends the day before the birthday, when the young person stops being a child.
  if (last && last.end !== null && last.end >= sixteen && last.end < addDays(eighteen, -1)) {
    return { day: last.end, basis: `left care on ${formatDate(last.end)}, a relevant child` };
  }
  if (last && last.end === null && eighteen > r.today) return null;
  return { day: eighteen, basis: `turned 18 on ${formatDate(eighteen)}` };
}

/**
 * What the care history alone says a young person is, with the reason in
 * words, for the care leaver's record to show beside the category recorded:
 * eligible (16 or 17, in care, 13 weeks since 14: Sch 2 para 19B), relevant
 * (16 or 17, left care once eligible: s23A), former relevant (18 to 21, or to
 * 25 while supported, once eligible: s23C), qualifying (looked after after 16
 * without becoming eligible: s24), or none of these.
 */
export function leavingCareFromHistory(timeline: ChildTimeline, today: string): { category: CareLeaverCategory | null; reason: string } {
  const r = regimeOf(timeline, today, DEFAULT_SETTINGS);
  if (!r.dob) return { category: null, reason: 'no date of birth is recorded' };
  const age = ageOn(r.dob, today);
  const sixteen = birthday(r.dob, 16);
  const eighteen = birthday(r.dob, 18);
  const eligible = eligibleFrom(r);
  const afterSixteen = r.spells.filter((s) => (s.end === null || s.end > sixteen) && s.start < eighteen && s.start <= today);
  const inCare = afterSixteen.some((s) => s.end === null || s.end >= today);
  if (age < 16) return { category: null, reason: 'under 16' };
  if (eligible && age < 18) {
    return inCare
      ? { category: 'eligible', reason: `looked after for 13 weeks since turning 14, from ${formatDate(eligible)}` }
      : { category: 'relevant', reason: `left care on ${formatDate(afterSixteen.at(-1)!.end!)}, having been an eligible child from ${formatDate(eligible)}` };
  }
  if (eligible) return { category: 'former_relevant', reason: `an eligible child from ${formatDate(eligible)}, 18 on ${formatDate(eighteen)}` };
  if (afterSixteen.length === 0) return { category: null, reason: 'not looked after since turning 16' };
  if (age >= 21) return { category: null, reason: 'over 21, and never an eligible child' };
  if (inCare && age < 18) return { category: null, reason: 'looked after, but not yet for 13 weeks since turning 14' };
  return { category: 'qualifying', reason: 'looked after after turning 16, but not for 13 weeks in all since turning 14' };
}

/** Every occurrence of every clock on the child's timeline, up to today. */
function regimeOf(timeline: ChildTimeline, today: string, settings: TimescaleSettings): Regime {
  const allSpells = careSpells(timeline);
  const shortBreaksOnly = (spell: CareSpell) => spell.episodes.every((e) => SHORT_BREAKS.includes(e.legalStatus));
  return {
    timeline,
    today,
    settings,
    dob: timeline.dateOfBirth,
    limit: (p) => ({ start: p.start, end: timeline.dateOfDeath ? earlier(p.end, timeline.dateOfDeath) : p.end }),
    swVisits: seenVisits(timeline, 'social_worker'),
    spells: allSpells.filter((s) => !shortBreaksOnly(s)),
    shortBreakSpells: allSpells.filter(shortBreaksOnly),
  };
}

export function occurrences(timeline: ChildTimeline, today: string, settings: TimescaleSettings = DEFAULT_SETTINGS): Occurrence[] {
  const r = regimeOf(timeline, today, settings);
  const clocks = [...lookedAfterClocks(r), ...shortBreakClocks(r), ...childProtectionClocks(r), ...childInNeedClocks(r), ...privateFosteringClocks(r), ...detentionClocks(r), ...courtClocks(r), ...careLeaverClocks(r), ...returnInterviewClocks(r), ...adoptionMatchClocks(r), ...permanencePlanClocks(r), ...reviewRecommendationClocks(r), ...cpPlanActionClocks(r), ...contactDecisionClocks(r)];
  return clocks.flatMap((clock) => runClock(clock, r.today));
}

export function dueStatus(dueDate: string, today: string): DueStatus {
  if (dueDate < today) return 'overdue';
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const sunday = addDays(today, (7 - weekday) % 7);
  if (dueDate <= sunday) return 'this_week';
  if (dueDate <= addDays(today, 28)) return 'next_4_weeks';
  return 'later';
}

/** What is due now: one item per running clock, soonest first. Each says which rule made it. */
export function dueItems(timeline: ChildTimeline, today: string, settings: TimescaleSettings = DEFAULT_SETTINGS): DueItem[] {
  return occurrences(timeline, today, settings)
    .filter((o) => o.doneOn === null && o.running)
    .map((o) => ({ ...o, status: dueStatus(o.dueDate, today), daysOverdue: Math.max(0, daysBetween(o.dueDate, today)) }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.kind < b.kind ? -1 : 1));
}

/** Whether an occurrence was done in time (on or before its due date), or is still open. */
export function inTime(o: Occurrence): boolean | null {
  return o.doneOn === null ? null : o.doneOn <= o.dueDate;
}

// --- Timeliness by month -----------------------------------------------------------

export interface MonthFigure {
  /** 'YYYY-MM' */
  month: string;
  due: number;
  inTime: number;
  /** Percentage in time, one decimal place; null when nothing fell due. */
  percent: number | null;
}

/**
 * Of what fell due in each month (up to today), the share done by its due
 * date. Something still not done whose due date has passed counts as late.
 * Each due item counts once: an extra visit between two due dates is not
 * another item done in time.
 */
export function timelinessByMonth(all: readonly Occurrence[], months: readonly string[], today: string): MonthFigure[] {
  return months.map((month) => {
    const falling = all.filter((o) => !o.extra && o.dueDate.slice(0, 7) === month && o.dueDate < today);
    const onTime = falling.filter((o) => o.doneOn !== null && o.doneOn <= o.dueDate).length;
    return { month, due: falling.length, inTime: onTime, percent: falling.length ? Math.round((onTime / falling.length) * 1000) / 10 : null };
  });
}

/** The `count` months ending with today's, oldest first, as 'YYYY-MM'. */
export function lastMonths(today: string, count: number): string[] {
  const first = addMonths(`${today.slice(0, 7)}-01`, -(count - 1));
  return Array.from({ length: count }, (_, i) => addMonths(first, i).slice(0, 7));
}

// --- Travel ------------------------------------------------------------------------

export interface TravelSettings {
  /** Roads are longer than a straight line: the straight-line distance is multiplied by this. */
  roadFactor: number;
  /** The first miles of a journey are slower (town roads)... */
  localMiles: number;
  localMph: number;
  /** ...and the rest faster (A roads and motorways). */
  openRoadMph: number;
}

export const DEFAULT_TRAVEL: TravelSettings = { roadFactor: 1.25, localMiles: 20, localMph: 25, openRoadMph: 55 };

/** An estimate of the drive one way, in minutes, rounded to 5, from a straight-line distance. */
export function travelMinutes(straightMiles: number, travel: TravelSettings = DEFAULT_TRAVEL): number {
  const road = straightMiles * travel.roadFactor;
  const local = Math.min(road, travel.localMiles);
  const hours = local / travel.localMph + Math.max(0, road - travel.localMiles) / travel.openRoadMph;
  return Math.max(5, Math.round((hours * 60) / 5) * 5);
}

export function describeMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} minutes`;
  return `${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minutes` : ''}`;
}

// --- Grouping far placements into trips -----------------------------------------------

export interface TripStop {
  id: string;
  /** Metres east and north (OSGB36) of the placement's postcode sector. */
  easting: number;
  northing: number;
  milesFromBase: number;
}

/**
 * Groups placements so that one journey can take in several: the farthest
 * placement not yet in a group starts one, and every other within
 * `groupMiles` of it joins. Deterministic: ties go by id.
 */
export function groupTrips<T extends TripStop>(stops: readonly T[], groupMiles: number): T[][] {
  const left = [...stops].sort((a, b) => b.milesFromBase - a.milesFromBase || (a.id < b.id ? -1 : 1));
  const groups: T[][] = [];
  while (left.length) {
    const seed = left.shift()!;
    const group = [seed];
    for (let i = 0; i < left.length; ) {
      const s = left[i]!;
      const miles = Math.hypot(s.easting - seed.easting, s.northing - seed.northing) / 1000 / 1.6093;
      if (miles <= groupMiles) {
        group.push(s);
        left.splice(i, 1);
      } else i += 1;
    }
    groups.push(group);
  }
  return groups;
}
