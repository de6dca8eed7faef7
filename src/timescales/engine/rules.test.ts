import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../platform/calendar/working-days.ts';
import {
  DEFAULT_SETTINGS,
  dueItems,
  dueStatus,
  emptyTimeline,
  groupTrips,
  lastMonths,
  occurrences,
  timelinessByMonth,
  travelMinutes,
  VISIT_KINDS,
  type ChildTimeline,
  type DueKind,
  type PlacementTerms,
} from './rules.ts';

/** A child with nothing on their timeline; tests add what the rule needs. */
function child(overrides: Partial<ChildTimeline> = {}): ChildTimeline {
  return { ...emptyTimeline('2015-06-10', null), ...overrides };
}

const episode = (startDate: string, overrides: Partial<ChildTimeline['careEpisodes'][number]> = {}) => ({
  startDate,
  endDate: null,
  reasonNewEpisode: 'S',
  legalStatus: 'C2',
  placementType: 'U3',
  placementPostcode: 'BN21 4AB' as string | null,
  ...overrides,
});
const terms = (placementStart: string, overrides: Partial<PlacementTerms> = {}): PlacementTerms => ({
  placementStart,
  longTermTo18: false,
  temporaryConnectedPerson: false,
  placedBeforeAssessment: false,
  sixMonthlyVisits: false,
  ...overrides,
});
/** A visit by the child's allocated worker, in person, at which the child was seen. */
const seen = (date: string) => ({ date, kind: 'social_worker' as const, childSeen: true, statutory: true });
const notSeen = (date: string) => ({ date, kind: 'social_worker' as const, childSeen: false, statutory: true });

function due(timeline: ChildTimeline, today: string, kind: DueKind) {
  return dueItems(timeline, today).filter((i) => i.kind === kind);
}

function onlyDue(timeline: ChildTimeline, today: string, kind: DueKind) {
  const items = due(timeline, today, kind);
  assert.equal(items.length, 1, `one ${kind} item, not ${items.length}`);
  return items[0]!;
}

describe('calendar arithmetic', () => {
  test('working days skip weekends and England and Wales bank holidays, including substitute days', () => {
    // Christmas 2026: 25 Dec is a Friday; Boxing Day a Saturday, so Monday 28 Dec is the substitute day.
    assert.equal(isWorkingDay('2026-12-28'), false);
    assert.equal(isWorkingDay('2027-01-01'), false);
    assert.equal(addWorkingDays('2026-12-23', 2), '2026-12-29');
  });
});

describe('which visits meet the duty', () => {
  // Reg 28(1)-(2) of the Care Planning, Placement and Case Review (England) Regulations 2010: the
  // responsible authority "must ensure that ... [its] representative visits C"; Working Together 2023:
  // the child is seen by their lead social worker. A visit counts when the child is seen in person by the
  // worker who holds them, or by someone visiting for that worker.
  test('reg 28 and Working Together 2023: a virtual visit, or one by someone who does not hold the child, stays on the record but does not meet the duty', () => {
    const timeline = child({ careEpisodes: [episode('2026-03-02')] });
    const counted = child({ ...timeline, visits: [seen('2026-03-06')] });
    const notCounted = child({ ...timeline, visits: [{ ...seen('2026-03-06'), statutory: false }] });
    assert.equal(onlyDue(counted, '2026-03-10', 'cla_visit').dueDate, '2026-04-17', 'the next visit is due 6 weeks after a visit that counts');
    const owed = onlyDue(notCounted, '2026-03-10', 'cla_visit');
    assert.equal(owed.dueDate, '2026-03-09', 'the first week\'s visit is still owed');
    assert.equal(owed.status, 'overdue');
  });
});

