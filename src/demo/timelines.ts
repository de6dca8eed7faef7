// Each unit's story as a timeline: contacts, referrals (CIN episodes), child
// protection plans and periods of care made of SSDA903 episodes. Dates are
// shared by the children of a unit, never before the youngest was born (an
// unborn child's pre-birth plan aside) and never after today; episodes,
// plans and referrals of one child never overlap.
import { ageOn, birthday, YEAR, type Day } from './dates.ts';
import type {
  CarePeriod,
  ChildRecord,
  ContactOutcome,
  EpisodeEvent,
  ReferralEvent,
  Unit,
} from './model.ts';
import type { PlacementReach } from './places.ts';
import {
  CIN_CLOSURES,
  CIN_NEEDS,
  CLA_NEEDS,
  CONTACT_SOURCES,
  CP_CATEGORIES,
  CP_NEEDS,
  CURRENT_PLACEMENT_BY_AGE,
  EARLIER_PLACEMENT_BY_AGE,
  FOSTER,
  KINSHIP,
  PLACE_CHANGE_REASONS,
  PLACEMENT_ORDER_PLACEMENTS,
  PROVIDERS,
  REACH,
  REFERRAL_SOURCES,
  REGISTERED_SETTINGS,
  UASC_PLACEMENTS,
  type Weighted,
} from './shapes.ts';
import { contactSummary } from './texts.ts';
import { ChildrenStep, type ChildrenTools } from './children-step.ts';

interface LegalSegment {
  from: Day;
  status: string;
}

interface PlacementSpell {
  from: Day;
  type: string;
  provider: string;
  postcode: string;
  urn: string | null;
  carer: number;
}

/** How a period of care that has ended came to an end. */
export type CareEnding = 'home' | 'sgo' | 'cao' | 'adoption' | 'transfer' | 'relatives' | 'eighteen' | 'independent' | 'other';

/**
 * Days at least from a referral to the child protection plan it leads to: the
 * strategy discussion that starts the section 47 enquiry comes up to 20 days
 * before the initial conference (see visits.ts), and must fall within the
 * referral's CIN episode for the census to link the conference to the plan
 * (CIN rule 2885).
 */
const PLAN_AFTER_REFERRAL = 21;

const TEMPORARY = new Set(['T0', 'T1', 'T2', 'T3', 'T4']);

/** How the CIN episode closes when care ended this way (CIN census closure reasons). */
const CLOSURE_AFTER_CARE: Partial<Record<CareEnding, string>> = { home: 'RC7', relatives: 'RC7', sgo: 'RC4', cao: 'RC3', adoption: 'RC1', transfer: 'RC5' };

export class Timelines extends ChildrenStep {
  private carer = 0;
  /** Periods of care over 2 years, and over 200 days, so far: every few gets more moves (see changeDays). */
  private longStays = 0;
  private longerPeriods = 0;
  /** Young children whose care has ended so far: the first was adopted, so that a small council has an adoption too. */
  private youngCareEndings = 0;
  /** Children whose care ended in adoption so far: the first was placed for adoption with their foster carers, so that a small council has one. */
  private adoptivePlacements = 0;
  /** Children known only by contacts so far. */
  private contactOnlyUnits = 0;
  /** Six years of history to today. */
  readonly historyStart: Day;

  constructor(tools: ChildrenTools) {
    super(tools);
    this.historyStart = this.today - 6 * YEAR;
  }

  // ------------------------------------------------------------------ stories

  /** Looked after today, with the given legal status; the referral that led to care stays open. */
  lookedAfter(
    unit: Unit,
    options: { legal: string; needOverride?: string; placeOutOfArea?: boolean; minDays?: number; keepWithLocality?: boolean },
  ): void {
    const T = this.today;
    const youngest = youngestBirth(unit);
    const uasc = unit.children[0]!.uasc;
    const maxDays = youngest === null ? 0 : T - youngest - 1;
    let legal = options.legal;
    let days = this.careDays(legal, uasc);
    if (legal === 'C2' && maxDays < 150) legal = maxDays >= 14 ? 'C1' : 'V2';
    if (legal === 'E1' && maxDays < 240) legal = maxDays >= 14 ? 'C1' : 'V2';
    if (legal !== options.legal) days = this.careDays(legal, uasc);
    days = Math.max(0, Math.min(Math.max(days, options.minDays ?? 0), maxDays));
    const start = T - days;
    const emergency = uasc || legal === 'L1' || legal === 'L2' || this.r.chance(0.2);
    const referralDay = Math.max(youngest ?? start, emergency ? start - this.r.int(0, 2) : start - this.r.int(20, 400));
    const need = options.needOverride ?? (uasc ? 'N8' : this.r.weighted(CLA_NEEDS));
    if (!uasc && referralDay - (youngest ?? referralDay) > 500 && this.r.chance(0.3)) this.earlierEpisode(unit, referralDay - 45, false);
    const referralIds = this.referral(unit, {
      day: referralDay,
      need,
      close: null,
      closure: null,
      assessmentDays: Math.max(1, Math.min(this.r.int(15, 45), start - referralDay + this.r.int(0, 30))),
    });
    if (!uasc && start - referralDay >= 40 && this.r.chance(0.55)) {
      this.cpPlan(unit, referralIds, referralDay + this.r.int(PLAN_AFTER_REFERRAL, Math.min(45, start - referralDay - 1)), start);
    }
    this.care(unit, {
      start,
      end: null,
      legal: this.legalSegments(legal, start, T),
      need,
      ending: null,
      placeOutOfArea: options.placeOutOfArea ?? null,
      keepWithLocality: options.keepWithLocality ?? false,
    });
    this.extraContacts(unit, referralDay);
  }

