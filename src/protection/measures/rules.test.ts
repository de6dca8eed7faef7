import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assessmentInTime, AWAITING, countedOf, icpcInTime, isReReferral, lastedTwoYears, monthFigures, teamOn, type ProtectionHistory } from './rules.ts';

const empty: ProtectionHistory = { leads: [], contacts: [], referrals: [], events: [], cpPlans: [] };

describe('re-referrals (DfE, Children in need statistics: "A re-referral occurs when a child is referred within 12 months of a previous referral")', () => {
  test('a referral within 12 months of a previous referral is a re-referral; one after 12 months is not', () => {
    assert.equal(isReReferral('2026-09-02', ['2026-01-15']), true);
    assert.equal(isReReferral('2026-09-02', ['2025-09-02']), true, 'the same day 12 months earlier is within 12 months');
    assert.equal(isReReferral('2026-09-02', ['2025-09-01']), false);
    assert.equal(isReReferral('2026-09-02', ['2024-05-01']), false);
  });

  test('the first referral is not a re-referral, and a later referral does not make an earlier one a re-referral', () => {
    assert.equal(isReReferral('2026-01-15', []), false);
    assert.equal(isReReferral('2026-01-15', ['2026-01-15', '2026-03-01']), false);
  });

  test('a previous referral with no further action counts: it was a referral', () => {
    const history = { ...empty, referrals: [{ referralDate: '2026-01-15', closeDate: '2026-01-16', noFurtherAction: true }, { referralDate: '2026-04-01', closeDate: null, noFurtherAction: false }] };
    const [first, second] = monthFigures(countedOf(history), ['2026-01', '2026-04']);
    assert.deepEqual(first!.reReferrals, { count: 0, of: 1, percent: 0 });
    assert.deepEqual(second!.reReferrals, { count: 1, of: 1, percent: 100 });
  });
});

describe('assessments (Working Together to Safeguard Children 2023: "within 45 working days from the point of referral")', () => {
  test('the 45th working day after the referral is in time, the day after is not', () => {
    // Referral Wednesday 2 September 2026: the 45th working day after it is Wednesday 4 November.
    assert.equal(assessmentInTime('2026-09-02', '2026-11-04'), true);
    assert.equal(assessmentInTime('2026-09-02', '2026-11-05'), false);
  });

  test('bank holidays are not working days (Christmas 2025 and New Year 2026 push the 45th day on)', () => {
    // Referral Monday 1 December 2025; 25, 26 December and 1 January are bank holidays: the 45th working day is 5 February 2026.
    assert.equal(assessmentInTime('2025-12-01', '2026-02-05'), true);
    assert.equal(assessmentInTime('2025-12-01', '2026-02-06'), false);
  });

  test('counted in the month the assessment was completed (authorised), once per referral, never after a referral with no further action', () => {
    const history: ProtectionHistory = {
      ...empty,
      referrals: [
        { referralDate: '2026-08-20', closeDate: null, noFurtherAction: false },
        { referralDate: '2026-02-01', closeDate: '2026-02-02', noFurtherAction: true },
      ],
      events: [
        { kind: 'assessment', date: '2026-11-20' },
        { kind: 'assessment', date: '2026-11-21' },
        { kind: 'assessment', date: '2026-03-01' },
      ],
    };
    const counted = countedOf(history).filter((c) => c.measure === 'assessment');
    assert.deepEqual(counted, [{ measure: 'assessment', date: '2026-11-20', teamId: null, inTime: false }]);
  });
});