describe('visits to a child looked after (reg 28)', () => {
  // Reg 28 times visits from the start of a placement; the SSDA903 guide records a temporary move
  // (T0 to T4: hospital, a holiday, respite of 7 days or less) as an episode without the placement ending.
  test('reg 28 and the SSDA903 temporary-move codes: a holiday (T2) and the return from it neither restart the visits nor drop the long-term terms', () => {
    const holiday = [
      episode('2025-01-06', { endDate: '2026-02-01' }),
      episode('2026-02-01', { endDate: '2026-02-08', reasonNewEpisode: 'P', placementType: 'T2', placementPostcode: 'TR1 1AA' }),
      episode('2026-02-08', { reasonNewEpisode: 'P' }),
    ];
    const longTerm = child({ careEpisodes: holiday, placementTerms: [terms('2025-01-06', { longTermTo18: true, temporaryConnectedPerson: false })], visits: [seen('2026-01-20')] });
    const item = onlyDue(longTerm, '2026-02-10', 'cla_visit');
    assert.equal(item.dueDate, '2026-04-20', 'still 3 months after the last visit');
    assert.equal(item.rule.id, 'cla-visit-long-term');
    assert.equal(item.basis, 'placement began 6 January 2025');
    const moved = child({ careEpisodes: [...holiday.slice(0, 2), episode('2026-02-08', { reasonNewEpisode: 'P', placementPostcode: 'TN34 1AA' })], visits: [seen('2026-01-20')] });
    assert.equal(onlyDue(moved, '2026-02-10', 'cla_visit').dueDate, '2026-02-15', 'a move to another home after the holiday is a new placement: a visit within a week');
  });

  test('within 1 week of the start of a placement', () => {
    const item = onlyDue(child({ careEpisodes: [episode('2026-03-02')] }), '2026-03-04', 'cla_visit');
    assert.equal(item.dueDate, '2026-03-09');
    assert.equal(item.rule.id, 'cla-visit-first-week');
    assert.match(item.rule.source, /reg 28\(2\)\(a\)/);
    assert.equal(item.basis, 'placement began 2 March 2026');
    assert.equal(item.status, 'next_4_weeks');
  });

  test('then at most every 6 weeks in the placement’s first year', () => {
    const item = onlyDue(child({ careEpisodes: [episode('2026-03-02')], visits: [seen('2026-03-05')] }), '2026-03-20', 'cla_visit');
    assert.equal(item.dueDate, '2026-04-16');
    assert.equal(item.rule.id, 'cla-visit-first-year');
  });

  test('after the first year, every 3 months when the placement is intended to last until 18, otherwise still every 6 weeks', () => {
    const base = { careEpisodes: [episode('2025-01-06')], visits: [seen('2025-01-08'), seen('2025-12-20')] };
    const shortTerm = onlyDue(child(base), '2026-01-10', 'cla_visit');
    assert.equal(shortTerm.dueDate, '2026-01-31');
    assert.equal(shortTerm.rule.id, 'cla-visit-after-first-year');
    const longTerm = onlyDue(
      child({ ...base, placementTerms: [terms('2025-01-06', { longTermTo18: true, temporaryConnectedPerson: false })] }),
      '2026-01-10',
      'cla_visit',
    );
    assert.equal(longTerm.dueDate, '2026-03-20');
    assert.equal(longTerm.rule.id, 'cla-visit-long-term');
    assert.match(longTerm.rule.source, /reg 28\(2\)\(c\)\(i\)$/, 'reg 28(2)(c)(i): "where the placement is intended to last until C is aged 18"');
    assert.match(shortTerm.rule.source, /reg 28\(2\)\(c\)\(ii\)$/);
  });

  test('placed with parents under an interim care order: weekly until the first review, then at most every 4 weeks', () => {
    const withParents = { careEpisodes: [episode('2026-05-04', { legalStatus: 'C1', placementType: 'P1' })] };
    const before = onlyDue(child({ ...withParents, visits: [seen('2026-05-05')] }), '2026-05-06', 'cla_visit');
    assert.equal(before.dueDate, '2026-05-12');
    assert.equal(before.rule.id, 'cla-visit-weekly-to-first-review');
    const after = onlyDue(
      child({ ...withParents, visits: [seen('2026-05-05'), seen('2026-05-12'), seen('2026-05-19'), seen('2026-05-26'), seen('2026-06-02')], events: [{ kind: 'cla_review', date: '2026-06-01' }] }),
      '2026-06-03',
      'cla_visit',
    );
    assert.equal(after.dueDate, '2026-06-30');
    assert.equal(after.rule.id, 'cla-visit-four-weekly');
    assert.match(after.rule.source, /reg 28\(4\)\(b\)$/, 'reg 28(4): an interim care order, living with P');
  });

  test('a temporarily approved connected person (reg 24) is visited weekly too', () => {
    const item = onlyDue(
      child({
        careEpisodes: [episode('2026-05-04', { placementType: 'U4' })],
        placementTerms: [terms('2026-05-04', { longTermTo18: false, temporaryConnectedPerson: true })],
        visits: [seen('2026-05-08')],
      }),
      '2026-05-09',
      'cla_visit',
    );
    assert.equal(item.dueDate, '2026-05-15');
  });

  test('short breaks: at the frequency agreed with the IRO', () => {
    const breaks = { careEpisodes: [episode('2026-01-05', { legalStatus: 'V3' })], visits: [seen('2026-02-02')] };
    assert.equal(onlyDue(child(breaks), '2026-02-10', 'cla_visit').dueDate, '2026-05-02', 'the local default of 3 months until agreed');
    const agreed = onlyDue(child({ ...breaks, frequencies: [{ appliesTo: 'short_breaks', everyN: 6, unit: 'weeks', fromDate: '2026-01-20' }] }), '2026-02-10', 'cla_visit');
    assert.equal(agreed.dueDate, '2026-03-16');
    assert.equal(agreed.rule.id, 'cla-visit-short-breaks');
    assert.equal(due(child(breaks), '2026-02-10', 'health_assessment').length, 0, 'no health assessment for short breaks');
  });

  // Reg 28(3): "Where regulation 19 applies [placed with P before the assessment is complete] ... (a) at least
  // once a week until the first review ... and (b) thereafter at intervals of not more than six weeks."
  test('reg 28(3): placed with a parent before the assessment is complete, weekly until the first review, then at most 6-weekly', () => {
    const beforeAssessment = { careEpisodes: [episode('2026-05-04', { placementType: 'P1' })], placementTerms: [terms('2026-05-04', { placedBeforeAssessment: true })] };
    const weekly = onlyDue(child({ ...beforeAssessment, visits: [seen('2026-05-05')] }), '2026-05-06', 'cla_visit');
    assert.equal(weekly.dueDate, '2026-05-12');
    assert.equal(weekly.rule.id, 'cla-visit-before-assessment-weekly');
    assert.match(weekly.rule.source, /reg 28\(3\)\(a\)/);
    const visits = ['2026-05-05', '2026-05-12', '2026-05-19', '2026-05-26', '2026-06-02'].map(seen);
    const later = onlyDue(child({ ...beforeAssessment, visits, events: [{ kind: 'cla_review', date: '2026-06-01' }] }), '2026-06-03', 'cla_visit');
    assert.equal(later.dueDate, '2026-07-14', '6 weeks, not the 4 weeks of an interim care order at home');
    assert.equal(later.rule.id, 'cla-visit-before-assessment-six-weekly');
  });

  // Reg 28(5): "Where a care order has been made ... and C is living with P ... (a) within one week of the
  // making of the care order, and (b) thereafter at intervals of not more than six weeks."
  test('reg 28(5): a care order made while the child lives at home starts its own clock: a visit within a week of the order, then at most 6-weekly, never 3-monthly', () => {
    const atHome = [
      episode('2026-01-05', { legalStatus: 'C1', placementType: 'P1', endDate: '2026-03-02' }),
      episode('2026-03-02', { reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'P1' }),
    ];
    const weeklyVisits = ['2026-01-09', '2026-01-16', '2026-01-23', '2026-01-30', '2026-02-20'].map(seen);
    const base = { careEpisodes: atHome, events: [{ kind: 'cla_review' as const, date: '2026-02-02' }], placementTerms: [terms('2026-01-05', { longTermTo18: true })] };
    const order = onlyDue(child({ ...base, visits: weeklyVisits }), '2026-03-03', 'cla_visit');
    assert.equal(order.dueDate, '2026-03-09', 'a change of legal status alone starts the week, although the placement goes on');
    assert.equal(order.rule.id, 'cla-visit-care-order-at-home-first');
    assert.equal(order.basis, 'care order made, living with a parent, 2 March 2026');
    const sixWeekly = onlyDue(child({ ...base, visits: [...weeklyVisits, seen('2026-03-06'), seen('2027-02-01')] }), '2027-02-02', 'cla_visit');
    assert.equal(sixWeekly.dueDate, '2027-03-15', 'still 6 weeks after a year, although the placement is marked long-term');
    assert.equal(sixWeekly.rule.id, 'cla-visit-care-order-at-home');
  });

  // Reg 28(2)(c) as amended in 2015: after the first year of a long-term foster placement, visits may be at
  // most 6-monthly when the child, of sufficient age and understanding, asks to be visited less often.
  test('reg 28(2)(c), 2015: 6-monthly visits after a year only in a long-term foster placement whose child asked for them', () => {
    const base = { visits: [seen('2025-01-08'), seen('2025-12-20')], placementTerms: [terms('2025-01-06', { longTermTo18: true, sixMonthlyVisits: true })] };
    const foster = onlyDue(child({ ...base, careEpisodes: [episode('2025-01-06', { placementType: 'U4' })] }), '2026-01-10', 'cla_visit');
    assert.equal(foster.dueDate, '2026-06-20');
    assert.equal(foster.rule.id, 'cla-visit-long-term-six-monthly');
    const home = onlyDue(child({ ...base, careEpisodes: [episode('2025-01-06', { placementType: 'K2' })] }), '2026-01-10', 'cla_visit');
    assert.equal(home.dueDate, '2026-03-20', 'a children’s home is not a foster placement: 3-monthly');
    const firstYear = onlyDue(child({ ...base, careEpisodes: [episode('2025-01-06', { placementType: 'U4' })], visits: [seen('2025-01-08')] }), '2025-01-10', 'cla_visit');
    assert.equal(firstYear.dueDate, '2025-02-19', 'in the first year, 6 weeks whatever was agreed');
  });

  test('a change of placement restarts the sequence: due within a week of the move, whatever the last visit', () => {
    const timeline = child({
      careEpisodes: [
        episode('2026-01-05', { endDate: '2026-06-01' }),
        episode('2026-06-01', { reasonNewEpisode: 'P', placementType: 'K2' }),
      ],
      visits: [seen('2026-05-30')],
    });
    const item = onlyDue(timeline, '2026-06-02', 'cla_visit');
    assert.equal(item.dueDate, '2026-06-08');
    assert.equal(item.basis, 'placement began 1 June 2026');
  });

  test('a change of legal status only does not restart it', () => {
    const timeline = child({
      careEpisodes: [episode('2026-01-05', { legalStatus: 'C1', endDate: '2026-03-01' }), episode('2026-03-01', { reasonNewEpisode: 'L', legalStatus: 'C2' })],
      visits: [seen('2026-02-20')],
    });
    assert.equal(onlyDue(timeline, '2026-03-02', 'cla_visit').dueDate, '2026-04-03');
  });

  test('a visit where the child was not seen does not count', () => {
    const timeline = child({ careEpisodes: [episode('2026-03-02')], visits: [notSeen('2026-03-06')] });
    const item = onlyDue(timeline, '2026-03-12', 'cla_visit');
    assert.equal(item.dueDate, '2026-03-09');
    assert.equal(item.status, 'overdue');
    assert.equal(item.daysOverdue, 3);
  });

  test('when care ends, its visits, reviews, health and education items stop', () => {
    const timeline = child({ careEpisodes: [episode('2026-03-02', { endDate: '2026-03-06' })] });
    assert.deepEqual(
      dueItems(timeline, '2026-04-20').map((i) => i.kind),
      [],
    );
  });

  test('the 18th birthday ends the looked-after rules and starts the care leaver’s: personal adviser contact every 2 months', () => {
    const timeline = child({
      dateOfBirth: '2008-07-15',
      careEpisodes: [episode('2020-01-06')],
      events: [{ kind: 'needs_assessment', date: '2024-09-01' }, { kind: 'pathway_plan_review', date: '2026-03-01' }],
    });
    const kinds = dueItems(timeline, '2026-07-20').map((i) => i.kind);
    assert.ok(!kinds.includes('cla_visit') && !kinds.includes('cla_review'), kinds.join());
    const pa = onlyDue(timeline, '2026-07-20', 'pa_contact');
    assert.equal(pa.dueDate, '2026-09-15');
    assert.equal(pa.basis, 'turned 18 on 15 July 2026');
    assert.equal(onlyDue(timeline, '2026-07-20', 'pathway_plan_review').dueDate, '2026-09-01');
    const withPa = child({ ...timeline, visits: [{ date: '2026-08-03', kind: 'personal_adviser', childSeen: true, statutory: true }] });
    assert.equal(onlyDue(withPa, '2026-08-10', 'pa_contact').dueDate, '2026-10-03');
  });

  test('born 29 February: 18 on 1 March in a common year (Family Law Reform Act 1969 s.9; docs/timescales.md), so the care leaver’s clocks start then, not on 28 February', () => {
    const timeline = child({
      dateOfBirth: '2008-02-29',
      careEpisodes: [episode('2020-01-06')],
      events: [{ kind: 'needs_assessment', date: '2024-09-01' }],
    });
    assert.deepEqual(due(timeline, '2026-02-28', 'pa_contact'), [], 'still 17 on 28 February: no personal adviser contact is due yet');
    const pa = onlyDue(timeline, '2026-03-01', 'pa_contact');
    assert.equal(pa.basis, 'turned 18 on 1 March 2026');
    assert.equal(pa.dueDate, '2026-05-01');
  });
});

