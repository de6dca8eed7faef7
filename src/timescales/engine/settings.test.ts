import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from './rules.ts';
import { describeChanges, formValues, readLocalStandards, withLocalStandards } from './settings.ts';

test('stored local standards replace the defaults; anything that fails the checks is ignored, and statutory ones are never read', () => {
  const settings = withLocalStandards({
    cpVisit: { everyN: 3, unit: 'weeks' },
    cinVisit: { everyN: 0, unit: 'weeks' },
    shortBreakVisit: { everyN: 2, unit: 'fortnights' },
    coreGroupWorkingDays: 12,
    pepFromAge: 9,
    termEnds: ['12-31', '03-31', '08-31'],
    paContact: { everyN: 12, unit: 'months' },
  });
  assert.deepEqual(settings, { ...DEFAULT_SETTINGS, cpVisit: { everyN: 3, unit: 'weeks' }, coreGroupWorkingDays: 12 });
  assert.deepEqual(withLocalStandards(null), DEFAULT_SETTINGS);
  assert.deepEqual(withLocalStandards({ termEnds: ['02-29', '07-22', '12-20'] }).termEnds, DEFAULT_SETTINGS.termEnds);
});

test('the form reads back what it shows, and a change is described old to new', () => {
  const same = readLocalStandards(formValues(DEFAULT_SETTINGS), DEFAULT_SETTINGS);
  assert.deepEqual(same.settings, DEFAULT_SETTINGS);
  const changed = readLocalStandards({ ...formValues(DEFAULT_SETTINGS), cinVisitEvery: '1', cinVisitUnit: 'months', pepFromAge: '0' }, DEFAULT_SETTINGS);
  assert.deepEqual(describeChanges(DEFAULT_SETTINGS, changed.settings!), ['cinVisit every 20 working days -> every 1 month', 'pepFromAge from age 3 -> from age 0']);
});

test('term ends must be real days of every year, in order', () => {
  const terms = (ends: [string, string][]) => Object.fromEntries(ends.flatMap(([d, m], i) => [[`termEnd${i + 1}-day`, d], [`termEnd${i + 1}-month`, m]]));
  const read = (ends: [string, string][]) => readLocalStandards({ ...formValues(DEFAULT_SETTINGS), ...terms(ends) }, DEFAULT_SETTINGS);
  assert.deepEqual(read([['3', '4'], ['22', '7'], ['18', '12']]).settings?.termEnds, ['04-03', '07-22', '12-18']);
  assert.deepEqual(Object.keys(read([['31', '4'], ['22', '7'], ['18', '12']]).errors), ['termEnd1-day']);
  assert.deepEqual(Object.keys(read([['3', '4'], ['2', '4'], ['18', '12']]).errors), ['termEnd2-day']);
  assert.deepEqual(Object.keys(read([['3', '4'], ['x', '7'], ['1', '5']]).errors), ['termEnd2-day']);
});
