// Annex A's rows from the record, as pure functions: each list's records in,
// the template's columns out, with Ofsted's coded values ("a) Male",
// "a) WBRI", "q) 6: Police") and dates left as 'YYYY-MM-DD' for the
// workbook to write as real dates. No database, no clock: the day is passed in.
import { ageOn } from '../../platform/calendar/dates.ts';
import { ANNEX_A_LISTS, lastTwelveMonths, periodOf, type AnnexAListId, type Period } from './lists.ts';

export type Cell = string | number | null;
export type AnnexARow = Record<string, Cell>;
export type AnnexA = Record<AnnexAListId, AnnexARow[]>;

/** What every list says about the child, and who leads the case now. */
export interface AnnexAChild {
  laChildId: string;
  sex: 'M' | 'F' | 'U' | null;
  ethnicity: string | null;
  dateOfBirth: string | null;
  disabled: boolean;
  uasc: boolean;
  team: string | null;
  worker: string | null;
  familyId: string | null;
}

// --- Ofsted's codes (from the Annex A data map) --------------------------------

const GENDER: Record<string, string> = { M: 'a) Male', F: 'b) Female' };
const NOT_STATED = 'c) Not stated/recorded';

const ETHNICITY: Record<string, string> = {
  WBRI: 'a) WBRI', WIRI: 'b) WIRI', WIRT: 'c) WIRT', WOTH: 'd) WOTH', WROM: 'e) WROM',
  MWBC: 'f) MWBC', MWBA: 'g) MWBA', MWAS: 'h) MWAS', MOTH: 'i) MOTH',
  AIND: 'j) AIND', APKN: 'k) APKN', ABAN: 'l) ABAN', AOTH: 'm) AOTH',
  BCRB: 'n) BCRB', BAFR: 'o) BAFR', BOTH: 'p) BOTH', CHNE: 'q) CHNE', OOTH: 'r) OOTH',
  REFU: 's) REFU', NOBT: 's) NOBT',
};

/** Contact and referral sources: the CIN census codes with Ofsted's letters. 5D (other LA services) has no code of its own in Annex A and goes as 5C. */
const SOURCE: Record<string, string> = {
  '1A': 'a) 1A: Individual', '1B': 'b) 1B: Individual', '1C': 'c) 1C: Individual', '1D': 'd) 1D: Individual',
  '2A': 'e) 2A: Schools', '2B': 'f) 2B: Education services',
  '3A': 'g) 3A: Health services', '3B': 'h) 3B: Health services', '3C': 'i) 3C: Health services', '3D': 'j) 3D: Health services', '3E': 'k) 3E: Health services', '3F': 'l) 3F: Health services',
  '4': 'm) 4: Housing', '5A': 'n) 5A: LA services', '5B': 'o) 5B: LA services', '5C': 'p) 5C: LA services', '5D': 'p) 5C: LA services',
  '6': 'q) 6: Police', '7': 'r) 7: Other legal agency', '8': 's) 8: Other', '9': 't) 9: Anonymous', '10': 'u) 10: Unknown',
};

const NEED: Record<string, string> = {
  N1: 'N1 - Abuse or neglect', N2: "N2 - Child's disability", N3: 'N3 - Parental disability or illness', N4: 'N4 - Family in acute stress',
  N5: 'N5 - Family dysfunction', N6: 'N6 - Socially unacceptable behaviour', N7: 'N7 - Low income', N8: 'N8 - Absent parenting',
  N9: 'N9 - Cases other than children in need', N0: 'N0 - Not stated',
};

/** Reasons a CIN episode closed. RC9 (closed after assessment, referred to early help) came into the CIN census after the data map was written. */
const CLOSURE: Record<string, string> = {
  RC1: 'RC1 - Adopted', RC2: 'RC2 - Died', RC3: 'RC3 - Child arrangements order', RC4: 'RC4 - Special guardianship order',
  RC5: 'RC5 - Transferred to services of another local authority', RC6: 'RC6 - Transferred to adult social care services',
  RC7: 'RC7 - Services ceased for any other reason, including child no longer in need', RC8: 'RC8 - Case closed after assessment, no further action',
  RC9: 'RC9 - Case closed after assessment, referred to early help',
};