describe('looked-after reviews (reg 33)', () => {
  test('the first within 20 working days, counting round Christmas and New Year bank holidays', () => {
    const item = onlyDue(child({ careEpisodes: [episode('2026-12-14')] }), '2026-12-15', 'cla_review');
    assert.equal(item.dueDate, '2027-01-14');
    assert.equal(workingDaysBetween('2026-12-14', '2027-01-14'), 20);
  });

  test('the second within 3 months of the first (29 February in a leap year), then every 6 months', () => {
    const base = { careEpisodes: [episode('2027-11-01')] };
    assert.equal(onlyDue(child({ ...base, events: [{ kind: 'cla_review', date: '2027-11-30' }] }), '2027-12-01', 'cla_review').dueDate, '2028-02-29');
    const third = onlyDue(
      child({ ...base, events: [{ kind: 'cla_review', date: '2027-11-30' }, { kind: 'cla_review', date: '2028-02-29' }] }),
      '2028-03-01',
      'cla_review',
    );
    assert.equal(third.dueDate, '2028-08-29');
    assert.equal(third.rule.id, 'cla-review-later');
  });

  test('a late review counts from the day it was held', () => {
    const timeline = child({ careEpisodes: [episode('2026-01-05')], events: [{ kind: 'cla_review', date: '2026-02-20' }] });
    const history = occurrences(timeline, '2026-03-01').filter((o) => o.kind === 'cla_review');
    assert.deepEqual(
      history.map((o) => [o.dueDate, o.doneOn]),
      [
        ['2026-02-02', '2026-02-20'],
        ['2026-05-20', null],
      ],
    );
  });
});

