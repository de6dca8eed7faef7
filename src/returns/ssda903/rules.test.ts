// The SSDA903 tables built from constructed records. Source: DfE, "Children
// looked after in England including adoptions: guide to the SSDA903
// collection" (the population is every child looked after at any time in the
// year to 31 March; an episode open on 31 March is returned open), and the
// 2024 schema's columns, codes and dd/mm/yyyy dates.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ssda903Allows, ssda903Columns } from '../../../test/support/ssda903-schema.ts';
import { episodeRows, headerRow, lookedAfterInYear, reviewRows, socialWorkerRows, ssda903Return, SSDA903_TABLES, uascRow, type ReturnChild, type ReturnEpisode } from './rules.ts';

const YEAR = 2026; // 1 April 2025 to 31 March 2026

function episode(v: Partial<ReturnEpisode> & { startDate: string }): ReturnEpisode {
  return {
    endDate: null,
    reasonNewEpisode: 'S',
    legalStatus: 'C2',
    primaryNeed: 'N1',
    placementType: 'U4',
    placementProvider: 'PR1',
    placementPostcode: 'BN21 4AB',
    distanceMiles: 2.1,
    outOfArea: false,
    reasonCeased: null,
    reasonPlaceChange: null,
    homePostcode: 'BN20 7XY',
    urn: 'SC123456',
    ...v,
  };
}

function child(v: Partial<ReturnChild> = {}): ReturnChild {
  return {
    recordId: '00000000-0000-4000-8000-000000000001',
    laChildId: 'ESC1',
    dateOfBirth: '2012-05-12',
    sex: 'F',
    ethnicity: 'WBRI',
    upn: 'A845281858955',
    upnUnknownReason: null,
    uasc: false,
    ownChildrenBorn: [],
    episodes: [episode({ startDate: '2024-06-01' })],
    reviews: [],
    socialWorkers: [],
    healthYear: null,
    missing: [],
    dolOrders: [],
    leavingCareChecks: [],
    adoptionDecisions: [],
    previousPermanence: [],
    ...v,
  };
}

describe('SSDA903 Header', () => {
  test('sex as 1 or 2, dates as dd/mm/yyyy, and the UPN or, without one, the reason it is unknown', () => {
    assert.deepEqual(headerRow(child()), { CHILD: 'ESC1', SEX: '2', DOB: '12/05/2012', ETHNIC: 'WBRI', UPN: 'A845281858955', MOTHER: '0', MC_DOB: '' });
    assert.equal(headerRow(child({ sex: 'M', upn: null, upnUnknownReason: 'UN2' })).UPN, 'UN2');
    assert.equal(headerRow(child({ sex: 'M' })).SEX, '1');
  });

  test('MOTHER is asked of girls only, with the youngest child\'s date of birth', () => {
    const mother = headerRow(child({ ownChildrenBorn: ['2025-01-03', '2026-02-10'] }));
    assert.equal(mother.MOTHER, '1');
    assert.equal(mother.MC_DOB, '10/02/2026');
    const boy = headerRow(child({ sex: 'M', ownChildrenBorn: ['2025-01-03'] }));
    assert.deepEqual([boy.MOTHER, boy.MC_DOB], ['', '']);
  });
});

describe('SSDA903 Episodes', () => {
  test('only episodes open at some time in the year; one open on 31 March goes out open, even if it ended later', () => {
    const c = child({
      episodes: [
        episode({ startDate: '2023-01-01', endDate: '2025-03-31', reasonCeased: 'E13' }),
        episode({ startDate: '2025-04-01', endDate: '2025-09-15', reasonCeased: 'X1', reasonPlaceChange: 'CARPL' }),
        episode({ startDate: '2025-09-15', endDate: '2026-05-01', reasonCeased: 'E13', reasonNewEpisode: 'P' }),
      ],
    });
    const rows = episodeRows(c, YEAR);
    assert.deepEqual(
      rows.map((r) => [r.DECOM, r.RNE, r.DEC, r.REC, r.REASON_PLACE_CHANGE]),
      [
        ['01/04/2025', 'S', '15/09/2025', 'X1', 'CARPL'],
        ['15/09/2025', 'P', '', '', ''],
      ],
    );
    assert.equal(rows[0]!.CIN, 'N1');
    assert.equal(rows[0]!.URN, 'SC123456');
  });

  test('a child whose care ended before 1 April, or began after 31 March, is not looked after in the year', () => {
    assert.equal(lookedAfterInYear(child({ episodes: [episode({ startDate: '2023-01-01', endDate: '2025-03-31' })] }), YEAR), false);
    assert.equal(lookedAfterInYear(child({ episodes: [episode({ startDate: '2026-04-01' })] }), YEAR), false);
    assert.equal(lookedAfterInYear(child({ episodes: [episode({ startDate: '2026-03-31' })] }), YEAR), true);
  });
});