const ABUSE: Record<string, string> = { NEG: 'a) Neglect', PHY: 'b) Physical abuse', SAB: 'c) Sexual abuse', EMO: 'd) Emotional abuse', MUL: 'e) Multiple/not recommended' };

const LEGAL_STATUS: Record<string, string> = {
  E1: 'E1: Placement order', C1: 'C1: ICO', C2: 'C2: FCO', D1: 'D1: Freeing order', V2: 'V2: Single period under S20',
  L1: 'L1: Police protection LA accommodation', L2: 'L2: EPO', L3: 'L3: Child assessment order LA accommodation',
  J1: 'J1: Remanded to LA or youth detention', J2: 'J2: LA accommodation under PACE', J3: 'J3: Youth rehabilitation order',
  V3: 'V3: Short term breaks, episodes recorded', V4: 'V4: Short term breaks, agreements recorded',
};

const PERMANENCE: Record<string, string> = {
  return_home: 'a) Return to family', adoption: 'b) Adoption', special_guardianship: 'c) SGO/CAO', child_arrangements: 'c) SGO/CAO',
  long_term_fostering: 'f) Long-term fostering', other_long_term: 'g) other',
};

const CEASED: Record<string, string> = {
  E11: 'a) E11: Adopted - application unopposed', E12: 'b) E12: Adopted - consent dispensed', E15: 'r) E15: Age assessment determined child was 18 or over',
  E2: 'c) E2: Died', E3: 'd) E3: Care taken by another LA', E4A: 'e) E4A: Returned home to live with parents or relatives - part of planning',
  E4B: 'f) E4B: Returned home to live with parents or relatives - not part of planning', E13: 'g) E13: Parents, relatives or other with no parental responsibility',
  E41: 'h) E41: Residence order granted', E45: 'i) E45: Special Guardianship Orders - former carer relative/friend', E46: 'j) E46: Special Guardianship Orders - former carer other',
  E47: 'k) E47: Special Guardianship Orders - relative/friend', E48: 'l) E48: Special Guardianship Orders - other', E5: 'm) E5: Moved into independent living - supported',
  E6: 'n) E6: Moved into independent living - no support', E7: 'o) E7: Transferred to residential care funded by adult social services', E9: 'p) E9: Sentenced to custody',
  E14: 'q) E14: Accommodation on remand ended', E16: 's) E16: Child moved abroad', E8: 't) E8: Care ceased for any other reason', X1: 'u) X1: CodeError',
  E17: 'v) E17: Aged 18+ and remained with current carers',
};

const PLACEMENT: Record<string, string> = {
  U1: 'a) U1: Foster placement - relatives - long term', U2: 'b) U2: Foster placement - relative - FFA', U3: 'c) U3: Foster placement - relative - not FFA',
  U4: 'd) U4: Foster placement - long term', U5: 'e) U5: Foster placement - FFA', U6: 'f) U6: Foster placement - not FFA',
  A3: 'g) A3: Placed for adoption - consent - current foster', A4: 'h) A4: Placed for adoption - consent - not foster', A5: 'i) A5: Placed for adoption - order - foster',
  A6: 'j) A6: Placed for adoption - order - not foster', P1: 'k) P1: Placed with parents', P2: 'l) P2: Independent living', P3: 'm) P3: Residential employment',
  H5: 'n) H5: Residential accommodation', K1: "o) K1: Secure Children's Homes", K2: "p) K2: Children's Homes", R1: 'q) R1: Residential Care Home',
  R2: 'r) R2: NHS/Health Trust', R3: 's) R3: Family Centre or Mother and Baby Unit', R5: 't) R5: Young Offender Institution', S1: 'u) S1: Residential school',
  Z1: 'v) Z1: Other placements', T0: 'w) T0: Temporary placement', T1: 'x) T1: Temporary placement - hospital', T2: 'y) T2: Temporary placement - holiday',
  T3: 'z) T3: Temporary placement - carer holiday', T4: 'zz) T4: Temporary placement - seven days or less',
};

const PROVIDER: Record<string, string> = {
  PR0: 'a) PR0: Parents/Parental responsibility', PR1: 'b) PR1: Own provision', PR2: 'c) PR2: Other LA provision',
  PR3: 'd) PR3: Other public provision', PR4: 'e) PR4: Private provision', PR5: 'f) PR5: Voluntary/third sector',
};

