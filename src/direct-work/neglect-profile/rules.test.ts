import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartSpan, domainChart } from './chart.ts';
import { domainKey, domainSeries, profileDue, timeline } from './rules.ts';

// The interval is the council's own setting (NEGLECT_PROFILE_MONTHS, default 3): no statute or
// statutory guidance sets how often a neglect profile is repeated.
test('due only while the child has an open plan for neglect: at the plan’s start, then the set months after the last profile', () => {
  assert.equal(profileDue({ neglectPlanStart: null, lastCompleted: '2026-01-10', months: 3, today: '2026-11-23' }), null, 'no plan for neglect: never due');
  const first = profileDue({ neglectPlanStart: '2026-10-01', lastCompleted: null, months: 3, today: '2026-11-23' })!;
  assert.equal(first.dueOn, '2026-10-01');
  assert.equal(first.overdue, true);
  assert.equal(first.text, 'Overdue: due by 1 October 2026');
  const next = profileDue({ neglectPlanStart: '2026-05-01', lastCompleted: '2026-08-31', months: 3, today: '2026-11-23' })!;
  assert.equal(next.dueOn, '2026-11-30', '31 August + 3 months is the month’s last day, 30 November');
  assert.equal(next.overdue, false);
  assert.equal(next.text, 'Due by 30 November 2026');
  assert.equal(next.sentence, 'The next neglect profile is due by 30 November 2026');
  assert.equal(profileDue({ neglectPlanStart: '2026-05-01', lastCompleted: '2026-08-23', months: 3, today: '2026-11-23' })!.overdue, false, 'due today is not yet overdue');
  assert.equal(profileDue({ neglectPlanStart: '2026-05-01', lastCompleted: '2026-08-23', months: 6, today: '2026-11-23' })!.dueOn, '2027-02-23', 'the setting changes the interval');
  const old = profileDue({ neglectPlanStart: '2026-10-01', lastCompleted: '2025-01-10', months: 3, today: '2026-11-23' })!;
  assert.equal(old.dueOn, '2026-10-01', 'a profile long before the plan does not put the plan’s first one off, nor make it due before the plan began');
});

test('a domain’s key comes from its name and is never one already used', () => {
  assert.equal(domainKey('Housing and home conditions', new Set()), 'housing-and-home-conditions');
  assert.equal(domainKey('Love & care', new Set(['love-care'])), 'love-care-2');
  assert.equal(domainKey('!!!', new Set()), 'domain');
});

test('each domain’s grades across the completions, oldest first, and the change since the profile before', () => {
  const series = domainSeries([
    { id: 'b', completedOn: '2026-06-01', grades: [{ domainKey: 'food', domainName: 'Nutrition', grade: 3 }, { domainKey: 'home', domainName: 'Home', grade: 4 }] },
    { id: 'a', completedOn: '2026-03-01', grades: [{ domainKey: 'food', domainName: 'Food', grade: 4 }, { domainKey: 'home', domainName: 'Home', grade: 4 }] },
    { id: 'c', completedOn: '2026-09-01', grades: [{ domainKey: 'food', domainName: 'Nutrition', grade: 3 }, { domainKey: 'safety', domainName: 'Safety', grade: 2 }, { domainKey: 'home', domainName: 'Home', grade: 5 }] },
  ]);
  assert.deepEqual(series.dates, ['2026-03-01', '2026-06-01', '2026-09-01']);
  assert.deepEqual(series.domains, [
    { key: 'food', name: 'Nutrition', grades: [4, 3, 3], change: 'same' },
    { key: 'safety', name: 'Safety', grades: [null, null, 2], change: null },
    { key: 'home', name: 'Home', grades: [4, 4, 5], change: 'worse' },
  ]);
});

test('the plan and review dates sit among the completions, a plan date first on the same day', () => {
  const list = timeline([{ completedOn: '2026-03-01', text: 'Neglect profile completed' }], [{ date: '2026-03-01', what: 'Start of the plan' }, { date: '2026-01-05', what: 'Initial conference' }]);
  assert.deepEqual(
    list.map((e) => `${e.dateText}: ${e.what}`),
    ['5 January 2026: Initial conference', '1 March 2026: Start of the plan', '1 March 2026: Neglect profile completed'],
  );
});

test('the chart: an image named for its domain whose description gives every grade and each plan date in its span', () => {
  const span = chartSpan(['2026-03-01', '2026-06-01'], [{ date: '2025-01-01', what: 'Long ago' }, { date: '2026-02-01', what: 'Initial conference' }, { date: '2026-12-01', what: 'Later' }])!;
  assert.deepEqual(span.marks, [{ date: '2026-02-01', what: 'Initial conference' }]);
  const svg = domainChart({ key: 'food', name: 'Nutrition <food>', grades: [4, 2], change: 'better' }, ['2026-03-01', '2026-06-01'], span, 'c1');
  assert.match(svg, /role="img" aria-labelledby="c1-title c1-desc"/);
  assert.match(svg, /<title id="c1-title">Nutrition &lt;food&gt;: grade at each profile/);
  assert.match(svg, /<desc id="c1-desc">4 \(needs often not met\) on 1 March 2026; 2 \(needs mostly met\) on 1 June 2026. Plan and review dates: Initial conference, 1 February 2026<\/desc>/);
  assert.equal((svg.match(/<circle/g) ?? []).length, 2);
  assert.equal(chartSpan([], []), null);
});