describe('SSDA903 Reviews, UASC and social worker episodes', () => {
  test('reviews held in the year, with how the child took part', () => {
    const rows = reviewRows(child({ reviews: [{ date: '2025-03-30', participation: 'PN1' }, { date: '2025-10-02', participation: 'PN4' }] }), YEAR);
    assert.deepEqual(rows, [{ CHILD: 'ESC1', DOB: '12/05/2012', REVIEW: '02/10/2025', REVIEW_CODE: 'PN4' }]);
  });

  test('UASC ceases on the 18th birthday, blank while still a child; none for a child who was never UASC', () => {
    assert.equal(uascRow(child(), YEAR), null);
    assert.equal(uascRow(child({ uasc: true }), YEAR)!.DUC, '');
    assert.equal(uascRow(child({ uasc: true, dateOfBirth: '2007-11-20' }), YEAR)!.DUC, '20/11/2025');
  });

  test('each lead social worker in the year, with the reason for a change made in the year', () => {
    const rows = socialWorkerRows(
      child({
        socialWorkers: [
          { swId: 'SW1', start: '2024-01-01', end: '2025-02-01', reason: 'LEFTRL' },
          { swId: 'SW2', start: '2025-02-01', end: '2025-08-01', reason: 'TSPROC' },
          { swId: 'SW3', start: '2025-08-01', end: '2026-06-01', reason: 'MANAGE' },
        ],
      }),
      YEAR,
    );
    assert.deepEqual(
      rows.map((r) => [r.SW_ID, r.SW_DECOM, r.SW_DEC, r.SW_REASON]),
      [
        ['SW2', '01/02/2025', '01/08/2025', 'TSPROC'],
        ['SW3', '01/08/2025', '', ''],
      ],
    );
  });
});

describe('the whole return', () => {
  const looked = child({
    laChildId: 'ESC2',
    uasc: true,
    reviews: [{ date: '2025-06-01', participation: 'PN1' }],
    socialWorkers: [{ swId: 'SW9', start: '2024-06-01', end: null, reason: null }],
    missing: [{ kind: 'M', startDate: '2025-07-01', endDate: '2025-07-02' }],
    dolOrders: [{ startDate: '2025-09-01', endDate: null }],
    previousPermanence: [],
  });
  const leaver = child({
    laChildId: 'ESC3',
    dateOfBirth: '2007-06-01',
    episodes: [episode({ startDate: '2020-01-01', endDate: '2025-02-01', reasonCeased: 'E8' })],
    leavingCareChecks: [{ birthdayAge: 18, birthdayOn: '2025-06-01', inTouch: 'YES', activity: 'F2', accommodation: 'U1' }],
  });
  const gone = child({ laChildId: 'ESC4', episodes: [episode({ startDate: '2020-01-01', endDate: '2024-02-01', reasonCeased: 'E13' })] });
  const tables = ssda903Return(YEAR, [gone, leaver, looked]);

  test('the looked-after tables take the children looked after in the year; a care leaver in OC3 is in the Header too', () => {
    assert.deepEqual(tables.Header.map((r) => r.CHILD), ['ESC2', 'ESC3']);
    assert.deepEqual(tables.Episodes.map((r) => r.CHILD), ['ESC2']);
    assert.deepEqual(tables.OC3.map((r) => r.CHILD), ['ESC3']);
    assert.deepEqual(tables.UASC.map((r) => r.CHILD), ['ESC2']);
    assert.equal(tables.Missing.length, 1);
    assert.equal(tables.SWEpisodes.length, 1);
    assert.equal(tables.Reviews.length, 1);
    assert.deepEqual(tables.DoLo, [{ CHILD: 'ESC2', DOB: '12/05/2012', DOLO_START: '01/09/2025', DOLO_END: '' }]);
  });

  test('every table has exactly the schema\'s columns, and every value is one the schema allows', () => {
    const schemaName = (name: string) => (name === 'SWEpisodes' ? 'SocialWorker' : name);
    // DoLo, the newest table, is not in the 2024 schema: its columns are checked above and in care/deprivation-of-liberty.
    for (const t of SSDA903_TABLES.filter((t) => t.name !== 'DoLo')) {
      assert.deepEqual([...t.columns], ssda903Columns(schemaName(t.name)), `${t.name} columns`);
      for (const row of tables[t.name]) {
        for (const column of t.columns) assert.ok(ssda903Allows(schemaName(t.name), column, row[column]!), `${t.name}.${column} = ${JSON.stringify(row[column])}`);
      }
    }
  });
});
