import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recordHref } from './present.ts';
import { dueItems, emptyTimeline, occurrences, type ChildTimeline } from './rules.ts';

// Working Together to Safeguard Children 2023: within one working day of a referral being received, a
// local authority social worker should make "a decision about the next steps and the type of response
// that is required". The front door applies it from the day a contact comes in.
describe('the decision on a contact (Working Together to Safeguard Children 2023: within one working day)', () => {
  const child = (contacts: ChildTimeline['contacts']): ChildTimeline => ({ ...emptyTimeline('2015-06-10', null), contacts });
  const decisions = (timeline: ChildTimeline, today: string) => dueItems(timeline, today).filter((i) => i.kind === 'contact_decision');

  test('Working Together 2023: a contact received on a Friday before a bank holiday is due for decision on the Tuesday', () => {
    const [item, ...rest] = decisions(child([{ contactDate: '2026-05-22', decidedOn: null }]), '2026-05-22');
    assert.equal(rest.length, 0);
    assert.equal(item!.dueDate, '2026-05-26', 'Monday 25 May 2026 is the spring bank holiday');
    assert.notEqual(item!.status, 'overdue');
    assert.match(item!.rule.source, /Working Together to Safeguard Children 2023/);
    assert.match(item!.basis, /contact received 22 May 2026/);
  });

  test('Working Together 2023: one working day passed and no decision, the contact is overdue', () => {
    const [item] = decisions(child([{ contactDate: '2026-11-19', decidedOn: null }]), '2026-11-23');
    assert.equal(item!.dueDate, '2026-11-20');
    assert.equal(item!.status, 'overdue');
  });

  test('Working Together 2023: decided on the next working day is in time; two days later is late; neither is due any more', () => {
    const timeline = child([
      { contactDate: '2026-11-16', decidedOn: '2026-11-17' },
      { contactDate: '2026-11-09', decidedOn: '2026-11-12' },
    ]);
    assert.deepEqual(decisions(timeline, '2026-11-23'), []);
    const done = occurrences(timeline, '2026-11-23')
      .filter((o) => o.kind === 'contact_decision')
      .map((o) => [o.dueDate, o.doneOn, o.doneOn! <= o.dueDate])
      .sort();
    assert.deepEqual(done, [
      ['2026-11-10', '2026-11-12', false],
      ['2026-11-17', '2026-11-17', true],
    ]);
  });

  test('the work-due link opens the child’s contacts, where each awaiting a decision is decided', () => {
    assert.equal(recordHref('c1', 'contact_decision'), '/children/c1/protection/contacts');
  });
});
