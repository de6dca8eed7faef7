// The shapes of the demo council's caseload: how often each DfE code comes
// up, after the national shares in the domain notes (England 2023–24). Every
// code is checked against the code sets when this module loads, so a code the
// DfE does not publish can never be generated.
import { isCode, type CodeSetName } from '../reference/codes.ts';

export type Weighted<T = string> = readonly (readonly [T, number])[];

function codes(set: CodeSetName, entries: Weighted): Weighted {
  for (const [code] of entries) if (!isCode(set, code)) throw new Error(`Demo shapes: ${code} is not a ${set} code`);
  return entries;
}

export function checkCode(set: CodeSetName, code: string): string {
  if (!isCode(set, code)) throw new Error(`Demo shapes: ${code} is not a ${set} code`);
  return code;
}

/** Who refers (and who makes contact): police and schools most, then health and other council services. */
export const REFERRAL_SOURCES = codes('referralSource', [
  ['6', 28], ['2A', 19], ['2B', 2], ['3A', 4], ['3B', 2], ['3C', 1], ['3D', 2], ['3E', 3], ['3F', 3],
  ['5A', 4], ['5B', 3], ['5C', 2], ['5D', 4], ['1A', 5], ['1B', 1], ['1C', 1], ['1D', 1], ['4', 2],
  ['7', 3], ['8', 4], ['9', 2], ['10', 1],
]);
export const CONTACT_SOURCES = codes('contactSource', REFERRAL_SOURCES);

/** Category of need of looked-after children: abuse or neglect for about two thirds. */
export const CLA_NEEDS = codes('primaryNeed', [
  ['N1', 69], ['N5', 14], ['N4', 7.5], ['N8', 1], ['N2', 1], ['N3', 1.5], ['N6', 1.5], ['N7', 0.5],
]);
/** Children on plans are almost all there for abuse or neglect. */
export const CP_NEEDS = codes('primaryNeed', [['N1', 93], ['N5', 4], ['N4', 2], ['N3', 1]]);
/** Other children in need. */
export const CIN_NEEDS = codes('primaryNeed', [
  ['N1', 48], ['N5', 15], ['N4', 11], ['N3', 7], ['N6', 5], ['N8', 2], ['N7', 1.5], ['N9', 1], ['N0', 1.5],
]);

/** Initial category of child protection plans. */
export const CP_CATEGORIES = codes('cpCategory', [['NEG', 50], ['EMO', 38], ['PHY', 7], ['SAB', 4], ['MUL', 1]]);

/**
 * Legal status of children looked after today, before asylum-seeking young
 * people (all section 20) are added: overall care orders about three
 * quarters, section 20 about a sixth, placement orders 5%.
 */
export const CURRENT_LEGAL_STATUS = codes('legalStatus', [
  ['C1', 14], ['C2', 65.5], ['V2', 13], ['E1', 5.5], ['J1', 0.8], ['L2', 0.5], ['L1', 0.3],
]);

/** How a closed CIN episode ended, when not through care. */
export const CIN_CLOSURES = codes('cinClosureReason', [['RC7', 45], ['RC8', 25], ['RC9', 18], ['RC5', 7]]);

export const PLACE_CHANGE_REASONS = codes('reasonPlaceChange', [
  ['CARPL', 42], ['CREQB', 14], ['CREQO', 10], ['CHILD', 8], ['STAND', 5], ['ALLEG', 3], ['CLOSE', 4], ['APPRR', 1], ['LAREQ', 4], ['OTHER', 9],
]);

/** Providers by placement type. */
export const PROVIDERS: Record<string, Weighted> = {
  P1: codes('placementProvider', [['PR0', 1]]),
  U1: codes('placementProvider', [['PR1', 1]]),
  U2: codes('placementProvider', [['PR1', 1]]),
  U3: codes('placementProvider', [['PR1', 1]]),
  U4: codes('placementProvider', [['PR1', 6], ['PR4', 3], ['PR5', 1]]),
  U5: codes('placementProvider', [['PR1', 7], ['PR4', 2], ['PR5', 1]]),
  U6: codes('placementProvider', [['PR1', 6], ['PR4', 3], ['PR5', 1]]),
  K1: codes('placementProvider', [['PR2', 6], ['PR4', 4]]),
  K2: codes('placementProvider', [['PR4', 75], ['PR1', 15], ['PR5', 10]]),
  H5: codes('placementProvider', [['PR4', 6], ['PR5', 3], ['PR1', 1]]),
  A3: codes('placementProvider', [['PR1', 6], ['PR2', 25], ['PR5', 15]]),
  A4: codes('placementProvider', [['PR1', 6], ['PR2', 25], ['PR5', 15]]),
  A5: codes('placementProvider', [['PR1', 6], ['PR2', 25], ['PR5', 15]]),
  A6: codes('placementProvider', [['PR1', 6], ['PR2', 25], ['PR5', 15]]),
  S1: codes('placementProvider', [['PR4', 7], ['PR5', 3]]),
  R1: codes('placementProvider', [['PR4', 1]]),
  R2: codes('placementProvider', [['PR3', 1]]),
  R3: codes('placementProvider', [['PR4', 1], ['PR1', 1]]),
  P2: codes('placementProvider', [['PR1', 1], ['PR4', 1]]),
  Z1: codes('placementProvider', [['PR4', 1], ['PR1', 1]]),
};