const ELIGIBILITY: Record<string, string> = { relevant: 'a) Relevant child', former_relevant: 'b) Former relevant child', qualifying: 'c) Qualifying care leaver' };
const IN_TOUCH: Record<string, string> = { YES: 'a) Yes', NO: 'b) No', DIED: 'c) Died', REFU: 'd) Refu', NREQ: 'e) NREQ', RHOM: 'f) Rhom' };

/** SSDA903 OC3 accommodation is a letter (the kind) and a digit (1 suitable, 2 not). */
const ACCOMMODATION: Record<string, string> = {
  B: 'B: Parents/relatives', C: 'C: Community home/residential care', D: 'D: Semi-independent, transitional accommodation and self-contained accommodation',
  E: 'E: Supported lodgings', G: 'G: Abroad', H: 'H: Deported', K: 'K: Ordinary lodgings, without formal support', R: 'R: Residence not known',
  S: 'S: No fixed adobe/homeless', T: 'T: Foyers and similar supported accommodation', U: 'U: Independent living', V: 'V: Emergency accommodation',
  W: 'W: Bed and breakfast', X: 'X: In custody', Y: 'Y: Other accommodation', Z: 'Z: With former foster carers',
};

const ACTIVITY: Record<string, string> = {
  F1: 'F1: Full time in higher education', P1: 'P1: Part time in higher education', F2: 'F2: Full time in education other than higher',
  P2: 'P2: Part time in education other than higher', F3: 'F3: Full time in training or employment', P3: 'P3: Part time in training or employment',
  G4: 'G4: Not in education, employment or training - illness or disability', G5: 'G5: Not in education, employment or training - other',
  G6: 'G6: Not in education, employment or training - pregnancy or parenting',
};

const NO_LONGER_ADOPTION: Record<string, string> = {
  RD1: 'RD1 - The child’s needs changed subsequent to the decision', RD2: 'RD2 - The Court did not make a placement order',
  RD3: 'RD3 - Prospective adopters could not be found', RD4: 'RD4 - Any other reason',
};

const code = (map: Record<string, string>, value: string | null | undefined): string | null => (value !== null && value !== undefined && Object.hasOwn(map, value) ? map[value]! : null);
const yesNo = (value: boolean | null | undefined): string | null => (value === null || value === undefined ? null : value ? 'a) Yes' : 'b) No');

const within = (date: string | null | undefined, p: Period) => date !== null && date !== undefined && date >= p.start && date <= p.end;
const openIn = (start: string, end: string | null, p: Period) => start <= p.end && (end === null || end >= p.start);
const latest = (dates: readonly (string | null)[], onOrBefore: string): string | null =>
  dates.filter((d): d is string => d !== null && d <= onOrBefore).reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);

function childColumns(child: AnnexAChild, day: string, withDisability: boolean): AnnexARow {
  const row: AnnexARow = {
    'Child Unique ID': child.laChildId,
    Gender: code(GENDER, child.sex) ?? NOT_STATED,
    Ethnicity: code(ETHNICITY, child.ethnicity) ?? 's) NOBT',
    'Date of Birth': child.dateOfBirth,
    Age: child.dateOfBirth && child.dateOfBirth <= day ? ageOn(child.dateOfBirth, day) : null,
  };
  if (withDisability) row['Does the Child have a Disability'] = yesNo(child.disabled);
  return row;
}

const allocated = (child: AnnexAChild): AnnexARow => ({ 'Allocated Team': child.team, 'Allocated Worker': child.worker });

// --- The records each list reads -------------------------------------------------

export interface ContactRecord { childId: string; date: string; source: string }
export interface EarlyHelpRecord { childId: string; start: string; end: string | null; lead: string }
export interface ReferralRecord { childId: string; date: string; source: string; nfa: boolean; primaryNeed: string | null; closed: string | null; closureReason: string | null }
export interface AssessmentRecord { childId: string; start: string; childSeen: boolean | null; authorised: string | null; outcome: string | null }
export interface EnquiryRecord { childId: string; start: string; icpcRequired: boolean | null; icpc: string | null; planDecided: boolean | null }
export interface CpPlanRecord { childId: string; start: string; end: string | null; initialCategory: string; latestCategory: string; reviews: string[] }
export interface CinPlanRecord { childId: string; start: string; end: string | null }
export interface VisitRecord { childId: string; date: string; seen: boolean; seenAlone: boolean | null }
export interface EpisodeRecord {
  childId: string; start: string; end: string | null; reasonCeased: string | null; legalStatus: string; primaryNeed: string;
  placementType: string; provider: string | null; postcode: string | null; urn: string | null; outOfArea: boolean | null;
}
export interface MissingRecord { childId: string; kind: 'M' | 'A'; start: string; offered: boolean; accepted: boolean | null }
export interface CareLeaverRecord { childId: string; category: string; inTouch: string | null; accommodation: string | null; activity: string | null }
export interface AdoptionRecord {
  childId: string; decided: string; placementOrder: string | null; matched: string | null; placed: string | null;
  adopted: string | null; ceased: string | null; ceasedReason: string | null;
}