describe('health and education of children looked after', () => {
  test('health: initial before the first review, then 6-monthly under 5 and yearly from 5', () => {
    const toddler = child({ dateOfBirth: '2023-04-01', careEpisodes: [episode('2026-01-05')], events: [{ kind: 'health_assessment', date: '2026-01-20' }] });
    assert.equal(onlyDue(toddler, '2026-02-01', 'health_assessment').dueDate, '2026-07-20');
    const older = child({ careEpisodes: [episode('2026-01-05')], events: [{ kind: 'health_assessment', date: '2026-01-20' }] });
    assert.equal(onlyDue(older, '2026-02-01', 'health_assessment').dueDate, '2027-01-20');
    assert.equal(onlyDue(child({ careEpisodes: [episode('2026-01-05')] }), '2026-01-06', 'health_assessment').dueDate, '2026-02-02');
  });

  test('PEP: for the first review, then by the end of each school term', () => {
    const timeline = child({ careEpisodes: [episode('2026-01-05')], events: [{ kind: 'pep_review', date: '2026-01-28' }] });
    const item = onlyDue(timeline, '2026-02-01', 'pep_review');
    assert.equal(item.dueDate, '2026-08-31', 'reviewed in the spring term, next by the end of the summer term');
    assert.equal(due(child({ dateOfBirth: '2025-06-01', careEpisodes: [episode('2026-01-05')] }), '2026-02-01', 'pep_review').length, 0, 'not before age 3');
  });
});

describe('child protection (Working Together 2023)', () => {
  // Working Together 2023: the initial child protection conference "within 15 working days of the strategy
  // discussion, or the strategy discussion at which section 47 enquiries were initiated if more than one has been held".
  test('ICPC (Working Together 2023): within 15 working days of the strategy discussion at which the s47 enquiry was started, not a later one', () => {
    const timeline = child({
      referrals: [{ referralDate: '2026-02-27', closeDate: null, noFurtherAction: false }],
      events: [
        { kind: 'strategy_discussion', date: '2026-03-02', s47Started: true },
        { kind: 'strategy_discussion', date: '2026-03-09', s47Started: true },
      ],
    });
    const item = onlyDue(timeline, '2026-03-10', 'icpc');
    assert.equal(item.dueDate, '2026-03-23', '15 working days from Monday 2 March');
    assert.equal(item.basis, 'strategy discussion 2 March 2026 started the section 47 enquiry');
    assert.match(item.rule.text, /strategy discussion at which the section 47 enquiry was started/);
    const heldAsPlan = child({ ...timeline, cpPlans: [{ startDate: '2026-03-20', endDate: null }] });
    assert.equal(due(heldAsPlan, '2026-03-26', 'icpc').length, 0, 'a plan starting at the conference satisfies it');
    const noConference = child({ ...timeline, events: [...timeline.events, { kind: 's47_no_conference', date: '2026-03-20' }] });
    assert.equal(due(noConference, '2026-03-26', 'icpc').length, 0, 'an enquiry that ends without a conference stops the clock');
  });

  test('ICPC (Working Together 2023): a later discussion that starts no s47 enquiry does not make the clock vanish', () => {
    const timeline = child({
      referrals: [{ referralDate: '2026-02-27', closeDate: null, noFurtherAction: false }],
      events: [
        { kind: 'strategy_discussion', date: '2026-03-02', s47Started: true },
        { kind: 'strategy_discussion', date: '2026-03-12', s47Started: false },
      ],
    });
    const item = onlyDue(timeline, '2026-03-26', 'icpc');
    assert.equal(item.dueDate, '2026-03-23');
    assert.equal(item.status, 'overdue', 'the conference is still owed, and late');
  });

  test('ICPC (Working Together 2023): a new enquiry once the last has ended starts a new clock', () => {
    const timeline = child({
      referrals: [{ referralDate: '2026-02-27', closeDate: null, noFurtherAction: false }],
      events: [
        { kind: 'strategy_discussion', date: '2026-03-02', s47Started: true },
        { kind: 's47_no_conference', date: '2026-03-10' },
        { kind: 'strategy_discussion', date: '2026-05-04', s47Started: true },
      ],
    });
    const item = onlyDue(timeline, '2026-05-05', 'icpc');
    assert.equal(item.basis, 'strategy discussion 4 May 2026 started the section 47 enquiry');
  });

  test('ICPC (Working Together 2023): no initial conference is owed for a child already on a plan; a new enquiry there leads to a review', () => {
    const timeline = child({
      referrals: [{ referralDate: '2025-10-01', closeDate: null, noFurtherAction: false }],
      cpPlans: [{ startDate: '2025-11-03', endDate: null }],
      events: [{ kind: 'strategy_discussion', date: '2026-03-02', s47Started: true }],
    });
    assert.equal(due(timeline, '2026-03-03', 'icpc').length, 0);
    assert.equal(due(timeline, '2026-03-03', 'cp_review').length, 1, "the plan's review conference is still owed");
  });

  test('review conferences: within 3 months of the ICPC, then at most every 6 months', () => {
    const plan = { cpPlans: [{ startDate: '2026-01-31', endDate: null }] };
    assert.equal(onlyDue(child(plan), '2026-02-01', 'cp_review').dueDate, '2026-04-30');
    assert.equal(onlyDue(child({ ...plan, events: [{ kind: 'cp_review', date: '2026-04-20' }] }), '2026-04-21', 'cp_review').dueDate, '2026-10-20');
  });

  test('visits every 10 working days by default, or as the plan sets; the first core group within 10 working days', () => {
    const plan = { cpPlans: [{ startDate: '2026-12-21', endDate: null }] };
    const visit = onlyDue(child(plan), '2026-12-22', 'cp_visit');
    assert.equal(visit.dueDate, '2027-01-07', '25 and 28 December and 1 January are not working days');
    assert.equal(onlyDue(child(plan), '2026-12-22', 'core_group').dueDate, '2027-01-07');
    const weekly = child({ ...plan, frequencies: [{ appliesTo: 'cp', everyN: 1, unit: 'weeks', fromDate: '2026-12-21' }], visits: [seen('2027-01-04')] });
    assert.equal(onlyDue(weekly, '2027-01-05', 'cp_visit').dueDate, '2027-01-11');
  });

  test('a frequency a plan sets beyond the ceilings is cut to them: 4 weeks for a child protection plan, 6 weeks for a child in need (local, docs/timescales.md)', () => {
    const slack = [{ appliesTo: 'cp' as const, everyN: 12, unit: 'weeks' as const, fromDate: '2026-03-02' }, { appliesTo: 'cin' as const, everyN: 6, unit: 'months' as const, fromDate: '2026-01-05' }];
    const onPlan = child({ cpPlans: [{ startDate: '2026-03-02', endDate: null }], frequencies: slack, visits: [seen('2026-03-05')] });
    assert.equal(onlyDue(onPlan, '2026-03-06', 'cp_visit').dueDate, '2026-04-02');
    const inNeed = child({ referrals: [{ referralDate: '2026-01-05', closeDate: null, noFurtherAction: false }], frequencies: slack, visits: [seen('2026-01-07')] });
    assert.equal(onlyDue(inNeed, '2026-01-08', 'cin_visit').dueDate, '2026-02-18');
  });

  test('the plan ending stops its items', () => {
    const ended = child({ cpPlans: [{ startDate: '2026-01-05', endDate: '2026-03-01' }] });
    assert.deepEqual(dueItems(ended, '2026-06-01'), []);
  });
});