/** Placements with an Ofsted-registered setting carry its URN. */
export const REGISTERED_SETTINGS = new Set(['K1', 'K2', 'H5', 'R3', 'S1']);

/** Foster placements with family or friends. */
export const KINSHIP = new Set(['U1', 'U2', 'U3']);
export const FOSTER = new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']);

/**
 * Where a placement of each type is found, from the child's home: with
 * parents at home; kinship carers mostly nearby; children's homes often far.
 */
export const REACH: Record<string, Weighted<'same' | 'near' | 'county' | 'outNear' | 'outMid' | 'outFar'>> = {
  P1: [['same', 1]],
  kinship: [['near', 55], ['county', 12], ['outNear', 25], ['outMid', 6], ['outFar', 2]],
  foster: [['near', 33], ['county', 23], ['outNear', 26], ['outMid', 14], ['outFar', 4]],
  K2: [['near', 12], ['county', 22], ['outNear', 26], ['outMid', 28], ['outFar', 12]],
  K1: [['outMid', 5], ['outFar', 5]],
  H5: [['near', 45], ['county', 28], ['outNear', 18], ['outMid', 9]],
  adoption: [['county', 35], ['outNear', 30], ['outMid', 25], ['outFar', 10]],
  other: [['near', 30], ['county', 35], ['outNear', 20], ['outMid', 12], ['outFar', 3]],
};

/** Placement type of looked-after children today, by age band (years), before legal-status limits. */
export const CURRENT_PLACEMENT_BY_AGE: readonly (readonly [number, Weighted])[] = [
  [1, codes('placementType', [['U6', 45], ['U3', 10], ['U5', 5], ['P1', 14], ['R3', 12], ['R2', 3], ['Z1', 5], ['A3', 2]])],
  [5, codes('placementType', [['U6', 30], ['U4', 15], ['U5', 3], ['U1', 5], ['U3', 8], ['U2', 1], ['P1', 20], ['Z1', 8], ['R2', 2]])],
  [10, codes('placementType', [['U4', 36], ['U6', 15], ['U1', 7], ['U3', 7], ['P1', 14], ['K2', 8], ['S1', 3], ['Z1', 7], ['R2', 2]])],
  [16, codes('placementType', [['U4', 33], ['U6', 14], ['U1', 5], ['U3', 5], ['U2', 1], ['K2', 24], ['K1', 1.5], ['S1', 3], ['P1', 7], ['Z1', 5], ['R1', 1], ['R2', 1.5]])],
  [18, codes('placementType', [['U4', 28], ['U6', 10], ['U1', 4], ['U3', 4], ['H5', 22], ['K2', 15], ['P1', 5], ['P2', 5], ['Z1', 5], ['R1', 1], ['S1', 1]])],
];
/** Earlier placements: emergency and short-term foster care first, children's homes for some teenagers. */
export const EARLIER_PLACEMENT_BY_AGE: readonly (readonly [number, Weighted])[] = [
  [1, codes('placementType', [['U6', 80], ['U3', 10], ['R3', 10]])],
  [10, codes('placementType', [['U6', 70], ['U3', 12], ['U4', 10], ['K2', 3], ['P1', 5]])],
  [16, codes('placementType', [['U6', 55], ['U3', 8], ['U4', 14], ['K2', 20], ['P1', 3]])],
  [18, codes('placementType', [['U6', 40], ['U3', 5], ['U4', 10], ['K2', 25], ['H5', 20]])],
];
export const UASC_PLACEMENTS = codes('placementType', [['H5', 55], ['U6', 35], ['U4', 5], ['K2', 5]]);
export const PLACEMENT_ORDER_PLACEMENTS = codes('placementType', [['A5', 22], ['A6', 18], ['U5', 15], ['U4', 25], ['U6', 20]]);

/** Ethnicity of children known to the council's children's social care. */
export const ETHNICITY = codes('ethnicity', [
  ['WBRI', 78], ['WIRI', 0.4], ['WOTH', 5], ['WIRT', 0.5], ['WROM', 0.8], ['MWBC', 2], ['MWBA', 1], ['MWAS', 1.5], ['MOTH', 3],
  ['AIND', 0.5], ['APKN', 0.3], ['ABAN', 0.3], ['AOTH', 1], ['BCRB', 0.3], ['BAFR', 1.2], ['BOTH', 0.4], ['CHNE', 0.2],
  ['OOTH', 1.5], ['REFU', 0.3], ['NOBT', 1.3],
]);
export const UASC_ETHNICITY = codes('ethnicity', [['OOTH', 35], ['AOTH', 30], ['BAFR', 25], ['WOTH', 10]]);

export const DISABILITIES = codes('disability', [
  ['AUT', 30], ['LD', 22], ['COMM', 14], ['BEH', 12], ['MOB', 7], ['PC', 4], ['HEAR', 3], ['VIS', 2], ['HAND', 2], ['INC', 2], ['CON', 1], ['DDA', 3],
]);

/** Why a social worker's allocation ended while the child stayed open, other than the worker leaving. */
export const STAYING_WORKER_REASONS = codes('swReason', [
  ['MANAGE', 45], ['ABSENC', 14], ['ORGRST', 10], ['CHCHAN', 6], ['PCCHAN', 8], ['OTHERS', 17],
]);

export const IMMIGRATION_STATUSES = codes('immigrationStatus', [
  ['Unaccompanied Asylum Seeking Child', 60],
  ['Discretionary Leave to Remain in the UK to 18 (DLR)', 15],
  ['Refugee Status', 25],
]);