/** Everything Annex A reads for the day: each list's records and the children they are about. */
export interface AnnexASource {
  children: Map<string, AnnexAChild>;
  contacts: ContactRecord[];
  earlyHelp: EarlyHelpRecord[];
  referrals: ReferralRecord[];
  assessments: AssessmentRecord[];
  enquiries: EnquiryRecord[];
  cpPlans: CpPlanRecord[];
  cinPlans: CinPlanRecord[];
  visits: VisitRecord[];
  episodes: EpisodeRecord[];
  missing: MissingRecord[];
  events: { childId: string; kind: 'cla_review' | 'health_assessment'; date: string }[];
  permanence: { childId: string; plan: string; decided: string }[];
  careLeavers: CareLeaverRecord[];
  adoptions: AdoptionRecord[];
}

function byChild<T extends { childId: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.childId, [...(out.get(item.childId) ?? []), item]);
  return out;
}

const sortBy = <T>(items: readonly T[], key: (t: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

/** The episodes of a child's care, in order, grouped into periods of care: a period ends when the next episode does not start the day the last ended. */
function periodsOfCare(episodes: readonly EpisodeRecord[]): EpisodeRecord[][] {
  const periods: EpisodeRecord[][] = [];
  for (const e of sortBy(episodes, (x) => x.start)) {
    const current = periods.at(-1);
    const last = current?.at(-1);
    if (current && last && last.end !== null && last.end === e.start) current.push(e);
    else periods.push([e]);
  }
  return periods;
}

/** Builds every list's rows for the day from the records read for it. */
export function annexA(day: string, source: AnnexASource): AnnexA {
  const p = (id: AnnexAListId) => periodOf(ANNEX_A_LISTS.find((l) => l.id === id)!, day);
  const year = lastTwelveMonths(day);
  const child = (id: string) => source.children.get(id)!;
  const inTable = <T extends { childId: string }>(items: readonly T[]) => items.filter((i) => source.children.has(i.childId));
  const visitsOf = byChild(source.visits.filter((v) => v.date <= day));
  const lastSeen = (id: string) => latest((visitsOf.get(id) ?? []).filter((v) => v.seen).map((v) => v.date), day);

  const list1 = sortBy(inTable(source.contacts).filter((c) => within(c.date, p(1))), (c) => c.date).map((c) => ({
    ...childColumns(child(c.childId), day, false),
    'Date of Contact': c.date,
    'Contact Source': code(SOURCE, c.source),
  }));

  const list2 = sortBy(inTable(source.earlyHelp).filter((e) => openIn(e.start, e.end, p(2))), (e) => e.start).map((e) => ({
    ...childColumns(child(e.childId), day, false),
    'Assessment start date': e.start,
    'Assessment completion date': e.end !== null && e.end <= day ? e.end : null,
    'Organisation completing assessment': e.lead,
  }));

  const referralsOf = byChild(source.referrals);
  const list3 = sortBy(inTable(source.referrals).filter((r) => within(r.date, p(3))), (r) => r.date).map((r) => {
    const before = (referralsOf.get(r.childId) ?? []).filter((o) => o !== r && o.date < r.date && within(o.date, lastTwelveMonths(r.date)));
    return {
      ...childColumns(child(r.childId), day, false),
      'Date of Referral': r.date,
      'Referral Source': code(SOURCE, r.source),
      'Referral NFA?': r.closed !== null && r.closed > day ? 'b) No' : yesNo(r.nfa),
      'Number of Referrals in Last 12 Months': before.length,
      ...allocated(child(r.childId)),
    };
  });

  const list4 = sortBy(inTable(source.assessments).filter((a) => openIn(a.start, a.authorised, p(4))), (a) => a.start).map((a) => {
    const done = a.authorised !== null && a.authorised <= day;
    return {
      ...childColumns(child(a.childId), day, true),
      'Continuous Assessment Start Date': a.start,
      'Child Seen During Continuous Assessment': yesNo(a.childSeen),
      'Continuous Assessment Date of Authorisation': done ? a.authorised : null,
      "Was the child assessed as requiring LA children's social care support?": done && a.outcome ? yesNo(a.outcome === 'cin_plan' || a.outcome === 'strategy_discussion') : null,
      ...allocated(child(a.childId)),
    };
  });

  const enquiriesOf = byChild(source.enquiries);
  const list5 = sortBy(inTable(source.enquiries).filter((e) => within(e.start, p(5))), (e) => e.start).map((e) => {
    const theirs = (enquiriesOf.get(e.childId) ?? []).filter((o) => within(o.start, year));
    const icpc = e.icpc !== null && e.icpc <= day ? e.icpc : null;
    return {
      ...childColumns(child(e.childId), day, true),
      'Strategy discussion initiating Section 47 Enquiry Start Date': e.start,
      'Was an Initial Child Protection Conference deemed unnecessary?': e.icpcRequired === null ? null : yesNo(!e.icpcRequired),
      'Date of Initial Child Protection Conference': icpc,
      'Did the Initial Child Protection Conference Result in a Child Protection Plan': icpc ? yesNo(e.planDecided) : null,
      'Number of Section 47 Enquiries in the last 12 months': theirs.length,
      'Number of ICPCs in the last 12 months': theirs.filter((o) => within(o.icpc, year)).length,
      ...allocated(child(e.childId)),
    };
  });

  const episodesOf = byChild(source.episodes);
  const cpOf = byChild(source.cpPlans);
  const cinOf = byChild(source.cinPlans);
  const assessmentsOf = byChild(source.assessments);
  const onDay = (start: string, end: string | null) => start <= day && (end === null || end > day);
  const caseStatus = (id: string, closed: string | null) => {
    if (closed !== null && closed <= day) return 'e) Closed episode';
    if ((episodesOf.get(id) ?? []).some((e) => onDay(e.start, e.end))) return 'a) Looked after child';
    if ((cpOf.get(id) ?? []).some((c) => onDay(c.start, c.end))) return 'b) Child Protection plan';
    if ((cinOf.get(id) ?? []).some((c) => onDay(c.start, c.end))) return 'c) Child in need plan';
    if ((assessmentsOf.get(id) ?? []).some((a) => onDay(a.start, a.authorised))) return 'd) Open assessment';
    return 'c) Child in need plan';
  };
  const list6 = sortBy(inTable(source.referrals).filter((r) => !r.nfa && openIn(r.date, r.closed, p(6))), (r) => r.date).map((r) => {
    const closed = r.closed !== null && r.closed <= day ? r.closed : null;
    return {
      ...childColumns(child(r.childId), day, true),
      'CIN Start Date': r.date,
      'Primary Need Code': code(NEED, r.primaryNeed),
      'Date Child Was Last Seen': lastSeen(r.childId),
      'CIN Closure Date': closed,
      'Reason for Closure': closed ? code(CLOSURE, r.closureReason) : null,
      'Case Status': caseStatus(r.childId, closed),
      ...allocated(child(r.childId)),
    };
  });

  const sixMonths = periodOf({ months: 6 }, day);
  const list7 = sortBy(inTable(source.cpPlans).filter((c) => openIn(c.start, c.end, p(7))), (c) => c.start).map((c) => {
    const ended = c.end !== null && c.end <= day ? c.end : null;
    const lastVisit = sortBy((visitsOf.get(c.childId) ?? []).filter((v) => v.seen && v.date >= c.start && (ended === null || v.date <= ended)), (v) => v.date).at(-1);
    const emergency = (episodesOf.get(c.childId) ?? []).some((e) => (e.legalStatus === 'L1' || e.legalStatus === 'L2') && openIn(e.start, e.end, sixMonths));
    return {
      ...childColumns(child(c.childId), day, true),
      'Child Protection Plan Start Date': c.start,
      'Initial Category of Abuse': code(ABUSE, c.initialCategory),
      'Latest Category of Abuse': code(ABUSE, c.latestCategory),
      'Date of the Last Statutory Visit': lastVisit?.date ?? null,
      'Was the Child Seen Alone?': lastVisit ? yesNo(lastVisit.seenAlone) : null,
      'Date of latest review conference': latest(c.reviews, day),
      'Child Protection Plan End Date': ended,
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)': yesNo(emergency),
      'Number of Previous Child Protection Plans': (cpOf.get(c.childId) ?? []).filter((o) => o.start < c.start).length,
      ...allocated(child(c.childId)),
    };
  });

  const eventsOf = byChild(source.events);
  const permanenceOf = byChild(source.permanence);
  const missingOf = byChild(source.missing.filter((m) => m.start <= day));
  const list8: AnnexARow[] = [];
  for (const [id, episodes] of episodesOf) {
    if (!source.children.has(id)) continue;
    const periods = periodsOfCare(episodes.filter((e) => e.start <= day));
    const current = periods.filter((period) => openIn(period[0]!.start, period.at(-1)!.end, p(8))).at(-1);
    if (!current) continue;
    const last = current.at(-1)!;
    const ceased = last.end !== null && last.end <= day ? last.end : null;
    let legalFrom = current.length - 1;
    while (legalFrom > 0 && current[legalFrom - 1]!.legalStatus === last.legalStatus) legalFrom--;
    let placedFrom = current.length - 1;
    const samePlacement = (a: EpisodeRecord, b: EpisodeRecord) => a.placementType === b.placementType && a.postcode === b.postcode && a.urn === b.urn;
    while (placedFrom > 0 && samePlacement(current[placedFrom - 1]!, last)) placedFrom--;
    // A placement runs over consecutive episodes that keep its type, postcode and URN (a change of legal status alone is not a move).
    const moves = current.map((e, i) => (i === 0 || !samePlacement(current[i - 1]!, e) ? i : -1)).filter((i) => i >= 0);
    const placements = moves.filter((from, n) => openIn(current[from]!.start, current[(moves[n + 1] ?? current.length) - 1]!.end, year)).length;
    const missing = (missingOf.get(id) ?? []).filter((m) => within(m.start, year));
    const lastMissing = sortBy(missing.filter((m) => m.kind === 'M'), (m) => m.start).at(-1);
    const events = eventsOf.get(id) ?? [];
    const plan = sortBy((permanenceOf.get(id) ?? []).filter((x) => x.decided <= day), (x) => x.decided).at(-1);
    list8.push({
      ...childColumns(child(id), day, false),
      'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))': yesNo(child(id).uasc),
      'Does the Child have a Disability': yesNo(child(id).disabled),
      'Date Started to be Looked After': current[0]!.start,
      "Child's Category of Need": code(NEED, last.primaryNeed),
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)': yesNo(periods.filter((x) => openIn(x[0]!.start, x.at(-1)!.end, year)).length > 1),
      'Start date of current legal status': current[legalFrom]!.start,
      "Child's Legal Status": code(LEGAL_STATUS, last.legalStatus),
      'Date of Latest Statutory Review': latest(events.filter((e) => e.kind === 'cla_review').map((e) => e.date), day),
      'Date of Last Social Work Visit': lastSeen(id),
      'What is the permanence plan for this child?': plan ? code(PERMANENCE, plan.plan) : null,
      'Date of Last IRO Visit / Contact to the Child': null,
      'Date of Last Health Assessment': latest(events.filter((e) => e.kind === 'health_assessment').map((e) => e.date), day),
      'Date of Last Dental Check': null,
      'Number of Placements in the Last 12 months': placements,
      'Date Ceased to be Looked After': ceased,
      'Reason Ceased to be Looked After': ceased ? code(CEASED, last.reasonCeased) : null,
      'Start Date of Most Recent Placement': current[placedFrom]!.start,
      'Placement Type': code(PLACEMENT, last.placementType),
      'Placement Provider': code(PROVIDER, last.provider),
      'Placement postcode': last.postcode,
      'URN of Placement': last.urn,
      'Placement Location': last.outOfArea === null ? null : last.outOfArea ? 'b) Out' : 'a) In',
      'LA of Placement': null,
      'Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months': missing.filter((m) => m.kind === 'M').length,
      'Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months': missing.filter((m) => m.kind === 'A').length,
      'Was the child offered a Return Interview after their last missing episode (Y/N)?': lastMissing ? yesNo(lastMissing.offered) : null,
      'Did the child accept a Return Interview after their last missing episode (Y/N)?': lastMissing && lastMissing.offered ? yesNo(lastMissing.accepted) : null,
      ...allocated(child(id)),
    });
  }
  list8.sort((a, b) => String(a['Date Started to be Looked After']).localeCompare(String(b['Date Started to be Looked After'])) || String(a['Child Unique ID']).localeCompare(String(b['Child Unique ID'])));

  const list9 = sortBy(inTable(source.careLeavers).filter((c) => Object.hasOwn(ELIGIBILITY, c.category)), (c) => child(c.childId).laChildId).map((c) => {
    const kind = c.accommodation?.slice(0, 1) ?? null;
    const suitable = c.accommodation?.slice(1) ?? null;
    return {
      ...childColumns(child(c.childId), day, true),
      ...allocated(child(c.childId)),
      'Eligibility Category': code(ELIGIBILITY, c.category),
      'LA in Touch': code(IN_TOUCH, c.inTouch),
      'Type of Accommodation': code(ACCOMMODATION, kind),
      'Suitability of Accommodation': suitable === '1' ? 'a) Suitable' : suitable === '2' ? 'b) Unsuitable' : null,
      'Activity Status': code(ACTIVITY, c.activity),
    };
  });

  const list10 = sortBy(inTable(source.adoptions).filter((a) => openIn(a.decided, a.adopted ?? a.ceased, p(10))), (a) => a.decided).map((a) => {
    const c = child(a.childId);
    const base = childColumns(c, day, true);
    const care = periodsOfCare((episodesOf.get(a.childId) ?? []).filter((e) => e.start <= a.decided)).at(-1);
    const upTo = (d: string | null) => (d !== null && d <= day ? d : null);
    const ceased = upTo(a.ceased);
    return {
      'Child Unique ID': c.laChildId,
      'Family identifier': c.familyId,
      Gender: base.Gender!,
      Ethnicity: base.Ethnicity!,
      'Date of Birth': c.dateOfBirth,
      'Age of Child (Years)': base.Age!,
      'Does the Child have a Disability': base['Does the Child have a Disability']!,
      'Date the Child Entered Care': care?.[0]?.start ?? null,
      'Date of Decision that Child Should be Placed for Adoption': a.decided,
      'Date of Placement Order': upTo(a.placementOrder),
      'Date of Matching Child and Prospective Adopters': upTo(a.matched),
      'Date Placed for Adoption': upTo(a.placed),
      'Date of Adoption Order ': upTo(a.adopted),
      'Date of Decision that Child Should No Longer be Placed for Adoption': ceased,
      'Reason Why Child No Longer Placed for Adoption': ceased ? code(NO_LONGER_ADOPTION, a.ceasedReason) : null,
      'Date the child was placed for fostering in FFA or concurrent planning placement':
        sortBy((episodesOf.get(a.childId) ?? []).filter((e) => (e.placementType === 'U2' || e.placementType === 'U5') && e.start <= day), (e) => e.start).at(-1)?.start ?? null,
    };
  });

  return { 1: list1, 2: list2, 3: list3, 4: list4, 5: list5, 6: list6, 7: list7, 8: list8, 9: list9, 10: list10, 11: [] };
}

/** "List 1 812, List 2 40, ..." for the audit trail and the CLI: what a workbook contained. */
export function listCounts(lists: AnnexA): string {
  return ANNEX_A_LISTS.map((l) => `${l.sheet} ${lists[l.id].length}`).join(', ');
}

/** The day asked for, checked: a real date, not in the future. Returns the day or a message saying what is wrong. */
export function chosenDay(asked: string | undefined, today: string): { day: string } | { problem: string } {
  if (asked === undefined || asked.trim() === '') return { day: today };
  const value = asked.trim();
  const parsed = new Date(`${value}T00:00:00Z`);
  const real = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  if (!real) return { problem: `${value} is not a real date: write it YYYY-MM-DD, for example 2026-03-27.` };
  if (value > today) return { problem: `${value} is in the future: Annex A ends on today or a day before.` };
  return { day: value };
}
