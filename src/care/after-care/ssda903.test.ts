// The OC3 rows against the SSDA903 2024 schema: columns, their order, the
// DfE's codes and dd/mm/yyyy dates; one row per young person whose 17th to
// 21st birthday fell in the collection year (DfE SSDA903 guide, care leavers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ssda903Allows, ssda903Columns } from '../../../test/support/ssda903-schema.ts';
import { OC3_COLUMNS, oc3Rows } from './ssda903.ts';

test('OC3 columns are exactly the schema’s, in its order', () => {
  assert.deepEqual([...OC3_COLUMNS], ssda903Columns('OC3'));
});

test('OC3 rows: the check of the birthday in the year to 31 March, aged 17 to 21, with codes the schema allows', () => {
  const rows = oc3Rows(2026, [
    {
      laChildId: 'L1',
      dateOfBirth: '2007-06-15',
      checks: [
        { birthdayAge: 18, birthdayOn: '2025-06-15', inTouch: 'YES', activity: 'F2', accommodation: 'Z1' },
        { birthdayAge: 19, birthdayOn: '2026-06-15', inTouch: 'YES', activity: 'F1', accommodation: 'C1' },
      ],
    },
    { laChildId: 'L2', dateOfBirth: '2005-02-01', checks: [{ birthdayAge: 21, birthdayOn: '2026-02-01', inTouch: 'NO', activity: '0', accommodation: '0' }] },
    // 22nd birthday in the year: beyond the OC3 ages.
    { laChildId: 'L3', dateOfBirth: '2004-02-01', checks: [{ birthdayAge: 22, birthdayOn: '2026-02-01', inTouch: 'YES', activity: 'F5', accommodation: 'T1' }] },
    // Birthday in the year with no check recorded: left out.
    { laChildId: 'L4', dateOfBirth: '2008-05-05', checks: [] },
  ]);
  assert.deepEqual(rows, [
    { CHILD: 'L1', DOB: '15/06/2007', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'Z1' },
    { CHILD: 'L2', DOB: '01/02/2005', IN_TOUCH: 'NO', ACTIV: '0', ACCOM: '0' },
  ]);
  for (const row of rows) for (const column of OC3_COLUMNS) assert.ok(ssda903Allows('OC3', column, row[column]), `${row.CHILD} ${column}`);
});
