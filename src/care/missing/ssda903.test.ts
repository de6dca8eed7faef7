// The Missing rows against the SSDA903 2024 schema, and the validation rules
// on their dates (570: no start after the collection year; 571: no end before
// its start or after its end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ssda903Allows, ssda903Columns } from '../../../test/support/ssda903-schema.ts';
import { MISSING_COLUMNS, missingRows } from './ssda903.ts';

test('Missing columns are exactly the schema’s, in its order', () => {
  assert.deepEqual([...MISSING_COLUMNS], ssda903Columns('Missing'));
});

test('Missing rows: every episode open in the year to 31 March, oldest first, dates dd/mm/yyyy', () => {
  const rows = missingRows(2026, [
    {
      laChildId: 'M1',
      dateOfBirth: '2010-01-20',
      episodes: [
        { kind: 'A', startDate: '2025-11-02', endDate: '2025-11-03' },
        { kind: 'M', startDate: '2025-05-01', endDate: '2025-05-02' },
        // Began before the year, returned in it.
        { kind: 'M', startDate: '2025-03-30', endDate: '2025-04-02' },
        // Over before the year began; and begun after it ended: not this year's.
        { kind: 'M', startDate: '2025-01-01', endDate: '2025-01-02' },
        { kind: 'M', startDate: '2026-04-01', endDate: null },
      ],
    },
    // Still missing on 31 March: no end date in this year's return.
    { laChildId: 'M2', dateOfBirth: '2009-09-09', episodes: [{ kind: 'M', startDate: '2026-03-30', endDate: '2026-04-02' }] },
  ]);
  assert.deepEqual(rows, [
    { CHILD: 'M1', DOB: '20/01/2010', MISSING: 'M', MIS_START: '30/03/2025', MIS_END: '02/04/2025' },
    { CHILD: 'M1', DOB: '20/01/2010', MISSING: 'M', MIS_START: '01/05/2025', MIS_END: '02/05/2025' },
    { CHILD: 'M1', DOB: '20/01/2010', MISSING: 'A', MIS_START: '02/11/2025', MIS_END: '03/11/2025' },
    { CHILD: 'M2', DOB: '09/09/2009', MISSING: 'M', MIS_START: '30/03/2026', MIS_END: '' },
  ]);
  for (const row of rows) for (const column of MISSING_COLUMNS) assert.ok(ssda903Allows('Missing', column, row[column]), `${row.CHILD} ${column}`);
});
