import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueItems, emptyTimeline, leavingCareFromHistory, type ChildTimeline, type DueKind } from './rules.ts';

// The leaving care clocks, each from the words of its source:
// - Children Act 1989 Sch 2 para 19B(2) and the Care Planning, Placement and
//   Case Review (England) Regulations 2010 reg 40: an eligible child is 16 or
//   17, looked after, and "has been looked after by a local authority for a
//   period of 13 weeks, or periods amounting in all to 13 weeks, which began
//   after he reached the age of 14 and ended after he reached the age of 16".
// - Same regulations, reg 42(2): the needs assessment is completed "not more
//   than three months after the date on which C reaches the age of 16 or
//   becomes an eligible child after that age".
// - Children Act 1989 s23A (relevant child: 16 or 17, no longer looked after,
//   eligible before), s23C (former relevant: 18 to 21), s24 (qualifying:
//   advice and assistance, not a personal adviser's visits).
// - Care Leavers (England) Regulations 2010 reg 8(2): the personal adviser
//   visits "(a) within 7 days of the accommodation first being provided,
//   (b) subsequently, before the pathway plan is reviewed under regulation
//   7(3), and (c) at subsequent intervals of not more than two months".

const episode = (startDate: string, endDate: string | null, legalStatus = 'C2') => ({
  startDate,
  endDate,
  reasonNewEpisode: 'S',
  reasonCeased: endDate ? 'E8' : null,
  legalStatus,
  placementType: 'U3',
  placementPostcode: 'BN21 4AB' as string | null,
});

function youngPerson(dateOfBirth: string, overrides: Partial<ChildTimeline> = {}): ChildTimeline {
  return { ...emptyTimeline(dateOfBirth, null), ...overrides };
}

const itemsOf = (timeline: ChildTimeline, today: string, kind: DueKind) => dueItems(timeline, today).filter((i) => i.kind === kind);
function only(timeline: ChildTimeline, today: string, kind: DueKind) {
  const items = itemsOf(timeline, today, kind);
  assert.equal(items.length, 1, `one ${kind} item, found ${items.length}`);
  return items[0]!;
}
const paVisit = (date: string) => ({ date, kind: 'personal_adviser' as const, childSeen: true, statutory: true });
const review = (date: string) => ({ kind: 'pathway_plan_review' as const, date });

describe('eligible children: 13 weeks looked after since 14, the needs assessment within 3 months (para 19B; regs 40, 42)', () => {
  test('looked after from 15 years 10 months: not eligible at 16, eligible once 13 weeks are reached, assessed within 3 months of that', () => {
    // 16 on 15 March 2026; in care from 5 January 2026: 13 weeks (91 days) on 6 April.
    const child = youngPerson('2010-03-15', { careEpisodes: [episode('2026-01-05', null)] });
    assert.deepEqual(itemsOf(child, '2026-04-01', 'needs_assessment'), [], 'only 12 weeks in care at 1 April: not yet an eligible child');
    const item = only(child, '2026-04-10', 'needs_assessment');
    assert.equal(item.basis, 'an eligible child from 6 April 2026');
    assert.equal(item.dueDate, '2026-07-06');
    assert.equal(item.rule.source, 'Care Planning, Placement and Case Review (England) Regulations 2010, reg 42(2)');
    const early = { ...child, events: [{ kind: 'needs_assessment' as const, date: '2026-03-20' }] };
    assert.deepEqual(itemsOf(early, '2026-04-10', 'needs_assessment'), [], 'an assessment made as the 13 weeks came in sight meets the duty');
    assert.equal(only(early, '2026-04-10', 'pathway_plan_review').dueDate, '2026-09-20');
  });

  test('periods that amount in all to 13 weeks count: 6 weeks at 14, then 7 weeks more after 16', () => {
    // 14 on 1 May 2024, 16 on 1 May 2026. 42 days in 2024, then from 1 June 2026: 49 more days reach 91 on 20 July.
    const child = youngPerson('2010-05-01', { careEpisodes: [episode('2024-06-03', '2024-07-15'), episode('2026-06-01', null)] });
    const item = only(child, '2026-08-01', 'needs_assessment');
    assert.equal(item.basis, 'an eligible child from 20 July 2026');
    assert.equal(item.dueDate, '2026-10-20');
  });

  test('three weeks in care at 17 make no eligible child: no needs assessment, no pathway plan and no personal adviser’s visits, even at 19', () => {
    const child = youngPerson('2007-02-10', { careEpisodes: [episode('2024-10-07', '2024-10-28')] });
    for (const kind of ['needs_assessment', 'pathway_plan_review', 'pa_contact'] as const) {
      assert.deepEqual(itemsOf(child, '2026-06-01', kind), [], kind);
    }
  });

  test('pre-planned short breaks do not count towards the 13 weeks (reg 48)', () => {
    const child = youngPerson('2009-01-20', { careEpisodes: [episode('2023-01-09', '2025-09-01', 'V3')] });
    assert.deepEqual(itemsOf(child, '2026-03-01', 'needs_assessment'), []);
    assert.deepEqual(itemsOf(child, '2027-03-01', 'pa_contact'), []);
  });
});

