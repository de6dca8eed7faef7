import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { insertChild } from '../../../test/support/records.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';

const aNote = (overrides: Record<string, string> = {}) => ({
  noteType: 'visit',
  ...dateFields('eventDate', '2026-11-20'),
  title: 'Home visit',
  body: 'Saw Nia at home.\nShe showed me her room.',
  ...overrides,
});

describeEachEngine('case notes', (use) => {
  const t = appForSuite(use, { SESSION_IDLE_MINUTES: '600' });
  let teamId: string;
  let ids: Record<'worker' | 'coWorker' | 'manager' | 'outsider', string>;
  const agents = {} as Record<keyof typeof ids, Agent>;
  let serial = 0;

  before(async () => {
    // Edits are spread over an hour of the test clock: sessions must outlast it.
    const db = use().db;
    ({ teamId } = await createTeam(db, 'Notes team'));
    ids = {
      worker: await createUser(db, { email: 'nt-worker@example.org', role: 'social_worker', teamId, name: 'Wren Worker' }),
      coWorker: await createUser(db, { email: 'nt-coworker@example.org', role: 'social_worker', teamId, name: 'Cole Coworker' }),
      manager: await createUser(db, { email: 'nt-manager@example.org', role: 'team_manager', teamId, name: 'Mona Manager' }),
      outsider: await createUser(db, { email: 'nt-outsider@example.org', role: 'social_worker', teamId, name: 'Otis Outsider' }),
    };
    for (const [key, email] of Object.entries({ worker: 'nt-worker', coWorker: 'nt-coworker', manager: 'nt-manager', outsider: 'nt-outsider' })) {
      const agent = await signedIn(t.app, `${email}@example.org`);
      agents[key as keyof typeof ids] = agent;
    }
  });

  /** A child led by the worker, with the co-worker also allocated; the team manager sees the team's children. */
  async function newChild(): Promise<string> {
    const db = use().db;
    serial += 1;
    const childId = await insertChild(db, { laChildId: `NT${String(serial).padStart(4, '0')}`, forename: 'Nia', surname: `Notes${serial}`, dateOfBirth: '2014-04-04', sex: 'F' });
    await allocate(db, { childId, teamId, workerId: ids.worker, start: '2024-01-01' });
    await db.insertInto('allocations').values({ child_id: childId, role: 'co_worker', team_id: teamId, worker_id: ids.coWorker, start_date: '2024-01-01' }).execute();
    return childId;
  }

  async function submit(agent: Agent, path: string, form: Record<string, string>) {
    const page = await agent.get(path);
    assert.equal(page.statusCode, 200, `GET ${path}`);
    return agent.post(path, form);
  }
  const notesOf = (childId: string) => use().db.selectFrom('case_notes').selectAll().where('child_id', '=', childId).execute();
  const versionsOf = (noteId: string) => use().db.selectFrom('case_note_versions').selectAll().where('note_id', '=', noteId).orderBy('version').execute();
  const audits = (childId: string, action: string) =>
    use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', action).orderBy('id').execute();

  async function addNote(childId: string, form: Record<string, string> = aNote(), agent = agents.worker): Promise<string> {
    const response = await submit(agent, `/children/${childId}/notes/new`, form);
    assert.equal(response.statusCode, 303);
    const noteId = /\/notes\/([0-9a-f-]{36})\?done=created$/.exec(String(response.headers.location))?.[1];
    assert.ok(noteId, `redirected to the note: ${response.headers.location}`);
    return noteId;
  }

  test('a note is saved with its author and time, listed, and viewing it is audited', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId, aNote({ significant: 'yes' }));
    const [row] = await notesOf(childId);
    assert.equal(row!.id, noteId);
    assert.deepEqual(
      [row!.note_type, row!.event_date, row!.title, row!.body, row!.significant, row!.author_id, row!.version],
      ['visit', '2026-11-20', 'Home visit', 'Saw Nia at home.\nShe showed me her room.', true, ids.worker, 1],
    );
    assert.equal(row!.recorded_at.toISOString(), t.clock.now().toISOString());
    assert.equal((await audits(childId, 'child.note.create')).at(-1)?.outcome, 'allowed');

    const page = await agents.worker.get(`/children/${childId}/notes/${noteId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Saw Nia at home\.<br \/>\s*She showed me her room\./);
    assert.match(textOf(page.body), /Written by Wren Worker/);
    assert.match(textOf(page.body), /Significant event/);
    assert.equal((await audits(childId, 'child.note.view')).at(-1)?.outcome, 'allowed');

    const list = textOf((await agents.worker.get(`/children/${childId}/notes`)).body);
    assert.match(list, /Home visit/);
    assert.match(list, /Visit/);
    assert.match(list, /Wren Worker/);
    assert.match(list, /20 November 2026/);
    assert.match(list, /23 Nov 2026, 09:00/, 'recorded date and time, UK time');
    assert.match(list, /Significant/);
  });

  test('the list can be filtered by type', async () => {
    const childId = await newChild();
    await addNote(childId, aNote({ title: 'Home visit' }));
    await addNote(childId, aNote({ noteType: 'phone_call', title: 'Call with school' }));
    const visits = textOf((await agents.worker.get(`/children/${childId}/notes?type=visit`)).body);
    assert.match(visits, /Home visit/);
    assert.doesNotMatch(visits, /Call with school/);
    const all = textOf((await agents.worker.get(`/children/${childId}/notes?type=nonsense`)).body);
    assert.match(all, /Home visit/);
    assert.match(all, /Call with school/);
  });

  test('a note dated in the future is refused, naming the field, and nothing is stored', async () => {
    const childId = await newChild();
    const response = await submit(agents.worker, `/children/${childId}/notes/new`, aNote(dateFields('eventDate', '2026-11-24')));
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#eventDate-day"/);
    assert.match(textOf(response.body), /Date of the event must be today or in the past/);
    assert.equal((await notesOf(childId)).length, 0);
    assert.equal((await audits(childId, 'child.note.create')).at(-1)?.outcome, 'failed');
  });

  test('a note over 20,000 characters, of an unknown type or without a title is refused, every problem named', async () => {
    const childId = await newChild();
    const response = await submit(agents.worker, `/children/${childId}/notes/new`, aNote({ noteType: 'gossip', title: '  ', body: 'x'.repeat(20_001) }));
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /Type of note must be one of the types listed/);
    assert.match(text, /Enter a title/);
    assert.match(text, /Note must be 20,000 characters or fewer/);
    for (const field of ['noteType', 'title', 'body']) assert.match(response.body, new RegExp(`href="#${field}"`));
    assert.equal((await notesOf(childId)).length, 0);
    const exactly = await submit(agents.worker, `/children/${childId}/notes/new`, aNote({ body: 'x'.repeat(20_000) }));
    assert.equal(exactly.statusCode, 303, '20,000 characters is allowed');
  });

  test('editing keeps every earlier version, counts versions, and records who changed it and when', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const recordedAt = t.clock.now();
    t.clock.advanceMinutes(30);
    const path = `/children/${childId}/notes/${noteId}/edit`;
    const edited = await submit(agents.worker, path, { ...aNote({ title: 'Home visit (corrected)' }), version: '1' });
    assert.equal(edited.statusCode, 303);
    assert.equal(edited.headers.location, `/children/${childId}/notes/${noteId}?done=edited`);
    const firstEditAt = t.clock.now();
    t.clock.advanceMinutes(30);
    const byManager = await submit(agents.manager, path, { ...aNote({ title: 'Home visit (corrected)', significant: 'yes' }), version: '2' });
    assert.equal(byManager.statusCode, 303, 'a team manager may correct a note');

    const [note] = await notesOf(childId);
    assert.equal(note!.version, 3);
    assert.equal(note!.significant, true);
    assert.equal(note!.author_id, ids.worker, 'the author stays the author');
    assert.equal(note!.updated_at.toISOString(), t.clock.now().toISOString());
    const versions = await versionsOf(noteId);
    assert.deepEqual(
      versions.map((v) => [v.version, v.title, v.significant, v.edited_by, v.edited_at.toISOString()]),
      [
        [1, 'Home visit', false, ids.worker, firstEditAt.toISOString()],
        [2, 'Home visit (corrected)', false, ids.manager, t.clock.now().toISOString()],
      ],
    );
    assert.ok(recordedAt < firstEditAt);
    assert.equal((await audits(childId, 'child.note.edit')).filter((r) => r.outcome === 'allowed').length, 2);

    const page = textOf((await agents.worker.get(`/children/${childId}/notes/${noteId}`)).body);
    assert.match(page, /Version history/);
    assert.match(page, /3 \(current\) Mona Manager/);
    assert.match(page, /2 Wren Worker 23 Nov 2026, 09:30/);
    assert.match(page, /1 Wren Worker 23 Nov 2026, 09:00/);
    t.clock.set('2026-11-23T09:00:00Z');
  });

  test('saving an edit that changes nothing makes no new version', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const response = await submit(agents.worker, `/children/${childId}/notes/${noteId}/edit`, { ...aNote(), version: '1' });
    assert.equal(response.headers.location, `/children/${childId}/notes/${noteId}?done=unchanged`);
    assert.equal((await versionsOf(noteId)).length, 0);
    assert.equal((await notesOf(childId))[0]!.version, 1);
  });

  test('an edit made from an out-of-date version is refused and changes nothing', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const path = `/children/${childId}/notes/${noteId}/edit`;
    assert.equal((await submit(agents.manager, path, { ...aNote({ title: 'First change' }), version: '1' })).statusCode, 303);
    const stale = await submit(agents.worker, path, { ...aNote({ title: 'Second change' }), version: '1' });
    assert.equal(stale.statusCode, 400);
    assert.match(textOf(stale.body), /changed by someone else while you were editing it/);
    assert.equal((await notesOf(childId))[0]!.title, 'First change');
    assert.equal((await versionsOf(noteId)).length, 1);
  });

  test('an edit with bad input is refused and changes nothing', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const response = await submit(agents.worker, `/children/${childId}/notes/${noteId}/edit`, { ...aNote({ body: '' }), version: '1' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#body"/);
    assert.match(textOf(response.body), /Enter the note/);
    assert.equal((await versionsOf(noteId)).length, 0);
    assert.equal((await notesOf(childId))[0]!.body, aNote().body);
  });

  test('someone who can read the record but did not write the note and is not a manager gets 403, audited', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const path = `/children/${childId}/notes/${noteId}/edit`;
    const page = await agents.coWorker.get(`/children/${childId}/notes/${noteId}`);
    assert.equal(page.statusCode, 200, 'the co-worker may read it');
    assert.doesNotMatch(page.body, /Change this note/);
    assert.equal((await agents.coWorker.get(path)).statusCode, 403);
    const posted = await agents.coWorker.post(path, { ...aNote({ title: 'Not mine to change' }), version: '1' });
    assert.equal(posted.statusCode, 403);
    assert.equal((await notesOf(childId))[0]!.title, 'Home visit');
    assert.equal((await versionsOf(noteId)).length, 0);
    const denied = [...(await audits(childId, 'child.view.note-edit-form')), ...(await audits(childId, 'child.note.edit'))].filter((r) => r.outcome === 'denied');
    assert.equal(denied.length, 2);
    assert.ok(denied.every((r) => r.actor_user_id === ids.coWorker && /not the author/.test(r.reason ?? '')));
  });

  test('someone without access gets 404 on every notes page and form, nothing is stored, and it is audited', async () => {
    const childId = await newChild();
    const noteId = await addNote(childId);
    const outsider = agents.outsider;
    const denialsBefore = (await use().db.selectFrom('audit_events').select('id').where('subject_id', '=', childId).where('outcome', '=', 'denied').execute()).length;
    for (const path of [`/children/${childId}/notes`, `/children/${childId}/notes/new`, `/children/${childId}/notes/${noteId}`, `/children/${childId}/notes/${noteId}/edit`]) {
      const response = await outsider.get(path);
      assert.equal(response.statusCode, 404, `GET ${path}`);
      assert.doesNotMatch(response.body, /Home visit|Notes\d/);
    }
    await outsider.get('/');
    assert.equal((await outsider.post(`/children/${childId}/notes/new`, aNote({ title: 'Sneaky' }))).statusCode, 404);
    await outsider.get('/');
    assert.equal((await outsider.post(`/children/${childId}/notes/${noteId}/edit`, { ...aNote({ title: 'Sneaky' }), version: '1' })).statusCode, 404);
    assert.equal((await notesOf(childId)).length, 1);
    assert.equal((await versionsOf(noteId)).length, 0);
    const denials = await use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('outcome', '=', 'denied').execute();
    assert.equal(denials.length - denialsBefore, 6);
    assert.ok(denials.every((r) => r.actor_user_id === ids.outsider));
  });

  test('a note id that is not a note of this child answers 404', async () => {
    const childId = await newChild();
    const other = await newChild();
    const noteId = await addNote(other);
    assert.equal((await agents.worker.get(`/children/${childId}/notes/${noteId}`)).statusCode, 404);
    assert.equal((await agents.worker.get(`/children/${childId}/notes/not-a-uuid`)).statusCode, 404);
  });
});
