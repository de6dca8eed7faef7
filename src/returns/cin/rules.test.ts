import assert from 'node:assert/strict';
import { test } from 'node:test';
import { censusChild, cinCensus, cinCensusXml, countsText, type CinRecordChild } from './rules.ts';
import { schemaErrors } from './service.ts';
import { validateCinCensus } from './validation.ts';

// The year is 1 April 2025 to 31 March 2026.

function record(over: Partial<CinRecordChild> = {}): CinRecordChild {
  return {
    recordId: 'rec-1',
    laChildId: 'CIN1',
    dateOfBirth: '2015-03-27',
    expectedDateOfBirth: null,
    dateOfDeath: null,
    sex: 'M',
    ethnicity: 'WBRI',
    upn: 'H845123456789',
    upnUnknownReason: null,
    disabilities: ['HEAR', 'HAND'],
    referrals: [{ id: 'ref-1', referralDate: '2025-06-02', source: '2A', primaryNeed: 'N1', noFurtherAction: false, closeDate: null, closureReason: null }],
    assessments: [{ referralId: 'ref-1', startDate: '2025-06-03', authorisedOn: '2025-07-01', factors: ['3A', '1B'] }],
    enquiries: [{ id: 's47-1', startDate: '2025-06-10', endedOn: '2025-06-24', icpcRequired: true }],
    conferences: [{ date: '2025-06-24', enquiryId: 's47-1' }],
    cinPlans: [],
    cpPlans: [{ referralId: 'ref-1', startDate: '2025-06-24', endDate: null, initialCategory: 'NEG', latestCategory: 'EMO', reviews: ['2025-09-20', '2026-03-15', '2026-09-10'] }],
    preProceedings: [{ startDate: '2026-01-05', letterDate: '2026-01-09', fgdmOffered: true, fgdmHeld: false, initialMeetingDate: '2026-01-20', reviewMeetings: 2, decisionDate: null }],
    ...over,
  };
}

const AT = new Date('2026-11-23T09:15:00Z');
const SOURCE = { laCode: '845', softwareCode: 'Steadfast', release: '0.1.0', at: AT };

test('a child is in the census when a CIN episode of theirs is open at any time in the year, and not otherwise', () => {
  const before = { id: 'old', referralDate: '2023-01-01', source: '1A', primaryNeed: 'N4', noFurtherAction: false, closeDate: '2025-03-31', closureReason: 'RC7' };
  assert.equal(censusChild(record({ referrals: [before], assessments: [], enquiries: [], conferences: [], cpPlans: [], preProceedings: [] }), 2026), null);
  const spanning = { ...before, closeDate: '2025-04-01' };
  const child = censusChild(record({ referrals: [before, spanning].slice(1), assessments: [], enquiries: [], conferences: [], cpPlans: [], preProceedings: [] }), 2026)!;
  assert.equal(child.CINdetails.length, 1, 'an episode that closed on the year\'s first day is in it');
  assert.equal(child.CINdetails[0]!.CINclosureDate, '2025-04-01');
  const later = { ...before, id: 'later', referralDate: '2026-04-02', closeDate: null, closureReason: null };
  assert.equal(censusChild(record({ referrals: [later], assessments: [], enquiries: [], conferences: [], cpPlans: [], preProceedings: [] }), 2026), null, 'a referral after 31 March is next year\'s');
});

test('an episode gathers its assessments, enquiries, conferences, plans and pre-proceedings; what happened after 31 March is left out', () => {
  const census = cinCensus(2026, [record({ referrals: [{ id: 'ref-1', referralDate: '2025-06-02', source: '2A', primaryNeed: 'N1', noFurtherAction: false, closeDate: '2026-05-01', closureReason: 'RC7' }] })]);
  const episode = census.children[0]!.CINdetails[0]!;
  assert.equal(episode.CINclosureDate, null, 'closed after the year: open in the census');
  assert.equal(episode.ReasonForClosure, null);
  assert.deepEqual(episode.Assessments, [{ AssessmentActualStartDate: '2025-06-03', AssessmentAuthorisationDate: '2025-07-01', AssessmentFactors: ['1B', '3A'] }]);
  assert.deepEqual(episode.Section47, [{ S47ActualStartDate: '2025-06-10', DateOfInitialCPC: '2025-06-24', ICPCnotRequired: false }]);
  assert.deepEqual(episode.ChildProtectionPlans, [{ CPPstartDate: '2025-06-24', CPPendDate: null, InitialCategoryOfAbuse: 'NEG', LatestCategoryOfAbuse: 'EMO', NumberOfPreviousCPP: 0, Reviews: ['2025-09-20', '2026-03-15'] }]);
  assert.deepEqual(episode.PreProceedingsandFGDM, [{ PPStartDate: '2026-01-05', LBPSentDate: '2026-01-09', FGDMMeetingOffer: true, FGDMMeetingFac: false, InitialPPMeetingDate: '2026-01-20', ReviewMeetingsCount: 2, StepDecisionDate: null }]);
  assert.equal(countsText(census), 'Children 1, CIN episodes 1, Assessments 1, CIN plans 0, Section 47 enquiries 1, Child protection plans 1, Pre-proceedings 1');
});

