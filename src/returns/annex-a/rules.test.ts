import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { ANNEX_A_LISTS, periodOf } from './lists.ts';
import { annexA, chosenDay, listCounts, type AnnexAChild, type AnnexASource } from './rules.ts';
import { annexAWorkbook } from './workbook.ts';

// Ofsted's ILACS Annex A template and its data map (liia-tools, MIT), kept beside the code in reference/.
const TEMPLATE = new URL('./reference/Annex_A_template.xlsx', import.meta.url);
const DATA_MAP = parse(readFileSync(new URL('./reference/annex-a-data-map.yml', import.meta.url), 'utf8')) as {
  data_config: Record<string, Record<string, { code: string }[] | unknown>>;
};

const DAY = '2026-11-23';

function child(id: string, more: Partial<AnnexAChild> = {}): AnnexAChild {
  return { laChildId: id, sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-01-25', disabled: false, uasc: false, team: 'Team A', worker: 'Sam Worker', familyId: null, ...more };
}

/** One or more records for every list, with every code the record holds at least once where it matters. */
function source(): AnnexASource {
  const children = new Map<string, AnnexAChild>([
    ['c1', child('C1')],
    ['c2', child('C2', { sex: 'M', ethnicity: 'MWBC', disabled: true, uasc: true })],
    ['c3', child('C3', { sex: null, ethnicity: null, dateOfBirth: null, team: null, worker: null })],
    ['c4', child('C4', { sex: 'U', ethnicity: 'NOBT', familyId: 'fam-1' })],
  ]);
  return {
    children,
    contacts: [
      { childId: 'c1', date: '2026-05-24', source: '6' }, // first day of the six months: in
      { childId: 'c2', date: '2026-05-23', source: '2A' }, // the day before: out
      { childId: 'c3', date: DAY, source: '5D' },
      { childId: 'c4', date: '2026-08-01', source: '1A' },
    ],
    earlyHelp: [{ childId: 'c1', start: '2026-01-10', end: '2026-06-01', lead: 'Family Hub North' }],
    referrals: [
      { childId: 'c1', date: '2026-07-01', source: '3D', nfa: false, primaryNeed: 'N1', closed: null, closureReason: null },
      { childId: 'c1', date: '2026-01-01', source: '6', nfa: false, primaryNeed: 'N5', closed: '2026-06-30', closureReason: 'RC7' },
      { childId: 'c2', date: '2026-09-01', source: '8', nfa: true, primaryNeed: null, closed: '2026-09-02', closureReason: 'RC8' },
      { childId: 'c4', date: '2026-02-01', source: '1A', nfa: false, primaryNeed: 'N2', closed: '2026-10-01', closureReason: 'RC9' },
    ],
    assessments: [
      { childId: 'c1', start: '2026-07-02', childSeen: true, authorised: '2026-08-20', outcome: 'cin_plan' },
      { childId: 'c2', start: '2026-09-01', childSeen: null, authorised: null, outcome: null },
      { childId: 'c4', start: '2026-02-02', childSeen: false, authorised: '2026-03-01', outcome: 'no_further_action' }, // ended before the six months
    ],
    enquiries: [
      { childId: 'c2', start: '2026-06-10', icpcRequired: true, icpc: '2026-06-30', planDecided: true },
      { childId: 'c2', start: '2026-01-10', icpcRequired: false, icpc: null, planDecided: null },
      { childId: 'c1', start: '2026-10-10', icpcRequired: false, icpc: null, planDecided: null },
    ],
    cpPlans: [
      { childId: 'c2', start: '2026-06-30', end: null, initialCategory: 'NEG', latestCategory: 'EMO', reviews: ['2026-09-28'] },
      { childId: 'c2', start: '2023-01-01', end: '2023-12-01', initialCategory: 'PHY', latestCategory: 'PHY', reviews: [] },
      { childId: 'c4', start: '2025-01-01', end: '2026-06-01', initialCategory: 'MUL', latestCategory: 'SAB', reviews: [] },
    ],
    cinPlans: [{ childId: 'c1', start: '2026-08-21', end: null }],
    visits: [
      { childId: 'c2', date: '2026-11-01', seen: true, seenAlone: true },
      { childId: 'c2', date: '2026-11-10', seen: false, seenAlone: null },
      { childId: 'c1', date: '2026-10-01', seen: true, seenAlone: false },
    ],
    episodes: [
      { childId: 'c3', start: '2024-03-01', end: '2025-05-01', reasonCeased: 'X1', legalStatus: 'V2', primaryNeed: 'N1', placementType: 'U6', provider: 'PR1', postcode: 'BN21 4AB', urn: null, outOfArea: false },
      { childId: 'c3', start: '2025-05-01', end: '2026-02-01', reasonCeased: 'X1', legalStatus: 'C2', primaryNeed: 'N1', placementType: 'U6', provider: 'PR1', postcode: 'BN21 4AB', urn: null, outOfArea: false },
      { childId: 'c3', start: '2026-02-01', end: null, reasonCeased: null, legalStatus: 'C2', primaryNeed: 'N1', placementType: 'K2', provider: 'PR4', postcode: 'TN34 1AA', urn: 'SC123456', outOfArea: true },
      { childId: 'c4', start: '2026-03-01', end: '2026-07-01', reasonCeased: 'E4A', legalStatus: 'L2', primaryNeed: 'N4', placementType: 'U2', provider: 'PR2', postcode: null, urn: null, outOfArea: null },
      { childId: 'c1', start: '2020-01-01', end: '2026-05-01', reasonCeased: 'E47', legalStatus: 'E1', primaryNeed: 'N1', placementType: 'A4', provider: 'PR0', postcode: null, urn: null, outOfArea: null }, // ended before the six months
    ],
    missing: [
      { childId: 'c3', kind: 'M', start: '2026-04-01', offered: false, accepted: null },
      { childId: 'c3', kind: 'M', start: '2026-09-01', offered: true, accepted: true },
      { childId: 'c3', kind: 'A', start: '2026-10-01', offered: false, accepted: null },
    ],
    events: [
      { childId: 'c3', kind: 'cla_review', date: '2026-08-01' },
      { childId: 'c3', kind: 'health_assessment', date: '2026-04-01' },
    ],
    permanence: [
      { childId: 'c3', plan: 'return_home', decided: '2025-01-01' },
      { childId: 'c3', plan: 'long_term_fostering', decided: '2026-03-01' },
    ],
    careLeavers: [
      { childId: 'c1', category: 'former_relevant', inTouch: 'YES', accommodation: 'U1', activity: 'F3' },
      { childId: 'c2', category: 'relevant', inTouch: 'NO', accommodation: '0', activity: '0' },
      { childId: 'c4', category: 'qualifying', inTouch: 'RHOM', accommodation: 'D2', activity: 'G6' },
    ],
    adoptions: [
      { childId: 'c4', decided: '2026-01-05', placementOrder: '2026-02-01', matched: null, placed: null, adopted: null, ceased: '2026-06-01', ceasedReason: 'RD3' },
      { childId: 'c1', decided: '2024-01-05', placementOrder: null, matched: '2024-06-01', placed: '2024-07-01', adopted: '2025-01-01', ceased: null, ceasedReason: null }, // adopted before the twelve months
    ],
  };
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** The data map's own spellings of two of the template's headers. */
const DATA_MAP_SPELLINGS: Record<string, string> = { eligibitycategory: 'eligibilitycategory', suitabilityofaccomodation: 'suitabilityofaccommodation' };
/**
 * Codes the CIN census has added since the data map was written: RC9 (case
 * closed after assessment, referred to early help), in the CIN census from
 * 2021 to 2022.
 */
const NEWER_CODES: Record<string, string[]> = { 'Reason for Closure': ['RC9 - Case closed after assessment, referred to early help'] };

describe('Ofsted Annex A: the lists', () => {
  const lists = annexA(DAY, source());

  test("each sheet is named and headed exactly as Ofsted's template", async () => {
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile(TEMPLATE.pathname);
    assert.deepEqual(ANNEX_A_LISTS.map((l) => l.sheet), template.worksheets.map((s) => s.name));
    const written = annexAWorkbook(lists, DAY);
    for (const list of ANNEX_A_LISTS) {
      const expected = (template.getWorksheet(list.sheet)!.getRow(1).values as unknown[]).slice(1);
      assert.deepEqual([...list.columns], expected, list.sheet);
      assert.deepEqual((written.getWorksheet(list.sheet)!.getRow(1).values as unknown[]).slice(1), expected, `${list.sheet} as written`);
    }
  });

  test("every coded cell is one of the Annex A data map's allowed codes", () => {
    let checked = 0;
    for (const list of ANNEX_A_LISTS) {
      const coded = DATA_MAP.data_config[list.sheet]!;
      for (const [mapColumn, spec] of Object.entries(coded)) {
        if (!Array.isArray(spec)) continue;
        const key = DATA_MAP_SPELLINGS[norm(mapColumn)] ?? norm(mapColumn);
        const column = list.columns.find((c) => norm(c) === key);
        assert.ok(column, `${list.sheet}: the data map's column "${mapColumn}" is in the list`);
        const allowed = new Set([...(spec as { code: string }[]).map((s) => s.code), ...(NEWER_CODES[column] ?? [])]);
        for (const row of lists[list.id]) {
          const value = row[column];
          if (value === null || value === undefined) continue;
          assert.ok(allowed.has(String(value)), `${list.sheet} "${column}": ${String(value)} is not an allowed code`);
          checked++;
        }
      }
    }
    assert.ok(checked > 100, `${checked} coded cells checked`);
  });

  test('the codes carry over from the record: sex, ethnicity, sources, categories, placements and after care', () => {
    const [c1] = lists[1];
    assert.equal(c1!.Gender, 'b) Female');
    assert.equal(c1!.Ethnicity, 'a) WBRI');
    assert.equal(c1!['Contact Source'], 'q) 6: Police');
    assert.equal(c1!.Age, 11);
    const unknown = lists[1].find((r) => r['Child Unique ID'] === 'C3')!;
    assert.equal(unknown.Gender, 'c) Not stated/recorded');
    assert.equal(unknown.Ethnicity, 's) NOBT');
    assert.equal(unknown['Contact Source'], 'p) 5C: LA services', '5D (other LA services) goes as 5C');
    const plan = lists[7].find((r) => r['Child Protection Plan Start Date'] === '2026-06-30')!;
    assert.equal(plan['Initial Category of Abuse'], 'a) Neglect');
    assert.equal(plan['Latest Category of Abuse'], 'd) Emotional abuse');
    assert.equal(plan['Date of the Last Statutory Visit'], '2026-11-01', 'the last visit at which the child was seen');
    assert.equal(plan['Was the Child Seen Alone?'], 'a) Yes');
    assert.equal(plan['Number of Previous Child Protection Plans'], 1);
    const care = lists[8].find((r) => r['Child Unique ID'] === 'C3')!;
    assert.equal(care['Date Started to be Looked After'], '2024-03-01', 'the start of the period of care, across episodes');
    assert.equal(care['Start date of current legal status'], '2025-05-01');
    assert.equal(care['Start Date of Most Recent Placement'], '2026-02-01');
    assert.equal(care['Placement Type'], "p) K2: Children's Homes");
    assert.equal(care['Placement Location'], 'b) Out');
    assert.equal(care['Number of Placements in the Last 12 months'], 2, 'the foster placement, kept across a change of legal status, and the move to the home');
    assert.equal(care['What is the permanence plan for this child?'], 'f) Long-term fostering');
    assert.equal(care['Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months'], 2);
    assert.equal(care['Was the child offered a Return Interview after their last missing episode (Y/N)?'], 'a) Yes');
    const leaver = lists[9].find((r) => r['Child Unique ID'] === 'C4')!;
    assert.deepEqual([leaver['Eligibility Category'], leaver['LA in Touch'], leaver['Type of Accommodation'], leaver['Suitability of Accommodation'], leaver['Activity Status']], [
      'c) Qualifying care leaver',
      'f) Rhom',
      'D: Semi-independent, transitional accommodation and self-contained accommodation',
      'b) Unsuitable',
      'G6: Not in education, employment or training - pregnancy or parenting',
    ]);
  });

  test('each list keeps to its own period: a contact the day before the six months is out, one on its first day is in', () => {
    assert.deepEqual(periodOf(ANNEX_A_LISTS[0]!, DAY), { start: '2026-05-24', end: DAY });
    const contacts = lists[1].map((r) => r['Date of Contact']);
    assert.ok(contacts.includes('2026-05-24'));
    assert.ok(!contacts.includes('2026-05-23'));
    assert.deepEqual(lists[8].map((r) => r['Child Unique ID']), ['C3', 'C4'], 'a child whose care ended before the six months is not in List 8');
    assert.deepEqual(lists[4].map((r) => r['Child Unique ID']), ['C1', 'C2'], 'an assessment authorised before the six months is not in List 4');
    assert.deepEqual(lists[10].map((r) => r['Child Unique ID']), ['C4'], 'an adoption completed before the twelve months is not in List 10');
    assert.equal(lists[5].find((r) => r['Child Unique ID'] === 'C2')!['Number of Section 47 Enquiries in the last 12 months'], 2);
    assert.equal(lists[3].find((r) => r['Child Unique ID'] === 'C1')!['Number of Referrals in Last 12 Months'], 1);
    assert.deepEqual(lists[6].map((r) => r['Case Status']), ['e) Closed episode', 'e) Closed episode', 'c) Child in need plan']);
    assert.equal(lists[11].length, 0, 'Steadfast holds no adopters');
    assert.match(listCounts(lists), /^List 1 3, List 2 1, List 3 2, List 4 2, .*List 11 0$/);
  });

  test('dates are written as real dates shown dd/mm/yyyy', () => {
    const sheet = annexAWorkbook(lists, DAY).getWorksheet('List 1')!;
    const cell = sheet.getRow(2).getCell(6);
    assert.ok(cell.value instanceof Date);
    assert.equal((cell.value as Date).toISOString().slice(0, 10), '2026-05-24');
    assert.equal(cell.numFmt, 'dd/mm/yyyy');
  });

  test('the day is checked: a real date, not in the future, today when none is given', () => {
    assert.deepEqual(chosenDay(undefined, DAY), { day: DAY });
    assert.deepEqual(chosenDay('2026-11-01', DAY), { day: '2026-11-01' });
    assert.match((chosenDay('2026-02-30', DAY) as { problem: string }).problem, /not a real date/);
    assert.match((chosenDay('2026-13-45', DAY) as { problem: string }).problem, /not a real date/);
    assert.match((chosenDay('yesterday', DAY) as { problem: string }).problem, /not a real date/);
    assert.match((chosenDay('2026-11-24', DAY) as { problem: string }).problem, /in the future/);
  });
});
