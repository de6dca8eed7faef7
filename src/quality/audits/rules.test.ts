import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditorProblem, chosenForModeration, disagreements, dueDateProblem, finalGrade, isOverdue, linesFromQuestions, pickSample, questionsFromLines, stageOf } from './rules.ts';

test('a sample takes up to N children from each team, the same ones for the same month, leaving out those already audited', () => {
  const candidates = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ childId: `child-${id}`, teamId: id < 'd' ? 'team-1' : 'team-2' }));
  const first = pickSample(candidates, '2026-12-01', 2, new Set());
  assert.equal(first.filter((c) => c.teamId === 'team-1').length, 2);
  assert.equal(first.filter((c) => c.teamId === 'team-2').length, 2);
  assert.deepEqual(pickSample([...candidates].reverse(), '2026-12-01', 2, new Set()), first, 'the order given does not matter');
  const without = pickSample(candidates, '2026-12-01', 5, new Set(['child-a']));
  assert.ok(!without.some((c) => c.childId === 'child-a'));
  assert.equal(without.length, 4);
});

test('the moderation pick is a stable share: 0% picks none, 100% picks all, 10% picks about a tenth', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  assert.equal(ids.filter((id) => chosenForModeration(id, 0)).length, 0);
  assert.equal(ids.filter((id) => chosenForModeration(id, 100)).length, 1000);
  const tenth = ids.filter((id) => chosenForModeration(id, 10)).length;
  assert.ok(tenth > 60 && tenth < 140, `${tenth} of 1000`);
  assert.equal(chosenForModeration(ids[3]!, 10), chosenForModeration(ids[3]!, 10));
});

test('an auditor is a manager from outside the child’s team (the issue: “a manager outside the child’s team”)', () => {
  assert.match(auditorProblem({ id: 'u', role: 'team_manager', teamId: 't1', serviceId: 's1' }, 't1', 's1')!, /outside the child’s team/);
  assert.match(auditorProblem({ id: 'u', role: 'service_manager', teamId: null, serviceId: 's1' }, 't1', 's1')!, /outside the child’s team/);
  assert.match(auditorProblem({ id: 'u', role: 'social_worker', teamId: 't2', serviceId: 's1' }, 't1', 's1')!, /team manager, practice supervisor or service manager/);
  assert.equal(auditorProblem({ id: 'u', role: 'practice_supervisor', teamId: 't2', serviceId: 's1' }, 't1', 's1'), null);
  assert.equal(auditorProblem({ id: 'u', role: 'service_manager', teamId: null, serviceId: 's2' }, 't1', 's1'), null);
});

test('a due date is refused in the past and before the month audited', () => {
  assert.match(dueDateProblem('2026-11-22', '2026-11-01', '2026-11-23')!, /today or in the future/);
  assert.match(dueDateProblem('2026-11-30', '2026-12-01', '2026-11-23')!, /in or after the month/);
  assert.equal(dueDateProblem('2026-12-15', '2026-12-01', '2026-11-23'), null);
});

test('the tool written a question a line reads back into keyed questions by area', () => {
  const questions = questionsFromLines({ planning: 'Is the plan clear?\n\n  Is it reviewed?  ', child_voice: 'Is the child heard?' });
  assert.deepEqual(questions.map((q) => q.key), ['child_voice-1', 'planning-1', 'planning-2']);
  assert.equal(linesFromQuestions(questions).planning, 'Is the plan clear?\nIs it reviewed?');
});

test('disagreements are listed per question and overall; the settled grade stands over the first', () => {
  const questions = [{ key: 'a-1', area: 'a', text: 'A' }, { key: 'a-2', area: 'a', text: 'B' }];
  const gaps = disagreements(questions, { 'a-1': { grade: 'good', comment: '' }, 'a-2': { grade: 'good', comment: '' } }, { 'a-1': { grade: 'good', comment: '' }, 'a-2': { grade: 'inadequate', comment: '' } }, 'good', 'requires_improvement');
  assert.deepEqual(gaps.map((g) => g.key), ['a-2', 'overall']);
  assert.equal(finalGrade({ overall_grade: 'good', settled_grade: 'requires_improvement' }), 'requires_improvement');
  assert.equal(finalGrade({ overall_grade: 'good', settled_grade: null }), 'good');
});

test('an audit’s stage follows its grading, moderation and settling', () => {
  const base = { submitted_at: null, answers: {}, overall_grade: null, moderation_chosen: false, moderator_id: null, moderated_at: null, moderation_overall: null, settled_at: null };
  const at = new Date('2026-11-23T09:00:00Z');
  assert.equal(stageOf(base, false), 'assigned');
  assert.equal(stageOf({ ...base, answers: { x: { grade: 'good', comment: '' } } }, false), 'draft');
  assert.equal(stageOf({ ...base, submitted_at: at }, false), 'done');
  assert.equal(stageOf({ ...base, submitted_at: at, moderation_chosen: true }, false), 'awaiting_moderator');
  assert.equal(stageOf({ ...base, submitted_at: at, moderation_chosen: true, moderator_id: 'm' }, false), 'moderating');
  assert.equal(stageOf({ ...base, submitted_at: at, moderation_chosen: true, moderator_id: 'm', moderated_at: at }, true), 'to_settle');
  assert.equal(stageOf({ ...base, submitted_at: at, moderation_chosen: true, moderator_id: 'm', moderated_at: at, settled_at: at }, true), 'done');
});

test('a learning action is overdue when open past its date, and late when done after it', () => {
  assert.equal(isOverdue({ due_date: '2026-11-20', done_on: null }, '2026-11-23'), true);
  assert.equal(isOverdue({ due_date: '2026-11-23', done_on: null }, '2026-11-23'), false);
  assert.equal(isOverdue({ due_date: '2026-11-20', done_on: '2026-11-21' }, '2026-11-23'), true);
  assert.equal(isOverdue({ due_date: '2026-11-20', done_on: '2026-11-19' }, '2026-11-23'), false);
});
