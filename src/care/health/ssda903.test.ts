// The OC2 rows against the SSDA903 2024 schema (column names, order, codes,
// dd/mm/yyyy dates) and the validation rules that say which items are left
// blank (DfE SSDA903 validation rules 2024 to 2025: 158, 185, 188, 189, 190,
// 193, 542, 546).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ssda903Allows, ssda903Columns } from '../../../test/support/ssda903-schema.ts';
import { OC2_COLUMNS, oc2Rows, ssdaDate, type Oc2Child } from './ssda903.ts';

const since = (startDate: string, legalStatus = 'C2') => [
  { startDate, endDate: null, reasonNewEpisode: 'S', legalStatus, placementType: 'U4', placementProvider: 'PR1', placementPostcode: null, distanceMiles: null, outOfArea: null, reasonCeased: null, reasonPlaceChange: null },
];
const year = (o: Partial<NonNullable<Oc2Child['year']>> = {}): NonNullable<Oc2Child['year']> => ({
  sdqScore: 12,
  sdqReason: null,
  convicted: false,
  healthCheck: null,
  immunisations: true,
  teethCheck: true,
  healthAssessment: true,
  substanceMisuse: false,
  interventionReceived: null,
  interventionOffered: null,
  ...o,
});

describe('SSDA903 OC2 rows', () => {
  test('the columns are exactly the schema’s, in its order', () => {
    assert.deepEqual([...OC2_COLUMNS], ssda903Columns('OC2'));
  });

  test('one row per child of the cohort with the year recorded; every value one the schema allows; dates dd/mm/yyyy', () => {
    const rows = oc2Rows(2026, [
      { laChildId: 'A1', dateOfBirth: '2013-06-01', episodes: since('2024-01-01'), year: year({ sdqScore: 18 }) },
      { laChildId: 'B2', dateOfBirth: '2022-09-01', episodes: since('2024-02-01'), year: year({ sdqScore: null, sdqReason: 'SDQ1', healthCheck: true }) },
      { laChildId: 'C3', dateOfBirth: '2010-10-10', episodes: since('2023-05-05'), year: year({ substanceMisuse: true, interventionReceived: false, interventionOffered: true, convicted: true, sdqScore: null, sdqReason: 'SDQ5' }) },
      // Not in the cohort (less than 12 months at 31 March; short breaks only): left out though a year is stored.
      { laChildId: 'D4', dateOfBirth: '2012-01-01', episodes: since('2025-04-02'), year: year() },
      { laChildId: 'E5', dateOfBirth: '2012-01-01', episodes: since('2020-01-01', 'V3'), year: year() },
      // In the cohort, nothing recorded: left out (the council page lists them).
      { laChildId: 'F6', dateOfBirth: '2012-01-01', episodes: since('2020-01-01'), year: null },
    ]);
    assert.deepEqual(
      rows.map((r) => r.CHILD),
      ['A1', 'B2', 'C3'],
    );
    for (const row of rows) {
      for (const column of OC2_COLUMNS) assert.ok(ssda903Allows('OC2', column, row[column]), `${row.CHILD} ${column} "${row[column]}"`);
    }
    assert.deepEqual(rows[0], {
      CHILD: 'A1',
      DOB: '01/06/2013',
      SDQ_SCORE: '18',
      SDQ_REASON: '',
      CONVICTED: '0',
      HEALTH_CHECK: '',
      IMMUNISATIONS: '1',
      TEETH_CHECK: '1',
      HEALTH_ASSESSMENT: '1',
      SUBSTANCE_MISUSE: '0',
      INTERVENTION_RECEIVED: '',
      INTERVENTION_OFFERED: '',
    });
    // Aged 3 on 31 March: health checks asked (rule 545), no SDQ score or reason (rule 188), no conviction item (rule 542).
    assert.equal(rows[1]!.HEALTH_CHECK, '1');
    assert.equal(rows[1]!.SDQ_REASON, '');
    assert.equal(rows[1]!.CONVICTED, '');
    // Substance misuse, no intervention received, one offered and refused (rule 159); convicted at 15.
    assert.equal(rows[2]!.INTERVENTION_RECEIVED, '0');
    assert.equal(rows[2]!.INTERVENTION_OFFERED, '1');
    assert.equal(rows[2]!.CONVICTED, '1');
    assert.equal(rows[2]!.SDQ_REASON, 'SDQ5');
  });

  test('an intervention received leaves the item on one offered blank (rule 158); 17 or over on 1 April leaves the SDQ blank (rule 189)', () => {
    const [row] = oc2Rows(2026, [
      { laChildId: 'G7', dateOfBirth: '2008-03-01', episodes: since('2020-01-01'), year: year({ sdqScore: null, sdqReason: 'SDQ1', substanceMisuse: true, interventionReceived: true, interventionOffered: false }) },
    ]);
    assert.equal(row!.INTERVENTION_RECEIVED, '1');
    assert.equal(row!.INTERVENTION_OFFERED, '');
    assert.equal(row!.SDQ_REASON, '');
    assert.equal(row!.SDQ_SCORE, '');
  });

  test('dates are written dd/mm/yyyy', () => {
    assert.equal(ssdaDate('2026-03-31'), '31/03/2026');
  });
});