// Reg 48: a series of short breaks (V3, V4) is one arrangement. Reg 28(2) does not apply: the child is
// visited "on days when C is in fact placed, at regular intervals to be agreed with the IRO ... and in any
// event" the first within 3 months of the start of the first placement and then at most every 6 months; the
// case is reviewed first within 3 months of the first placement and then at most every 6 months.
describe('short breaks (reg 48)', () => {
  const breaks = [
    episode('2026-01-10', { legalStatus: 'V3', placementType: 'U1', endDate: '2026-01-12' }),
    episode('2026-02-14', { legalStatus: 'V3', placementType: 'U1', endDate: '2026-02-16' }),
    episode('2026-05-09', { legalStatus: 'V3', placementType: 'U1', endDate: '2026-05-11' }),
  ];
  const openCase = [{ referralDate: '2026-01-05', closeDate: null, noFurtherAction: false }];

  test('reg 48: a series of breaks is one arrangement, reviewed within 3 months of the first break and then 6-monthly', () => {
    const series = child({ careEpisodes: breaks, referrals: openCase });
    const review = onlyDue(series, '2026-05-20', 'cla_review');
    assert.equal(review.dueDate, '2026-04-10');
    assert.equal(review.rule.id, 'cla-review-short-breaks-first');
    assert.equal(review.basis, 'short breaks began 10 January 2026');
    const reviewed = onlyDue(child({ careEpisodes: breaks, referrals: openCase, events: [{ kind: 'cla_review', date: '2026-04-01' }] }), '2026-05-20', 'cla_review');
    assert.equal(reviewed.dueDate, '2026-10-01');
    assert.equal(due(series, '2026-05-20', 'health_assessment').length + due(series, '2026-05-20', 'pep_review').length, 0, 'no health assessment or education plan for short breaks (reg 48(3)(b))');
  });

  test('reg 48(3)(c): only a visit on a day of a break counts, and an agreed interval longer than 6 months is cut to 6', () => {
    const visits = [seen('2026-02-15'), seen('2026-03-20')];
    const item = onlyDue(child({ careEpisodes: breaks, referrals: openCase, visits }), '2026-05-20', 'cla_visit');
    assert.equal(item.dueDate, '2026-05-15', '3 months (the default until agreed) from the visit during the February break; the visit at home in March does not count');
    const agreedNine = child({ careEpisodes: breaks, referrals: openCase, visits, frequencies: [{ appliesTo: 'short_breaks', everyN: 9, unit: 'months', fromDate: '2026-01-05' }] });
    const capped = onlyDue(agreedNine, '2026-05-20', 'cla_visit');
    assert.equal(capped.dueDate, '2026-08-15');
    assert.equal(capped.rule.id, 'cla-visit-short-breaks-later');
    assert.equal(onlyDue(child({ careEpisodes: breaks, referrals: openCase }), '2026-02-01', 'cla_visit').dueDate, '2026-04-10', 'the first within 3 months of the first break');
  });

  test('Care Leavers (England) Regulations 2010: short breaks alone make no care leaver', () => {
    const youngAdult = child({
      dateOfBirth: '2008-03-01',
      careEpisodes: [episode('2024-06-01', { legalStatus: 'V3', endDate: '2024-06-03' }), episode('2026-02-10', { legalStatus: 'V3', endDate: '2026-02-12' })],
      referrals: [{ referralDate: '2024-05-01', closeDate: null, noFurtherAction: false }],
    });
    for (const kind of ['needs_assessment', 'pathway_plan_review', 'pa_contact'] as const) assert.equal(due(youngAdult, '2026-05-20', kind).length, 0, kind);
  });
});