  /** On a child protection plan today (an unborn child's plan starts before birth). */
  childProtection(unit: Unit, options: { minDays?: number } = {}): void {
    const T = this.today;
    const youngest = youngestBirth(unit);
    const unborn = unit.children.some((c) => c.birth === null);
    let planStart: Day;
    let referralDay: Day;
    if (unborn) {
      referralDay = T - this.r.int(30, 140);
      planStart = Math.min(T - 1, referralDay + this.r.int(PLAN_AFTER_REFERRAL, 40));
    } else {
      const days = Math.min(
        Math.max(options.minDays ?? 0, this.r.weighted([
          [this.r.int(1, 90), 30],
          [this.r.int(90, 180), 25],
          [this.r.int(180, 365), 27],
          [this.r.int(365, 540), 12],
          [this.r.int(540, 800), 6],
        ])),
        T - (youngest ?? T) - PLAN_AFTER_REFERRAL,
      );
      planStart = T - Math.max(0, days);
      const lead = this.r.chance(0.15) ? this.r.int(60, 300) : this.r.int(PLAN_AFTER_REFERRAL, 45);
      referralDay = Math.max(youngest ?? planStart, planStart - lead);
    }
    if (!unborn && referralDay - (youngest ?? referralDay) > 400 && this.r.chance(0.3)) {
      this.earlierEpisode(unit, referralDay - 60, this.r.chance(0.55));
    }
    const ids = this.referral(unit, {
      day: referralDay,
      need: this.r.weighted(CP_NEEDS),
      close: null,
      closure: null,
      assessmentDays: Math.max(1, planStart - referralDay + this.r.int(0, 25)),
    });
    this.cpPlan(unit, ids, planStart, null);
    this.extraContacts(unit, referralDay);
  }

  /** Open as a child in need: being assessed, on a plan (some stepped down from child protection), or a disabled child's long-term case. */
  childInNeed(unit: Unit, kind: 'assessment' | 'plan' | 'disability'): void {
    const T = this.today;
    const youngest = youngestBirth(unit) ?? T;
    if (kind === 'assessment') {
      const day = Math.max(youngest, T - this.r.int(0, 44));
      this.earlierMaybe(unit, day, 0.25);
      this.referral(unit, {
        day,
        need: this.r.chance(0.45) ? null : this.r.weighted(CIN_NEEDS),
        close: null,
        closure: null,
        assessmentDays: T - day + this.r.int(1, 20),
      });
      return;
    }
    if (kind === 'disability') {
      const day = Math.max(youngest + this.r.int(120, 700), T - this.r.int(200, 2000));
      const from = Math.max(youngest, Math.min(day, T - 30));
      this.earlierMaybe(unit, from, 0.1);
      this.referral(unit, { day: from, need: 'N2', close: null, closure: null, assessmentDays: this.r.int(15, 45) });
      this.extraContacts(unit, from);
      return;
    }
    const days = this.r.weighted([
      [this.r.int(45, 120), 30],
      [this.r.int(120, 365), 38],
      [this.r.int(365, 730), 24],
      [this.r.int(730, 1200), 8],
    ]);
    const day = Math.max(youngest, T - days);
    this.earlierMaybe(unit, day, 0.3);
    const ids = this.referral(unit, {
      day,
      need: this.r.weighted(CIN_NEEDS),
      close: null,
      closure: null,
      assessmentDays: Math.min(T - day, this.r.int(10, 45)),
    });
    // Stepped down: a plan that ended, the child still in need.
    if (T - day > 250 && this.r.chance(0.25)) {
      const start = day + this.r.int(PLAN_AFTER_REFERRAL, 40);
      const end = Math.min(T - 60, start + this.r.int(90, 540));
      if (end > start + 30) this.cpPlan(unit, ids, start, end);
    }
    this.extraContacts(unit, day);
  }

