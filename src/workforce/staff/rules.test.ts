import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { censusXml } from './census-xml.ts';
import {
  buildCensusReturn,
  censusSweNumber,
  censusYear,
  inPostOn,
  latestCensusYear,
  leaverSummary,
  normaliseSweNumber,
  sicknessDaysLost,
  workforceMeasures,
  type AbsenceFacts,
  type CensusWorkerInput,
  type StaffFacts,
} from './rules.ts';

const YEAR = censusYear(2026); // 1 October 2025 to 30 September 2026

function person(id: string, values: Partial<StaffFacts> = {}): StaffFacts {
  return { id, role: 'social_worker', teamId: 'T', serviceId: 'S', fte: 1, employmentType: 'permanent', startInRole: '2020-01-06', leftOn: null, asyeStartedOn: '2019-07-01', ...values };
}

/**
 * A team for the year to 30 September 2026, worked out by hand:
 *   A, B, C employed full time all year (A since 2020, B since 2024-03-01, C since 2025-06-01);
 *   D employed at 0.5 FTE, started 2026-02-01;
 *   E employed full time, left 2026-03-31 after 3 years; F employed 0.8, left 2025-09-30 (the year before);
 *   G and H agency, full time, in post on 30 September; I agency who left in June;
 *   a personal adviser, who is not a registered social worker and never counts.
 * Funded posts: 6 FTE.
 *   In post 30 Sept: A, B, C, D = 3.5 FTE, headcount 4.
 *   Vacancies 6 − 3.5 = 2.5; vacancy rate 2.5 ÷ 6 = 41.7%. Agency 2 FTE ÷ 5.5 = 36.4%.
 *   Leavers in the year: E (1 FTE; F left on 30 Sept 2025, the year before). Turnover 1 FTE ÷ 3.5 FTE in post = 28.6%;
 *   by headcount 1 ÷ 4 = 25%.
 *   Two years or more in post: A (6.7 years), B (2.6 years): 2 of 4 = 50%. Average (6.73 + 2.58 + 1.33 + 0.66) ÷ 4 = 2.8 years.
 */
const TEAM: StaffFacts[] = [
  person('A'),
  person('B', { startInRole: '2024-03-01' }),
  person('C', { startInRole: '2025-06-01' }),
  person('D', { startInRole: '2026-02-01', fte: 0.5 }),
  person('E', { startInRole: '2023-03-31', leftOn: '2026-03-31' }),
  person('F', { startInRole: '2021-01-04', leftOn: '2025-09-30', fte: 0.8 }),
  person('G', { employmentType: 'agency', startInRole: '2025-11-01' }),
  person('H', { employmentType: 'agency', startInRole: '2026-05-01' }),
  person('I', { employmentType: 'agency', startInRole: '2025-10-01', leftOn: '2026-06-30' }),
  person('PA', { role: 'personal_adviser' }),
];

const SICK: AbsenceFacts[] = [
  // Recorded as 3 working days, wholly in the year.
  { userId: 'A', reason: 'SIC', startDate: '2026-01-12', endDate: '2026-01-14', workingDaysLost: 3 },
  // From Monday 28 September 2026 to Friday 2 October: 3 weekdays fall in the year.
  { userId: 'B', reason: 'SIC', startDate: '2026-09-28', endDate: '2026-10-02', workingDaysLost: 5 },
  // Training is not sickness.
  { userId: 'C', reason: 'TRN', startDate: '2026-03-02', endDate: '2026-03-06', workingDaysLost: 5 },
];

