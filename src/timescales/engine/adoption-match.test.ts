import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUE_KIND_LABELS, dueItems, emptyTimeline, type ChildTimeline } from './rules.ts';

// DfE adoption scorecard, indicator A2: the average time between a local authority receiving court authority
// to place a child (a placement order) and deciding on a match to an adoptive family; threshold 4 months
// (121 days). A national performance threshold, not a statutory duty: Steadfast puts the match due 121 days
// after the order, for a child with a placement order and no match.

const child = (decisions: ChildTimeline['adoptionDecisions']): ChildTimeline => ({ ...emptyTimeline('2023-02-10', null), adoptionDecisions: decisions });
const order = { authority: 'placement_order' as const, authorityOn: '2026-05-01', matchedOn: null, ceasedOn: null, adoptedOn: null };
const matchDue = (timeline: ChildTimeline, today: string) => dueItems(timeline, today).filter((i) => i.kind === 'adoption_match');

test('adoption scorecard A2: the match falls due 121 days after the placement order, overdue after, labelled as a threshold and not a duty', () => {
  const [due] = matchDue(child([order]), '2026-06-01');
  assert.equal(due?.dueDate, '2026-08-30');
  assert.equal(due?.basis, 'placement order 1 May 2026');
  assert.match(due?.rule.source ?? '', /adoption scorecards, indicator A2/);
  assert.match(due?.rule.text ?? '', /not a statutory duty/);
  assert.match(DUE_KIND_LABELS.adoption_match, /not a statutory duty/);
  assert.equal(matchDue(child([order]), '2026-08-31')[0]?.status, 'overdue');
});

test('the match answers it, on time or late; a reversed decision, an adoption order or consent leaves nothing due', () => {
  assert.equal(matchDue(child([order]), '2026-11-23').length, 1);
  assert.deepEqual(matchDue(child([{ ...order, matchedOn: '2026-07-01' }]), '2026-11-23'), []);
  assert.deepEqual(matchDue(child([{ ...order, matchedOn: '2026-10-01' }]), '2026-11-23'), []);
  assert.deepEqual(matchDue(child([{ ...order, ceasedOn: '2026-06-15' }]), '2026-11-23'), []);
  assert.deepEqual(matchDue(child([{ ...order, authority: 'consent' }]), '2026-11-23'), []);
  assert.deepEqual(matchDue(child([]), '2026-11-23'), []);
});
