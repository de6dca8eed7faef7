import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildChronology, rangeProblem, type ChronologyInput } from './rules.ts';

const empty: ChronologyInput = { contacts: [], referrals: [], cpPlans: [], careEpisodes: [], leadAllocations: [], significantNotes: [] };

const episode = (overrides: Partial<ChronologyInput['careEpisodes'][number]>): ChronologyInput['careEpisodes'][number] => ({
  start_date: '2025-01-01',
  end_date: null,
  reason_new_episode: 'S',
  legal_status: 'V2',
  placement_type: 'U6',
  placement_postcode: 'TN34 1AA',
  placement_out_of_area: false,
  placement_distance_miles: 14.3,
  reason_ceased: null,
  reason_place_change: null,
  ...overrides,
});

const input: ChronologyInput = {
  contacts: [{ contact_date: '2024-11-04', source: '2A', outcome: 'referral', summary: 'Bruise seen at school' }],
  referrals: [{ referral_date: '2024-11-05', source: '2A', primary_need: 'N1', close_date: '2025-09-01', closure_reason: 'RC7' }],
  cpPlans: [{ start_date: '2024-11-26', end_date: '2025-01-01', initial_category: 'PHY', latest_category: 'MUL' }],
  careEpisodes: [
    episode({ start_date: '2025-01-01', end_date: '2025-03-10', reason_ceased: 'X1', reason_place_change: 'ALLEG' }),
    episode({ start_date: '2025-03-10', end_date: '2025-06-02', reason_new_episode: 'P', placement_type: 'K2', placement_postcode: 'ME4 4AA', placement_out_of_area: true, placement_distance_miles: 48.9, reason_ceased: 'X1' }),
    episode({ start_date: '2025-06-02', end_date: '2025-08-15', reason_new_episode: 'L', legal_status: 'C2', placement_type: 'K2', reason_ceased: 'E4A' }),
  ],
  leadAllocations: [
    { start_date: '2024-11-05', end_date: '2025-04-01', end_reason: 'LEFTRL', worker_name: 'Ann Able', team_name: 'Hastings' },
    { start_date: '2025-04-01', end_date: null, end_reason: null, worker_name: 'Ben Brook', team_name: 'Hastings' },
  ],
  significantNotes: [{ id: 'n1', event_date: '2025-01-01', note_type: 'meeting', title: 'Legal planning meeting' }],
};

test('the chronology lists every significant event, oldest first, with the source of each', () => {
  const events = buildChronology(input);
  assert.deepEqual(
    events.map((e) => [e.date, e.source, e.what]),
    [
      ['2024-11-04', 'Contact', 'Contact from SCHOOLS'],
      ['2024-11-05', 'Referral', 'Referral received: open as a child in need'],
      ['2024-11-05', 'Allocation', 'Allocated to Ann Able'],
      ['2024-11-26', 'Child protection', 'Child protection plan started'],
      ['2025-01-01', 'Looked after', 'Became looked after'],
      ['2025-01-01', 'Case note', 'Legal planning meeting'],
      ['2025-01-01', 'Child protection', 'Child protection plan ended'],
      ['2025-03-10', 'Looked after', 'Placement changed'],
      ['2025-04-01', 'Allocation', 'Allocated to Ben Brook'],
      ['2025-06-02', 'Looked after', 'Legal status changed'],
      ['2025-08-15', 'Looked after', 'Ceased to be looked after'],
      ['2025-09-01', 'Referral', 'Child in need episode closed'],
    ],
  );
  const byWhat = new Map(events.map((e) => [e.what, e.detail]));
  assert.equal(byWhat.get('Contact from SCHOOLS'), 'Decision: Referral to children’s social care. Bruise seen at school');
  assert.equal(byWhat.get('Child protection plan started'), 'Category: PHY: Physical abuse');
  assert.equal(byWhat.get('Child protection plan ended'), 'Latest category: MUL: Multiple/not recommended');
  assert.match(byWhat.get('Became looked after') ?? '', /^Legal status V2: Single period of accommodation.*; placement U6: .*\(TN34 1AA, 14\.3 miles from home\)$/);
  assert.match(byWhat.get('Placement changed') ?? '', /^New placement K2: Children’s Homes .*\(ME4 4AA, outside the council’s area, 48\.9 miles from home\); reason for the move: Allegation \(s47\)$/);
  assert.equal(byWhat.get('Legal status changed'), 'Legal status now C2: Full care order');
  assert.match(byWhat.get('Ceased to be looked after') ?? '', /E4A: Returned home/);
  assert.match(byWhat.get('Allocated to Ben Brook') ?? '', /previous worker changed: .+/);
  assert.equal(events.find((e) => e.source === 'Case note')?.noteId, 'n1');
});