  /** A care leaver (one young person): relevant, former relevant or qualifying. */
  careLeaver(unit: Unit, category: 'relevant' | 'former_relevant' | 'qualifying'): void {
    const T = this.today;
    const child = unit.children[0]!;
    const born = child.birth!;
    const b14 = birthday(born, 14);
    const b16 = birthday(born, 16);
    const b18 = birthday(born, 18);
    const uasc = child.uasc;
    let start: Day;
    let end: Day;
    let ending: CareEnding;
    if (category === 'qualifying') {
      start = this.r.int(b16, Math.min(b18 - 20, T - 60));
      end = Math.min(T - 1, start + this.r.int(14, 85));
      ending = this.r.weighted<CareEnding>([['home', 55], ['relatives', 20], ['sgo', 10], ['other', 15]]);
    } else {
      if (category === 'relevant') {
        end = this.r.int(Math.max(b16 + 1, T - 600), T - 14);
        ending = this.r.weighted<CareEnding>([['independent', 75], ['other', 15], ['relatives', 10]]);
      } else if (this.r.chance(0.82) || b18 <= b16 + 10) {
        end = Math.min(b18, T - 1);
        ending = 'eighteen';
      } else {
        end = this.r.int(b16 + 1, Math.min(b18 - 1, T - 1));
        ending = 'independent';
      }
      // Eligible first: looked after for at least 13 weeks since 14, the last of it after 16 unless care ended earlier.
      const latestStart = Math.min(end - 91, Math.max(b14, end - 91));
      start = uasc
        ? Math.max(born + Math.round(14.5 * YEAR), Math.min(latestStart, b18 - this.r.int(200, 1100)))
        : Math.min(latestStart, end - this.r.weighted([[this.r.int(91, 700), 35], [this.r.int(700, 2200), 40], [this.r.int(2200, 5000), 25]]));
      start = Math.max(start, born + 30);
    }
    const need = uasc ? 'N8' : this.r.weighted(CLA_NEEDS);
    const referralDay = Math.max(born, uasc ? start - this.r.int(0, 3) : start - this.r.int(0, 300));
    const open = category === 'relevant';
    const closeDay = open ? null : Math.min(T - 1, end + (category === 'qualifying' ? this.r.int(0, 60) : this.r.int(0, 20)));
    const closure = open ? null : ending === 'sgo' ? 'RC4' : child.cwd && this.r.chance(0.5) ? 'RC6' : 'RC7';
    this.referral(unit, { day: referralDay, need, close: closeDay, closure, assessmentDays: this.r.int(10, 40) });
    const legal = uasc || category === 'qualifying' ? 'V2' : this.r.chance(0.65) ? 'C2' : 'V2';
    this.care(unit, { start, end, legal: this.legalSegments(legal, start, end), need, ending, placeOutOfArea: null });
    const b21 = birthday(born, 21);
    child.leaver = { category, supportUntil: T >= b21 ? birthday(born, 25) : b21 };
    child.adviserFrom =
      category === 'qualifying'
        ? Math.min(T - 1, end + this.r.int(10, 60))
        : Math.min(end, Math.max(start + 20, b16 + this.r.int(0, 240)));
  }

