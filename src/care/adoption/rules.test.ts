import assert from 'node:assert/strict';
import { test } from 'node:test';
import { a1Timing, a2Timing, adopterProblems, averageDays, ceasedProblem, matchDueBy, previousPermanenceProblems, SCORECARD_THRESHOLDS, stepProblem, type DecisionSoFar } from './rules.ts';

const inCare = [{ start: '2024-01-10', end: null }];
const decision = (over: Partial<DecisionSoFar> = {}): DecisionSoFar => ({
  decidedOn: '2024-06-01',
  authority: null,
  authorityOn: null,
  matchedOn: null,
  placedOn: null,
  adoptedOn: null,
  ceasedOn: null,
  ...over,
});

test('Adoption Agencies Regulations 2005 reg 19: the agency decision that the child should be placed for adoption is made while the child is looked after (SSDA903 rule 1003), one at a time', () => {
  assert.equal(stepProblem('decision', '2024-06-01', null, inCare), null);
  assert.match(stepProblem('decision', '2023-12-01', null, inCare)!, /no period of care on 1 December 2023/);
  assert.match(stepProblem('decision', '2024-06-01', null, [{ start: '2020-01-01', end: '2021-01-01' }])!, /while the child is looked after/);
  assert.match(stepProblem('decision', '2024-07-01', decision(), inCare)!, /already open/);
});

test('Adoption and Children Act 2002 s21 and s19: a placement order or consent follows the decision, and is recorded once', () => {
  assert.match(stepProblem('placement_order', '2024-09-01', null, inCare)!, /Record the decision/);
  assert.match(stepProblem('placement_order', '2024-05-01', decision(), inCare)!, /on or after the decision .* 1 June 2024/);
  assert.equal(stepProblem('placement_order', '2024-09-01', decision(), inCare), null);
  assert.match(stepProblem('consent', '2024-09-02', decision({ authority: 'placement_order', authorityOn: '2024-09-01' }), inCare)!, /already recorded/);
});

test('regs 32 and 33: the match is with particular adopters after the decision (SSDA903 rule 333); before the placement order it is allowed', () => {
  assert.match(stepProblem('matched', '2024-05-30', decision(), inCare)!, /on or after the decision/);
  assert.equal(stepProblem('matched', '2024-07-01', decision(), inCare), null);
  assert.match(stepProblem('matched', '2024-08-01', decision({ matchedOn: '2024-07-01' }), inCare)!, /already recorded/);
});

test('s18: a child is placed for adoption only with a placement order or consent, after the match (SSDA903 rules 331, 521)', () => {
  const matchedOnly = decision({ matchedOn: '2024-10-01' });
  assert.match(stepProblem('placed', '2024-10-05', matchedOnly, inCare)!, /placement order or the parents’ consent/);
  const ordered = decision({ authority: 'placement_order', authorityOn: '2024-09-01' });
  assert.match(stepProblem('placed', '2024-10-05', ordered, inCare)!, /Record the match/);
  const both = decision({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: '2024-10-01' });
  assert.match(stepProblem('placed', '2024-09-20', both, inCare)!, /on or after the match, 1 October 2024/);
  assert.equal(stepProblem('placed', '2024-10-05', both, inCare), null);
  const matchedFirst = decision({ authority: 'consent', authorityOn: '2024-10-03', matchedOn: '2024-09-01' });
  assert.match(stepProblem('placed', '2024-10-02', matchedFirst, inCare)!, /consent was given, 3 October 2024/);
});

test('s46: the adoption order is made after the child was placed with the adopters', () => {
  const placed = decision({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: '2024-10-01', placedOn: '2024-10-05' });
  assert.match(stepProblem('adopted', '2024-10-04', placed, inCare)!, /on or after the child was placed for adoption/);
  assert.match(stepProblem('adopted', '2025-03-01', decision({ matchedOn: '2024-10-01' }), inCare)!, /only once the child has been placed/);
  assert.equal(stepProblem('adopted', '2025-03-01', placed, inCare), null);
});

test('SSDA903 rule 522: the decision that the child should no longer be placed for adoption is on or after the decision it reverses', () => {
  assert.match(ceasedProblem('2024-05-01', decision())!, /on or after the decision/);
  assert.equal(ceasedProblem('2024-06-01', decision()), null);
  assert.match(ceasedProblem('2024-06-01', null)!, /no open decision/);
});

