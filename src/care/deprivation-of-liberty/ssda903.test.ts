// The DoLo rows of the SSDA903 return: the orders in force at any time in the
// collection year, with DOLO_END blank for an order that continued past 31 March.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOLO_COLUMNS, doloRows } from './ssda903.ts';

test('DoLo columns are CHILD, DOB, DOLO_START, DOLO_END', () => {
  assert.deepEqual([...DOLO_COLUMNS], ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END']);
});

test('DoLo rows: every order in force in the year to 31 March, oldest first; the end blank when it continued past 31 March', () => {
  const rows = doloRows(2026, [
    {
      laChildId: 'D1',
      dateOfBirth: '2009-02-11',
      orders: [
        { startDate: '2025-10-01', endDate: null },
        { startDate: '2025-01-06', endDate: '2025-04-01' },
        { startDate: '2024-03-01', endDate: '2024-09-01' },
      ],
    },
    { laChildId: 'D2', dateOfBirth: '2008-07-30', orders: [{ startDate: '2026-01-10', endDate: '2026-05-02' }, { startDate: '2026-04-01', endDate: null }] },
  ]);
  assert.deepEqual(rows, [
    { CHILD: 'D1', DOB: '11/02/2009', DOLO_START: '06/01/2025', DOLO_END: '01/04/2025' },
    { CHILD: 'D1', DOB: '11/02/2009', DOLO_START: '01/10/2025', DOLO_END: '' },
    { CHILD: 'D2', DOB: '30/07/2008', DOLO_START: '10/01/2026', DOLO_END: '' },
  ]);
});