  /** Known before but closed today: a referral closed after assessment or a plan, a plan that ended, or care that ended. */
  closed(unit: Unit): void {
    const T = this.today;
    const youngest = youngestBirth(unit) ?? T - 400;
    const kind = this.r.weighted<'nfa' | 'cin' | 'cp' | 'care'>([['nfa', 38], ['cin', 32], ['cp', 17], ['care', 13]]);
    const from = Math.max(this.historyStart, youngest);
    const latest = T - (kind === 'care' ? 400 : kind === 'cp' ? 260 : 40);
    if (latest <= from + 10) {
      this.contactOnly(unit);
      return;
    }
    const day = this.r.int(from, latest);
    if (kind === 'nfa' || kind === 'cin' || kind === 'cp') {
      if (day - youngest > 600 && this.r.chance(0.15)) this.earlierEpisode(unit, day - 60, false);
      this.closedEpisode(unit, day, latest + 30, kind);
      return;
    }
    // Care that ended, before the eldest is 18: it can neither start (SSDA903 rule 352) nor end by an order (rules 386 and 407) at 18 or over.
    const adult = birthday(eldestBirth(unit) ?? youngest, 18);
    if (adult - day < 90) {
      this.closedEpisode(unit, day, latest + 30, 'cin');
      return;
    }
    const ending = this.r.weighted<CareEnding>([['home', 45], ['sgo', 25], ['cao', 8], ['adoption', 10], ['transfer', 7], ['relatives', 5]]);
    const young = youngest > T - 8 * YEAR;
    const finalEnding: CareEnding = young && ++this.youngCareEndings === 1 ? 'adoption' : ending === 'adoption' && !young ? 'home' : ending;
    const start = Math.min(T - 300, day + this.r.int(0, 200), adult - 60);
    const length = finalEnding === 'adoption' ? this.r.int(420, 900) : this.r.int(30, 900);
    const end = Math.min(T - 10, start + length, adult - 1);
    const legal =
      finalEnding === 'adoption' ? 'E1' : finalEnding === 'sgo' || finalEnding === 'cao' ? (this.r.chance(0.6) ? 'C2' : 'C1') : this.r.chance(0.5) ? 'V2' : 'C2';
    const need = this.r.weighted(CLA_NEEDS.filter(([code]) => code !== 'N8'));
    const closeDay =
      finalEnding === 'home' || finalEnding === 'relatives' ? Math.min(T - 1, end + this.r.int(40, 300)) : end;
    const closure = CLOSURE_AFTER_CARE[finalEnding] ?? 'RC7';
    const ids = this.referral(unit, { day: Math.min(day, start), need, close: closeDay, closure, assessmentDays: this.r.int(10, 45) });
    if (start - Math.min(day, start) >= 40 && this.r.chance(0.5)) this.cpPlan(unit, ids, Math.min(day, start) + this.r.int(PLAN_AFTER_REFERRAL, 35), start);
    this.care(unit, { start, end, legal: this.legalSegments(legal, start, end), need, ending: finalEnding, placeOutOfArea: null });
  }

  /** Only contacts: advice given, passed to early help or another agency, or nothing further. */
  contactOnly(unit: Unit): void {
    const T = this.today;
    const from = Math.max(this.historyStart, youngestBirth(unit) ?? T - 200);
    const count = this.r.chance(0.25) ? 2 : 1;
    const first = ++this.contactOnlyUnits === 1;
    for (let i = 0; i < count; i++) {
      const drawn = this.r.int(from, T - 1);
      // The first such child's contact came in yesterday, so that the front door always has a new contact that can wait for a decision.
      const day = first && i === count - 1 ? T - 1 : drawn;
      this.contact(unit, day, this.r.weighted<ContactOutcome>([['advice', 35], ['early_help', 30], ['other_agency', 15], ['no_further_action', 20]]));
    }
  }

  // ----------------------------------------------------------- the pieces

  /** One referral for each child of the unit (with the contact that brought it), same dates. */
  private referral(
    unit: Unit,
    r: { day: Day; need: string | null; close: Day | null; closure: string | null; assessmentDays: number; nfa?: boolean },
  ): string[] {
    const source = this.r.weighted(REFERRAL_SOURCES);
    const contactDay = Math.max(youngestBirth(unit) ?? r.day - 2, r.day - this.r.weighted([[0, 6], [1, 3], [2, 1]]));
    const ids: string[] = [];
    for (const child of unit.children) {
      const id = this.uuid();
      ids.push(id);
      const event: ReferralEvent = {
        id,
        day: r.day,
        source,
        need: r.need,
        nfa: r.nfa ?? false,
        close: r.close,
        closure: r.closure,
        assessmentDays: r.assessmentDays,
      };
      child.referrals.push(event);
      child.contacts.push({ day: contactDay, source, outcome: 'referral', summary: contactSummary(this.r, source, ageAt(child, contactDay)) });
    }
    return ids;
  }

  private contact(unit: Unit, day: Day, outcome: ContactOutcome): void {
    const source = this.r.weighted(CONTACT_SOURCES);
    for (const child of unit.children) child.contacts.push({ day, source, outcome, summary: contactSummary(this.r, source, ageAt(child, day)) });
  }

  /** A police notification or a school's worry while the case is open, dealt with inside it. */
  private extraContacts(unit: Unit, since: Day): void {
    if (this.today - since < 20 || !this.r.chance(0.25)) return;
    this.contact(unit, this.r.int(since + 5, this.today - 1), this.r.weighted<ContactOutcome>([['other_agency', 50], ['advice', 50]]));
  }

