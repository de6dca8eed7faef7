// The rows adoption gives the SSDA903 return, checked against the DfE's
// schema as published (its AD1, PlacedAdoption and PrevPerm tables, from
// the copy in src/reference/data):
// the columns of each table in order, every code one the schema lists, and
// dates as its "%d/%m/%Y".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ssda903Table } from '../../../test/support/ssda903-schema.ts';
import { ADOPTER_LEGAL_STATUS, ADOPTER_SEX, CEASED_REASONS, PREVIOUS_PERMANENCE } from './rules.ts';
import { AD1_COLUMNS, adoptionAd1Rows, PLACED_ADOPTION_COLUMNS, placedAdoptionRows, PREV_PERM_COLUMNS, prevPermRows, type StoredDecision } from './ssda903.ts';

const table = ssda903Table;
const codes = (t: string, c: string) => table(t)[c]!.category!.map((x) => x.code);

const child = { laChildId: 'C100', dateOfBirth: '2021-05-03' };
const decided = (over: Partial<StoredDecision>): StoredDecision => ({
  decidedOn: '2024-02-01',
  matchedOn: null,
  fosterCarers: null,
  adoptersCount: null,
  adoptersSex: null,
  adoptersLegalStatus: null,
  adoptedOn: null,
  ceasedOn: null,
  ceasedReason: null,
  ...over,
});

/** Every value in a date column is dd/mm/yyyy (or blank where the schema allows it), every code one the schema lists. */
function conforms(name: string, rows: Record<string, string>[]) {
  for (const row of rows) {
    for (const [column, spec] of Object.entries(table(name))) {
      const value = row[column]!;
      assert.notEqual(value, undefined, `${name}.${column} present`);
      if (value === '') {
        assert.ok(spec.canbeblank === 'yes' || spec.canbeblank === true, `${name}.${column} may be blank`);
        continue;
      }
      if (spec.date) assert.match(value, /^\d{2}\/\d{2}\/\d{4}$/, `${name}.${column} as %d/%m/%Y`);
      if (spec.category) assert.ok(spec.category.some((c) => c.code === value), `${name}.${column} ${value} is a schema code`);
    }
  }
}

test('the code sets are exactly the schema’s: SEX_ADOPTR, LS_ADOPTR, REASON_PLACED_CEASED, PREV_PERM', () => {
  assert.deepEqual(Object.keys(ADOPTER_SEX).sort(), codes('AD1', 'SEX_ADOPTR').sort());
  assert.deepEqual(Object.keys(ADOPTER_LEGAL_STATUS).sort(), codes('AD1', 'LS_ADOPTR').sort());
  assert.deepEqual(Object.keys(CEASED_REASONS).sort(), codes('PlacedAdoption', 'REASON_PLACED_CEASED').sort());
  assert.deepEqual(Object.keys(PREVIOUS_PERMANENCE).sort(), codes('PrevPerm', 'PREV_PERM').sort());
});

test('AD1: the schema’s columns in order, one row for each child adopted in the year, from the decision that ended in the order', () => {
  assert.deepEqual([...AD1_COLUMNS], Object.keys(table('AD1')));
  const adopted = decided({ matchedOn: '2024-06-10', fosterCarers: false, adoptersCount: 2, adoptersSex: 'MF', adoptersLegalStatus: 'L11', adoptedOn: '2025-03-31' });
  const rows = adoptionAd1Rows(
    [
      { child, decisions: [decided({ decidedOn: '2023-01-05', ceasedOn: '2023-06-01', ceasedReason: 'RD3' }), adopted] },
      { child: { laChildId: 'C200', dateOfBirth: '2020-01-01' }, decisions: [decided({ ...adopted, adoptedOn: '2025-04-01' })] },
    ],
    2025,
  );
  assert.deepEqual(rows, [{ CHILD: 'C100', DOB: '03/05/2021', DATE_INT: '01/02/2024', DATE_MATCH: '10/06/2024', FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L11' }]);
  conforms('AD1', rows);
  assert.equal(adoptionAd1Rows([{ child, decisions: [adopted] }], 2026).length, 0, 'adopted in an earlier year');
});

test('PlacedAdoption: the schema’s columns, a row for each decision that stood in the year, the reversal with its date and reason only once made', () => {
  assert.deepEqual([...PLACED_ADOPTION_COLUMNS], Object.keys(table('PlacedAdoption')));
  const reversed = decided({ decidedOn: '2024-05-01', ceasedOn: '2025-01-20', ceasedReason: 'RD1' });
  const rows = placedAdoptionRows(
    [
      { child, decisions: [decided({ decidedOn: '2023-01-05', ceasedOn: '2023-06-01', ceasedReason: 'RD3' }), reversed, decided({ decidedOn: '2025-02-01' })] },
      { child: { laChildId: 'C050', dateOfBirth: '2019-07-30' }, decisions: [decided({ decidedOn: '2025-04-02' })] },
    ],
    2025,
  );
  assert.deepEqual(rows, [
    { CHILD: 'C100', DOB: '03/05/2021', DATE_PLACED: '01/05/2024', DATE_PLACED_CEASED: '20/01/2025', REASON_PLACED_CEASED: 'RD1' },
    { CHILD: 'C100', DOB: '03/05/2021', DATE_PLACED: '01/02/2025', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' },
  ]);
  conforms('PlacedAdoption', rows);
  const asAtYearEnd = placedAdoptionRows([{ child, decisions: [decided({ decidedOn: '2024-05-01', ceasedOn: '2025-05-20', ceasedReason: 'RD2' })] }], 2025);
  assert.equal(asAtYearEnd[0]!.DATE_PLACED_CEASED, '', 'reversed after 31 March: reported as it stood');
});

test('PrevPerm: the schema’s columns, one row for each child who started to be looked after in the year, a council and date only for an order', () => {
  assert.deepEqual([...PREV_PERM_COLUMNS], Object.keys(table('PrevPerm')));
  const rows = prevPermRows(
    [
      { child, previous: [{ careStartedOn: '2024-08-01', option: 'P2', laCode: '845', orderOn: '2022-03-04' }] },
      { child: { laChildId: 'C300', dateOfBirth: '2010-01-01' }, previous: [{ careStartedOn: '2024-04-01', option: 'Z1', laCode: null, orderOn: null }] },
      { child: { laChildId: 'C400', dateOfBirth: '2010-01-01' }, previous: [{ careStartedOn: '2024-03-31', option: 'P1', laCode: null, orderOn: null }] },
    ],
    2025,
  );
  assert.deepEqual(rows, [
    { CHILD: 'C100', DOB: '03/05/2021', PREV_PERM: 'P2', LA_PERM: '845', DATE_PERM: '04/03/2022' },
    { CHILD: 'C300', DOB: '01/01/2010', PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' },
  ]);
  conforms('PrevPerm', rows);
});
