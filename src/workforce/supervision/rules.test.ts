import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_SUPERVISION_SETTINGS as S,
  frequencyOn,
  inTimePercent,
  oversightDue,
  supervisionDue,
  supervisionSettingsWithDefaults,
} from './rules.ts';

const asye = { role: 'social_worker' as const, asyeStartedOn: '2026-09-01' };
const experienced = { role: 'social_worker' as const, asyeStartedOn: '2012-07-01' };

describe('the supervision standard in force', () => {
  test('an ASYE worker whose ASYE began 1 September 2026: weekly for six weeks, fortnightly to six months, then monthly', () => {
    assert.equal(frequencyOn(asye, '2026-09-01', S), 'weekly');
    assert.equal(frequencyOn(asye, '2026-10-12', S), 'weekly', 'day 41, still in the sixth week');
    assert.equal(frequencyOn(asye, '2026-10-13', S), 'fortnightly', 'day 42: six weeks are over');
    assert.equal(frequencyOn(asye, '2027-02-28', S), 'fortnightly');
    assert.equal(frequencyOn(asye, '2027-03-01', S), 'monthly', 'six months from 1 September');
  });

  test('experienced workers, managers and anyone without an ASYE start: monthly', () => {
    assert.equal(frequencyOn(experienced, '2026-11-23', S), 'monthly');
    assert.equal(frequencyOn({ role: 'team_manager', asyeStartedOn: '2026-09-01' }, '2026-09-10', S), 'monthly', 'ASYE is for social workers');
    assert.equal(frequencyOn({ role: 'personal_adviser', asyeStartedOn: null }, '2026-11-23', S), 'monthly');
  });

  // Skills for Care, ASYE framework: the assessed and supported year is the first year in employment as a
  // social worker, so it runs from the day the ASYE begins, which can be months after qualifying.
  test('ASYE framework: a worker who qualified in June 2025 and began the ASYE on 5 October 2026 is supervised as an ASYE from 5 October', () => {
    const lateStarter = { role: 'social_worker' as const, asyeStartedOn: '2026-10-05' };
    assert.equal(frequencyOn(lateStarter, '2026-10-20', S), 'weekly', 'more than a year after qualifying, but in the ASYE’s first six weeks');
    assert.equal(frequencyOn(lateStarter, '2027-03-04', S), 'fortnightly');
    assert.equal(frequencyOn(lateStarter, '2027-10-05', S), 'monthly', 'the year is over');
  });

});