  private cpPlan(unit: Unit, referralIds: string[], start: Day, end: Day | null): void {
    const initial = this.r.weighted(CP_CATEGORIES);
    const latest = this.r.chance(0.9) ? initial : this.r.weighted(CP_CATEGORIES.filter(([c]) => c !== initial));
    unit.children.forEach((child, i) => {
      child.cpPlans.push({ id: this.uuid(), referralId: referralIds[i]!, start, end, initial, latest });
    });
  }

  /** An earlier referral that closed at least a couple of months before `before`. */
  private earlierMaybe(unit: Unit, before: Day, probability: number): void {
    const youngest = youngestBirth(unit);
    if (youngest !== null && before - youngest > 500 && this.r.chance(probability)) this.earlierEpisode(unit, before - 60, this.r.chance(0.2));
  }

  private earlierEpisode(unit: Unit, closeBy: Day, withPlan: boolean): void {
    const youngest = youngestBirth(unit) ?? closeBy - 400;
    const from = Math.max(youngest, this.historyStart - 300);
    if (closeBy - from < 120) return;
    const day = this.r.int(from, closeBy - 100);
    this.closedEpisode(unit, day, closeBy, withPlan ? 'cp' : this.r.chance(0.4) ? 'nfa' : 'cin');
  }

  /** A referral that closed by `closeBy`: no further action, after a CIN plan, or after a plan ended. */
  private closedEpisode(unit: Unit, day: Day, closeBy: Day, kind: 'nfa' | 'cin' | 'cp'): void {
    const room = Math.max(0, closeBy - day);
    if (kind === 'nfa') {
      const nfa = this.r.chance(0.4);
      const length = Math.min(room, nfa ? this.r.int(0, 5) : this.r.int(10, 45));
      this.referral(unit, {
        day,
        need: nfa ? null : this.r.weighted(CIN_NEEDS),
        close: day + length,
        closure: nfa ? 'RC8' : this.r.weighted([['RC8', 55], ['RC9', 45]]),
        assessmentDays: length,
        nfa,
      });
      return;
    }
    if (kind === 'cin' || room < 150) {
      const length = Math.min(room, this.r.int(60, 500));
      this.referral(unit, {
        day,
        need: this.r.weighted(CIN_NEEDS),
        close: day + length,
        closure: this.r.weighted(CIN_CLOSURES.filter(([c]) => c === 'RC7' || c === 'RC5' || c === 'RC9')),
        assessmentDays: Math.min(length, this.r.int(10, 45)),
      });
      return;
    }
    const planStart = day + this.r.int(PLAN_AFTER_REFERRAL, 40);
    const planEnd = Math.min(closeBy - 20, planStart + this.r.int(100, 600));
    const close = Math.min(closeBy, planEnd + this.r.int(0, 200));
    const ids = this.referral(unit, {
      day,
      need: this.r.weighted(CP_NEEDS),
      close,
      closure: 'RC7',
      assessmentDays: planStart - day + this.r.int(0, 20),
    });
    this.cpPlan(unit, ids, planStart, Math.max(planStart + 1, planEnd));
  }

  private careDays(legal: string, uasc: boolean): number {
    const r = this.r;
    if (uasc) return r.int(20, 700);
    switch (legal) {
      case 'C1':
        return r.int(14, 300);
      case 'C2':
        return r.weighted([[r.int(150, 365), 25], [r.int(365, 730), 27], [r.int(730, 1460), 26], [r.int(1460, 5000), 22]]);
      case 'E1':
        return r.int(240, 1100);
      case 'V2':
        return r.weighted([[r.int(7, 180), 40], [r.int(180, 730), 35], [r.int(730, 2500), 25]]);
      case 'J1':
        return r.int(5, 90);
      case 'L2':
        return r.int(1, 7);
      default:
        return r.int(0, 2);
    }
  }

  /** Legal statuses through a period of care, ending in (or, for a current period, being) `legal`. */
  private legalSegments(legal: string, start: Day, end: Day): LegalSegment[] {
    const length = end - start;
    const segments: LegalSegment[] = [];
    let from = start;
    const court = legal === 'C1' || legal === 'C2' || legal === 'E1';
    if (court && length > 40) {
      const pre = this.r.weighted<'none' | 'L1' | 'L2' | 'V2'>([['none', 63], ['L1', 12], ['L2', 10], ['V2', 15]]);
      const days = pre === 'L1' ? this.r.int(1, 3) : pre === 'L2' ? this.r.int(5, 8) : this.r.int(10, Math.min(90, Math.floor(length / 3)));
      if (pre !== 'none') {
        segments.push({ from, status: pre });
        from += days;
      }
    }
    if (legal === 'C2' || legal === 'E1') {
      const rest = end - from;
      if (rest < 30) {
        segments.push({ from, status: legal });
        return segments;
      }
      segments.push({ from, status: 'C1' });
      const at = from + Math.min(rest - 14, legal === 'E1' ? this.r.int(180, 420) : this.r.int(120, 300));
      segments.push({ from: Math.max(from + 14, at), status: legal });
      return segments;
    }
    segments.push({ from, status: legal });
    return segments;
  }

