import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionFigures, areaGrades, auditGrades, lastWholeQuarter, quartersTo, readQuarter } from './rules.ts';

test('quarters are calendar quarters, oldest first, ending with the one today is in', () => {
  assert.deepEqual(
    quartersTo('2026-11-23', 5).map((q) => [q.start, q.end, q.label]),
    [
      ['2025-10-01', '2025-12-31', 'Oct to Dec 2025'],
      ['2026-01-01', '2026-03-31', 'Jan to Mar 2026'],
      ['2026-04-01', '2026-06-30', 'Apr to Jun 2026'],
      ['2026-07-01', '2026-09-30', 'Jul to Sep 2026'],
      ['2026-10-01', '2026-12-31', 'Oct to Dec 2026'],
    ],
  );
  assert.equal(lastWholeQuarter('2026-01-01'), '2025-10-01');
});

test('a quarter asked for must be the first day of a quarter, not after today’s', () => {
  assert.equal(readQuarter('2026-07-01', '2026-11-23'), '2026-07-01');
  assert.equal(readQuarter('2026-10-01', '2026-11-23'), '2026-10-01', 'the quarter under way may be reported so far');
  assert.equal(readQuarter('2027-01-01', '2026-11-23'), null);
  assert.equal(readQuarter('2026-08-01', '2026-11-23'), null);
  assert.equal(readQuarter(['2026-07-01'], '2026-11-23'), null);
});

test('an audit’s grade is the moderator’s settled grade where there is one; the share good or better is of those graded', () => {
  const quarters = quartersTo('2026-09-30', 1);
  const audit = (overall: 'good' | 'inadequate' | 'requires_improvement', settled: 'good' | null = null) => ({ month: '2026-07-01', tool_id: 't', answers: {}, overall_grade: overall, settled_grade: settled });
  const [q] = auditGrades([audit('good'), audit('inadequate'), audit('requires_improvement', 'good'), { ...audit('good'), month: '2026-06-01' }], quarters);
  assert.deepEqual(q!.counts, { outstanding: 0, good: 2, requires_improvement: 0, inadequate: 1 });
  assert.equal(q!.goodOrBetter, 67);
});

test('each question graded counts under the area its own tool version gives it', () => {
  const quarters = quartersTo('2026-09-30', 1);
  const tools = new Map([
    ['v1', [{ key: 'a', area: 'planning', text: '' }]],
    ['v2', [{ key: 'a', area: 'child_voice', text: '' }]],
  ]);
  const answers = { a: { grade: 'good' as const, comment: '' } };
  const rows = areaGrades([{ month: '2026-08-01', tool_id: 'v1', answers, overall_grade: 'good', settled_grade: null }, { month: '2026-08-01', tool_id: 'v2', answers, overall_grade: 'good', settled_grade: null }], tools, quarters, ['child_voice', 'planning', 'impact']);
  assert.deepEqual(rows.map((r) => [r.area, r.all.graded, r.all.goodOrBetter]), [['child_voice', 1, 100], ['planning', 1, 100], ['impact', 0, null]]);
});

test('learning actions: on time is done on or before the date, of those whose date has come; not yet due is left out of the share', () => {
  const [q] = actionFigures(
    [
      { due_date: '2026-08-10', done_on: '2026-08-10' },
      { due_date: '2026-08-10', done_on: '2026-08-11' },
      { due_date: '2026-09-01', done_on: null },
      { due_date: '2026-09-30', done_on: null },
    ],
    quartersTo('2026-09-30', 1),
    '2026-09-15',
  );
  assert.deepEqual(q, { due: 4, onTime: 1, late: 1, overdue: 1, notYetDue: 1, onTimePercent: 33 });
});
