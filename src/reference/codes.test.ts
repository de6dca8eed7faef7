import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CODE_SET_NAMES, CODE_SET_SOURCES, CODE_SETS, codeOptions, describeCode, isCode, SW_REASONS, type CodeSetName } from './codes.ts';

const codesOf = (set: CodeSetName) => CODE_SETS[set].map((e) => e.code);

test('every code set is present, with unique codes and a description for each', () => {
  for (const name of CODE_SET_NAMES) {
    const entries = CODE_SETS[name];
    assert.ok(entries.length > 0, name);
    assert.equal(new Set(codesOf(name)).size, entries.length, `${name} has a duplicate code`);
    for (const entry of entries) {
      assert.equal(entry.code, entry.code.trim(), `${name} ${entry.code} has spaces around it`);
      assert.ok(entry.description.trim().length > 0, `${name} ${entry.code} has no description`);
    }
    assert.ok(CODE_SET_SOURCES[name].length > 0, `${name} has no source`);
  }
});

test('the SSDA903 and CIN census sets hold exactly the codes the DfE publishes', () => {
  assert.deepEqual(codesOf('legalStatus'), ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3']);
  assert.deepEqual(codesOf('placementProvider'), ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5']);
  assert.deepEqual(codesOf('reasonNewEpisode'), ['S', 'L', 'P', 'T', 'B', 'U']);
  assert.deepEqual(codesOf('cpCategory'), ['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);
  assert.deepEqual(codesOf('cinClosureReason'), ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);
  assert.deepEqual([...codesOf('primaryNeed')].sort(), ['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);
  assert.deepEqual(codesOf('swReason'), [...SW_REASONS]);
  for (const code of ['A3', 'K1', 'K2', 'P1', 'R1', 'S1', 'T0', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1']) {
    assert.ok(isCode('placementType', code), code);
  }
  for (const code of ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'E14', 'E15', 'E16', 'E17']) {
    assert.ok(isCode('reasonEpisodeCeased', code), code);
  }
  for (const code of ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER']) {
    assert.ok(isCode('reasonPlaceChange', code), code);
  }
  assert.equal(CODE_SETS.ethnicity.length, 20);
  assert.deepEqual(codesOf('referralSource'), codesOf('contactSource'));
  assert.ok(isCode('referralSource', '10') && isCode('referralSource', '5D'));
  for (const code of ['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA']) assert.ok(isCode('disability', code), code);
});

test('descriptions read as the DfE publishes them', () => {
  const cases: [CodeSetName, string, string][] = [
    ['legalStatus', 'C2', 'Full care order'],
    ['legalStatus', 'V2', 'Single period of accommodation under section 20 (Children Act 1989)'],
    ['placementType', 'K2', 'Children’s Homes subject to Children’s Homes Regulations'],
    ['placementType', 'U4', 'Foster placement with other foster carer(s) – long-term fostering'],
    ['placementProvider', 'PR4', 'Private provision'],
    ['primaryNeed', 'N1', 'Abuse or neglect'],
    ['primaryNeed', 'N0', 'Not stated'],
    ['cpCategory', 'EMO', 'Emotional abuse'],
    ['cinClosureReason', 'RC8', 'Case closed after assessment, no further action'],
    ['ethnicity', 'WBRI', 'White British'],
    ['disability', 'AUT', "Diagnosed with autism or Asperger's syndrome"],
    ['reasonPlaceChange', 'CREQB', "Carer(s) request placement end due to child's behavior"],
    ['reasonNewEpisode', 'S', 'Started to be looked after'],
    ['reasonEpisodeCeased', 'E2', 'Died'],
    ['swReason', 'LEFTRL', 'Social worker left the role or the local authority'],
    ['sex', '2', 'Female'],
  ];
  for (const [set, code, description] of cases) assert.equal(describeCode(set, code), description, `${set} ${code}`);
  assert.match(CODE_SETS.primaryNeed.find((e) => e.code === 'N4')?.explanation ?? '', /temporary crisis/);
});

test('describeCode gives back a code the set does not have, so old data stays readable', () => {
  assert.equal(describeCode('legalStatus', 'C3'), 'C3');
  assert.equal(describeCode('legalStatus', ''), '');
  fc.assert(
    fc.property(fc.constantFrom(...CODE_SET_NAMES), fc.string(), (set, value) => {
      const entry = CODE_SETS[set].find((e) => e.code === value);
      assert.equal(describeCode(set, value), entry ? entry.description : value);
      assert.equal(isCode(set, value), entry !== undefined);
    }),
  );
});

test('isCode is exact: case, spaces and non-strings are not codes', () => {
  for (const set of CODE_SET_NAMES) for (const { code } of CODE_SETS[set]) assert.ok(isCode(set, code), `${set} ${code}`);
  assert.equal(isCode('legalStatus', 'c2'), false);
  assert.equal(isCode('legalStatus', ' C2'), false);
  assert.equal(isCode('swReason', 'PCCHAN '), false);
  assert.equal(isCode('sex', 1), false);
  assert.equal(isCode('legalStatus', null), false);
  assert.equal(isCode('legalStatus', undefined), false);
});

test('codeOptions gives GOV.UK items in the DfE order, with the code when asked', () => {
  const items = codeOptions('cpCategory');
  assert.deepEqual(items[0], { value: 'NEG', text: 'Neglect' });
  assert.equal(items.length, 5);
  assert.deepEqual(codeOptions('legalStatus', { withCode: true })[1], { value: 'C2', text: 'C2: Full care order' });
  for (const set of CODE_SET_NAMES) {
    assert.deepEqual(
      codeOptions(set).map((o) => o.value),
      codesOf(set),
    );
  }
});

test('an unknown set name is a programming error, not a silent miss', () => {
  assert.throws(() => describeCode('legalStatuses' as CodeSetName, 'C2'), TypeError);
  assert.throws(() => isCode('nope' as CodeSetName, 'C2'), TypeError);
  assert.throws(() => codeOptions('nope' as CodeSetName), TypeError);
});

test('the code sets cannot be changed by a caller', () => {
  assert.throws(() => {
    (CODE_SETS.legalStatus as { code: string; description: string }[]).push({ code: 'X', description: 'x' });
  }, TypeError);
  assert.throws(() => {
    (CODE_SETS.legalStatus[0] as { description: string }).description = 'changed';
  }, TypeError);
  assert.equal(describeCode('legalStatus', 'C1'), 'Interim care order');
});

test('the SSDA903 OC3 sets (care leavers around each birthday) hold the DfE guide\'s codes', () => {
  assert.deepEqual(codesOf('careLeaverInTouch'), ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM']);
  assert.deepEqual(codesOf('careLeaverActivity'), ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0']);
  const letters = ['B', 'C', 'D', 'E', 'G', 'H', 'K', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'];
  assert.deepEqual([...codesOf('careLeaverAccommodation')].sort(), [...letters.flatMap((l) => [`${l}1`, `${l}2`]), '0'].sort());
  assert.equal(describeCode('careLeaverAccommodation', 'Z1'), 'With former foster carers (staying put): suitable');
  assert.equal(describeCode('careLeaverAccommodation', 'S2'), 'No fixed abode or homeless: not suitable');
  assert.match(describeCode('careLeaverInTouch', 'RHOM'), /6 months or more/);
  assert.match(CODE_SET_SOURCES.careLeaverActivity, /SSDA903/);
});