describe('children in need', () => {
  test('assessment within 45 working days of the referral, across Easter and May bank holidays', () => {
    const item = onlyDue(child({ referrals: [{ referralDate: '2026-04-01', closeDate: null, noFurtherAction: false }] }), '2026-04-02', 'assessment');
    assert.equal(item.dueDate, '2026-06-09');
    assert.equal(item.rule.id, 'assessment');
  });

  // Working Together to Safeguard Children 2023, chapter 3: "The maximum timeframe for the assessment to conclude,
  // such that it is possible to reach a decision on next steps, should be no longer than 45 working days from the
  // point of referral." The CIN census completes an assessment on the date it is authorised.
  test('an assessment counts for the referral it belongs to: authorised on or after the referral and not after its close', () => {
    const referrals = [
      { referralDate: '2025-03-03', closeDate: '2025-06-30', noFurtherAction: false },
      { referralDate: '2026-04-01', closeDate: null, noFurtherAction: false },
    ];
    const assessments = (timeline: ChildTimeline, today: string) =>
      occurrences(timeline, today)
        .filter((o) => o.kind === 'assessment')
        .map((o) => [o.dueDate, o.doneOn]);
    // Authorised for the first referral only: the second's assessment is still open.
    assert.deepEqual(assessments(child({ referrals, events: [{ kind: 'assessment', date: '2025-04-28' }] }), '2026-06-15'), [
      ['2025-05-08', '2025-04-28'],
      ['2026-06-09', null],
    ]);
    // Authorised after the first closed and before the second was made: it meets neither.
    assert.deepEqual(assessments(child({ referrals, events: [{ kind: 'assessment', date: '2025-07-15' }] }), '2026-04-02'), [
      ['2025-05-08', null],
      ['2026-06-09', null],
    ]);
    assert.equal(onlyDue(child({ referrals, events: [{ kind: 'assessment', date: '2025-07-15' }] }), '2026-04-02', 'assessment').dueDate, '2026-06-09');
    // Authorised for the second: the first's is still missing, the second's is met and leaves work due.
    assert.deepEqual(assessments(child({ referrals, events: [{ kind: 'assessment', date: '2026-06-09' }] }), '2026-06-20'), [
      ['2025-05-08', null],
      ['2026-06-09', '2026-06-09'],
    ]);
    assert.equal(due(child({ referrals, events: [{ kind: 'assessment', date: '2026-06-09' }] }), '2026-06-20', 'assessment').length, 0);
  });

  test('visits every 20 working days, not while a CP plan covers the child, and again from when it ends', () => {
    const timeline = child({
      referrals: [{ referralDate: '2026-01-05', closeDate: null, noFurtherAction: false }],
      cpPlans: [{ startDate: '2026-02-02', endDate: '2026-06-01' }],
      events: [{ kind: 'assessment', date: '2026-01-26' }],
    });
    const items = due(timeline, '2026-06-02', 'cin_visit');
    assert.equal(items.length, 1);
    assert.equal(items[0]!.dueDate, '2026-06-29');
    assert.equal(items[0]!.basis, 'child in need from 1 June 2026');
    assert.equal(due(timeline, '2026-03-02', 'cin_visit').length, 0);
  });

  test('a referral that needed no further action has no assessment or visits', () => {
    assert.deepEqual(dueItems(child({ referrals: [{ referralDate: '2026-01-05', closeDate: null, noFurtherAction: true }] }), '2026-04-01'), []);
  });
});

// The Children (Private Arrangements for Fostering) Regulations 2005: an officer visits "within seven working
// days" of the notification (regs 4 and 7), then "in the first year of the private fostering arrangement, at
// intervals of not more than six weeks; and in any second or subsequent year, at intervals of not more than 12
// weeks" (reg 8(1)); "the private fostering arrangement is deemed to begin when the local authority become
// aware of it" (reg 8(6)).
describe('private fostering (2005 Regulations)', () => {
  const fostered = { privateFostering: [{ notifiedOn: '2026-03-02', endedOn: null }] };

  test('2005 Regulations regs 4 and 7: the first visit within 7 working days of the council being told (Easter falls inside)', () => {
    const item = onlyDue(child({ privateFostering: [{ notifiedOn: '2026-03-31', endedOn: null }] }), '2026-04-01', 'pf_visit');
    assert.equal(item.dueDate, '2026-04-13', 'Good Friday 3 April and Easter Monday 6 April are not working days');
    assert.equal(item.rule.id, 'pf-visit-first');
  });

  test('2005 Regulations reg 8(1): every 6 weeks in the first year of the arrangement, every 12 weeks from the second', () => {
    const firstYear = onlyDue(child({ ...fostered, visits: [seen('2026-03-05')] }), '2026-03-06', 'pf_visit');
    assert.equal(firstYear.dueDate, '2026-04-16');
    assert.equal(firstYear.rule.id, 'pf-visit-first-year');
    const lastOfFirstYear = onlyDue(child({ ...fostered, visits: [seen('2026-03-05'), seen('2027-03-01')] }), '2027-03-02', 'pf_visit');
    assert.equal(lastOfFirstYear.dueDate, '2027-04-12', '1 March 2027 is still in the first year: 6 weeks');
    const secondYear = onlyDue(child({ ...fostered, visits: [seen('2026-03-05'), seen('2027-03-02')] }), '2027-03-03', 'pf_visit');
    assert.equal(secondYear.dueDate, '2027-05-25', '2 March 2027 begins the second year: 12 weeks');
    assert.equal(secondYear.rule.id, 'pf-visit-later');
    assert.deepEqual(due(child({ privateFostering: [{ notifiedOn: '2026-03-02', endedOn: '2026-05-01' }] }), '2026-06-01', 'pf_visit'), [], 'an ended arrangement owes nothing more');
  });
});

