// The DfE's validation rules for the CIN census, as pure functions over the
// census children: the checks the DfE's portal runs, so errors are found and
// put right in the record before the census is sent. Each rule keeps the
// DfE's code and message (CIN census validation rules, 2024 to 2025 and
// 2025 to 2026); the rules not implemented yet are listed in docs/returns.md.
import { collectionYear } from '../../care/index.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { upnCheckLetter } from '../../platform/identifiers/upn.ts';
import { CLOSURE_REASONS, PRIMARY_NEEDS, type CensusChild, type CensusEpisode, type CinCensus } from './rules.ts';

/** The part of the census a rule looks at: where on the child's record it is put right. */
export type CinModule = 'ChildIdentifiers' | 'ChildCharacteristics' | 'CINdetails' | 'Assessments' | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans';

/** One child (and, below the identifiers, one CIN episode) that breaks one rule. */
export interface CinIssue {
  rule: string;
  module: CinModule;
  /** The council's identifier for the child (LAchildID). */
  child: string;
  /** The CIN episode, by its referral date, when the rule is about one. */
  referralDate: string | null;
}

export interface CinRule {
  code: string;
  message: string;
  module: CinModule;
}

interface Context {
  year: { start: string; end: string };
  /** How many children of the census hold each UPN and each LA child ID, counted once for the rules that look across children. */
  upnCount: ReadonlyMap<string, number>;
  idCount: ReadonlyMap<string, number>;
}

type Check = (child: CensusChild, context: Context) => { module?: CinModule; referralDate: string | null }[];

interface Definition extends CinRule {
  check: Check;
}

const NFA_FALSE = (e: CensusEpisode) => !e.ReferralNFA;
const OPEN_FURTHER_ACTION = (e: CensusEpisode) => e.CINclosureDate === null && !e.ReferralNFA;
const outsideYear = (date: string, year: Context['year']) => date < year.start || date > year.end;
const DISABILITIES = new Set(['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA']);
const REFERRAL_SOURCES = new Set(['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10']);

/**
 * The local authority codes (and pseudo codes) a UPN's characters 2 to 4 may
 * hold, as the DfE's rule 1530 lists them.
 */
const LA_CODES: ReadonlySet<string> = (() => {
  const codes = new Set<string>();
  const range = (from: number, to: number) => {
    for (let n = from; n <= to; n++) codes.add(String(n).padStart(3, '0'));
  };
  for (const [from, to] of [
    [1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384], [390, 394], [660, 681], [701, 708], [800, 803],
    [805, 808], [810, 813], [820, 823], [835, 839], [850, 852], [855, 857], [865, 896], [935, 938], [940, 941],
  ] as const) range(from, to);
  for (const n of [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933]) range(n, n);
  return codes;
})();

/** The child itself breaks the rule when `breaks`. */
const childRule = (breaks: (c: CensusChild, context: Context) => boolean): Check => (c, context) => (breaks(c, context) ? [{ referralDate: null }] : []);
/** Each CIN episode that `breaks` the rule, once. */
const episodeRule = (breaks: (e: CensusEpisode, context: Context, child: CensusChild) => boolean): Check => (c, context) =>
  c.CINdetails.filter((e) => breaks(e, context, c)).map((e) => ({ referralDate: e.CINreferralDate }));

/**
 * The rules implemented, most consequential first: the child's identity and
 * dates, the episode's dates and codes, then assessments, enquiries and plans.
 */