  /** A period of care for each child of the unit: placements (together or apart) and the episodes they make with the legal statuses. */
  private care(
    unit: Unit,
    p: {
      start: Day;
      end: Day | null;
      legal: LegalSegment[];
      need: string;
      ending: CareEnding | null;
      placeOutOfArea: boolean | null;
      keepWithLocality?: boolean;
    },
  ): void {
    const T = this.today;
    const stop = p.end ?? T;
    const together = unit.children.length > 1 && (p.placeOutOfArea !== null || this.r.chance(0.65));
    const changes = this.changeDays(unit, p.start, stop, p.legal);
    const shared = together ? this.placements(unit, null, p, changes, true) : null;
    // The case moves to a looked-after children's team a few weeks to months into care (asylum-seeking young people at once).
    const transfer = p.keepWithLocality ? p.start + 20 * YEAR : unit.children[0]!.uasc ? p.start + this.r.int(0, 20) : p.start + this.r.int(30, 150);
    for (const child of unit.children) {
      const spells = shared ?? this.placements(unit, child, p, this.changeDays(unit, p.start, stop, p.legal), false);
      const period: CarePeriod = { start: p.start, end: p.end, transfer, episodes: this.episodes(unit, p, spells) };
      child.care.push(period);
    }
  }

  /**
   * Days a placement changes within the period: most moves come in the first
   * months of care, a few children settled for years move once more, and
   * some (more of them teenagers) move again and again in the latest year and
   * a half. Shaped so that about 1 in 10 children in care have had 3 or more
   * placements in a year and about 7 in 10 long in care have been settled for
   * 2 years, as nationally (DfE, children looked after in England).
   */
  private changeDays(unit: Unit, start: Day, stop: Day, legal: LegalSegment[]): Day[] {
    const length = stop - start;
    if (length < 40) return [];
    const eldest = Math.min(...unit.children.map((c) => c.birth ?? this.today));
    const teen = ageOn(eldest, start) >= 11;
    const days = new Set<Day>();
    const early = this.r.weighted<number>(teen ? [[0, 45], [1, 43], [2, 10], [3, 2]] : [[0, 55], [1, 38], [2, 6], [3, 1]]);
    const earlyEnd = Math.min(stop - 14, start + 240);
    for (let i = 0; i < early && earlyEnd > start + 14; i++) days.add(this.r.int(start + 14, earlyEnd));
    // By turns rather than by chance, so that the shares hold in a small council too.
    if (length > 2 * YEAR && ++this.longStays % 3 === 0) days.add(this.r.int(Math.max(start + YEAR, stop - 2 * YEAR), stop - 14));
    if (length > 200 && ++this.longerPeriods % (teen ? 6 : 20) === 0) {
      const from = Math.max(start + 14, stop - 540);
      for (let i = this.r.int(4, 5); i > 0; i--) days.add(this.r.int(from, stop - 14));
    }
    // A move to adopters follows the placement order.
    const order = legal.find((s) => s.status === 'E1');
    if (order && order.from + 30 < stop - 7) days.add(this.r.int(order.from + 30, Math.min(stop - 7, order.from + 240)));
    // A final order often comes with a move, or long-term fostering with the same carers.
    for (const s of legal.slice(1)) if (s.from > start + 14 && s.from < stop - 7 && this.r.chance(0.2)) days.add(s.from);
    return [...days].sort((a, b) => a - b).filter((d, i, all) => i === 0 || d - all[i - 1]! >= 10);
  }