test('an assessment not yet authorised by 31 March goes without its authorisation date or factors; an enquiry needing no conference says so', () => {
  const child = censusChild(
    record({
      assessments: [{ referralId: 'ref-1', startDate: '2026-03-20', authorisedOn: '2026-04-10', factors: ['21'] }],
      enquiries: [{ id: 's47-1', startDate: '2025-06-10', endedOn: '2025-06-20', icpcRequired: false }],
      conferences: [],
      cpPlans: [],
    }),
    2026,
  )!;
  assert.deepEqual(child.CINdetails[0]!.Assessments, [{ AssessmentActualStartDate: '2026-03-20', AssessmentAuthorisationDate: null, AssessmentFactors: [] }]);
  assert.deepEqual(child.CINdetails[0]!.Section47, [{ S47ActualStartDate: '2025-06-10', DateOfInitialCPC: null, ICPCnotRequired: true }]);
});

test('an enquiry that ended on 31 March is in the new year when its initial conference was on 1 April, so the plan it led to has its conference (rules 8740 and 2885)', () => {
  const referral = { id: 'ref-1', referralDate: '2025-03-10', source: '2A', primaryNeed: 'N1', noFurtherAction: false, closeDate: null, closureReason: null };
  const withConferenceOn = (date: string) =>
    record({
      referrals: [referral],
      assessments: [],
      enquiries: [{ id: 's47-1', startDate: '2025-03-17', endedOn: '2025-03-31', icpcRequired: true }],
      conferences: [{ date, enquiryId: 's47-1' }],
      cpPlans: [{ referralId: 'ref-1', startDate: date, endDate: null, initialCategory: 'EMO', latestCategory: 'EMO', reviews: [] }],
      preProceedings: [],
    });
  const census = cinCensus(2026, [withConferenceOn('2025-04-01')]);
  assert.deepEqual(census.children[0]!.CINdetails[0]!.Section47, [{ S47ActualStartDate: '2025-03-17', DateOfInitialCPC: '2025-04-01', ICPCnotRequired: false }]);
  assert.deepEqual(validateCinCensus(census), []);
  assert.deepEqual(censusChild(withConferenceOn('2025-03-31'), 2026)!.CINdetails[0]!.Section47, [], 'the enquiry and its conference were both last year');
});

test('an unborn child is sent with the expected date of birth only, and a UPN\'s reason when there is no UPN', () => {
  const child = censusChild(record({ dateOfBirth: null, expectedDateOfBirth: '2026-05-01', sex: 'U', upn: null, upnUnknownReason: 'UN1' }), 2026)!;
  assert.equal(child.PersonBirthDate, null);
  assert.equal(child.ExpectedPersonBirthDate, '2026-05-01');
  assert.equal(child.UPNunknown, 'UN1');
});

test('the XML has the header the DfE asks for and the current structure: Sex, not GenderCurrent, and the PreProceedingsandFGDM group', async () => {
  const xml = cinCensusXml(cinCensus(2026, [record()]), SOURCE);
  assert.match(xml, /<Collection>CIN<\/Collection>\s*<Year>2026<\/Year>\s*<ReferenceDate>2026-03-31<\/ReferenceDate>/);
  assert.match(xml, /<SourceLevel>L<\/SourceLevel>\s*<LEA>845<\/LEA>\s*<SoftwareCode>Steadfast<\/SoftwareCode>\s*<Release>0.1.0<\/Release>\s*<SerialNo>001<\/SerialNo>\s*<DateTime>2026-11-23T09:15:00<\/DateTime>/);
  assert.match(xml, /<PersonBirthDate>2015-03-27<\/PersonBirthDate>\s*<Sex>M<\/Sex>/);
  assert.doesNotMatch(xml, /GenderCurrent/);
  assert.match(xml, /<PreProceedingsandFGDM>\s*<PPStartDate>2026-01-05<\/PPStartDate>\s*<LBPSentDate>2026-01-09<\/LBPSentDate>\s*<FGDMMeetingOffer>1<\/FGDMMeetingOffer>\s*<FGDMMeetingFac>0<\/FGDMMeetingFac>\s*<InitialPPMeetingDate>2026-01-20<\/InitialPPMeetingDate>\s*<ReviewMeetingsCount>2<\/ReviewMeetingsCount>\s*<\/PreProceedingsandFGDM>/);
  assert.match(xml, /<Disabilities>\s*<Disability>HAND<\/Disability>\s*<Disability>HEAR<\/Disability>\s*<\/Disabilities>/);
  assert.deepEqual(await schemaErrors(xml), []);
});

test('the schema kept in the project accepts Sex and refuses GenderCurrent', async () => {
  const xml = cinCensusXml(cinCensus(2026, [record()]), SOURCE);
  assert.deepEqual(await schemaErrors(xml), []);
  const old = xml.replace('<Sex>M</Sex>', '<GenderCurrent>1</GenderCurrent>');
  const errors = await schemaErrors(old);
  assert.ok(errors.some((e) => /GenderCurrent.*not expected/.test(e)), errors.join('\n'));
  assert.ok((await schemaErrors(xml.replace('<Sex>M</Sex>', '<Sex>1</Sex>'))).length > 0, 'the old gender codes are not sex codes');
});

test('a UPN the schema would refuse is left out of the file (rule 1530 and the record name it); the file stays valid', async () => {
  const xml = cinCensusXml(cinCensus(2026, [record({ upn: 'BAD123' })]), SOURCE);
  assert.doesNotMatch(xml, /BAD123/);
  assert.deepEqual(await schemaErrors(xml), []);
});

test('text is escaped: an identifier with an ampersand or angle bracket stays well-formed XML', async () => {
  const xml = cinCensusXml(cinCensus(2026, [record({ laChildId: 'A&B<1>' })]), SOURCE);
  assert.match(xml, /<LAchildID>A&amp;B&lt;1&gt;<\/LAchildID>/);
  assert.deepEqual(await schemaErrors(xml), []);
});
