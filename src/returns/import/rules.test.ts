import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSourceFile, tableOfFileName } from './parse.ts';
import { planImport } from './rules.ts';

// Codes and columns: SSDA903 schema 2024; dates dd/mm/yyyy. The year is 1 April 2025 to 31 March 2026 (2026).

const file = (table: 'Header' | 'Episodes' | 'OC3' | 'PrevPerm' | 'AD1' | 'PlacedAdoption' | 'SWEpisodes' | 'DoLo', lines: string[]) => parseSourceFile(`${table}.csv`, table, null, `${lines.join('\n')}\n`);
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

const AD1 = 'CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR';
const PLACED = 'CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED';

test('AD1 is joined to its decision in PlacedAdoption; with no placement order in the episodes the authority is consent on the day of the decision', () => {
  const plan = planImport(
    [
      file('Header', [HEADER, 'B1,1,01/03/2023,WBRI,UN1,,']),
      file('Episodes', [EPISODES, 'B1,01/06/2024,S,V2,N1,U4,PR1,02/09/2025,X1,,,,', 'B1,02/09/2025,P,V2,N1,A4,PR2,10/02/2026,E12,,,,']),
      file('PlacedAdoption', [PLACED, 'B1,01/03/2023,01/05/2025,,']),
      file('AD1', [AD1, 'B1,01/03/2023,01/05/2025,20/08/2025,1,1,F1,L11']),
    ],
    2026,
  );
  assert.deepEqual(plan.errors, []);
  assert.deepEqual(plan.children[0]!.adoptionDecisions, [
    {
      decidedOn: '2025-05-01',
      inPlacedAdoption: true,
      ceasedOn: null,
      ceasedReason: null,
      adoption: { matchedOn: '2025-08-20', fosterCarers: true, adoptersCount: 1, adoptersSex: 'F1', adoptersLegalStatus: 'L11', authority: 'consent', authorityOn: '2025-05-01', placedOn: '2025-09-02', adoptedOn: '2026-02-10' },
    },
  ]);
});

test('refused, each on its own row: AD1 with no adoption in the year, a decision ceased without its reason or ceased yet adopted, and social workers or orders that overlap', () => {
  const plan = planImport(
    [
      file('Header', [HEADER, 'C1,1,01/03/2020,WBRI,UN1,,', 'C2,1,01/03/2020,WBRI,UN1,,', 'C3,1,01/03/2020,WBRI,UN1,,', 'C4,1,01/03/2010,WBRI,UN1,,']),
      file('Episodes', [EPISODES, 'C1,01/06/2024,S,E1,N1,U4,PR1,,,,,,', 'C2,01/06/2024,S,E1,N1,A6,PR1,01/02/2026,E11,,,,']),
      file('AD1', [AD1, 'C1,01/03/2020,01/05/2025,20/08/2025,0,2,MF,L0', 'C2,01/03/2020,01/05/2025,20/08/2025,0,2,MF,L0']),
      file('PlacedAdoption', [PLACED, 'C1,01/03/2020,01/05/2025,01/09/2025,', 'C2,01/03/2020,01/05/2025,01/09/2025,RD1']),
      file('SWEpisodes', ['CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON', 'C3,01/03/2020,SW1,01/04/2025,,', 'C3,01/03/2020,SW2,01/06/2025,,']),
      file('DoLo', ['CHILD,DOB,DOLO_START,DOLO_END', 'C4,01/03/2010,01/04/2025,01/09/2025', 'C4,01/03/2010,01/08/2025,']),
    ],
    2026,
  );
  assert.deepEqual(
    plan.errors.map((e) => `${e.file}:${e.line} ${e.field}`),
    [
      'PlacedAdoption.csv:2 REASON_PLACED_CEASED',
      'AD1.csv:2 CHILD',
      'PlacedAdoption.csv:2 DATE_PLACED_CEASED',
      'PlacedAdoption.csv:3 DATE_PLACED_CEASED',
      'SWEpisodes.csv:3 SW_DECOM',
      'DoLo.csv:3 DOLO_START',
    ],
  );
  assert.match(plan.errors[1]!.message, /AD1 is for a child adopted in the year: child C1 has no episode ending in an adoption order \(REC E11 or E12\)/);
  assert.equal(plan.children.length, 0);
});
