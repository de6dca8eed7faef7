import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRelationship, householdsOf, readAddress, siblingsOf, type CurrentAddress, type PersonFacts, type RelationshipRow } from './rules.ts';

const person = (id: string, forename: string, isChild: boolean, visible = true, dateOfBirth: string | null = null): PersonFacts => ({
  id,
  forename,
  surname: 'Test',
  isChild,
  visible,
  dateOfBirth,
});
const row = (id: string, personId: string, relatedPersonId: string, type: string, livesWith = false, pr = false): RelationshipRow => ({
  id,
  person_id: personId,
  related_person_id: relatedPersonId,
  type,
  lives_with: livesWith,
  parental_responsibility: pr,
});

test("a relationship reads from the child's side, whichever way round it was stored", () => {
  const mother = person('m', 'Jane', false);
  assert.equal(describeRelationship(row('1', 'm', 'c', 'mother', true, true), 'c', mother).summary, 'Mother: Jane Test, lives with child, parental responsibility');
  assert.equal(describeRelationship(row('2', 'c', 'm', 'mother', false, true), 'c', mother).summary, 'Child: Jane Test, child has parental responsibility');
  assert.equal(describeRelationship(row('3', 'g', 'c', 'grandparent'), 'c', person('g', 'Gus', false)).summary, 'Grandparent: Gus Test');
  assert.equal(describeRelationship(row('4', 'c', 'g', 'grandparent'), 'c', person('g', 'Gus', false)).summary, 'Grandchild: Gus Test');
  assert.equal(describeRelationship(row('5', 'x', 'c', 'foster_sibling'), 'c', person('x', 'Xan', false)).label, 'Foster sibling', 'a type not in the list still reads');
});

test('a child the viewer may not see is described without name or link', () => {
  const view = describeRelationship(row('1', 's', 'c', 'sibling', true), 'c', person('s', 'Secret', true, false));
  assert.equal(view.summary, 'Sibling (record not shared with you)');
  assert.equal(view.name, null);
  assert.equal(view.href, null);
  const seen = describeRelationship(row('1', 's', 'c', 'sibling'), 'c', person('s', 'Open', true, true));
  assert.equal(seen.href, '/children/s');
});

test('siblings are the sibling relationships and the other children of the family group, each once', () => {
  const people = new Map([
    ['c', person('c', 'Child', true)],
    ['a', person('a', 'Amy', true, true, '2012-01-01')],
    ['b', person('b', 'Bob', true, false, '2010-01-01')],
    ['h', person('h', 'Hal', false)],
    ['m', person('m', 'Mum', false)],
  ]);
  const siblings = siblingsOf('c', [row('1', 'a', 'c', 'half_sibling'), row('2', 'c', 'h', 'sibling'), row('3', 'm', 'c', 'mother')], [people.get('c')!, people.get('a')!, people.get('b')!, people.get('m')!], people);
  assert.deepEqual(
    siblings.map((s) => [s.label, s.name, s.dateOfBirth]),
    [
      ['Half-sibling', 'Amy Test', '2012-01-01'],
      ['Sibling', 'Hal Test', null],
      ['Sibling', null, null],
    ],
  );
});

test('households: who lives with the child, others by their own address, and a hidden child only in the child’s own household', () => {
  const child = person('c', 'Child', true);
  const home: CurrentAddress = { line1: '1 High St', town: 'Lewes', postcode: 'BN7 2AA' };
  const people = [child, person('m', 'Mum', false), person('d', 'Dad', false), person('g', 'Gran', false), person('s', 'Sis', true, false), person('f', 'Far', true, false)];
  const addresses = new Map<string, CurrentAddress>([
    ['c', home],
    ['m', { line1: '1  high st', town: null, postcode: 'bn72aa' }],
    ['d', { line1: '9 Low Rd', town: null, postcode: 'TN1 1AA' }],
  ]);
  const households = householdsOf(child, people, addresses, new Set(['g', 's']), new Map([['m', 'Mother']]));
  assert.deepEqual(
    households.map((h) => [h.childsHousehold, h.address, h.members.map((m) => m.name ?? m.description)]),
    [
      [true, '1 High St, Lewes, BN7 2AA', ['Child Test', 'Gran Test', 'Mum Test', 'Sibling (record not shared with you)']],
      [false, '9 Low Rd, TN1 1AA', ['Dad Test']],
    ],
  );
});

const address = (overrides: Record<string, string> = {}) => ({ line1: '4 New St', postcode: 'bn7 2aa', 'startDate-day': '1', 'startDate-month': '10', 'startDate-year': '2026', ...overrides });

test('an address is read with its postcode normalised, and its dates checked against birth, today and the current address', () => {
  const facts = { dateOfBirth: '2016-04-01', currentStart: '2020-01-01' };
  assert.deepEqual(readAddress(address(), '2026-11-23', facts), {
    values: { line1: '4 New St', town: null, postcode: 'BN7 2AA', startDate: '2026-10-01', endDate: null },
    errors: {},
  });
  const past = readAddress(address({ 'startDate-year': '2018', 'endDate-day': '1', 'endDate-month': '1', 'endDate-year': '2020' }), '2026-11-23', facts);
  assert.deepEqual(past.errors, {});
  assert.equal(past.values.endDate, '2020-01-01', 'a past address may end the day the current one began');
  assert.match(readAddress(address({ 'startDate-year': '2019' }), '2026-11-23', facts).errors['startDate-day']!, /after 1 January 2020/);
  assert.match(readAddress(address({ 'startDate-year': '2015', 'endDate-day': '1', 'endDate-month': '1', 'endDate-year': '2017' }), '2026-11-23', facts).errors['startDate-day']!, /date of birth/);
  assert.match(readAddress(address({ 'startDate-year': '2018', 'endDate-day': '1', 'endDate-month': '9', 'endDate-year': '2018' }), '2026-11-23', facts).errors['endDate-day']!, /same as or after/);
  assert.ok(readAddress(address({ 'startDate-day': '24', 'startDate-month': '11' }), '2026-11-23', { dateOfBirth: null, currentStart: null }).errors['startDate-day']);
  assert.equal(readAddress(address(), '2026-11-23', { dateOfBirth: null, currentStart: null }).errors['startDate-day'], undefined, 'no current address: any past date will do');
});
