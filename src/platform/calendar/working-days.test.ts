import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addWorkingDays, isBankHoliday, isWorkingDay, workingDaysBetween } from './working-days.ts';

test('England and Wales bank holidays, including substitute days, are not working days', () => {
  assert.equal(isBankHoliday('2026-12-25'), true);
  assert.equal(isBankHoliday('2026-12-28'), true, 'Boxing Day 2026 falls on a Saturday: the substitute is Monday 28th');
  assert.equal(isBankHoliday('2026-04-03'), true, 'Good Friday');
  assert.equal(isBankHoliday('2026-03-15'), false, "Mother's Day is an observance, not a holiday");
  assert.equal(isWorkingDay('2026-11-21'), false, 'Saturday');
  assert.equal(isWorkingDay('2026-11-23'), true, 'Monday');
});

test('adding working days skips weekends and bank holidays', () => {
  assert.equal(addWorkingDays('2026-11-23', 5), '2026-11-30', 'Monday + 5 working days = next Monday');
  assert.equal(addWorkingDays('2026-12-22', 5), '2026-12-31', 'over Christmas: 23, 24, (25–28 off), 29, 30, 31 December');
  assert.equal(addWorkingDays('2026-12-31', 1), '2027-01-04', 'New Year 2027 is a Friday');
  assert.equal(addWorkingDays('2028-02-28', 1), '2028-02-29', 'leap day is a working day');
  assert.equal(addWorkingDays('2026-11-23', 0), '2026-11-23');
});

test('counting back and forth agree', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 60 }), (offset, count) => {
      const start = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
      const end = addWorkingDays(start, count);
      return workingDaysBetween(start, end) === count && (count === 0 || isWorkingDay(end));
    }),
  );
});
