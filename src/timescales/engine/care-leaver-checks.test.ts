import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUE_KIND_LABELS, dueItems, emptyTimeline, type ChildTimeline } from './rules.ts';

// DfE, Children looked after return (SSDA903) guide, care leavers (OC3): information on whether the council
// is in touch, the young person's activity and accommodation is collected around their 17th to 21st birthdays,
// and "should be from the period three months before to one month after the young person's birthday".
// Steadfast asks for each check by the end of that window, for young people recorded as care leavers owed the
// duties (eligible, relevant, former relevant) who had left care by the birthday; later birthdays while supported.

const leaver = (dateOfBirth: string, overrides: Partial<ChildTimeline> = {}): ChildTimeline => ({
  ...emptyTimeline(dateOfBirth, null),
  careLeaver: { category: 'former_relevant', supportUntil: null },
  ...overrides,
});
const checksDue = (timeline: ChildTimeline, today: string) => dueItems(timeline, today).filter((i) => i.kind === 'care_leaver_check');

test('SSDA903 guide: the check falls due one month after the birthday, once the window has opened three months before it', () => {
  const jo = leaver('2007-12-10');
  assert.deepEqual(checksDue(jo, '2026-09-09').map((i) => i.basis), [], 'the 19th birthday’s window opens on 10 September 2026');
  const [due] = checksDue(jo, '2026-09-10');
  assert.equal(due?.dueDate, '2027-01-10');
  assert.equal(due?.basis, '19 on 10 December 2026');
  assert.equal(due?.status, 'later');
  assert.match(due?.rule.source ?? '', /SSDA903/);
  assert.equal(DUE_KIND_LABELS.care_leaver_check, 'Birthday check (in touch, activity, accommodation)');
  assert.equal(checksDue(jo, '2027-01-11')[0]?.status, 'overdue', 'past the window’s end with nothing recorded');
});

test('information gathered in the window answers the check; a missed check stays owed until the next window opens', () => {
  const jo = leaver('2007-12-10', { birthdayChecks: [{ age: 19, gatheredOn: '2026-11-20' }] });
  assert.deepEqual(checksDue(jo, '2026-11-23'), []);
  const missed = leaver('2007-12-10');
  assert.equal(checksDue(missed, '2027-09-08')[0]?.basis, '19 on 10 December 2026');
  assert.deepEqual(checksDue(missed, '2027-09-10').map((i) => i.basis), ['20 on 10 December 2027'], 'the 20th birthday’s window replaces it');
});

test('from 17 for a relevant child who left care before that birthday; not while still looked after; not for a qualifying care leaver', () => {
  const episode = (startDate: string, endDate: string | null) => ({ startDate, endDate, reasonNewEpisode: 'S', reasonCeased: endDate ? 'E8' : null, legalStatus: 'C2', placementType: 'U3', placementPostcode: null });
  const relevant = leaver('2009-12-10', { careLeaver: { category: 'relevant', supportUntil: null }, careEpisodes: [episode('2023-01-01', '2026-06-30')] });
  assert.deepEqual(checksDue(relevant, '2026-11-23').map((i) => i.basis), ['17 on 10 December 2026']);
  const inCare = leaver('2009-12-10', { careLeaver: { category: 'eligible', supportUntil: null }, careEpisodes: [episode('2023-01-01', null)] });
  assert.deepEqual(checksDue(inCare, '2026-11-23'), []);
  const qualifying = leaver('2007-12-10', { careLeaver: { category: 'qualifying', supportUntil: null } });
  assert.deepEqual(checksDue(qualifying, '2026-11-23'), []);
  assert.deepEqual(checksDue({ ...emptyTimeline('2007-12-10', null) }, '2026-11-23'), [], 'not recorded as a care leaver');
});

test('to 21, and later birthdays while the council supports the young person', () => {
  assert.deepEqual(checksDue(leaver('2004-12-10'), '2026-11-23'), [], 'the 22nd birthday is not checked without support');
  const supported = leaver('2004-12-10', { careLeaver: { category: 'former_relevant', supportUntil: '2029-12-09' } });
  assert.deepEqual(checksDue(supported, '2026-11-23').map((i) => i.basis), ['22 on 10 December 2026']);
});