test('a range keeps the events on and between its days', () => {
  const events = buildChronology(input, { from: '2025-01-01', to: '2025-04-01' });
  assert.equal(events[0]!.date, '2025-01-01');
  assert.equal(events.at(-1)!.date, '2025-04-01');
  assert.equal(events.length, 5);
  assert.equal(buildChronology(input, { from: '2025-09-02' }).length, 0);
  assert.equal(buildChronology(input, { to: '2024-11-04' }).length, 1);
});

test('an episode after a gap is a new period of care, and an allocation ending with no successor is shown', () => {
  const events = buildChronology({
    ...empty,
    careEpisodes: [episode({ start_date: '2024-01-01', end_date: '2024-02-01', reason_ceased: 'E4A' }), episode({ start_date: '2024-06-01' })],
    leadAllocations: [{ start_date: '2024-01-01', end_date: '2024-03-01', end_reason: 'CHCHAN', worker_name: 'Ann Able', team_name: 'Hastings' }],
  });
  assert.deepEqual(
    events.map((e) => [e.date, e.what]),
    [
      ['2024-01-01', 'Allocated to Ann Able'],
      ['2024-01-01', 'Became looked after'],
      ['2024-02-01', 'Ceased to be looked after'],
      ['2024-03-01', 'Ann Able stopped being the social worker'],
      ['2024-06-01', 'Became looked after'],
    ],
  );
  assert.match(events[3]!.detail ?? '', /^Reason: /);
});

test('a range that ends before it starts is refused', () => {
  assert.equal(rangeProblem({ from: '2025-02-01', to: '2025-01-31' }), 'The end of the range must be on or after its start');
  assert.equal(rangeProblem({ from: '2025-02-01', to: '2025-02-01' }), null);
  assert.equal(rangeProblem({ from: '2025-02-01' }), null);
});

test('property: the chronology is in date order, and a range returns exactly the events inside it', () => {
  const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
  const notes = fc.array(fc.record({ id: fc.uuid(), event_date: fc.integer({ min: 0, max: 2000 }).map(day), note_type: fc.constantFrom('visit', 'meeting'), title: fc.string() }), {
    maxLength: 20,
  });
  const contacts = fc.array(
    fc.record({ contact_date: fc.integer({ min: 0, max: 2000 }).map(day), source: fc.constantFrom('2A', '6'), outcome: fc.constant('advice'), summary: fc.constant(null) }),
    { maxLength: 20 },
  );
  fc.assert(
    fc.property(notes, contacts, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (significantNotes, contactRows, a, b) => {
      const all = buildChronology({ ...empty, significantNotes, contacts: contactRows });
      assert.equal(all.length, significantNotes.length + contactRows.length);
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.date <= all[i]!.date);
      const [from, to] = [day(Math.min(a, b)), day(Math.max(a, b))];
      const inside = buildChronology({ ...empty, significantNotes, contacts: contactRows }, { from, to });
      assert.deepEqual(inside, all.filter((e) => e.date >= from && e.date <= to));
    }),
  );
});

test('missing episodes, returns and return interviews take their place by date, with the source Missing', () => {
  const events = buildChronology({
    ...empty,
    contacts: [{ contact_date: '2026-03-01', source: '6', outcome: 'referral', summary: null }],
    missingEpisodes: [
      { date: '2026-03-04', source: 'Missing', what: 'Returned after being missing', detail: '4 March 2026 at 07:00' },
      { date: '2026-03-02', source: 'Missing', what: 'Went missing', detail: 'From 2 March 2026; reported to the police' },
    ],
  });
  assert.deepEqual(
    events.map((e) => [e.date, e.source, e.what]),
    [
      ['2026-03-01', 'Contact', events[0]!.what],
      ['2026-03-02', 'Missing', 'Went missing'],
      ['2026-03-04', 'Missing', 'Returned after being missing'],
    ],
  );
});

test('a care leaver’s birthday checks appear as life after care, in date order with the rest', () => {
  const events = buildChronology({
    ...empty,
    contacts: [{ contact_date: '2026-11-21', source: '2A', outcome: 'advice', summary: null }],
    lifeAfterCare: [{ date: '2026-11-20', what: '19th birthday check: in touch with the council', detail: 'Activity F2' }],
  });
  assert.deepEqual(events.map((e) => [e.date, e.source]), [['2026-11-20', 'Life after care'], ['2026-11-21', 'Contact']]);
});
