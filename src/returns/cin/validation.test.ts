import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CensusChild, CensusEpisode } from './rules.ts';
import { CIN_RULES, validateCinCensus } from './validation.ts';

// Each rule is tested from the DfE's CIN census validation rule: its code and
// message, a census child that breaks it and one that does not. The year is
// 1 April 2025 to 31 March 2026.

function episode(over: Partial<CensusEpisode> = {}): CensusEpisode {
  return {
    CINreferralDate: '2025-05-01',
    ReferralSource: '2A',
    PrimaryNeedCode: 'N1',
    CINclosureDate: null,
    ReasonForClosure: null,
    DateOfInitialCPC: null,
    Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-06-01', AssessmentFactors: ['3A'] }],
    CINPlanDates: [],
    Section47: [],
    ReferralNFA: false,
    ChildProtectionPlans: [],
    PreProceedingsandFGDM: [],
    ...over,
  };
}

function child(over: Partial<CensusChild> = {}, episodes: CensusEpisode[] = [episode()]): CensusChild {
  return {
    recordId: 'r1',
    LAchildID: 'C1',
    UPN: 'H845123456789',
    UPNunknown: null,
    PersonBirthDate: '2015-03-27',
    ExpectedPersonBirthDate: null,
    Sex: 'F',
    PersonDeathDate: null,
    Ethnicity: 'WBRI',
    Disabilities: ['NONE'],
    CINdetails: episodes,
    ...over,
  };
}

const rulesBroken = (c: CensusChild) => validateCinCensus({ yearEnd: 2026, referenceDate: '2026-03-31', children: [c] }).map((i) => i.rule);

/** The rule's code and the DfE's message; a child that breaks it is found by it, one that does not is not. */
function rule(code: string, message: string, breaking: CensusChild, passing: CensusChild) {
  test(`${code}: ${message}`, () => {
    assert.equal(CIN_RULES.get(code)?.message, message);
    assert.ok(rulesBroken(breaking).includes(code), `${code} finds the child that breaks it`);
    assert.ok(!rulesBroken(passing).includes(code), `${code} passes the child that does not`);
  });
}

test('a complete, consistent child in need breaks none of the rules', () => {
  assert.deepEqual(rulesBroken(child()), []);
});