describe('workforce measures (DfE definitions), worked by hand', () => {
  test('census years run from 1 October to 30 September', () => {
    assert.deepEqual(YEAR, { start: '2025-10-01', end: '2026-09-30' });
    assert.equal(latestCensusYear('2026-11-23'), 2026);
    assert.equal(latestCensusYear('2026-09-29'), 2025);
    assert.equal(inPostOn({ startInRole: '2020-01-01', leftOn: '2026-09-30' }, '2026-09-30'), true, 'leaving on the day still counts that day');
  });

  test('headcount, FTE, agency, vacancies, turnover, stability, time in post and days lost', () => {
    const m = workforceMeasures({ staff: TEAM, absences: SICK, fundedByTeam: new Map([['T', 6]]), caseloads: [{ fte: 1, children: 18 }, { fte: 0.5, children: 6 }, { fte: 1, children: 0 }] }, YEAR);
    const expected = { headcount: 4, fte: 3.5, agencyHeadcount: 2, agencyFte: 2, vacancies: 2.5, vacancyRate: 41.7, agencyRate: 36.4, leavers: 1, leaversFte: 1, turnoverRate: 28.6, headcountTurnoverRate: 25, stability: 50, averageYearsInPost: 2.8, daysLost: 6, daysLostPerFte: 1.7 };
    for (const [measure, value] of Object.entries(expected)) assert.equal(m[measure as keyof typeof expected], value, measure);
    assert.equal(m.caseloadPerFte, 16, '24 children ÷ 1.5 FTE of case holders; the worker with none is not a case holder');
  });

  // DfE, Children's social work workforce statistics: the turnover rate is "the number of FTE (children and family)
  // social workers that left ... in the year to 30 September, divided by the number of FTE ... in post at 30 September".
  test('DfE turnover: FTE leavers in the year to 30 September ÷ FTE in post at 30 September (England 2023: 5,254.6 ÷ 33,119.1 = 15.9%)', () => {
    const england = [person('leavers', { fte: 5254.6, startInRole: '2015-01-05', leftOn: '2023-06-30' }), person('in post', { fte: 33119.1, startInRole: '2015-01-05' })];
    const m = workforceMeasures({ staff: england, absences: [], fundedByTeam: null, caseloads: null }, censusYear(2023));
    assert.equal(m.turnoverRate, 15.9);
  });

  test('DfE turnover: someone whose last day is 30 September is one of the year’s leavers, and not also in post', () => {
    const staff = [...TEAM, person('J', { startInRole: '2022-01-04', leftOn: '2026-09-30' })];
    const m = workforceMeasures({ staff, absences: [], fundedByTeam: null, caseloads: null }, YEAR);
    assert.equal(m.leavers, 2);
    assert.equal(m.headcount, 4, 'A, B, C and D: J is not counted in post as well');
    assert.equal(m.turnoverRate, 57.1, '2 FTE ÷ 3.5 FTE');
  });

  test('vacancies are counted team by team: an over-full team does not cancel another’s', () => {
    const staff = [person('A', { teamId: 'T1' }), person('B', { teamId: 'T1' }), person('C', { teamId: 'T1' }), person('D', { teamId: 'T2' }), person('M', { teamId: null, role: 'service_manager' })];
    const m = workforceMeasures({ staff, absences: [], fundedByTeam: new Map([['T1', 2], ['T2', 3]]), caseloads: null }, YEAR);
    assert.equal(m.vacancies, 2, 'T1 is over-full; T2 has 2 of 3 posts empty; the service manager is in no team');
    assert.equal(m.vacancyRate, 28.6, '2 ÷ (2 + 5 FTE employed)');
  });

  test('no funded posts recorded means no vacancy figures, not zero', () => {
    const m = workforceMeasures({ staff: TEAM, absences: [], fundedByTeam: null, caseloads: null }, YEAR);
    assert.equal(m.vacancies, null);
    assert.equal(m.vacancyRate, null);
    assert.equal(m.caseloadPerFte, null);
  });

  test('an open sickness absence counts to the end of the period', () => {
    assert.equal(sicknessDaysLost([{ userId: 'A', reason: 'SIC', startDate: '2026-09-21', endDate: null, workingDaysLost: null }], YEAR.start, YEAR.end), 8);
  });

  test('days lost are working days: a bank holiday inside an absence is not a day lost (census: days of sickness absence, in working days)', () => {
    // Monday 22 December 2025 to Friday 2 January 2026: 10 weekdays, less Christmas Day, Boxing Day and New Year's Day.
    assert.equal(sicknessDaysLost([{ userId: 'A', reason: 'SIC', startDate: '2025-12-22', endDate: '2026-01-02', workingDaysLost: null }], '2025-12-24', YEAR.end), 5, 'from the 24th: 24, 29, 30, 31 December and 2 January');
    assert.equal(sicknessDaysLost([{ userId: 'A', reason: 'SIC', startDate: '2025-12-22', endDate: null, workingDaysLost: null }], '2025-10-01', '2026-01-02'), 7);
  });

  test('leavers: why, where to, and after how long', () => {
    const staff = TEAM.map((s) => ({ ...s, leavingReason: s.id === 'E' ? '1' : s.leftOn ? '5' : null, leavingDestination: s.id === 'E' ? '1' : null }));
    const summary = leaverSummary(staff, YEAR);
    assert.equal(summary.total, 1);
    assert.deepEqual(summary.reasons, [{ code: '1', label: 'Resignation', count: 1 }]);
    assert.deepEqual(summary.destinations, [{ code: '1', label: 'Social work role in a different local authority in England', count: 1 }]);
    assert.deepEqual(summary.timeInPost.find((b) => b.count > 0), { band: '2 to 5 years', count: 1 });
    assert.equal(summary.averageYearsInPost, 3);
  });

  test('Social Work England numbers: SW and digits, tidied; the census form pads to ten digits', () => {
    assert.equal(normaliseSweNumber(' sw 123456 '), 'SW123456');
    assert.equal(normaliseSweNumber('SW12345678901'), null);
    assert.equal(normaliseSweNumber('XX123456'), null);
    assert.equal(censusSweNumber('SW123456'), 'SW0000123456');
  });
});