describe('initial conferences (Working Together 2023: within 15 working days of the strategy discussion at which the section 47 enquiry was initiated)', () => {
  test('the 15th working day is in time, the day after is not', () => {
    // Strategy discussion Tuesday 1 September 2026: the 15th working day after is Tuesday 22 September.
    assert.equal(icpcInTime('2026-09-01', '2026-09-22'), true);
    assert.equal(icpcInTime('2026-09-01', '2026-09-23'), false);
  });

  test('an enquiry led to a conference, ended without one, or goes on; the conference counts in its own month', () => {
    const history: ProtectionHistory = {
      ...empty,
      referrals: [{ referralDate: '2026-02-01', closeDate: null, noFurtherAction: false }],
      events: [
        { kind: 'strategy_discussion', date: '2026-03-02', s47Started: true },
        { kind: 's47_no_conference', date: '2026-03-20' },
        { kind: 'strategy_discussion', date: '2026-04-28', s47Started: true },
        { kind: 'icpc', date: '2026-05-19' },
        { kind: 'strategy_discussion', date: '2026-11-02', s47Started: true },
        // A strategy discussion that decided on no enquiry starts none.
        { kind: 'strategy_discussion', date: '2026-08-03', s47Started: false },
      ],
    };
    const months = monthFigures(countedOf(history), ['2026-03', '2026-04', '2026-05', '2026-08', '2026-11']);
    assert.deepEqual(
      months.map((m) => [m.month, m.enquiries, m.enquiriesToIcpc.count, m.enquiriesToIcpc.of, m.enquiriesOpen, m.icpcsInTime.count, m.icpcsInTime.of]),
      [
        ['2026-03', 1, 0, 1, 0, 0, 0],
        // 28 April to 19 May: in time (4 May, the early May bank holiday, is not a working day: the 15th working day is 20 May).
        ['2026-04', 1, 1, 1, 0, 0, 0],
        ['2026-05', 0, 0, 0, 0, 1, 1],
        ['2026-08', 0, 0, 0, 0, 0, 0],
        ['2026-11', 1, 0, 0, 1, 0, 0],
      ],
    );
  });

  test('a plan begun without a recorded conference is the conference the enquiry led to, as the timescales engine counts it', () => {
    const history: ProtectionHistory = {
      ...empty,
      referrals: [{ referralDate: '2026-08-20', closeDate: null, noFurtherAction: false }],
      events: [{ kind: 'strategy_discussion', date: '2026-09-01', s47Started: true }],
      cpPlans: [{ startDate: '2026-10-05', endDate: null, initialCategory: 'EMO' }],
    };
    const counted = countedOf(history);
    assert.deepEqual(
      counted.filter((c) => c.measure === 'icpc'),
      [{ measure: 'icpc', date: '2026-10-05', teamId: null, inTime: false }],
    );
  });
});

describe('child protection plans (CIN census: initial category of abuse; number of previous plans; DfE: plans ceasing after two years or more)', () => {
  const history: ProtectionHistory = {
    ...empty,
    cpPlans: [
      { startDate: '2024-06-01', endDate: '2026-06-01', initialCategory: 'PHY' },
      { startDate: '2026-07-01', endDate: '2026-09-30', initialCategory: 'MUL' },
      { startDate: '2026-10-05', endDate: null, initialCategory: 'EMO' },
    ],
  };

  test('a plan is counted by its initial category, and is second or subsequent when the child had a plan before, however long ago', () => {
    const [july, october] = monthFigures(countedOf(history), ['2026-07', '2026-10']);
    assert.deepEqual(july!.byCategory, { NEG: 0, PHY: 0, SAB: 0, EMO: 0, MUL: 1 });
    assert.deepEqual(july!.subsequentPlans, { count: 1, of: 1, percent: 100 });
    assert.deepEqual(october!.byCategory, { NEG: 0, PHY: 0, SAB: 0, EMO: 1, MUL: 0 });
    assert.equal(monthFigures(countedOf(history), ['2024-06'])[0]!.subsequentPlans.count, 0, 'the first plan is not');
  });

  test('a plan ending on its second anniversary has lasted two years; a day short has not', () => {
    assert.equal(lastedTwoYears('2024-06-01', '2026-06-01'), true);
    assert.equal(lastedTwoYears('2024-06-01', '2026-05-31'), false);
    const [june, september] = monthFigures(countedOf(history), ['2026-06', '2026-09']);
    assert.deepEqual(june!.longPlansEnded, { count: 1, of: 1, percent: 100 });
    assert.deepEqual(september!.longPlansEnded, { count: 0, of: 1, percent: 0 });
  });
});

describe('contacts and the team holding the case on the day', () => {
  test('a contact with no decision yet counts as awaiting one', () => {
    const [m] = monthFigures(countedOf({ ...empty, contacts: [{ date: '2026-11-20', outcome: null }, { date: '2026-11-21', outcome: 'advice' }] }), ['2026-11']);
    assert.deepEqual(m!.contactOutcomes, { [AWAITING]: 1, advice: 1 });
    assert.equal(m!.contacts, 2);
  });

  test('the team is the one whose lead allocation was open that day: none before it began (the front door), the new team from a handover, the old one to its last day', () => {
    const leads = [
      { teamId: 'north', start: '2026-02-01', end: '2026-06-30' },
      { teamId: 'south', start: '2026-06-30', end: null },
    ];
    assert.equal(teamOn(leads, '2026-01-31'), null);
    assert.equal(teamOn(leads, '2026-02-01'), 'north');
    assert.equal(teamOn(leads, '2026-06-29'), 'north');
    assert.equal(teamOn(leads, '2026-06-30'), 'south');
    assert.equal(teamOn([{ teamId: 'north', start: '2026-02-01', end: '2026-03-01' }], '2026-03-02'), null);
  });
});