// The Visits to Former Looked After Children in Detention (England) Regulations 2010, reg 4: the council's
// representative visits a child who stopped being looked after on being detained "within ten working days of
// A first being detained, in so far as is reasonably practicable", and later when reasonably asked; reg 2(2):
// not for a relevant child (s23A), whose personal adviser's duties apply instead.
describe('children in custody (2010 Detention Regulations)', () => {
  const sentenced = (dateOfBirth: string, start: string) =>
    child({ dateOfBirth, careEpisodes: [episode(start, { legalStatus: 'V2', endDate: '2026-05-20', reasonCeased: 'E9' })] });

  test('Detention Regulations reg 4: a visit within 10 working days of being sentenced to custody (SSDA903 E9), across the spring bank holiday', () => {
    const item = onlyDue(sentenced('2011-01-01', '2025-06-02'), '2026-05-21', 'detention_visit');
    assert.equal(item.dueDate, '2026-06-04');
    assert.equal(item.rule.id, 'detention-visit');
    assert.equal(item.basis, 'sentenced to custody 20 May 2026');
    assert.deepEqual(due(child({ ...sentenced('2011-01-01', '2025-06-02'), visits: [seen('2026-06-01')] }), '2026-06-10', 'detention_visit'), [], 'visited in time: nothing more is timed (later visits are on request)');
    const otherEnding = child({ dateOfBirth: '2011-01-01', careEpisodes: [episode('2025-06-02', { legalStatus: 'V2', endDate: '2026-05-20', reasonCeased: 'E13' })] });
    assert.deepEqual(due(otherEnding, '2026-05-21', 'detention_visit'), [], 'care ending for another reason owes no detention visit');
  });

  test('Detention Regulations reg 2(2): not for a relevant child, 16 and looked after for 13 weeks since 14', () => {
    assert.deepEqual(due(sentenced('2009-06-01', '2024-01-02'), '2026-05-21', 'detention_visit'), []);
    assert.equal(due(sentenced('2009-06-01', '2026-04-01'), '2026-05-21', 'detention_visit').length, 1, 'looked after for only 7 weeks: not a relevant child');
  });
});

describe('the referral and care proceedings', () => {
  // Working Together 2023: "Within one working day of a referral being received, a local authority social
  // worker should ... make a decision about next steps and the type of response required."
  test('Working Together 2023: the decision on a referral within 1 working day, across a bank holiday weekend', () => {
    const referral = { referrals: [{ referralDate: '2026-05-22', closeDate: null, noFurtherAction: false }] };
    const item = onlyDue(child(referral), '2026-05-22', 'referral_decision');
    assert.equal(item.dueDate, '2026-05-26', 'Friday 22 May: Monday 25 May is the spring bank holiday');
    assert.equal(due(child({ ...referral, events: [{ kind: 'referral_decision', date: '2026-05-26' }] }), '2026-05-27', 'referral_decision').length, 0);
    const late = occurrences(child({ ...referral, events: [{ kind: 'referral_decision', date: '2026-05-28' }] }), '2026-05-29').filter((o) => o.kind === 'referral_decision');
    assert.deepEqual(late.map((o) => [o.dueDate, o.doneOn]), [['2026-05-26', '2026-05-28']], 'a late decision counts as late');
    const planned = occurrences(child({ ...referral, cpPlans: [{ startDate: '2026-06-10', endDate: null }] }), '2026-06-11').filter((o) => o.kind === 'referral_decision');
    assert.deepEqual(planned.map((o) => o.doneOn), ['2026-06-10'], 'with no decision recorded, the first next step taken (here a plan) shows it was made, late');
  });

  // Children Act 1989 s32(1)(a), as amended by the Children and Families Act 2014 s14: proceedings are to be
  // disposed of "without delay, and, in any event, within twenty-six weeks beginning with the day on which the
  // application was issued".
  test('Children Act 1989 s32(1)(a): care proceedings concluded within 26 weeks beginning with the day the application was issued', () => {
    const item = onlyDue(child({ careProceedingsSince: '2026-01-05' }), '2026-06-01', 'care_proceedings');
    assert.equal(item.dueDate, '2026-07-05', 'week 26 ends on the Sunday before the Monday it began on');
    assert.equal(item.status, 'later');
    assert.equal(onlyDue(child({ careProceedingsSince: '2026-01-05' }), '2026-07-06', 'care_proceedings').status, 'overdue');
    assert.equal(due(child(), '2026-06-01', 'care_proceedings').length, 0, 'no proceedings, no clock');
  });
});

describe('care leavers', () => {
  test('needs assessment within 3 months of turning 16, then pathway plan reviews every 6 months', () => {
    const timeline = child({ dateOfBirth: '2010-03-15', careEpisodes: [episode('2019-05-06')] });
    assert.equal(onlyDue(timeline, '2026-04-01', 'needs_assessment').dueDate, '2026-06-15');
    const planned = child({ ...timeline, events: [{ kind: 'needs_assessment', date: '2026-05-20' }] });
    assert.equal(due(planned, '2026-06-01', 'needs_assessment').length, 0);
    assert.equal(onlyDue(planned, '2026-06-01', 'pathway_plan_review').dueDate, '2026-11-20');
  });
});

describe('status and timeliness', () => {
  test('overdue, this week (to Sunday), the next 4 weeks, later; a due date of today is not overdue', () => {
    // Monday 23 November 2026
    assert.equal(dueStatus('2026-11-22', '2026-11-23'), 'overdue');
    assert.equal(dueStatus('2026-11-23', '2026-11-23'), 'this_week');
    assert.equal(dueStatus('2026-11-29', '2026-11-23'), 'this_week');
    assert.equal(dueStatus('2026-11-30', '2026-11-23'), 'next_4_weeks');
    assert.equal(dueStatus('2026-12-22', '2026-11-23'), 'later');
  });

  test('each month: of what fell due, the share done by its due date; missed items count as late', () => {
    const timeline = child({ careEpisodes: [episode('2026-01-05')], visits: [seen('2026-01-09'), seen('2026-03-01'), seen('2026-04-01')] });
    const all = occurrences(timeline, '2026-06-01').filter((o) => o.kind === 'cla_visit');
    const figures = timelinessByMonth(all, lastMonths('2026-06-01', 6), '2026-06-01');
    assert.deepEqual(
      figures.map((f) => [f.month, f.due, f.inTime]),
      [
        ['2026-01', 1, 1],
        ['2026-02', 1, 0],
        ['2026-03', 0, 0],
        ['2026-04', 1, 1],
        ['2026-05', 1, 0],
        ['2026-06', 0, 0],
      ],
    );
    assert.equal(figures[0]!.percent, 100);
    assert.equal(figures[2]!.percent, null);
  });

  test('each due item counts once, on time or late: an extra visit in the same interval moves the clock but is not another item in time', () => {
    // Reg 28 visits from a placement on 5 January: due by 12 January, then 6 weeks after the last visit.
    const visits = ['2026-01-06', '2026-01-08', '2026-02-25', '2026-02-26', '2026-04-01'].map(seen);
    const all = occurrences(child({ careEpisodes: [episode('2026-01-05')], visits }), '2026-06-01').filter((o) => o.kind === 'cla_visit');
    const figures = timelinessByMonth(all, lastMonths('2026-06-01', 6), '2026-06-01');
    assert.deepEqual(
      figures.map((f) => [f.month, f.due, f.inTime]),
      [
        ['2026-01', 1, 1], // due 12 Jan: seen on the 6th and again on the 8th, one item in time
        ['2026-02', 1, 0], // due 19 Feb (6 weeks after 8 Jan): seen late, on 25 Feb
        ['2026-03', 0, 0],
        ['2026-04', 1, 1], // due 8 Apr (6 weeks after 25 Feb): seen on 26 Feb and 1 Apr, one item in time
        ['2026-05', 1, 0], // due 13 May (6 weeks after 1 Apr): not seen
        ['2026-06', 0, 0],
      ],
    );
    assert.equal(all.filter((o) => o.extra).length, 2, 'the two extra visits are kept, marked extra');
    assert.equal(dueItems(child({ careEpisodes: [episode('2026-01-05')], visits }), '2026-06-01').find((i) => i.kind === 'cla_visit')?.dueDate, '2026-05-13', 'what is due now still runs from the last visit');
  });
});