describe('the workforce census return', () => {
  const census = (s: StaffFacts, extra: Partial<CensusWorkerInput> = {}): CensusWorkerInput => ({
    ...s,
    sweNumber: `SW${100000 + s.id.charCodeAt(0)}`,
    startOrigin: '2',
    leavingReason: s.leftOn ? '1' : null,
    leavingDestination: s.leftOn ? '1' : null,
    qualificationInstitution: 'University of Sussex',
    casesAt30Sept: s.leftOn ? null : 12,
    ...extra,
  });
  const staff = [
    ...TEAM.filter((s) => s.id !== 'B').map((s) => census(s)),
    census(TEAM[1]!, { sweNumber: null }),
    census(person('N', { startInRole: '2026-09-01', asyeStartedOn: '2026-07-15' }), { startOrigin: null, qualificationInstitution: null }),
  ];
  const absences: AbsenceFacts[] = [...SICK, { userId: 'D', reason: 'MAT', startDate: '2026-09-01', endDate: null, workingDaysLost: null }];
  const built = buildCensusReturn(2026, staff, absences, new Map([['T', 7]]));

  test('everyone in a census role in post during the year, agency included; what is missing is listed', () => {
    // A, C, D, E, G, H, I, N: B has no number (left out), F left before the year, the personal adviser is not counted.
    assert.equal(built.workers.length, 8);
    assert.deepEqual(built.counts, { workers: 8, employedInPost: 5, agencyInPost: 2, leavers: 2, starters: 5 });
    assert.deepEqual(
      built.problems.map((p) => [p.userId, p.field]),
      [['B', 'SWENo'], ['N', 'QualInst'], ['N', 'StartOrigin']],
    );
    assert.deepEqual(built.vacancies, { NumberOfVacancies: '2.50', NoAgencyFTE: '2.00', NoAgencyHeadcount: '2' }, '7 funded − 4.5 employed FTE (A, C, D, N)');
  });

  test('each worker’s fields on the census codes', () => {
    const d = built.workers.find((w) => w.SWENo === censusSweNumber(`SW${100000 + 'D'.charCodeAt(0)}`))!;
    assert.deepEqual(d, {
      AgencyWorker: '0',
      SWENo: 'SW0000100068',
      FTE: '0.500000',
      QualInst: 'University of Sussex',
      OrgRole: '5',
      RoleStartDate: '2026-02-01',
      StartOrigin: '2',
      FTE30: '0.500000',
      Cases30: '12',
      WorkingDaysLost: '0.00',
      Absat30Sept: '1',
      ReasonAbsence: 'MAT',
    });
    const e = built.workers.find((w) => w.RoleEndDate === '2026-03-31')!;
    assert.deepEqual([e.ReasonLeave, e.LeaverDestination, e.FTE30], ['1', '1', undefined]);
    const n = built.workers.find((w) => w.RoleStartDate === '2026-09-01')!;
    assert.deepEqual([n.CFKSSstatus, n.StartOrigin, n.QualInst], ['1', '10', 'Not recorded']);
    const g = built.workers.find((w) => w.AgencyWorker === '1' && w.RoleStartDate === '2025-11-01')!;
    assert.equal(g.WorkingDaysLost, undefined, 'days lost are asked of employed workers');
  });

  test('the XML is valid against the DfE schema', async () => {
    const schema = readFileSync(new URL('./schema/social_work_workforce_2022.xsd', import.meta.url), 'utf8');
    const xml = censusXml(built, { laCode: '845', softwareCode: 'Steadfast', at: new Date('2026-11-23T09:00:00Z') });
    const result = await validateXML({ xml: [{ fileName: 'census.xml', contents: xml }], schema: [schema] });
    assert.deepEqual(result.errors.map((e) => e.message), []);
    assert.equal(result.valid, true);
  });
});