describe('the category the council recorded', () => {
  test('a qualifying care leaver (s24) is owed advice and assistance, not these clocks, whatever the history', () => {
    const child = youngPerson('2007-09-03', {
      careEpisodes: [episode('2022-01-10', '2025-09-03')],
      careLeaver: { category: 'qualifying', supportUntil: null },
    });
    for (const kind of ['needs_assessment', 'pathway_plan_review', 'pa_contact'] as const) {
      assert.deepEqual(itemsOf(child, '2026-06-01', kind), [], kind);
    }
  });

  test('a former relevant young person whose care is recorded elsewhere is owed the adviser’s visits from 18', () => {
    const child = youngPerson('2007-09-03', { careLeaver: { category: 'former_relevant', supportUntil: null } });
    const item = only(child, '2026-06-01', 'pa_contact');
    assert.equal(item.basis, 'turned 18 on 3 September 2025');
    assert.equal(item.dueDate, '2025-11-03');
    assert.equal(item.status, 'overdue');
  });
});

describe('the personal adviser’s visits (Care Leavers (England) Regulations 2010 reg 8(2))', () => {
  // Eligible since 16; left care at 17 on 1 June 2026: a relevant child from then.
  const relevant = youngPerson('2009-02-16', { careEpisodes: [episode('2021-05-03', '2026-06-01')] });

  test('a relevant child (s23A) is visited from the day care ends, not from 18', () => {
    assert.deepEqual(itemsOf(relevant, '2026-05-20', 'pa_contact'), [], 'still looked after: the social worker visits');
    const item = only(relevant, '2026-06-10', 'pa_contact');
    assert.equal(item.basis, 'left care on 1 June 2026, a relevant child');
    assert.equal(item.dueDate, '2026-08-01');
    assert.equal(item.rule.source, 'Care Leavers (England) Regulations 2010, reg 8(2)(c)');
  });

  test('(a) within 7 days of moving to new accommodation, sooner than the 2 months', () => {
    const moved = { ...relevant, visits: [paVisit('2026-06-03')], moves: ['2026-06-20'] };
    const item = only(moved, '2026-06-22', 'pa_contact');
    assert.equal(item.dueDate, '2026-06-27');
    assert.equal(item.rule.id, 'pa-contact-after-move');
    const visited = { ...moved, visits: [paVisit('2026-06-03'), paVisit('2026-06-24')] };
    assert.equal(only(visited, '2026-06-25', 'pa_contact').dueDate, '2026-08-24', 'after the visit at the new home, 2 months again');
  });

  test('(b) before each pathway plan review: two reviews with no visit between them leave the second one’s visit missed', () => {
    const reviews = { ...relevant, visits: [paVisit('2026-06-03')], events: [{ kind: 'needs_assessment' as const, date: '2025-03-01' }, review('2026-06-10')] };
    assert.equal(only(reviews, '2026-06-12', 'pa_contact').dueDate, '2026-08-03', 'the visit of 3 June came before the review of 10 June');
    const early = { ...reviews, events: [...reviews.events, review('2026-07-15')] };
    const item = only(early, '2026-07-20', 'pa_contact');
    assert.equal(item.dueDate, '2026-07-15');
    assert.equal(item.rule.id, 'pa-contact-before-review');
    assert.equal(item.status, 'overdue');
  });
});

describe('what the care history says a young person is (Children Act 1989 Sch 2 para 19B, s23A, s23C, s24)', () => {
  const inCareSince13 = youngPerson('2009-02-16', { careEpisodes: [episode('2022-03-07', null)] });

  test('eligible: 16 or 17, looked after, 13 weeks since 14', () => {
    assert.deepEqual(leavingCareFromHistory(inCareSince13, '2025-01-10'), { category: null, reason: 'under 16' });
    assert.deepEqual(leavingCareFromHistory(inCareSince13, '2025-03-01'), { category: 'eligible', reason: 'looked after for 13 weeks since turning 14, from 16 February 2025' });
  });

  test('relevant: 16 or 17, left care once eligible', () => {
    const left = { ...inCareSince13, careEpisodes: [episode('2022-03-07', '2026-06-01')] };
    assert.deepEqual(leavingCareFromHistory(left, '2026-07-01'), { category: 'relevant', reason: 'left care on 1 June 2026, having been an eligible child from 16 February 2025' });
  });

  test('former relevant: 18 or over, once eligible', () => {
    assert.deepEqual(leavingCareFromHistory(inCareSince13, '2027-03-01'), { category: 'former_relevant', reason: 'an eligible child from 16 February 2025, 18 on 16 February 2027' });
  });

  test('qualifying: looked after after 16, never for 13 weeks since 14; nothing once over 21', () => {
    const brief = youngPerson('2007-02-10', { careEpisodes: [episode('2024-10-07', '2024-10-28')] });
    assert.equal(leavingCareFromHistory(brief, '2026-06-01').category, 'qualifying');
    assert.equal(leavingCareFromHistory(brief, '2028-03-01').category, null);
    const stillIn = youngPerson('2009-02-16', { careEpisodes: [episode('2026-05-04', null)] });
    assert.deepEqual(leavingCareFromHistory(stillIn, '2026-06-01'), { category: null, reason: 'looked after, but not yet for 13 weeks since turning 14' });
  });
});