test('SSDA903 rules 511, 514, 517, 518, 519, 520, 524: the adopters’ number, sex and legal status agree', () => {
  assert.deepEqual(adopterProblems({ count: 1, sex: 'F1', legalStatus: 'L0' }), {});
  assert.deepEqual(adopterProblems({ count: 2, sex: 'MF', legalStatus: 'L11' }), {});
  assert.deepEqual(adopterProblems({ count: 2, sex: 'FF', legalStatus: 'L2' }), {});
  assert.ok(adopterProblems({ count: 2, sex: 'F1', legalStatus: 'L0' }).adoptersSex, 'two adopters are a couple (511)');
  assert.ok(adopterProblems({ count: 1, sex: 'MF', legalStatus: 'L0' }).adoptersSex);
  assert.ok(adopterProblems({ count: 1, sex: 'M1', legalStatus: 'L2' }).adoptersLegalStatus, 'a single adopter is L0 (514, 519)');
  assert.ok(adopterProblems({ count: 2, sex: 'MM', legalStatus: 'L3' }).adoptersLegalStatus, 'L3 is MF (517)');
  assert.ok(adopterProblems({ count: 2, sex: 'MF', legalStatus: 'L4' }).adoptersLegalStatus, 'L4 is MM or FF (518)');
  assert.ok(adopterProblems({ count: 2, sex: 'FF', legalStatus: 'L11' }).adoptersLegalStatus, 'L11 is not a same-sex couple (520)');
  assert.ok(adopterProblems({ count: 2, sex: 'MF', legalStatus: 'L12' }).adoptersLegalStatus, 'L12 is MM or FF (524)');
});

test('SSDA903 PrevPerm: a date and council only for an order (rule 635); the order before care began and not before birth', () => {
  assert.deepEqual(previousPermanenceProblems({ option: 'P2', laCode: '845', orderOn: '2019-05-01' }, '2024-01-10', '2015-01-01'), {});
  assert.ok(previousPermanenceProblems({ option: 'Z1', laCode: '845' }, '2024-01-10', null).laCode);
  assert.ok(previousPermanenceProblems({ option: 'P4', orderOn: '2019-05-01' }, '2024-01-10', null)['orderOn-day']);
  assert.match(previousPermanenceProblems({ option: 'P1', orderOn: '2024-02-01' }, '2024-01-10', null)['orderOn-day']!, /before 10 January 2024/);
  assert.match(previousPermanenceProblems({ option: 'P1', orderOn: '2014-02-01' }, '2024-01-10', '2015-01-01')['orderOn-day']!, /date of birth/);
});

test('adoption scorecard A1: days from entering care to moving in with the adopters, against 426 days (14 months)', () => {
  assert.equal(SCORECARD_THRESHOLDS.A1, 426);
  assert.deepEqual(a1Timing('2024-01-10', '2025-03-10', '2026-01-01'), { days: 425, threshold: 426, running: false, over: false });
  assert.equal(a1Timing('2024-01-10', '2025-03-12', '2026-01-01').over, true);
  assert.deepEqual(a1Timing('2024-01-10', null, '2024-02-09'), { days: 30, threshold: 426, running: true, over: false });
});

test('adoption scorecard A2: days from the placement order to the match against 121 days (4 months); 0 when matched first; none without a placement order', () => {
  assert.equal(SCORECARD_THRESHOLDS.A2, 121);
  assert.equal(a2Timing({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: '2024-12-31' }, '2026-01-01')!.days, 121);
  assert.equal(a2Timing({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: '2025-01-01' }, '2026-01-01')!.over, true);
  assert.equal(a2Timing({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: '2024-08-01' }, '2026-01-01')!.days, 0);
  assert.equal(a2Timing({ authority: 'consent', authorityOn: '2024-09-01', matchedOn: '2024-12-01' }, '2026-01-01'), null);
  assert.deepEqual(a2Timing({ authority: 'placement_order', authorityOn: '2024-09-01', matchedOn: null }, '2024-10-01'), { days: 30, threshold: 121, running: true, over: false });
});

test('a child with a placement order and no match is waiting: the match is due 121 days after the order, until matched, reversed or adopted', () => {
  const order = { authority: 'placement_order' as const, authorityOn: '2024-09-01', matchedOn: null, ceasedOn: null, adoptedOn: null };
  assert.equal(matchDueBy(order), '2024-12-31');
  assert.equal(matchDueBy({ ...order, matchedOn: '2024-10-01' }), null);
  assert.equal(matchDueBy({ ...order, ceasedOn: '2024-10-01' }), null);
  assert.equal(matchDueBy({ ...order, authority: 'consent' }), null);
});

test('averages are rounded to the nearest day, as the scorecard publishes them', () => {
  assert.equal(averageDays([]), null);
  assert.equal(averageDays([100, 101]), 101);
  assert.equal(averageDays([400, 450, 500]), 450);
});