const DEFINITIONS: readonly Definition[] = [
  { code: '8500', module: 'ChildIdentifiers', message: 'LA Child ID missing', check: childRule((c) => c.LAchildID.trim() === '') },
  { code: '4180', module: 'ChildIdentifiers', message: 'Sex must be provided and equal M, F, or U', check: childRule((c) => c.Sex === null || !['M', 'F', 'U'].includes(c.Sex)) },
  {
    code: '8750',
    module: 'ChildIdentifiers',
    message: 'Sex must equal U for an unborn child',
    check: childRule((c) => c.PersonBirthDate === null && c.ExpectedPersonBirthDate !== null && c.Sex !== 'U'),
  },
  {
    code: '8525',
    module: 'ChildIdentifiers',
    message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    check: childRule((c) => (c.PersonBirthDate === null) === (c.ExpectedPersonBirthDate === null)),
  },
  {
    code: '8520',
    module: 'ChildIdentifiers',
    message: 'Date of Birth is after data collection period (must be on or before the end of the census period)',
    check: childRule((c, { year }) => c.PersonBirthDate !== null && c.PersonBirthDate > year.end),
  },
  // A UPN of the wrong length breaks 1540 too: characters 5 to 12 are not all there, so not all numeric.
  {
    code: '1540',
    module: 'ChildIdentifiers',
    message: 'UPN invalid (characters 5-12 not all numeric)',
    check: childRule((c) => c.UPN !== null && (c.UPN.length !== 13 || !/^\d{8}$/.test(c.UPN.slice(4, 12)))),
  },
  {
    code: '1550',
    module: 'ChildIdentifiers',
    message: 'UPN invalid (character 13 not a recognised value)',
    check: childRule((c) => c.UPN !== null && c.UPN.length === 13 && !/[0-9ABCDEFGHJKLMNPQRTUVWXYZ]/.test(c.UPN[12]!)),
  },
  {
    code: '1530',
    module: 'ChildIdentifiers',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    check: childRule((c) => c.UPN !== null && c.UPN.length === 13 && !LA_CODES.has(c.UPN.slice(1, 4))),
  },
  // Only a UPN whose other twelve characters can be counted has a check letter; the rest break 1540 or 1550.
  {
    code: '1510',
    module: 'ChildIdentifiers',
    message: 'UPN invalid (wrong check letter at character 1)',
    check: childRule((c) => {
      const letter = c.UPN !== null && c.UPN.length === 13 ? upnCheckLetter(c.UPN.slice(1)) : null;
      return letter !== null && letter !== c.UPN![0];
    }),
  },
  // The DfE counts these two once for the council; each child is named here so the record can be put right.
  {
    code: '1520',
    module: 'ChildIdentifiers',
    message: 'More than one record with the same UPN',
    check: childRule((c, { upnCount }) => c.UPN !== null && upnCount.get(c.UPN)! > 1),
  },
  {
    code: '8510',
    module: 'ChildIdentifiers',
    message: 'More than one child record with the same LA Child ID',
    check: childRule((c, { idCount }) => idCount.get(c.LAchildID)! > 1),
  },
  {
    code: '8535Q',
    module: 'ChildIdentifiers',
    message: 'Child’s date of death should not be prior to the date of birth',
    check: childRule((c) => c.PersonDeathDate !== null && c.PersonBirthDate !== null && c.PersonDeathDate < c.PersonBirthDate),
  },
  {
    code: '8540',
    module: 'ChildCharacteristics',
    message: 'Child’s disability is missing or invalid (see Disability table)',
    check: childRule((c) => c.PersonBirthDate !== null && c.CINdetails.some(NFA_FALSE) && (c.Disabilities.length === 0 || c.Disabilities.some((d) => !DISABILITIES.has(d)))),
  },
  {
    code: '8790',
    module: 'ChildCharacteristics',
    message: 'Disability information includes both None and other values',
    check: childRule((c) => c.Disabilities.includes('NONE') && c.Disabilities.some((d) => d !== 'NONE')),
  },
  {
    code: '8794',
    module: 'ChildCharacteristics',
    message: 'Child has two or more disabilities with the same code',
    check: childRule((c) => new Set(c.Disabilities).size < c.Disabilities.length),
  },
  {
    code: '8600',
    module: 'CINdetails',
    message: 'Child referral date missing or after data collection period',
    check: episodeRule((e, { year }) => e.CINreferralDate === '' || e.CINreferralDate > year.end),
  },
  {
    code: '8620',
    module: 'CINdetails',
    message: 'CIN Closure Date present and does not fall within the Census year',
    check: episodeRule((e, { year }) => e.CINclosureDate !== null && (e.CINclosureDate < year.start || e.CINclosureDate > year.end)),
  },
  {
    code: '8630',
    module: 'CINdetails',
    message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    check: episodeRule((e) => e.CINclosureDate !== null && e.CINclosureDate < e.CINreferralDate),
  },
  {
    code: '8805',
    module: 'CINdetails',
    message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
    check: episodeRule((e) => e.CINclosureDate !== null && e.ReasonForClosure === null),
  },
  {
    code: '8810',
    module: 'CINdetails',
    message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    check: episodeRule((e) => e.ReasonForClosure !== null && e.CINclosureDate === null),
  },
  {
    code: '8640',
    module: 'CINdetails',
    message: 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    check: episodeRule((e) => e.ReasonForClosure !== null && !CLOSURE_REASONS.has(e.ReasonForClosure)),
  },
  {
    code: '8650',
    module: 'CINdetails',
    message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    check: episodeRule((e) => e.PrimaryNeedCode !== null && !PRIMARY_NEEDS.has(e.PrimaryNeedCode)),
  },
  {
    code: '8610',
    module: 'CINdetails',
    message: 'Primary Need code is missing for a referral which led to further action.',
    check: episodeRule((e) => !e.ReferralNFA && e.PrimaryNeedCode === null),
  },
  {
    code: '8866',
    module: 'CINdetails',
    message: 'Source of Referral is missing or an invalid code',
    check: episodeRule((e) => e.CINreferralDate >= '2013-04-01' && (e.ReferralSource === null || !REFERRAL_SOURCES.has(e.ReferralSource))),
  },
  // One episode may start on the day the one before it closed, as the DfE's note on the rule allows.
  {
    code: '8820',
    module: 'CINdetails',
    message: 'The dates on the CIN episodes for this child overlap',
    check: episodeRule((e, { year }, child) =>
      child.CINdetails.some(
        (other) =>
          other !== e &&
          e.CINreferralDate >= other.CINreferralDate &&
          (other.CINclosureDate !== null ? e.CINreferralDate < other.CINclosureDate : !other.ReferralNFA && e.CINreferralDate <= year.end),
      ),
    ),
  },
  // 280 days: the 40 weeks of the DfE's message.
  {
    code: '8606',
    module: 'CINdetails',
    message: 'Child referral date is more than 40 weeks before DOB or expected DOB',
    check: episodeRule((e, _context, c) => {
      const birth = c.PersonBirthDate ?? c.ExpectedPersonBirthDate;
      return birth !== null && e.CINreferralDate !== '' && e.CINreferralDate < addDays(birth, -280);
    }),
  },
  // Episodes with no further action may stay open side by side, as the DfE's note on the rule allows.
  {
    code: '8815',
    module: 'CINdetails',
    message: 'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    check: episodeRule((e, _context, c) => OPEN_FURTHER_ACTION(e) && c.CINdetails.filter(OPEN_FURTHER_ACTION).length > 1),
  },
  {
    code: '8816',
    module: 'CINdetails',
    message: 'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    check: episodeRule((e, _context, c) => OPEN_FURTHER_ACTION(e) && c.CINdetails.some((other) => other.CINreferralDate > e.CINreferralDate)),
  },
  {
    code: '8831',
    module: 'CINdetails',
    message: 'Activity is recorded against a case marked as a referral with no further action',
    check: episodeRule((e) => e.ReferralNFA && (e.Assessments.length > 0 || e.Section47.length > 0 || e.DateOfInitialCPC !== null)),
  },
  {
    code: '8867',
    module: 'CINdetails',
    message: 'CIN episode is shown as closed, however Assessment is not shown as completed',
    check: episodeRule((e) => e.CINclosureDate !== null && e.Assessments.some((a) => a.AssessmentAuthorisationDate === null)),
  },
  {
    code: '8868',
    module: 'CINdetails',
    message: 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    check: episodeRule((e) => e.CINclosureDate !== null && e.Section47.some((s) => (s.DateOfInitialCPC === null) === !s.ICPCnotRequired)),
  },
  {
    code: '4000',
    module: 'CINPlanDates',
    message: 'CIN Plan details provided for a referral with no further action',
    check: episodeRule((e) => e.ReferralNFA && e.CINPlanDates.length > 0),
  },
  {
    code: '8832',
    module: 'ChildProtectionPlans',
    message: 'Child Protection details provided for a referral with no further action.',
    check: episodeRule((e) => e.ReferralNFA && e.ChildProtectionPlans.length > 0),
  },
  {
    code: '8736',
    module: 'Assessments',
    message: 'For an Assessment that has not been completed, the start date must fall within the census year',
    check: episodeRule((e, { year }) => e.Assessments.some((a) => a.AssessmentAuthorisationDate === null && (a.AssessmentActualStartDate < year.start || a.AssessmentActualStartDate > year.end))),
  },
  {
    code: '8608',
    module: 'Assessments',
    message: 'Assessment Start Date cannot be later than its End Date',
    check: episodeRule((e) => e.Assessments.some((a) => a.AssessmentAuthorisationDate !== null && a.AssessmentAuthorisationDate < a.AssessmentActualStartDate)),
  },
  {
    code: '8696',
    module: 'Assessments',
    message: 'Assessment end date must fall within the census year',
    check: episodeRule((e, { year }) => e.Assessments.some((a) => a.AssessmentAuthorisationDate !== null && outsideYear(a.AssessmentAuthorisationDate, year))),
  },
  {
    code: '8614',
    module: 'Assessments',
    message: 'Parental or child factors at assessment should only be present for a completed assessment.',
    check: episodeRule((e) => e.Assessments.some((a) => a.AssessmentAuthorisationDate === null && a.AssessmentFactors.length > 0)),
  },
  {
    code: '8869',
    module: 'Assessments',
    message: 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    check: episodeRule((e) => e.Assessments.some((a) => a.AssessmentFactors.includes('21') && a.AssessmentFactors.length > 1)),
  },
  {
    code: '2889',
    module: 'Section47',
    message: 'The S47 start date cannot be before the referral date.',
    check: episodeRule((e) => e.Section47.some((s) => s.S47ActualStartDate < e.CINreferralDate)),
  },
  {
    code: '8615',
    module: 'Section47',
    message: 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
    check: episodeRule((e) => e.Section47.some((s) => s.DateOfInitialCPC !== null && (s.S47ActualStartDate === '' || s.S47ActualStartDate > s.DateOfInitialCPC))),
  },
  {
    code: '8839',
    module: 'Section47',
    message: 'Within one CINDetails group there are 2 or more open S47 Assessments',
    check: episodeRule((e) => e.Section47.filter((s) => s.DateOfInitialCPC === null && !s.ICPCnotRequired).length > 1),
  },
  {
    code: '8740',
    module: 'Section47',
    message: 'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
    check: episodeRule((e, { year }) => e.Section47.some((s) => s.DateOfInitialCPC === null && !s.ICPCnotRequired && outsideYear(s.S47ActualStartDate, year))),
  },
  {
    code: '8720',
    module: 'ChildProtectionPlans',
    message: 'Child Protection Plan Start Date missing or out of data collection period',
    check: episodeRule((e, { year }) => e.ChildProtectionPlans.some((p) => p.CPPstartDate === '' || p.CPPstartDate > year.end)),
  },
  {
    code: '8730',
    module: 'ChildProtectionPlans',
    message: 'Total Number of previous Child Protection Plans missing',
    check: episodeRule((e) => e.ChildProtectionPlans.some((p) => !Number.isInteger(p.NumberOfPreviousCPP) || p.NumberOfPreviousCPP < 0)),
  },
  {
    code: '2885',
    module: 'ChildProtectionPlans',
    message: 'Child protection plan shown as starting a different day to the initial child protection conference.',
    check: episodeRule((e, { year }) =>
      e.ChildProtectionPlans.some(
        (p) =>
          p.CPPstartDate >= year.start &&
          p.CPPstartDate <= year.end &&
          p.CPPstartDate !== e.DateOfInitialCPC &&
          !e.Section47.some((s) => s.DateOfInitialCPC === p.CPPstartDate),
      ),
    ),
  },
  {
    code: '8840',
    module: 'ChildProtectionPlans',
    message: 'Child Protection Plan cannot start and end on the same day',
    check: episodeRule((e) => e.ChildProtectionPlans.some((p) => p.CPPendDate === p.CPPstartDate)),
  },
  {
    code: '8841',
    module: 'ChildProtectionPlans',
    message: 'The review date cannot be on the same day or before the Child protection Plan start date.',
    check: episodeRule((e) => e.ChildProtectionPlans.some((p) => p.Reviews.some((r) => r <= p.CPPstartDate))),
  },
];

/** The rules Steadfast checks, by code, with the DfE's message. */
export const CIN_RULES: ReadonlyMap<string, CinRule> = new Map(DEFINITIONS.map(({ code, message, module }) => [code, { code, message, module }]));

/** Every child and episode of the census that breaks a rule, rule by rule in the order above. */
export function validateCinCensus(census: CinCensus): CinIssue[] {
  const count = (values: (string | null)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  };
  const context: Context = {
    year: collectionYear(census.yearEnd),
    upnCount: count(census.children.map((c) => c.UPN)),
    idCount: count(census.children.map((c) => c.LAchildID)),
  };
  return DEFINITIONS.flatMap((rule) =>
    census.children.flatMap((child) => rule.check(child, context).map((found) => ({ rule: rule.code, module: found.module ?? rule.module, child: child.LAchildID, referralDate: found.referralDate }))),
  );
}
