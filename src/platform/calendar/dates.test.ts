import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, addMonths, ageOn, birthday, daysBetween, describeDuration, formatDate } from './dates.ts';

const FLRA = 'Family Law Reform Act 1969 s.9';

describe(`ages: a person attains an age at the start of the anniversary of their birth (${FLRA})`, () => {
  test(`an ordinary birthday: 17 the day before, 18 on the day (${FLRA})`, () => {
    assert.equal(ageOn('2008-07-15', '2026-07-14'), 17);
    assert.equal(ageOn('2008-07-15', '2026-07-15'), 18);
    assert.equal(birthday('2008-07-15', 18), '2026-07-15');
  });

  test(`born 29 February, common year: still 17 on 28 February, 18 on 1 March (${FLRA}; Age of Legal Capacity (Scotland) Act 1991 s.6(2))`, () => {
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
    assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
    assert.equal(birthday('2008-02-29', 18), '2026-03-01');
  });

  test(`born 29 February, leap year: the anniversary exists, so 29 February itself (${FLRA})`, () => {
    assert.equal(ageOn('2012-02-29', '2028-02-28'), 15);
    assert.equal(ageOn('2012-02-29', '2028-02-29'), 16);
    assert.equal(ageOn('2012-02-29', '2028-03-01'), 16);
    assert.equal(birthday('2012-02-29', 16), '2028-02-29');
  });

  test(`born 28 February or 1 March: the birthday never moves, leap year or not (${FLRA})`, () => {
    assert.equal(birthday('2008-02-28', 18), '2026-02-28');
    assert.equal(birthday('2008-02-28', 20), '2028-02-28');
    assert.equal(birthday('2008-03-01', 20), '2028-03-01');
    assert.equal(ageOn('2008-02-28', '2028-02-28'), 20);
    assert.equal(ageOn('2008-03-01', '2028-02-29'), 19);
  });

  test(`ageOn and birthday agree: a person is N on their Nth birthday and N-1 the day before (${FLRA})`, () => {
    const day = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays('1960-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 30 }), (dateOfBirth, years) => {
        const nth = birthday(dateOfBirth, years);
        return ageOn(dateOfBirth, nth) === years && ageOn(dateOfBirth, addDays(nth, -1)) === years - 1;
      }),
    );
  });
});

describe('days and months', () => {
  test('adding days crosses months, years and 29 February', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-03-29', 1), '2026-03-30', 'the clocks going forward do not lose a day');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  });

  test('adding n days and taking n away returns the same date; daysBetween counts them', () => {
    const day = fc.integer({ min: 0, max: 365 * 80 }).map((n) => addDays('1970-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => addDays(addDays(date, n), -n) === date && daysBetween(date, addDays(date, n)) === n),
    );
  });

  test('a month on is the same day, or the month’s last day when it has none (Dodds v Walker [1981] 1 WLR 1027)', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2027-11-30', 3), '2028-02-29');
    assert.equal(addMonths('2028-02-29', 12), '2029-02-28');
    assert.equal(addMonths('2026-08-31', 6), '2027-02-28');
    assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2027-01-31', -3), '2026-10-31');
  });

  test('a month on never skips a month and never goes back', () => {
    const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), (date, months) => {
        const later = addMonths(date, months);
        const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
        return later >= date && monthIndex(later) - monthIndex(date) === months;
      }),
    );
  });
});

describe('the arithmetic agrees with JavaScript’s own calendar', () => {
  // Worked out with Date the slow way, as the helpers once were: the oracle the faster ones must match.
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
  const days: string[] = [];
  for (let day = ms('1900-01-01'); day <= ms('2100-12-31'); day += 86_400_000) days.push(iso(day));

  test('every day from 1900 to 2100: days added, days between, months added and anniversaries', () => {
    for (const date of days) {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      for (const n of [-400, -1, 1, 7, 30, 365]) assert.equal(addDays(date, n), iso(ms(date) + n * 86_400_000), `${date} + ${n} days`);
      assert.equal(daysBetween('1970-01-01', date), Math.round(ms(date) / 86_400_000), `days to ${date}`);
      for (const n of [-12, -1, 1, 6, 24, 30]) {
        const lastDay = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
        assert.equal(addMonths(date, n), iso(Date.UTC(y, m - 1 + n, Math.min(d, lastDay))), `${date} + ${n} months`);
      }
      for (const n of [1, 16, 18, 25]) assert.equal(birthday(date, n), iso(Date.UTC(y + n, m - 1, d)), `${date}, anniversary ${n}`);
    }
  });

  test('a date that cannot be read is an error, as it was, never a string of NaN', () => {
    for (const f of [() => addDays('not a date', 1), () => addMonths('', 1), () => birthday('2010-xx-01', 18), () => addDays('2026-11-23T09:00:00Z', 1)]) assert.throws(f, RangeError);
    assert.ok(Number.isNaN(daysBetween('2026-11-23', '')));
  });
});

describe('dates as people read them', () => {
  test('formatDate writes the day without a leading zero, the month in full', () => {
    assert.equal(formatDate('2025-03-01'), '1 March 2025');
    assert.equal(formatDate('2026-12-25'), '25 December 2026');
  });

  test('formatDate reads the same as the GOV.UK en-GB long date, every day of a leap year', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    for (let date = '2028-01-01'; date < '2029-01-01'; date = addDays(date, 1)) {
      assert.equal(formatDate(date), intl.format(new Date(`${date}T00:00:00Z`)));
    }
  });

  test('describeDuration', () => {
    assert.equal(describeDuration(1), '1 day');
    assert.equal(describeDuration(12), '12 days');
    assert.equal(describeDuration(100), '3 months');
    assert.equal(describeDuration(365 + 95), '1 year 3 months');
  });
});