  /** The placements of a period: emergency or short-term care first, the current or last one from the mix for the child's age. */
  private placements(
    unit: Unit,
    child: ChildRecord | null,
    p: { start: Day; end: Day | null; legal: LegalSegment[]; placeOutOfArea: boolean | null },
    changes: Day[],
    together: boolean,
  ): PlacementSpell[] {
    const T = this.today;
    const subject = child ?? unit.children.reduce((a, b) => ((a.birth ?? T) <= (b.birth ?? T) ? a : b));
    const youngest = child ?? unit.children.reduce((a, b) => ((a.birth ?? T) >= (b.birth ?? T) ? a : b));
    const starts = [p.start, ...changes];
    const spells: PlacementSpell[] = [];
    for (let i = 0; i < starts.length; i++) {
      const from = starts[i]!;
      const last = i === starts.length - 1;
      // The mix for a current placement is by the child's age today; what a placement allows, by their age on the day of the move.
      const age = ageOn(subject.birth ?? from, last && p.end === null ? T : from);
      const ageAtMove = ageOn(subject.birth ?? from, from);
      const legal = legalOn(p.legal, from);
      let type: string;
      if (subject.uasc) type = this.r.weighted(UASC_PLACEMENTS);
      else if (last && legal === 'E1' && ageOn(youngest.birth ?? from, from) < 8) {
        type = this.r.weighted(PLACEMENT_ORDER_PLACEMENTS);
        if (p.end !== null && ++this.adoptivePlacements === 1) type = 'A5';
      }
      else type = this.r.weighted(byAge(last ? CURRENT_PLACEMENT_BY_AGE : EARLIER_PLACEMENT_BY_AGE, age));
      type = fitType(type, ageAtMove, legal, together, ageOn(youngest.birth ?? from, from));
      if (last && p.placeOutOfArea === true && type === 'P1') type = 'U6';
      const previous = spells[spells.length - 1];
      // A child who moves on from home goes to foster carers, not home again.
      if (previous?.type === 'P1' && type === 'P1') type = 'U6';
      // The same carers: short-term foster care becoming long-term, or kinship care made permanent.
      if (previous && FOSTER.has(previous.type) && FOSTER.has(type) && this.r.chance(0.25)) {
        const next = { U6: 'U4', U3: 'U1', U5: 'U4' }[previous.type as 'U6'];
        if (next) {
          spells.push({ ...previous, from, type: next });
          continue;
        }
      }
      // A3 and A5 are adoptive placements with the child's current foster carers; after any other placement the adopters are new carers (A4, A6).
      const withFosterCarers = (type === 'A3' || type === 'A5') && previous !== undefined;
      if (withFosterCarers && !FOSTER.has(previous.type)) type = type === 'A3' ? 'A4' : 'A6';
      const home = homeAt(unit, from);
      let reach: PlacementReach =
        type === 'P1'
          ? 'same'
          : this.r.weighted(
              REACH[KINSHIP.has(type) ? 'kinship' : FOSTER.has(type) ? 'foster' : type.startsWith('A') ? 'adoption' : type in REACH ? type : 'other']!,
            );
      if (last && p.placeOutOfArea === true) reach = this.r.chance(0.7) ? 'outNear' : 'outMid';
      let place = this.places.placement(home, reach);
      // New carers live somewhere else: the SSDA903 tells placements apart by type and postcode, and only a child placed with parents lives at home (rule 392d).
      const clashes = (postcode: string) => (previous !== undefined && postcode === previous.postcode) || (type !== 'P1' && postcode === home);
      for (let tries = 0; clashes(place.postcode) && tries < 5; tries++) place = this.places.placement(home, reach);
      const provider = this.r.weighted(PROVIDERS[type] ?? [['PR4', 1]]);
      const urn = REGISTERED_SETTINGS.has(type) ? `SC${String(this.r.int(0, 999_999)).padStart(6, '0')}` : null;
      const carer = ++this.carer;
      if (withFosterCarers && FOSTER.has(previous.type)) spells.push({ from, type, provider, postcode: previous.postcode, urn, carer: previous.carer });
      else spells.push({ from, type, provider, postcode: place.postcode, urn, carer });
    }
    return spells;
  }

  /** Episodes where the legal status or the placement changes, with SSDA903 reasons. */
  private episodes(
    unit: Unit,
    p: { start: Day; end: Day | null; legal: LegalSegment[]; need: string; ending: CareEnding | null },
    spells: PlacementSpell[],
  ): EpisodeEvent[] {
    const days = [...new Set([...p.legal.map((s) => s.from), ...spells.map((s) => s.from)])].sort((a, b) => a - b);
    const episodes: EpisodeEvent[] = [];
    for (let i = 0; i < days.length; i++) {
      const start = days[i]!;
      const legal = legalOn(p.legal, start);
      const spell = spellOn(spells, start);
      let reasonNew = 'S';
      if (i > 0) {
        const before = days[i - 1]!;
        const legalChanged = legalOn(p.legal, before) !== legal;
        const prior = spellOn(spells, before);
        const placementChanged = prior !== spell;
        const sameCarer = prior.carer === spell.carer;
        reasonNew = legalChanged && placementChanged ? (sameCarer ? 'U' : 'B') : legalChanged ? 'L' : sameCarer ? 'T' : 'P';
        const previous = episodes[episodes.length - 1]!;
        previous.end = start;
        previous.ceased = 'X1';
        if (placementChanged && !TEMPORARY.has(prior.type) && !TEMPORARY.has(spell.type)) {
          previous.placeChange = sameCarer ? 'PLACE' : prior.type.startsWith('U') && spell.type.startsWith('A') ? 'CARPL' : this.r.weighted(PLACE_CHANGE_REASONS);
        }
      }
      const home = homeAt(unit, start);
      const measured = this.places.measure(home, spell.postcode);
      episodes.push({
        id: this.uuid(),
        start,
        end: null,
        reasonNew,
        legal,
        need: p.need,
        type: spell.type,
        provider: spell.provider,
        postcode: spell.postcode,
        urn: spell.urn,
        home,
        miles: measured.distanceMiles,
        outOfArea: measured.outOfArea,
        ceased: null,
        placeChange: null,
      });
    }
    const last = episodes[episodes.length - 1]!;
    if (p.end !== null && p.ending !== null) {
      last.end = p.end;
      last.ceased = this.ceasedCode(p.ending, last.type);
    }
    return episodes;
  }

