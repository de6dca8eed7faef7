// The in-memory shape of the demo children before they are written: each
// child's identity and timeline, built first and inserted in batches after.
import type { Day } from './dates.ts';

/** Kinds of case-holding team, told apart by the organisation's team names. */
export type TeamType = 'assessment' | 'locality' | 'lac' | 'cwd';

/** What a child's case is today. */
export type Cohort = 'looked_after' | 'child_protection' | 'child_in_need' | 'care_leaver' | 'closed' | 'contact_only';

export type ContactOutcome = 'referral' | 'early_help' | 'other_agency' | 'advice' | 'no_further_action';

export interface ContactEvent {
  day: Day;
  source: string;
  outcome: ContactOutcome;
  summary: string;
}

export interface ReferralEvent {
  id: string;
  day: Day;
  source: string;
  need: string | null;
  nfa: boolean;
  close: Day | null;
  closure: string | null;
  /** Days the assessment team held the referral before it moved on (or closed). */
  assessmentDays: number;
}

export interface CpPlanEvent {
  id: string;
  referralId: string;
  start: Day;
  end: Day | null;
  initial: string;
  latest: string;
}

export interface EpisodeEvent {
  id: string;
  start: Day;
  end: Day | null;
  reasonNew: string;
  legal: string;
  need: string;
  type: string;
  provider: string;
  postcode: string;
  urn: string | null;
  home: string;
  miles: number | null;
  outOfArea: boolean | null;
  ceased: string | null;
  placeChange: string | null;
}

/** One period of care: a chain of episodes, and when the case moved to a looked-after children's team. */
export interface CarePeriod {
  start: Day;
  end: Day | null;
  transfer: Day;
  episodes: EpisodeEvent[];
}

export interface AddressSpell {
  id: string;
  line1: string;
  town: string | null;
  postcode: string;
  start: Day;
  end: Day | null;
}

export type CareLeaverCategory = 'eligible' | 'relevant' | 'former_relevant' | 'qualifying';

export interface ChildRecord {
  id: string;
  laChildId: string;
  cohort: Cohort;
  forename: string;
  surname: string;
  sex: 'M' | 'F';
  birth: Day | null;
  due: Day | null;
  ethnicity: string;
  uasc: boolean;
  immigrationStatus: string | null;
  /** Disability codes; NONE when a born child has none (the CIN census needs one or the other), none for an unborn child. */
  disabilities: string[];
  /** Held by a disabilities team once assessed. */
  cwd: boolean;
  nhsNumber: string | null;
  upn: string | null;
  upnUnknownReason: string | null;
  restriction: string | null;
  contacts: ContactEvent[];
  referrals: ReferralEvent[];
  cpPlans: CpPlanEvent[];
  care: CarePeriod[];
  leaver: { category: CareLeaverCategory; supportUntil: Day } | null;
  /** When a personal adviser was first allocated (care leavers, and eligible children from about 16). */
  adviserFrom: Day | null;
  /** The child's own addresses; the family's home while they live with it. */
  addresses: AddressSpell[];
  /** Shown on the record when the child lives somewhere of their own after care. */
  ownHomeFrom: Day | null;
}

/** Children of one family whose cases run together: referred, planned for and looked after at the same times. */
export interface Unit {
  index: number;
  cohort: Cohort;
  children: ChildRecord[];
  /** The family's home addresses, newest last. */
  homes: AddressSpell[];
  /** Kept for the demo social worker's caseload. */
  demo: 'social_worker' | null;
}
