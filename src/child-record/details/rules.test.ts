import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLaChildId, laChildIdNumber, mayRegisterChild, mayRestrict, readChildDetails, readRestriction, restrictionReasonChoice } from './rules.ts';

const form = (overrides: Record<string, unknown> = {}) => ({
  forename: ' Rowan ',
  surname: 'Test',
  'dob-day': '14',
  'dob-month': '5',
  'dob-year': '2019',
  sex: 'F',
  ethnicity: 'WBRI',
  nhsNumber: '943-476-5919',
  uasc: 'no',
  disabilities: 'HEAR',
  addressLine1: '1 Seaview Road',
  addressPostcode: 'bn214ab',
  'addressStart-day': '1',
  'addressStart-month': '2',
  'addressStart-year': '2024',
  ...overrides,
});

test('LA child ids are the prefix and at least six digits, and only those are counted', () => {
  assert.equal(formatLaChildId(42), 'ESC000042');
  assert.equal(formatLaChildId(1234567), 'ESC1234567');
  assert.throws(() => formatLaChildId(0), RangeError);
  assert.equal(laChildIdNumber('ESC000042'), 42);
  assert.equal(laChildIdNumber('ESC123456'), 123456);
  assert.equal(laChildIdNumber('SCN0001'), null);
});

test('who may register a child and who may restrict a record', () => {
  assert.deepEqual(
    (['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'iro', 'performance_analyst', 'system_admin'] as const).filter(mayRegisterChild),
    ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager'],
  );
  assert.deepEqual((['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service'] as const).filter(mayRestrict), ['team_manager', 'service_manager']);
});

test('a registration is read with identifiers and postcode normalised', () => {
  const { values, errors } = readChildDetails(form({ upn: 'A8451' }), '2026-11-23', 'create');
  assert.equal(errors.upn !== undefined, true, 'an invalid UPN is reported');
  const ok = readChildDetails(form(), '2026-11-23', 'create');
  assert.deepEqual(ok.errors, {});
  assert.equal(ok.values.forename, 'Rowan');
  assert.equal(ok.values.nhsNumber, '9434765919');
  assert.deepEqual(ok.values.disabilities, ['HEAR']);
  assert.deepEqual(ok.values.address, { line1: '1 Seaview Road', town: null, postcode: 'BN21 4AB', startDate: '2024-02-01' });
  assert.equal(values.dateOfDeath, null, 'registration never reads a date of death');
});

test('an unborn child needs an expected date of birth near today, and cannot have a date of death', () => {
  const unborn = { 'dob-day': '', 'dob-month': '', 'dob-year': '', 'edd-day': '2', 'edd-month': '3', 'edd-year': '2027' };
  const ok = readChildDetails(form(unborn), '2026-11-23', 'create');
  assert.deepEqual(ok.errors, {});
  assert.deepEqual([ok.values.born, ok.values.dateOfBirth, ok.values.expectedDateOfBirth], [false, null, '2027-03-02']);
  assert.match(readChildDetails(form({ ...unborn, 'edd-year': '2028' }), '2026-11-23', 'create').errors['edd-day']!, /no later than/);
  assert.match(readChildDetails(form({ ...unborn, 'dod-day': '1', 'dod-month': '11', 'dod-year': '2026' }), '2026-11-23', 'edit').errors['dod-day']!, /who has been born/);
  assert.match(readChildDetails(form({ 'dob-day': '', 'dob-month': '', 'dob-year': '' }), '2026-11-23', 'create').errors['dob-day']!, /Enter the date of birth, or the expected date/);
  // Editing a child who has just been born: the expected date stays on the form and the date of birth wins.
  const born = readChildDetails(form({ 'edd-day': '2', 'edd-month': '3', 'edd-year': '2027' }), '2026-11-23', 'edit');
  assert.deepEqual(born.errors, {});
  assert.deepEqual([born.values.born, born.values.dateOfBirth], [true, '2019-05-14']);
});

test('the restriction is one choice: not restricted, or one of its reasons, or the words given for another', () => {
  assert.deepEqual(readRestriction({ restriction: 'none' }), { values: { restricted: false, reason: null }, errors: {} });
  assert.deepEqual(readRestriction({ restriction: 'adoption' }).values, { restricted: true, reason: 'Adoption' });
  assert.deepEqual(readRestriction({ restriction: 'other', restrictionOther: ' Known to staff ' }).values, { restricted: true, reason: 'Known to staff' });
  assert.ok(readRestriction({}).errors.restriction);
  assert.ok(readRestriction({ restriction: 'whim' }).errors.restriction);
  assert.ok(readRestriction({ restriction: 'other' }).errors.restrictionOther);
  assert.deepEqual(restrictionReasonChoice('Relative of a member of staff'), { choice: 'staff_relative', other: '' });
  assert.deepEqual(restrictionReasonChoice('Known to staff'), { choice: 'other', other: 'Known to staff' });
});
