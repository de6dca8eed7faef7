import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mayEditNote, noteChanged, readNote, versionHistory, type NoteInput, type StoredVersion } from './rules.ts';

const form = (overrides: Record<string, unknown> = {}) => ({
  noteType: 'meeting',
  'eventDate-day': '20',
  'eventDate-month': '11',
  'eventDate-year': '2026',
  title: '  Strategy meeting ',
  body: 'Line one\r\nLine two  \r\n',
  ...overrides,
});

test('a note form is read with its line breaks kept and the significant box as a boolean', () => {
  const { values, errors } = readNote(form({ significant: 'yes' }), '2026-11-23');
  assert.deepEqual(errors, {});
  assert.deepEqual(values, { noteType: 'meeting', eventDate: '2026-11-20', title: 'Strategy meeting', body: 'Line one\nLine two', significant: true });
  assert.equal(readNote(form(), '2026-11-23').values.significant, false);
});

test('every problem with a note form is reported against its field', () => {
  const { errors } = readNote(form({ noteType: 'rumour', 'eventDate-day': '24', title: 'x'.repeat(201), body: ' \n ' }), '2026-11-23');
  assert.deepEqual(errors, {
    noteType: 'Type of note must be one of the types listed',
    'eventDate-day': 'Date of the event must be today or in the past',
    title: 'Title must be 200 characters or fewer',
    body: 'Enter the note',
  });
  assert.equal(readNote(form({ noteType: '' }), '2026-11-23').errors.noteType, 'Select the type of note');
  assert.equal(readNote(form({ body: 'x'.repeat(20_001) }), '2026-11-23').errors.body, 'Note must be 20,000 characters or fewer');
  assert.equal(readNote(form({ body: 'x'.repeat(20_000) }), '2026-11-23').errors.body, undefined);
});

test('the author and managers may edit a note; other readers may not', () => {
  assert.equal(mayEditNote({ id: 'a', role: 'social_worker' }, 'a'), true);
  assert.equal(mayEditNote({ id: 'b', role: 'social_worker' }, 'a'), false);
  for (const role of ['practice_supervisor', 'team_manager', 'service_manager'] as const) assert.equal(mayEditNote({ id: 'b', role }, 'a'), true, role);
  for (const role of ['iro', 'personal_adviser', 'performance_analyst', 'head_of_service'] as const) assert.equal(mayEditNote({ id: 'b', role }, 'a'), false, role);
});

test('a note is changed when any field differs', () => {
  const stored = { note_type: 'visit', event_date: '2026-11-20', title: 'T', body: 'B', significant: false };
  const input: NoteInput = { noteType: 'visit', eventDate: '2026-11-20', title: 'T', body: 'B', significant: false };
  assert.equal(noteChanged(stored, input), false);
  for (const change of [{ noteType: 'meeting' }, { eventDate: '2026-11-19' }, { title: 'U' }, { body: 'C' }, { significant: true }] as Partial<NoteInput>[]) {
    assert.equal(noteChanged(stored, { ...input, ...change }), true, JSON.stringify(change));
  }
});

test('version history: the author wrote version 1, each editor the version after the one they replaced', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));
  const content = (title: string) => ({ note_type: 'visit', event_date: '2026-11-20', title, body: 'B', significant: false });
  const note = { ...content('v3'), version: 3, author_id: 'author', recorded_at: at(0) };
  const stored: StoredVersion[] = [
    { ...content('v2'), version: 2, edited_by: 'manager', edited_at: at(20) },
    { ...content('v1'), version: 1, edited_by: 'author', edited_at: at(10) },
  ];
  assert.deepEqual(
    versionHistory(note, stored).map((v) => [v.version, v.title, v.writtenBy, v.writtenAt.getUTCMinutes(), v.current]),
    [
      [3, 'v3', 'manager', 20, true],
      [2, 'v2', 'author', 10, false],
      [1, 'v1', 'author', 0, false],
    ],
  );
  assert.deepEqual(
    versionHistory({ ...note, version: 1 }, []).map((v) => [v.version, v.writtenBy, v.current]),
    [[1, 'author', true]],
  );
});

test('property: the history has one entry per version, newest first, and only the newest is current', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('author', 'manager', 'supervisor'), { maxLength: 12 }), (editors) => {
      const content = { note_type: 'visit', event_date: '2026-11-20', title: 'T', body: 'B', significant: false };
      const stored = editors.map((editor, i) => ({ ...content, version: i + 1, edited_by: editor, edited_at: new Date(Date.UTC(2026, 0, 1, 0, i + 1)) }));
      const history = versionHistory({ ...content, version: editors.length + 1, author_id: 'author', recorded_at: new Date(Date.UTC(2026, 0, 1)) }, stored);
      assert.deepEqual(
        history.map((h) => h.version),
        Array.from({ length: editors.length + 1 }, (_, i) => editors.length + 1 - i),
      );
      assert.deepEqual(history.map((h) => h.current), history.map((_, i) => i === 0));
      assert.equal(history.at(-1)!.writtenBy, 'author');
      for (let i = 0; i + 1 < history.length; i++) assert.ok(history[i]!.writtenAt >= history[i + 1]!.writtenAt);
    }),
  );
});
