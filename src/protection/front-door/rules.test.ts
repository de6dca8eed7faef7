import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactStage, decisionDueBy, decisionLate, describeDecision, isReReferral, referralDateOf, signOffProblem } from './rules.ts';

// Children in need statistics (DfE, from the CIN census): "A re-referral occurs when a child is referred
// within 12 months of a previous referral."
test('CIN census: a referral within 12 months of a previous referral is a re-referral; 12 months and a day is not', () => {
  assert.equal(isReReferral('2026-11-19', ['2026-03-02']), true);
  assert.equal(isReReferral('2026-11-19', ['2025-11-19']), true, 'exactly 12 months before is within 12 months');
  assert.equal(isReReferral('2026-11-19', ['2025-11-18']), false);
  assert.equal(isReReferral('2026-11-19', []), false, 'a first referral');
  assert.equal(isReReferral('2026-11-19', ['2026-11-19']), false, 'the referral itself is not a previous one');
});

// CIN census: CINreferralDate is the date the referral was received by children's social care.
test('CIN census: the referral a decision opens is dated the day the contact was received, not the day of the decision', () => {
  assert.equal(referralDateOf({ contact_date: '2026-11-19' }), '2026-11-19');
});

// Working Together to Safeguard Children 2023: a decision on "the next steps and the type of response that is
// required" within one working day of a referral being received.
test('Working Together 2023: the decision is due one working day after the contact, skipping weekends and bank holidays', () => {
  assert.equal(decisionDueBy('2026-11-23'), '2026-11-24', 'Monday to Tuesday');
  assert.equal(decisionDueBy('2026-11-20'), '2026-11-23', 'Friday to Monday');
  assert.equal(decisionDueBy('2026-12-24'), '2026-12-29', 'Christmas Eve to the Tuesday after the Boxing Day holiday');
  assert.equal(decisionLate('2026-11-20', '2026-11-23'), false);
  assert.equal(decisionLate('2026-11-20', '2026-11-24'), true);
});

test('sign-off: only a manager, only a decided contact, once, and never the manager’s own decision', () => {
  const decided = { outcome: 'advice', decided_by: 'w1', signed_off_by: null };
  assert.equal(signOffProblem({ id: 'm1', role: 'team_manager' }, decided), null);
  assert.equal(signOffProblem({ id: 'm1', role: 'practice_supervisor' }, decided), null);
  assert.equal(signOffProblem({ id: 'm1', role: 'service_manager' }, decided), null);
  assert.match(signOffProblem({ id: 'w2', role: 'social_worker' }, decided)!, /Only a practice supervisor, team manager or service manager/);
  assert.match(signOffProblem({ id: 'w1', role: 'team_manager' }, decided)!, /You made this decision/);
  assert.match(signOffProblem({ id: 'm1', role: 'team_manager' }, { ...decided, signed_off_by: 'm2' })!, /already signed off/);
  assert.match(signOffProblem({ id: 'm1', role: 'team_manager' }, { outcome: null, decided_by: null, signed_off_by: null })!, /no decision to sign off/);
});

test('a contact waits for its decision, then its sign-off; one decided before sign-off existed waits for nothing', () => {
  assert.equal(contactStage({ outcome: null, decided_by: null, signed_off_by: null }), 'awaiting_decision');
  assert.equal(contactStage({ outcome: 'advice', decided_by: 'w1', signed_off_by: null }), 'awaiting_sign_off');
  assert.equal(contactStage({ outcome: 'advice', decided_by: 'w1', signed_off_by: 'm1' }), 'done');
  assert.equal(contactStage({ outcome: 'advice', decided_by: null, signed_off_by: null }), 'done');
  assert.equal(describeDecision(null), 'Awaiting decision');
  assert.equal(describeDecision('other_agency'), 'Passed to another agency', 'earlier outcomes stay readable');
  assert.equal(describeDecision('an outcome from an old system'), 'an outcome from an old system');
});
