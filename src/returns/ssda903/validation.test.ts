// Each implemented SSDA903 validation rule, tested from its message in the
// DfE's list (ssda903_validation_rules_2024_25.csv): a return that breaks it
// and one that does not. The baseline is one looked-after child whose return
// breaks no rule; each case changes only what its rule's message describes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Ssda903Return, Ssda903Row } from './rules.ts';
import { isoOf, PUBLISHED_RULES, SSDA903_RULES, validateSsda903 } from './validation.ts';

const YEAR = 2026; // 1 April 2025 to 31 March 2026

function baseline(): Ssda903Return {
  const episode = (v: Partial<Ssda903Row>): Ssda903Row => ({ CHILD: 'C1', DECOM: '01/05/2024', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U4', PLACE_PROVIDER: 'PR1', DEC: '', REC: '', REASON_PLACE_CHANGE: '', HOME_POST: 'TN34 1AA', PL_POST: 'BN21 4AB', URN: '', ...v });
  return {
    Header: [
      { CHILD: 'C1', SEX: '2', DOB: '12/05/2012', ETHNIC: 'WBRI', UPN: 'X845281858955', MOTHER: '0', MC_DOB: '' },
      { CHILD: 'C9', SEX: '1', DOB: '01/06/2007', ETHNIC: 'WBRI', UPN: 'P123456789123', MOTHER: '', MC_DOB: '' },
    ],
    Episodes: [episode({ DEC: '10/09/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }), episode({ DECOM: '10/09/2025', RNE: 'P', PLACE: 'U6' })],
    Reviews: [{ CHILD: 'C1', DOB: '12/05/2012', REVIEW: '02/06/2025', REVIEW_CODE: 'PN1' }],
    UASC: [{ CHILD: 'C1', DOB: '12/05/2012', SEX: '2', DUC: '' }],
    OC2: [{ CHILD: 'C1', DOB: '12/05/2012', SDQ_SCORE: '12', SDQ_REASON: '', CONVICTED: '0', HEALTH_CHECK: '', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '' }],
    OC3: [{ CHILD: 'C9', DOB: '01/06/2007', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'U1' }],
    AD1: [{ CHILD: 'C1', DOB: '12/05/2012', DATE_INT: '01/02/2025', DATE_MATCH: '01/03/2025', FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L11' }],
    PlacedAdoption: [{ CHILD: 'C1', DOB: '12/05/2012', DATE_PLACED: '01/02/2025', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' }],
    PrevPerm: [],
    Missing: [{ CHILD: 'C1', DOB: '12/05/2012', MISSING: 'M', MIS_START: '03/07/2025', MIS_END: '04/07/2025' }],
    SWEpisodes: [{ CHILD: 'C1', DOB: '12/05/2012', SW_ID: 'SW1', SW_DECOM: '01/05/2024', SW_DEC: '', SW_REASON: '' }],
    DoLo: [],
  };
}

type Change = (t: Ssda903Return) => void;
const header = (v: Partial<Ssda903Row>): Change => (t) => Object.assign(t.Header[0]!, v);
const first = (v: Partial<Ssda903Row>): Change => (t) => Object.assign(t.Episodes[0]!, v);
const second = (v: Partial<Ssda903Row>): Change => (t) => Object.assign(t.Episodes[1]!, v);
const row = (table: keyof Ssda903Return, v: Partial<Ssda903Row>): Change => (t) => Object.assign(t[table][0]!, v);
/** Adds a row to a table: a copy of its first row with `v`, or `v` alone when the table is empty. */
const add = (table: keyof Ssda903Return, v: Partial<Ssda903Row>): Change => (t) => void t[table].push({ ...t[table][0], ...v } as Ssda903Row);
const both = (...changes: Change[]): Change => (t) => changes.forEach((c) => c(t));
const PREV_PERM = { CHILD: 'C1', DOB: '12/05/2012', PREV_PERM: 'P1', LA_PERM: '845', DATE_PERM: '01/01/2020' };

/** For each rule, a change that breaks it, and the table and child it is found in. */
const CASES: Record<string, { breaks: Change; table: keyof Ssda903Return; child?: string }> = {
  '101': { breaks: header({ SEX: '0' }), table: 'Header' },
  '102': { breaks: header({ DOB: '31/02/2012' }), table: 'Header' },
  '103': { breaks: header({ ETHNIC: 'XXXX' }), table: 'Header' },
  '104': { breaks: row('UASC', { DUC: '2025-06-01' }), table: 'UASC' },
  '112': { breaks: row('AD1', { DATE_INT: '' }), table: 'AD1' },
  '113': { breaks: row('AD1', { DATE_MATCH: '1/3/2025' }), table: 'AD1' },
  '115': { breaks: row('PlacedAdoption', { DATE_PLACED: '' }), table: 'PlacedAdoption' },
  '116': { breaks: row('PlacedAdoption', { DATE_PLACED_CEASED: '32/01/2025' }), table: 'PlacedAdoption' },
  '131': { breaks: row('OC3', { IN_TOUCH: 'MAYBE' }), table: 'OC3', child: 'C9' },
  '132': { breaks: row('OC3', { ACTIV: 'Z9' }), table: 'OC3', child: 'C9' },
  '133': { breaks: row('OC3', { ACCOM: 'Q' }), table: 'OC3', child: 'C9' },
  '141': { breaks: first({ DECOM: '' }), table: 'Episodes' },
  '142': { breaks: first({ DEC: '', REC: '' }), table: 'Episodes' },
  '143': { breaks: first({ RNE: 'Q' }), table: 'Episodes' },
  '144': { breaks: first({ LS: 'C9' }), table: 'Episodes' },
  '145': { breaks: first({ CIN: 'N0' }), table: 'Episodes' },
  '146': { breaks: first({ PLACE: 'U9' }), table: 'Episodes' },
  '147': { breaks: second({ DEC: '2026-01-01', REC: 'E13' }), table: 'Episodes' },
  '148': { breaks: second({ REC: 'E13' }), table: 'Episodes' },
  '149': { breaks: second({ DEC: '01/01/2026', REC: 'E99' }), table: 'Episodes' },
  '166': { breaks: row('Reviews', { REVIEW: '' }), table: 'Reviews' },
  '167': { breaks: row('Reviews', { REVIEW_CODE: '' }), table: 'Reviews' },
  '168': { breaks: header({ UPN: 'UN9' }), table: 'Header' },
  '171': { breaks: header({ MOTHER: '1', MC_DOB: '2025-01-01' }), table: 'Header' },
  '174': { breaks: header({ SEX: '1', MOTHER: '', MC_DOB: '01/01/2025' }), table: 'Header' },
  '178': { breaks: first({ PLACE_PROVIDER: 'PR9' }), table: 'Episodes' },
  '196': { breaks: row('OC2', { SDQ_SCORE: '', SDQ_REASON: 'SDQ9' }), table: 'OC2' },
  '301': { breaks: header({ DOB: '01/04/2026' }), table: 'Header' },
  '302': { breaks: header({ DOB: '02/05/2024' }), table: 'Episodes' },
  '304': { breaks: (t) => { header({ DOB: '01/01/2007' })(t); row('UASC', { DUC: '02/01/2025' })(t); }, table: 'UASC' },
  '351': { breaks: header({ DOB: '31/03/1999' }), table: 'Header' },
  '352': { breaks: header({ DOB: '01/05/2006' }), table: 'Episodes' },
  '354': { breaks: second({ DECOM: '01/04/2026' }), table: 'Episodes' },
  '355': { breaks: second({ DEC: '10/09/2025', REC: 'E13' }), table: 'Episodes' },
  '356': { breaks: second({ DEC: '01/09/2025', REC: 'E13' }), table: 'Episodes' },
  '385': { breaks: second({ DEC: '01/04/2026', REC: 'E13' }), table: 'Episodes' },
  '388': { breaks: second({ DEC: '01/01/2026', REC: 'X1' }), table: 'Episodes' },
  '392c': { breaks: first({ PL_POST: 'BN214' }), table: 'Episodes' },
  '392d': { breaks: first({ PL_POST: 'TN34 1AA' }), table: 'Episodes' },
  '431': { breaks: second({ RNE: 'S' }), table: 'Episodes' },
  '432': { breaks: first({ REC: 'E13' }), table: 'Episodes' },
  '433': { breaks: second({ DECOM: '11/09/2025' }), table: 'Episodes' },
  '501': { breaks: first({ DEC: '12/09/2025' }), table: 'Episodes' },
  '527': { breaks: first({ PLACE: 'R2' }), table: 'Episodes' },
  '528': { breaks: first({ PLACE_PROVIDER: 'PR2', PLACE: 'R5' }), table: 'Episodes' },
  '529': { breaks: first({ PLACE_PROVIDER: 'PR3', PLACE: 'K2' }), table: 'Episodes' },
  '530': { breaks: first({ PLACE_PROVIDER: 'PR4', PLACE: 'P1' }), table: 'Episodes' },
  '531': { breaks: first({ PLACE_PROVIDER: 'PR5', PLACE: 'P1' }), table: 'Episodes' },
  '550': { breaks: first({ PLACE_PROVIDER: 'PR0', PLACE: 'U4' }), table: 'Episodes' },
  '358': { breaks: (t) => { first({ LS: 'J1' })(t); header({ DOB: '01/01/2016' })(t); }, table: 'Episodes' },
  '371': { breaks: first({ PLACE: 'H5' }), table: 'Episodes' },
  '372': { breaks: (t) => { first({ PLACE: 'R5', PLACE_PROVIDER: 'PR4' })(t); header({ DOB: '01/01/2016' })(t); }, table: 'Episodes' },
  '373': { breaks: (t) => { first({ PLACE: 'S1' })(t); header({ DOB: '01/01/2021' })(t); }, table: 'Episodes' },
  '374': { breaks: first({ PLACE: 'P3' }), table: 'Episodes' },
  '386': { breaks: (t) => { second({ DEC: '01/01/2026', REC: 'E11' })(t); header({ DOB: '01/01/2007' })(t); }, table: 'Episodes' },
  '387': { breaks: second({ DEC: '01/01/2026', REC: 'E5' }), table: 'Episodes' },
  '389': { breaks: second({ DEC: '01/01/2026', REC: 'E7' }), table: 'Episodes' },
  '407': { breaks: (t) => { second({ DEC: '01/01/2026', REC: 'E45' })(t); header({ DOB: '01/01/2007' })(t); }, table: 'Episodes' },
  '437': { breaks: first({ REC: 'E2' }), table: 'Episodes' },
  '460': { breaks: second({ DEC: '01/01/2026', REC: 'E17' }), table: 'Episodes' },
  '440': { breaks: row('Reviews', { REVIEW_CODE: 'PN0' }), table: 'Reviews' },
  '441': { breaks: header({ DOB: '01/01/2022' }), table: 'Reviews' },
  '158': { breaks: row('OC2', { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '0' }), table: 'OC2' },
  '159': { breaks: row('OC2', { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' }), table: 'OC2' },
  '180': { breaks: row('OC2', { SDQ_SCORE: '41' }), table: 'OC2' },
  '181': { breaks: row('OC2', { TEETH_CHECK: 'Y' }), table: 'OC2' },
  '188': { breaks: header({ DOB: '01/06/2022' }), table: 'OC2' },
  '189': { breaks: header({ DOB: '01/03/2008' }), table: 'OC2' },
  '191': { breaks: row('OC2', { IMMUNISATIONS: '' }), table: 'OC2' },
  '192': { breaks: row('OC2', { SUBSTANCE_MISUSE: '1' }), table: 'OC2' },
  '193': { breaks: row('OC2', { INTERVENTION_OFFERED: '1' }), table: 'OC2' },
  '197a': { breaks: row('OC2', { SDQ_REASON: 'SDQ1' }), table: 'OC2' },
  '542': { breaks: header({ DOB: '01/06/2017' }), table: 'OC2' },
  '543': { breaks: row('OC2', { CONVICTED: '' }), table: 'OC2' },
  '545': { breaks: (t) => { header({ DOB: '01/06/2022' })(t); row('OC2', { SDQ_SCORE: '', CONVICTED: '' })(t); }, table: 'OC2' },
  '546': { breaks: row('OC2', { HEALTH_CHECK: '1' }), table: 'OC2' },
  '119': { breaks: row('PlacedAdoption', { DATE_PLACED_CEASED: '01/06/2025' }), table: 'PlacedAdoption' },
  '333': { breaks: row('AD1', { DATE_INT: '02/03/2025' }), table: 'AD1' },
  '511': { breaks: row('AD1', { SEX_ADOPTR: 'M1' }), table: 'AD1' },
  '522': { breaks: row('PlacedAdoption', { DATE_PLACED_CEASED: '01/01/2025', REASON_PLACED_CEASED: 'RD1' }), table: 'PlacedAdoption' },
  '563': { breaks: row('PlacedAdoption', { DATE_PLACED: '', DATE_PLACED_CEASED: '01/06/2025', REASON_PLACED_CEASED: 'RD1' }), table: 'PlacedAdoption' },
  '565': { breaks: row('Missing', { MISSING: '' }), table: 'Missing' },
  '566': { breaks: row('Missing', { MISSING: '', MIS_START: '' }), table: 'Missing' },
  '1004': { breaks: row('Missing', { MIS_START: '' }), table: 'Missing' },
  '1005': { breaks: row('Missing', { MIS_END: '4 July' }), table: 'Missing' },
  '1006': { breaks: row('Missing', { MISSING: 'X' }), table: 'Missing' },
  '1009': { breaks: first({ REASON_PLACE_CHANGE: 'MOVED' }), table: 'Episodes' },
  '442': { breaks: header({ UPN: '' }), table: 'Header' },
  '611': { breaks: header({ MOTHER: '1' }), table: 'Header' },
  '612': { breaks: header({ MC_DOB: '01/01/2025' }), table: 'Header' },
  '620': { breaks: header({ MOTHER: '1', MC_DOB: '01/01/2025', DOB: '01/06/2015' }), table: 'Header' },
  '621': { breaks: header({ MOTHER: '1', MC_DOB: '11/05/2012' }), table: 'Header' },
  '625': { breaks: header({ MOTHER: '1', MC_DOB: '01/04/2026' }), table: 'Header' },
  '353': { breaks: first({ DECOM: '13/10/1991' }), table: 'Episodes' },
  '445': { breaks: first({ LS: 'D1' }), table: 'Episodes' },
  '446': { breaks: first({ LS: 'E1', DECOM: '01/12/2005' }), table: 'Episodes' },
  '213': { breaks: first({ PLACE: 'T1' }), table: 'Episodes' },
  '526': { breaks: first({ PLACE_PROVIDER: '' }), table: 'Episodes' },
  '217': { breaks: second({ PLACE: 'A3' }), table: 'Episodes' },
  '408': { breaks: second({ PLACE: 'A6', PLACE_PROVIDER: 'PR1' }), table: 'Episodes' },
  '378': { breaks: first({ PLACE: 'P1', LS: 'V2' }), table: 'Episodes' },
  '380': { breaks: first({ PLACE: 'T0', PLACE_PROVIDER: '' }), table: 'Episodes' },
  '381': { breaks: second({ PLACE: 'T2', PLACE_PROVIDER: '', DEC: '01/01/2026', REC: 'E13' }), table: 'Episodes' },
  '382': { breaks: first({ LS: 'V3', PLACE: 'T1', PLACE_PROVIDER: '' }), table: 'Episodes' },
  '384': { breaks: first({ LS: 'V4' }), table: 'Episodes' },
  '361': { breaks: first({ LS: 'L1' }), table: 'Episodes' },
  '362': { breaks: first({ LS: 'L2' }), table: 'Episodes' },
  '363': { breaks: first({ LS: 'L3' }), table: 'Episodes' },
  '365': { breaks: first({ LS: 'V3' }), table: 'Episodes' },
  '375': { breaks: first({ PLACE: 'T1', PLACE_PROVIDER: '' }), table: 'Episodes' },
  '376': { breaks: first({ PLACE: 'T3', PLACE_PROVIDER: '' }), table: 'Episodes' },
  '379': { breaks: first({ PLACE: 'T4', PLACE_PROVIDER: '' }), table: 'Episodes' },
  '434': { breaks: second({ RNE: 'L' }), table: 'Episodes' },
  '435': { breaks: second({ PLACE: 'U4' }), table: 'Episodes' },
  '436': { breaks: second({ RNE: 'B' }), table: 'Episodes' },
  '357': { breaks: first({ DECOM: '01/05/2025', RNE: 'P' }), table: 'Episodes' },
  '504': { breaks: second({ CIN: 'N2' }), table: 'Episodes' },
  '114': { breaks: row('AD1', { FOSTER_CARE: '2' }), table: 'AD1' },
  '175': { breaks: row('AD1', { NB_ADOPTR: '3' }), table: 'AD1' },
  '176': { breaks: row('AD1', { SEX_ADOPTR: 'XY' }), table: 'AD1' },
  '177': { breaks: row('AD1', { LS_ADOPTR: 'L9' }), table: 'AD1' },
  '120': { breaks: row('PlacedAdoption', { DATE_PLACED_CEASED: '01/06/2025', REASON_PLACED_CEASED: 'RD9' }), table: 'PlacedAdoption' },
  '151': { breaks: row('AD1', { FOSTER_CARE: '' }), table: 'AD1' },
  '184': { breaks: row('PlacedAdoption', { DATE_PLACED: '01/05/2012' }), table: 'PlacedAdoption' },
  '514': { breaks: row('AD1', { LS_ADOPTR: 'L0' }), table: 'AD1' },
  '517': { breaks: row('AD1', { LS_ADOPTR: 'L3', SEX_ADOPTR: 'FF' }), table: 'AD1' },
  '518': { breaks: row('AD1', { LS_ADOPTR: 'L4' }), table: 'AD1' },
  '519': { breaks: row('AD1', { LS_ADOPTR: 'L2', NB_ADOPTR: '1', SEX_ADOPTR: 'F1' }), table: 'AD1' },
  '520': { breaks: row('AD1', { SEX_ADOPTR: 'MM' }), table: 'AD1' },
  '524': { breaks: row('AD1', { LS_ADOPTR: 'L12' }), table: 'AD1' },
  '631': { breaks: add('PrevPerm', { ...PREV_PERM, PREV_PERM: 'P9' }), table: 'PrevPerm' },
  '635': { breaks: add('PrevPerm', { ...PREV_PERM, PREV_PERM: 'Z1', DATE_PERM: '' }), table: 'PrevPerm' },
  '345': { breaks: row('OC3', { ACTIV: '' }), table: 'OC3', child: 'C9' },
  '391': { breaks: (t) => { t.Header[1]!.DOB = '01/06/2010'; row('OC3', { DOB: '01/06/2010' })(t); }, table: 'OC3', child: 'C9' },
  '564': { breaks: row('Missing', { MIS_START: '' }), table: 'Missing' },
  '567': { breaks: row('Missing', { MIS_END: '02/07/2025' }), table: 'Missing' },
  '570': { breaks: row('Missing', { MIS_START: '01/04/2026', MIS_END: '' }), table: 'Missing' },
  '571': { breaks: row('Missing', { MIS_END: '01/04/2026' }), table: 'Missing' },
  '581': { breaks: row('Missing', { MIS_START: '01/04/2024', MIS_END: '02/04/2024' }), table: 'Missing' },
  '586': { breaks: row('Missing', { MIS_START: '01/05/2012', MIS_END: '02/05/2012' }), table: 'Missing' },
  '574': { breaks: add('Missing', { MIS_START: '03/07/2025', MIS_END: '05/07/2025' }), table: 'Missing' },
  SW02STG1: { breaks: row('SWEpisodes', { SW_ID: 'AB1' }), table: 'SWEpisodes' },
  SW04STG1: { breaks: row('SWEpisodes', { SW_DECOM: '' }), table: 'SWEpisodes' },
  SW05STG1: { breaks: row('SWEpisodes', { SW_DEC: '2025-01-01', SW_REASON: 'MANAGE' }), table: 'SWEpisodes' },
  SW09STG2: { breaks: row('SWEpisodes', { SW_DEC: '01/05/2024', SW_REASON: 'MANAGE' }), table: 'SWEpisodes' },
  SW13STG1: { breaks: both(row('SWEpisodes', { SW_DEC: '01/06/2025' }), add('SWEpisodes', { SW_ID: 'SW2', SW_DECOM: '01/06/2025', SW_DEC: '', SW_REASON: '' })), table: 'SWEpisodes' },
  SW108STG2: { breaks: add('SWEpisodes', { SW_ID: 'SW2', SW_DECOM: '01/06/2025' }), table: 'SWEpisodes' },
  SW10STG2: { breaks: both(row('SWEpisodes', { SW_DEC: '01/07/2025', SW_REASON: 'MANAGE' }), add('SWEpisodes', { SW_ID: 'SW2', SW_DECOM: '01/06/2025', SW_DEC: '', SW_REASON: '' })), table: 'SWEpisodes' },
  INT01: { breaks: row('AD1', { CHILD: 'C5' }), table: 'AD1', child: 'C5' },
  INT02: { breaks: row('PlacedAdoption', { CHILD: 'C5' }), table: 'PlacedAdoption', child: 'C5' },
  INT03: { breaks: first({ CHILD: 'C5' }), table: 'Episodes', child: 'C5' },
  INT04: { breaks: row('Missing', { CHILD: 'C5' }), table: 'Missing', child: 'C5' },
  INT05: { breaks: row('OC2', { CHILD: 'C5' }), table: 'OC2', child: 'C5' },
  INT06: { breaks: row('OC3', { CHILD: 'C5' }), table: 'OC3', child: 'C5' },
  INT07: { breaks: add('PrevPerm', { ...PREV_PERM, CHILD: 'C5' }), table: 'PrevPerm', child: 'C5' },
  INT08: { breaks: row('Reviews', { CHILD: 'C5' }), table: 'Reviews', child: 'C5' },
  INT09: { breaks: row('UASC', { CHILD: 'C5' }), table: 'UASC', child: 'C5' },
  INT11: { breaks: row('AD1', { DOB: '13/05/2012' }), table: 'AD1' },
  INT12: { breaks: row('PlacedAdoption', { DOB: '13/05/2012' }), table: 'PlacedAdoption' },
  INT13: { breaks: row('Missing', { DOB: '13/05/2012' }), table: 'Missing' },
  INT14: { breaks: row('OC2', { DOB: '13/05/2012' }), table: 'OC2' },
  INT15: { breaks: row('OC3', { DOB: '02/06/2007' }), table: 'OC3', child: 'C9' },
  INT16: { breaks: add('PrevPerm', { ...PREV_PERM, DOB: '13/05/2012' }), table: 'PrevPerm' },
  INT17: { breaks: row('Reviews', { DOB: '13/05/2012' }), table: 'Reviews' },
  INT18: { breaks: row('UASC', { DOB: '13/05/2012' }), table: 'UASC' },
  INT21: { breaks: row('UASC', { SEX: '1' }), table: 'UASC' },
  INT31: { breaks: add('AD1', {}), table: 'AD1' },
  INT32: { breaks: add('Header', {}), table: 'Header' },
  INT33: { breaks: add('OC2', {}), table: 'OC2' },
  INT34: { breaks: add('OC3', {}), table: 'OC3', child: 'C9' },
  INT35: { breaks: both(add('PrevPerm', PREV_PERM), add('PrevPerm', PREV_PERM)), table: 'PrevPerm' },
  INT36: { breaks: add('UASC', {}), table: 'UASC' },
};

test('the baseline return breaks no rule', () => {
  assert.deepEqual(validateSsda903(baseline(), YEAR), []);
});

test('every implemented rule is in the DfE\'s list, and every one has a case here', () => {
  for (const code of Object.keys(SSDA903_RULES)) {
    assert.ok(PUBLISHED_RULES.has(code), `${code} is a published rule`);
    assert.ok(CASES[code], `${code} has a case`);
  }
  assert.ok(PUBLISHED_RULES.size > 250, 'the whole published list is read');
});

test('168 finds a UPN whose check letter does not match the rest; a blank one is left to 442', () => {
  const broken = (upn: string) => {
    const tables = baseline();
    header({ UPN: upn })(tables);
    return validateSsda903(tables, YEAR).map((i) => i.rule);
  };
  assert.ok(broken('A845281858955').includes('168'), 'X is the check letter of 845281858955');
  assert.ok(!broken('UN2').includes('168'), 'a code for an unknown UPN');
  assert.deepEqual(broken('').filter((r) => r === '168' || r === '442'), ['442']);
});

test('the Children Act limits are lengths: an episode within them passes', () => {
  const rules = (change: Change) => {
    const tables = baseline();
    change(tables);
    return validateSsda903(tables, YEAR).map((i) => i.rule);
  };
  // Police protection for 72 hours, from 1 to 4 June; a T1 hospital stay of six weeks; an open T4 counted to 31 March.
  assert.ok(!rules(second({ LS: 'L1', DECOM: '01/06/2025', DEC: '04/06/2025', REC: 'E13' })).includes('361'));
  assert.ok(rules(second({ LS: 'L1', DECOM: '01/06/2025', DEC: '05/06/2025', REC: 'E13' })).includes('361'));
  assert.ok(!rules(second({ PLACE: 'T1', PLACE_PROVIDER: '', DECOM: '10/09/2025', DEC: '22/10/2025', REC: 'X1' })).includes('375'));
  assert.ok(!rules(second({ PLACE: 'T4', PLACE_PROVIDER: '', DECOM: '25/03/2026' })).includes('379'));
  assert.ok(rules(second({ PLACE: 'T4', PLACE_PROVIDER: '', DECOM: '23/03/2026' })).includes('379'));
});

test('dates are read as dd/mm/yyyy real days only', () => {
  assert.equal(isoOf('29/02/2024'), '2024-02-29');
  assert.equal(isoOf('29/02/2025'), null);
  assert.equal(isoOf('2025-02-01'), null);
});

describe('each rule, from its message', () => {
  for (const [code, c] of Object.entries(CASES)) {
    test(`${code}: ${PUBLISHED_RULES.get(code)?.message ?? '(not published)'}`, () => {
      const tables = baseline();
      c.breaks(tables);
      const found = validateSsda903(tables, YEAR).filter((i) => i.rule === code);
      assert.equal(found.length, 1, `rule ${code} finds exactly the changed row: ${JSON.stringify(found)}`);
      assert.equal(found[0]!.table, c.table);
      assert.equal(found[0]!.child, c.child ?? 'C1');
    });
  }
});

test('SW13STG1 asks for a reason only where the social worker changed: an episode that ended with the child\'s care and no worker after needs none', () => {
  const tables = baseline();
  row('SWEpisodes', { SW_DEC: '01/06/2025', SW_REASON: '' })(tables);
  assert.deepEqual(
    validateSsda903(tables, YEAR).filter((i) => i.rule === 'SW13STG1'),
    [],
  );
});