rule('8500', 'LA Child ID missing', child({ LAchildID: ' ' }), child());
rule('4180', 'Sex must be provided and equal M, F, or U', child({ Sex: '1' }), child({ Sex: 'U' }));
rule('8750', 'Sex must equal U for an unborn child', child({ PersonBirthDate: null, ExpectedPersonBirthDate: '2026-05-01', Sex: 'F' }), child({ PersonBirthDate: null, ExpectedPersonBirthDate: '2026-05-01', Sex: 'U' }));
rule('8525', 'Either Date of Birth or Expected Date of Birth must be provided (but not both)', child({ ExpectedPersonBirthDate: '2015-03-20' }), child());
rule('8520', 'Date of Birth is after data collection period (must be on or before the end of the census period)', child({ PersonBirthDate: '2026-04-02' }), child({ PersonBirthDate: '2026-03-31' }));
rule('1540', 'UPN invalid (characters 5-12 not all numeric)', child({ UPN: 'A8451234X6789' }), child());
test('1540 also finds a UPN of the wrong length, whose characters 5 to 12 are not all there', () => {
  assert.ok(rulesBroken(child({ UPN: 'BAD123' })).includes('1540'));
});
rule('1550', 'UPN invalid (character 13 not a recognised value)', child({ UPN: 'A84512345678I' }), child());
rule('1530', 'UPN invalid (characters 2-4 not a recognised LA code)', child({ UPN: 'A999123456789' }), child({ UPN: 'H845123456789' }));
rule('1510', 'UPN invalid (wrong check letter at character 1)', child({ UPN: 'A845123456789' }), child({ UPN: 'H845123456789' }));
test('1510 leaves a UPN whose other characters cannot be counted to 1540 and 1550', () => {
  assert.ok(!rulesBroken(child({ UPN: 'A8451234X6789' })).includes('1510'));
  assert.ok(!rulesBroken(child({ UPN: 'BAD123' })).includes('1510'));
});
const censusOf = (...children: CensusChild[]) => validateCinCensus({ yearEnd: 2026, referenceDate: '2026-03-31', children });
test('1520: More than one record with the same UPN', () => {
  assert.equal(CIN_RULES.get('1520')?.message, 'More than one record with the same UPN');
  const twice = censusOf(child(), child({ LAchildID: 'C2' })).filter((i) => i.rule === '1520');
  assert.deepEqual(twice.map((i) => i.child), ['C1', 'C2'], 'both children holding the UPN are named');
  assert.deepEqual(censusOf(child(), child({ LAchildID: 'C2', UPN: 'P123456789123' }), child({ LAchildID: 'C3', UPN: null })).filter((i) => i.rule === '1520'), []);
});
test('8510: More than one child record with the same LA Child ID', () => {
  assert.equal(CIN_RULES.get('8510')?.message, 'More than one child record with the same LA Child ID');
  const twice = censusOf(child(), child({ UPN: 'P123456789123' })).filter((i) => i.rule === '8510');
  assert.equal(twice.length, 2);
  assert.deepEqual(censusOf(child(), child({ LAchildID: 'C2', UPN: 'P123456789123' })).filter((i) => i.rule === '8510'), []);
});
rule('8535Q', 'Child’s date of death should not be prior to the date of birth', child({ PersonDeathDate: '2015-03-26' }), child({ PersonDeathDate: '2015-03-27' }));
rule('8540', 'Child’s disability is missing or invalid (see Disability table)', child({ Disabilities: [] }), child({ Disabilities: [] }, [episode({ ReferralNFA: true, Assessments: [] })]));
test('8540 also finds a disability that is not a code', () => {
  assert.ok(rulesBroken(child({ Disabilities: ['WINGS'] })).includes('8540'));
});
rule('8790', 'Disability information includes both None and other values', child({ Disabilities: ['HAND', 'NONE'] }), child({ Disabilities: ['HAND', 'VIS'] }));
rule('8794', 'Child has two or more disabilities with the same code', child({ Disabilities: ['HAND', 'HAND'] }), child({ Disabilities: ['HAND', 'VIS'] }));
rule('8600', 'Child referral date missing or after data collection period', child({}, [episode({ CINreferralDate: '2026-04-01', Assessments: [] })]), child());
rule('8620', 'CIN Closure Date present and does not fall within the Census year', child({}, [episode({ CINreferralDate: '2024-05-01', CINclosureDate: '2025-03-30', ReasonForClosure: 'RC7' })]), child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC7' })]));
rule('8630', 'CIN Closure Date is before CIN Referral Date for the same CIN episode', child({}, [episode({ CINclosureDate: '2025-04-30', ReasonForClosure: 'RC7' })]), child({}, [episode({ CINclosureDate: '2025-05-01', ReasonForClosure: 'RC7' })]));
rule('8805', 'A CIN case cannot have a CIN closure date without a Reason for Closure', child({}, [episode({ CINclosureDate: '2025-09-30' })]), child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC8' })]));
rule('8810', 'A CIN case cannot have a Reason for Closure without a CIN Closure Date', child({}, [episode({ ReasonForClosure: 'RC8' })]), child());
rule('8640', 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)', child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC13' })]), child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC9' })]));
rule('8650', 'Primary Need Code invalid (see Primary Need table in CIN census code set)', child({}, [episode({ PrimaryNeedCode: 'N11' })]), child({}, [episode({ PrimaryNeedCode: 'N0' })]));
rule('8610', 'Primary Need code is missing for a referral which led to further action.', child({}, [episode({ PrimaryNeedCode: null })]), child({}, [episode({ PrimaryNeedCode: null, ReferralNFA: true, Assessments: [] })]));
rule('8866', 'Source of Referral is missing or an invalid code', child({}, [episode({ ReferralSource: '1Z' })]), child({}, [episode({ ReferralSource: '10' })]));
rule(
  '8820',
  'The dates on the CIN episodes for this child overlap',
  child({}, [episode({ CINreferralDate: '2025-05-01', CINclosureDate: '2025-10-26', ReasonForClosure: 'RC7' }), episode({ CINreferralDate: '2025-08-26' })]),
  child({}, [episode({ CINreferralDate: '2025-05-01', CINclosureDate: '2025-08-26', ReasonForClosure: 'RC7' }), episode({ CINreferralDate: '2025-08-26' })]),
);
rule(
  '8606',
  'Child referral date is more than 40 weeks before DOB or expected DOB',
  child({ PersonBirthDate: null, ExpectedPersonBirthDate: '2026-02-06', Sex: 'U' }, [episode({ CINreferralDate: '2025-05-01', Assessments: [] })]),
  child({ PersonBirthDate: null, ExpectedPersonBirthDate: '2026-02-05', Sex: 'U' }, [episode({ CINreferralDate: '2025-05-01', Assessments: [] })]),
);
rule(
  '8815',
  'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
  child({}, [episode(), episode({ CINreferralDate: '2025-09-01', Assessments: [] })]),
  child({}, [episode(), episode({ CINreferralDate: '2025-09-01', ReferralNFA: true, Assessments: [] })]),
);
rule(
  '8816',
  'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
  child({}, [episode(), episode({ CINreferralDate: '2025-09-01', CINclosureDate: '2025-10-01', ReasonForClosure: 'RC8' })]),
  child({}, [episode({ CINreferralDate: '2025-09-01' }), episode({ CINreferralDate: '2025-05-01', CINclosureDate: '2025-08-01', ReasonForClosure: 'RC8' })]),
);
rule(
  '8831',
  'Activity is recorded against a case marked as a referral with no further action',
  child({}, [episode({ ReferralNFA: true })]),
  child({}, [episode({ ReferralNFA: true, Assessments: [] })]),
);
test('8831 also finds an enquiry or an initial conference on a referral with no further action', () => {
  assert.ok(rulesBroken(child({}, [episode({ ReferralNFA: true, Assessments: [], Section47: [{ S47ActualStartDate: '2025-05-03', DateOfInitialCPC: null, ICPCnotRequired: true }] })])).includes('8831'));
  assert.ok(rulesBroken(child({}, [episode({ ReferralNFA: true, Assessments: [], DateOfInitialCPC: '2025-05-20' })])).includes('8831'));
});
rule(
  '8867',
  'CIN episode is shown as closed, however Assessment is not shown as completed',
  child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC8', Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: null, AssessmentFactors: [] }] })]),
  child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC8' })]),
);
rule(
  '8868',
  'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
  child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC7', Section47: [{ S47ActualStartDate: '2025-05-03', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
  child({}, [episode({ CINclosureDate: '2025-09-30', ReasonForClosure: 'RC7', Section47: [{ S47ActualStartDate: '2025-05-03', DateOfInitialCPC: null, ICPCnotRequired: true }] })]),
);
rule(
  '4000',
  'CIN Plan details provided for a referral with no further action',
  child({}, [episode({ ReferralNFA: true, Assessments: [], CINPlanDates: [{ CINPlanStartDate: '2025-06-01', CINPlanEndDate: null }] })]),
  child({}, [episode({ CINPlanDates: [{ CINPlanStartDate: '2025-06-01', CINPlanEndDate: null }] })]),
);
const plan = { CPPstartDate: '2025-06-10', CPPendDate: null, InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'NEG', NumberOfPreviousCPP: 0, Reviews: [] };
const conference = { S47ActualStartDate: '2025-05-20', DateOfInitialCPC: '2025-06-10', ICPCnotRequired: false };
rule(
  '8832',
  'Child Protection details provided for a referral with no further action.',
  child({}, [episode({ ReferralNFA: true, Assessments: [], Section47: [conference], ChildProtectionPlans: [plan] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [plan] })]),
);
rule(
  '8736',
  'For an Assessment that has not been completed, the start date must fall within the census year',
  child({}, [episode({ CINreferralDate: '2025-03-01', Assessments: [{ AssessmentActualStartDate: '2025-03-26', AssessmentAuthorisationDate: null, AssessmentFactors: [] }] })]),
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-27', AssessmentAuthorisationDate: null, AssessmentFactors: [] }] })]),
);
rule(
  '8608',
  'Assessment Start Date cannot be later than its End Date',
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-05-01', AssessmentFactors: ['3A'] }] })]),
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-05-02', AssessmentFactors: ['3A'] }] })]),
);
rule(
  '8696',
  'Assessment end date must fall within the census year',
  child({}, [episode({ CINreferralDate: '2025-03-01', Assessments: [{ AssessmentActualStartDate: '2025-03-02', AssessmentAuthorisationDate: '2025-03-31', AssessmentFactors: ['3A'] }] })]),
  child({}, [episode({ CINreferralDate: '2025-03-01', Assessments: [{ AssessmentActualStartDate: '2025-03-02', AssessmentAuthorisationDate: '2025-04-01', AssessmentFactors: ['3A'] }] })]),
);
rule(
  '8614',
  'Parental or child factors at assessment should only be present for a completed assessment.',
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-27', AssessmentAuthorisationDate: null, AssessmentFactors: ['6B'] }] })]),
  child(),
);
rule(
  '8869',
  'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-06-01', AssessmentFactors: ['21', '3A'] }] })]),
  child({}, [episode({ Assessments: [{ AssessmentActualStartDate: '2025-05-02', AssessmentAuthorisationDate: '2025-06-01', AssessmentFactors: ['21'] }] })]),
);
rule(
  '2889',
  'The S47 start date cannot be before the referral date.',
  child({}, [episode({ Section47: [{ S47ActualStartDate: '2025-04-30', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
  child({}, [episode({ Section47: [{ S47ActualStartDate: '2025-05-01', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
);
rule(
  '8615',
  'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
  child({}, [episode({ Section47: [{ S47ActualStartDate: '2025-06-11', DateOfInitialCPC: '2025-06-10', ICPCnotRequired: false }], ChildProtectionPlans: [plan] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [plan] })]),
);
rule(
  '8839',
  'Within one CINDetails group there are 2 or more open S47 Assessments',
  child({}, [episode({ Section47: [{ S47ActualStartDate: '2025-05-03', DateOfInitialCPC: null, ICPCnotRequired: false }, { S47ActualStartDate: '2025-07-03', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
  child({}, [episode({ Section47: [{ S47ActualStartDate: '2025-05-03', DateOfInitialCPC: null, ICPCnotRequired: true }, { S47ActualStartDate: '2025-07-03', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
);
rule(
  '8740',
  'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
  child({}, [episode({ CINreferralDate: '2025-03-01', Assessments: [], Section47: [{ S47ActualStartDate: '2025-03-31', DateOfInitialCPC: null, ICPCnotRequired: false }] })]),
  child({}, [episode({ CINreferralDate: '2025-03-01', Assessments: [], Section47: [{ S47ActualStartDate: '2025-03-31', DateOfInitialCPC: null, ICPCnotRequired: true }] })]),
);
rule(
  '8720',
  'Child Protection Plan Start Date missing or out of data collection period',
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, CPPstartDate: '' }] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [plan] })]),
);
rule(
  '8730',
  'Total Number of previous Child Protection Plans missing',
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, NumberOfPreviousCPP: -1 }] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, NumberOfPreviousCPP: 0 }] })]),
);
rule(
  '2885',
  'Child protection plan shown as starting a different day to the initial child protection conference.',
  child({}, [episode({ Section47: [{ ...conference, DateOfInitialCPC: '2025-06-09' }], ChildProtectionPlans: [plan] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [plan] })]),
);
test('2885 takes a conference held without an enquiry, the episode\'s DateOfInitialCPC, as the plan\'s start', () => {
  assert.ok(!rulesBroken(child({}, [episode({ DateOfInitialCPC: '2025-06-10', ChildProtectionPlans: [plan] })])).includes('2885'));
});
rule(
  '8840',
  'Child Protection Plan cannot start and end on the same day',
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, CPPendDate: '2025-06-10' }] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, CPPendDate: '2025-06-11' }] })]),
);
rule(
  '8841',
  'The review date cannot be on the same day or before the Child protection Plan start date.',
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, Reviews: ['2025-06-10'] }] })]),
  child({}, [episode({ Section47: [conference], ChildProtectionPlans: [{ ...plan, Reviews: ['2025-09-01'] }] })]),
);

test('an issue names the child by the council\'s identifier, the episode by its referral date, and the part of the census', () => {
  const issues = validateCinCensus({ yearEnd: 2026, referenceDate: '2026-03-31', children: [child({ LAchildID: 'X9' }, [episode({ ReferralSource: null })])] });
  assert.deepEqual(issues, [{ rule: '8866', module: 'CINdetails', child: 'X9', referralDate: '2025-05-01' }]);
});

test('forty-seven rules are checked, each with the DfE\'s code (a query\'s ending in Q) and a message', () => {
  assert.equal(CIN_RULES.size, 47);
  for (const [code, r] of CIN_RULES) assert.ok(/^\d{4}Q?$/.test(code) && r.message.length > 10, code);
});
