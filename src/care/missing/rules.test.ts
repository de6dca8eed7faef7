import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_REPEAT_THRESHOLD, episodeProblems, interviewProblems, interviewState, repeatedEpisodes, type Episode } from './rules.ts';

const TODAY = '2026-11-23';
const child = { dateOfBirth: '2011-03-14', dateOfDeath: null };
const episode = (startDate: string, endDate: string | null, times: { startTime?: string; endTime?: string } = {}): Episode => ({
  id: `${startDate}-${endDate}`,
  kind: 'M',
  startDate,
  startTime: times.startTime ?? null,
  endDate,
  endTime: times.endTime ?? null,
});

describe('the order of an episode’s dates', () => {
  test('refuses a start in the future, before birth, and an end before the start or in the future', () => {
    assert.match(episodeProblems(episode('2026-11-24', null), [], child, TODAY).start!, /today or in the past/);
    assert.match(episodeProblems(episode('2011-03-13', null), [], child, TODAY).start!, /on or after their date of birth, 14 March 2011/);
    assert.match(episodeProblems(episode('2026-11-20', '2026-11-19'), [], child, TODAY).end!, /after they went missing, 20 November 2026/);
    assert.match(episodeProblems(episode('2026-11-20', '2026-11-20', { startTime: '22:00', endTime: '21:59' }), [], child, TODAY).end!, /at 22:00/);
    assert.match(episodeProblems(episode('2026-11-20', '2026-11-24'), [], child, TODAY).end!, /today or in the past/);
    assert.deepEqual(episodeProblems(episode('2026-11-20', '2026-11-20', { startTime: '09:00', endTime: '17:00' }), [], child, TODAY), {});
  });

  test('refuses a second open episode and an overlap, and allows two on one day when their times say so', () => {
    assert.match(episodeProblems(episode('2026-11-22', null), [episode('2026-11-20', null)], child, TODAY).start!, /already open, from 20 November 2026/);
    assert.match(episodeProblems(episode('2026-11-21', '2026-11-22'), [episode('2026-11-20', null)], child, TODAY).start!, /overlaps the episode from 20 November 2026, still open/);
    assert.match(episodeProblems(episode('2026-11-01', '2026-11-03'), [episode('2026-11-02', '2026-11-02')], child, TODAY).start!, /overlaps/);
    assert.match(episodeProblems(episode('2026-11-02', '2026-11-02'), [episode('2026-11-02', '2026-11-02')], child, TODAY).start!, /enter the times/);
    const morning = episode('2026-11-02', '2026-11-02', { startTime: '08:00', endTime: '10:00' });
    assert.deepEqual(episodeProblems(episode('2026-11-02', '2026-11-02', { startTime: '15:00', endTime: '18:00' }), [morning], child, TODAY), {});
    assert.deepEqual(episodeProblems(episode('2026-11-05', null), [episode('2026-11-01', '2026-11-03')], child, TODAY), {});
  });
});

describe('the return interview’s dates', () => {
  const returned = { endDate: '2026-11-20', endTime: '07:00' };
  test('is offered on or after the return, held on or after the offer, and neither in the future', () => {
    assert.match(interviewProblems({ offeredOn: '2026-11-19', outcome: null, heldOn: null }, returned, TODAY).offeredOn!, /on or after the child’s return, 20 November 2026 at 07:00/);
    assert.match(interviewProblems({ offeredOn: '2026-11-21', outcome: 'held', heldOn: '2026-11-20' }, returned, TODAY).heldOn!, /before it was offered, 21 November 2026/);
    assert.match(interviewProblems({ offeredOn: '2026-11-20', outcome: 'held', heldOn: '2026-11-19' }, returned, TODAY).heldOn!, /before the child’s return/);
    assert.match(interviewProblems({ offeredOn: '2026-11-24', outcome: null, heldOn: null }, returned, TODAY).offeredOn!, /today or in the past/);
    assert.match(interviewProblems({ offeredOn: '2026-11-20', outcome: null, heldOn: null }, { endDate: null, endTime: null }, TODAY).offeredOn!, /Record the child’s return first/);
    assert.deepEqual(interviewProblems({ offeredOn: '2026-11-20', outcome: 'held', heldOn: '2026-11-22' }, returned, TODAY), {});
  });

  test('says where it stands', () => {
    assert.equal(interviewState({ kind: 'M', endDate: null, interviewOutcome: null, interviewOfferedOn: null }).text, 'Not yet returned');
    assert.equal(interviewState({ kind: 'M', endDate: '2026-11-20', interviewOutcome: null, interviewOfferedOn: null }).text, 'Not yet offered');
    assert.equal(interviewState({ kind: 'M', endDate: '2026-11-20', interviewOutcome: 'declined', interviewOfferedOn: '2026-11-20' }).text, 'Offered and declined');
  });
});

describe('going missing repeatedly', () => {
  test('3 or more episodes starting within 90 days by default, today included', () => {
    assert.deepEqual(DEFAULT_REPEAT_THRESHOLD, { episodes: 3, withinDays: 90 });
    const starts = (...dates: string[]) => dates.map((startDate) => ({ startDate }));
    assert.deepEqual(repeatedEpisodes(starts('2026-08-26', '2026-10-01', '2026-11-23'), TODAY), { count: 3, since: '2026-08-26' });
    assert.equal(repeatedEpisodes(starts('2026-08-25', '2026-10-01', '2026-11-23'), TODAY), null, 'the first began 91 days ago');
    assert.equal(repeatedEpisodes(starts('2026-10-01', '2026-11-23'), TODAY), null);
    assert.deepEqual(repeatedEpisodes(starts('2026-11-01', '2026-11-23'), TODAY, { episodes: 2, withinDays: 30 }), { count: 2, since: '2026-10-25' });
  });
});