  private ceasedCode(ending: CareEnding, placementType: string): string {
    const r = this.r;
    switch (ending) {
      case 'home':
        return r.chance(0.8) ? 'E4A' : 'E4B';
      case 'relatives':
        return 'E13';
      case 'sgo':
        return KINSHIP.has(placementType)
          ? r.weighted([['E45', 8], ['E47', 2]])
          : FOSTER.has(placementType)
            ? r.weighted([['E46', 3], ['E47', 5], ['E48', 2]])
            : r.weighted([['E47', 3], ['E48', 1]]);
      case 'cao':
        return 'E41';
      case 'adoption':
        return r.chance(0.7) ? 'E11' : 'E12';
      case 'transfer':
        return 'E3';
      case 'eighteen':
        return r.weighted([['E17', 18], ['E5', 45], ['E6', 7], ['E4A', 12], ['E13', 6], ['E7', 3], ['E8', 9]]);
      case 'independent':
        return r.weighted([['E5', 80], ['E6', 20]]);
      default:
        return 'E8';
    }
  }
}

// ------------------------------------------------------------------ helpers

/** Whole years of age on a day; -1 before birth or for an unborn child. */
export function ageAt(child: ChildRecord, day: Day): number {
  return child.birth === null || day < child.birth ? -1 : ageOn(child.birth, day);
}

function eldestBirth(unit: Unit): Day | null {
  const births = unit.children.flatMap((c) => (c.birth === null ? [] : [c.birth]));
  return births.length ? Math.min(...births) : null;
}

export function youngestBirth(unit: Unit): Day | null {
  let youngest: Day | null = null;
  for (const c of unit.children) {
    if (c.birth === null) return null;
    if (youngest === null || c.birth > youngest) youngest = c.birth;
  }
  return youngest;
}

/** The family's home on a day (its first home for days before it). */
export function homeAt(unit: Unit, day: Day): string {
  let postcode = unit.homes[0]!.postcode;
  for (const h of unit.homes) if (h.start <= day) postcode = h.postcode;
  return postcode;
}

function legalOn(segments: LegalSegment[], day: Day): string {
  let status = segments[0]!.status;
  for (const s of segments) if (s.from <= day) status = s.status;
  return status;
}

function spellOn(spells: PlacementSpell[], day: Day): PlacementSpell {
  let spell = spells[0]!;
  for (const s of spells) if (s.from <= day) spell = s;
  return spell;
}

function byAge(table: readonly (readonly [number, Weighted])[], age: number): Weighted {
  for (const [under, weights] of table) if (age < under) return weights;
  return table[table.length - 1]![1];
}

/** Keeps a placement type within what the child's age and legal status allow (and, for brothers and sisters placed together, a family placement). */
function fitType(type: string, age: number, legal: string, together: boolean, youngestAge: number): string {
  if (type.startsWith('A') && !(legal === 'E1' || ((legal === 'V2' || legal === 'C2') && type <= 'A4' && age < 2))) return 'U5';
  if (type === 'P1' && legal !== 'C1' && legal !== 'C2') return 'U6';
  if ((type === 'H5' || type === 'P2') && age < 16) return 'U4';
  if ((type === 'K1' || type === 'K2' || type === 'S1' || type === 'R1') && age < 8) return 'U6';
  if (type === 'R3' && age >= 1) return 'U6';
  if (together && !FOSTER.has(type) && type !== 'P1' && !(type.startsWith('A') && youngestAge < 8)) return age >= 10 ? 'U4' : 'U6';
  return type;
}
