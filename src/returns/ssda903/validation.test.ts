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
    Header: [{ CHILD: 'C1', SEX: '2', DOB: '12/05/2012', ETHNIC: 'WBRI', UPN: 'A845281858955', MOTHER: '0', MC_DOB: '' }],
    Episodes: [episode({ DEC: '10/09/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }), episode({ DECOM: '10/09/2025', RNE: 'P', PLACE: 'U6' })],
    Reviews: [{ CHILD: 'C1', DOB: '12/05/2012', REVIEW: '02/06/2025', REVIEW_CODE: 'PN1' }],
    UASC: [{ CHILD: 'C1', DOB: '12/05/2012', SEX: '2', DUC: '' }],
    OC2: [{ CHILD: 'C1', DOB: '12/05/2012', SDQ_SCORE: '12', SDQ_REASON: '', CONVICTED: '0', HEALTH_CHECK: '', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '' }],
    OC3: [{ CHILD: 'C9', DOB: '01/06/2007', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'U1' }],
    AD1: [{ CHILD: 'C1', DOB: '12/05/2012', DATE_INT: '01/02/2025', DATE_MATCH: '01/03/2025', FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L0' }],
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