describe('travel and trips', () => {
  test('travel time from straight-line miles: roads a quarter longer, the first 20 miles at 25 mph and the rest at 55 mph', () => {
    assert.equal(travelMinutes(8), 25);
    assert.equal(travelMinutes(46.2), 90);
    assert.equal(travelMinutes(215.8), 320);
    assert.equal(travelMinutes(0.4), 5);
  });

  test('placements near each other share a trip; the farthest leads', () => {
    const stops = [
      { id: 'a', easting: 0, northing: 0, milesFromBase: 80 },
      { id: 'b', easting: 8000, northing: 0, milesFromBase: 76 },
      { id: 'c', easting: 100000, northing: 0, milesFromBase: 40 },
    ];
    assert.deepEqual(
      groupTrips(stops, 15).map((g) => g.map((s) => s.id)),
      [['a', 'b'], ['c']],
    );
  });
});

// --- Properties -----------------------------------------------------------------

const DAY0 = Date.UTC(2024, 0, 1);
const dayN = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);

const timelineArb = fc
  .record({
    kind: fc.constantFrom('care', 'cp', 'cin'),
    start: fc.integer({ min: 0, max: 500 }),
    visits: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 700 }), seen: fc.boolean(), statutory: fc.boolean() }), { maxLength: 20 }),
    moves: fc.array(fc.integer({ min: 1, max: 600 }), { maxLength: 3 }),
    todayOffset: fc.integer({ min: 1, max: 800 }),
    longTerm: fc.boolean(),
  })
  .map(({ kind, start, visits, moves, todayOffset, longTerm }) => {
    const startDate = dayN(start);
    const today = dayN(start + todayOffset);
    const visitRows = visits.filter((v) => v.offset <= todayOffset).map((v) => ({ date: dayN(start + v.offset), kind: 'social_worker' as const, childSeen: v.seen, statutory: v.statutory }));
    const moveDays = [...new Set(moves.filter((m) => m < todayOffset))].sort((a, b) => a - b);
    const timeline = child({
      dateOfBirth: '2012-02-29',
      referrals: kind === 'cin' ? [{ referralDate: startDate, closeDate: null, noFurtherAction: false }] : [],
      cpPlans: kind === 'cp' ? [{ startDate, endDate: null }] : [],
      careEpisodes:
        kind === 'care'
          ? [0, ...moveDays].map((m, i, all) => ({
              startDate: dayN(start + m),
              endDate: all[i + 1] !== undefined ? dayN(start + all[i + 1]!) : null,
              reasonNewEpisode: i === 0 ? 'S' : 'P',
              legalStatus: 'C2',
              placementType: 'U3',
              placementPostcode: null,
            }))
          : [],
      placementTerms: longTerm ? [terms(startDate, { longTermTo18: true, temporaryConnectedPerson: false })] : [],
      visits: visitRows,
    });
    return { timeline, today };
  });

describe('properties', () => {
  test('recording a visit where the child is seen, on the due date, never leaves that visit overdue', () => {
    fc.assert(
      fc.property(timelineArb, ({ timeline, today }) => {
        for (const item of dueItems(timeline, today).filter((i) => VISIT_KINDS.includes(i.kind))) {
          const visited = { ...timeline, visits: [...timeline.visits, seen(item.dueDate)] };
          const after = dueItems(visited, item.dueDate).filter((i) => i.kind === item.kind && i.basis === item.basis);
          for (const left of after) assert.notEqual(left.status, 'overdue', `${item.kind} due ${item.dueDate} still overdue: ${left.dueDate}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('every clock falls due after it starts, each next due date is after the day the last was done, and each running clock has one open item', () => {
    fc.assert(
      fc.property(timelineArb, ({ timeline, today }) => {
        const all = occurrences(timeline, today);
        for (const o of all) {
          if (o.doneOn !== null) assert.ok(o.doneOn <= today);
        }
        const items = dueItems(timeline, today);
        const clocks = new Set(items.map((i) => `${i.kind}|${i.basis}`));
        assert.equal(clocks.size, items.length, 'one open item per clock');
        for (const item of items) assert.ok(item.status !== 'overdue' || item.dueDate < today);
      }),
      { numRuns: 300 },
    );
  });

  test('working days: n working days after any date is a working day, n working days later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 60 }), (start, n) => {
        const from = dayN(start);
        const to = addWorkingDays(from, n);
        assert.ok(isWorkingDay(to));
        assert.equal(workingDaysBetween(from, to), n);
      }),
      { numRuns: 200 },
    );
  });

  test('the settings’ defaults are what the domain guide gives', () => {
    assert.deepEqual(DEFAULT_SETTINGS.cpVisit, { everyN: 10, unit: 'working_days' });
    assert.deepEqual(DEFAULT_SETTINGS.cinVisit, { everyN: 20, unit: 'working_days' });
  });
});