describe('when supervision is due and overdue (today 23 November 2026)', () => {
  const today = '2026-11-23';

  test('experienced worker last supervised 20 October: due 20 November, three days overdue', () => {
    const due = supervisionDue({ ...experienced, startedOn: '2020-01-06', lastHeldOn: '2026-10-20' }, S, today);
    assert.deepEqual(due, { frequency: 'monthly', dueOn: '2026-11-20', status: 'overdue', daysOverdue: 3, neverSupervised: false });
  });

  test('experienced worker last supervised 28 October: due 28 November, within a week so due soon', () => {
    const due = supervisionDue({ ...experienced, startedOn: null, lastHeldOn: '2026-10-28' }, S, today);
    assert.equal(due.dueOn, '2026-11-28');
    assert.equal(due.status, 'due_soon');
  });

  test('experienced worker supervised on 10 November: due 10 December, on track', () => {
    assert.equal(supervisionDue({ ...experienced, startedOn: null, lastHeldOn: '2026-11-10' }, S, today).status, 'on_track');
  });

  test('due on the day itself is not yet overdue', () => {
    const due = supervisionDue({ ...experienced, startedOn: null, lastHeldOn: '2026-10-23' }, S, today);
    assert.deepEqual([due.dueOn, due.status, due.daysOverdue], ['2026-11-23', 'due_soon', 0]);
  });

  test('ASYE worker in the fortnightly phase, last supervised 5 November: due 19 November, four days overdue', () => {
    const due = supervisionDue({ ...asye, startedOn: '2026-09-01', lastHeldOn: '2026-11-05' }, S, today);
    assert.deepEqual([due.frequency, due.dueOn, due.status, due.daysOverdue], ['fortnightly', '2026-11-19', 'overdue', 4]);
  });

  test('ASYE worker supervised in week five is next due a week later, even though that falls in the fortnightly phase', () => {
    const due = supervisionDue({ ...asye, startedOn: '2026-09-01', lastHeldOn: '2026-10-08' }, S, '2026-10-10');
    assert.deepEqual([due.frequency, due.dueOn], ['weekly', '2026-10-15']);
  });

  test('never supervised: one interval after starting in the role; with no start date, due today', () => {
    const started = supervisionDue({ ...experienced, startedOn: '2026-11-02', lastHeldOn: null }, S, today);
    assert.deepEqual([started.dueOn, started.status, started.neverSupervised], ['2026-12-02', 'on_track', true]);
    const newAsye = supervisionDue({ ...asye, asyeStartedOn: '2026-11-16', startedOn: '2026-11-09', lastHeldOn: null }, S, today);
    assert.deepEqual([newAsye.frequency, newAsye.dueOn, newAsye.status], ['weekly', '2026-11-23', 'due_soon'], 'a week from qualifying, the later date');
    const unknown = supervisionDue({ ...experienced, startedOn: null, lastHeldOn: null }, S, today);
    assert.deepEqual([unknown.dueOn, unknown.status], [today, 'due_soon']);
  });

  test('a council that supervises experienced workers every two months moves the due day', () => {
    const settings = supervisionSettingsWithDefaults({ experiencedIntervalMonths: 2 });
    assert.equal(supervisionDue({ ...experienced, startedOn: null, lastHeldOn: '2026-10-20' }, settings, today).status, 'on_track');
  });

  test('share supervised in time counts everyone not overdue', () => {
    assert.equal(inTimePercent(['overdue', 'due_soon', 'on_track', 'on_track']), 75);
    assert.equal(inTimePercent([]), null);
  });
});

describe('settings', () => {
  test('unusable stored values take their defaults', () => {
    const settings = supervisionSettingsWithDefaults({ oversightWeeksCp: -1, oversightWeeksOther: 3.5, dueSoonDays: 'x' } as never);
    assert.equal(settings.oversightWeeksCp, 4);
    assert.equal(settings.oversightWeeksOther, 6);
    assert.equal(settings.dueSoonDays, 7);
    assert.deepEqual(supervisionSettingsWithDefaults(null), S);
  });
});

describe('management oversight of a child’s case (today 23 November 2026)', () => {
  const today = '2026-11-23';

  test('child protection: every 4 weeks; last oversight 20 October is due 17 November, six days overdue', () => {
    assert.deepEqual(oversightDue({ onCpPlan: true, lastOversightOn: '2026-10-20', openedOn: '2026-01-05' }, S, today), {
      weeks: 4,
      dueOn: '2026-11-17',
      status: 'overdue',
      daysOverdue: 6,
    });
  });

  test('any other open case: every 6 weeks; the same oversight is due 1 December, eight days away, on track', () => {
    const due = oversightDue({ onCpPlan: false, lastOversightOn: '2026-10-20', openedOn: '2026-01-05' }, S, today);
    assert.deepEqual([due.weeks, due.dueOn, due.status], [6, '2026-12-01', 'on_track']);
  });

  test('no oversight yet: counted from the case opening; oversight from an earlier episode does not count', () => {
    assert.equal(oversightDue({ onCpPlan: true, lastOversightOn: null, openedOn: '2026-11-02' }, S, today).dueOn, '2026-11-30');
    assert.equal(oversightDue({ onCpPlan: true, lastOversightOn: '2025-03-01', openedOn: '2026-11-02' }, S, today).dueOn, '2026-11-30');
  });

  test('the CP standard is a setting', () => {
    const settings = supervisionSettingsWithDefaults({ oversightWeeksCp: 2 });
    assert.equal(oversightDue({ onCpPlan: true, lastOversightOn: '2026-11-10', openedOn: '2026-01-05' }, settings, today).dueOn, '2026-11-24');
  });
});
