import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSourceFile, tableOfFileName } from './parse.ts';
import { planImport } from './rules.ts';

// Codes and columns: SSDA903 schema 2024; dates dd/mm/yyyy. The year is 1 April 2025 to 31 March 2026 (2026).

const file = (table: 'Header' | 'Episodes' | 'OC3' | 'PrevPerm', lines: string[]) => parseSourceFile(`${table}.csv`, table, null, `${lines.join('\n')}\n`);
const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';

test('a file is known by the return\'s name for it, with or without the year', () => {
  assert.deepEqual(tableOfFileName('SSDA903_2026_Episodes.csv'), { table: 'Episodes', year: 2026 });
  assert.deepEqual(tableOfFileName('placedadoption.csv'), { table: 'PlacedAdoption', year: null });
  assert.equal(tableOfFileName('notes.txt'), null);
  assert.equal(tableOfFileName('SSDA903_2026_Children.csv'), null);
});

test('each row keeps the line it is on, so a refusal can name it', () => {
  const f = file('Header', [HEADER, 'A1,1,01/01/2010,WBRI,UN1,,', '', '"A2",2,01/01/2011,WBRI,UN1,0,']);
  assert.deepEqual(
    f.rows.map((r) => [r.line, r.values.CHILD]),
    [
      [2, 'A1'],
      [4, 'A2'],
    ],
  );
});

test('the header gives the child; the UPN column holds a pupil number or the reason there is none', () => {
  const plan = planImport([file('Header', [HEADER, 'A1,2,29/02/2012,WBRI,A845123456789,0,', 'A2,1,01/01/2010,MWBC,UN3,,'])], 2026);
  assert.deepEqual(plan.errors, []);
  assert.deepEqual(
    plan.children.map((c) => c.header),
    [
      { laChildId: 'A1', dateOfBirth: '2012-02-29', sex: 'F', ethnicity: 'WBRI', upn: 'A845123456789', upnUnknownReason: null },
      { laChildId: 'A2', dateOfBirth: '2010-01-01', sex: 'M', ethnicity: 'MWBC', upn: null, upnUnknownReason: 'UN3' },
    ],
  );
});

test('a child with one bad field is refused whole, each problem with file, line and field; a row with no Header row is refused', () => {
  const plan = planImport(
    [
      file('Header', [HEADER, 'A1,1,01/01/2010,WBRI,UN1,,', 'A2,3,01/01/2010,WBRI,UN1,,']),
      file('Episodes', [EPISODES, 'A1,01/05/2025,S,C2,N1,U4,PR1,01/04/2025,E13,,,,', 'A2,01/05/2025,S,C2,N1,U4,PR1,,,,,,', 'A9,01/05/2025,S,C2,N1,U4,PR1,,,,,,']),
    ],
    2026,
  );
  assert.deepEqual(plan.children, []);
  assert.deepEqual(plan.errors, [
    { file: 'Episodes.csv', line: 2, field: 'DEC', message: '01/04/2025 is before DECOM 01/05/2025' },
    { file: 'Header.csv', line: 3, field: 'SEX', message: '"3" is not one of the DfE\'s codes for SEX' },
    { file: 'Episodes.csv', line: 4, field: 'CHILD', message: 'child A9 has no row in the Header table' },
  ]);
  assert.deepEqual(plan.refused, { Header: 2, Episodes: 3 });
});

test('DEC and REC go together (rule 148: "Date episode ceased and reason episode ceased must both be coded, or both left blank."), and an OC3 row needs a 17th to 21st birthday in the year', () => {
  const plan = planImport(
    [
      file('Header', [HEADER, 'A1,1,01/01/2010,WBRI,UN1,,', 'A2,1,15/06/2007,WBRI,UN1,,', 'A3,1,15/06/2003,WBRI,UN1,,']),
      file('Episodes', [EPISODES, 'A1,01/05/2025,S,C2,N1,U4,PR1,01/06/2025,,,,,']),
      file('OC3', ['CHILD,DOB,IN_TOUCH,ACTIV,ACCOM', 'A2,15/06/2007,YES,F2,S1', 'A3,15/06/2003,YES,F2,S1']),
    ],
    2026,
  );
  assert.deepEqual(
    plan.errors.map((e) => [e.file, e.line, e.field]),
    [
      ['Episodes.csv', 2, 'REC'],
      ['OC3.csv', 3, 'DOB'],
    ],
  );
  assert.deepEqual(plan.children.map((c) => [c.header.laChildId, c.leavingCareChecks]), [['A2', [{ birthdayAge: 18, birthdayOn: '2025-06-15', inTouch: 'YES', activity: 'F2', accommodation: 'S1' }]]]);
});

test('PrevPerm belongs to the care that started in the year (the latest episode with RNE S); a row with none is refused', () => {
  const plan = planImport(
    [
      file('Header', [HEADER, 'A1,1,01/01/2010,WBRI,UN1,,', 'A2,1,01/01/2010,WBRI,UN1,,']),
      file('Episodes', [EPISODES, 'A1,01/05/2025,S,C2,N1,U4,PR1,01/06/2025,E13,,,,', 'A1,01/07/2025,S,C2,N1,U4,PR1,,,,,,', 'A2,01/05/2024,S,C2,N1,U4,PR1,,,,,,']),
      file('PrevPerm', ['CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM', 'A1,01/01/2010,P1,845,01/02/2020', 'A2,01/01/2010,Z1,,']),
    ],
    2026,
  );
  assert.deepEqual(plan.errors.map((e) => [e.file, e.line, e.field]), [['PrevPerm.csv', 3, 'CHILD']]);
  assert.deepEqual(plan.children[0]!.previousPermanence, [{ careStartedOn: '2025-07-01', option: 'P1', laCode: '845', orderOn: '2020-02-01' }]);
});
