import { isUuid } from '../../platform/access/policy.ts';
import { RecordNotFound } from '../../platform/http/errors.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Db } from '../../db/database.ts';
import type { FormRead } from '../../platform/http/forms.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { findNote, insertNote, listNotes, listVersions, replaceNote, userNames, type NoteRow } from './queries.ts';
import { describeNoteType, isNoteType, mayEditNote, noteChanged, NOTE_FIELDS, versionHistory, type NoteInput } from './rules.ts';
import { orderErrors } from '../../platform/http/forms.ts';

/** The child's notes, newest event first, optionally of one type. */
export async function notesList(a: Actor, noteType: string | undefined) {
  const type = isNoteType(noteType) ? noteType : null;
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.notes', async (trx) => {
    const [child, notes] = await Promise.all([childHeaderView(trx, a.childId, a.today), listNotes(trx, a.childId, type)]);
    return { child, type, notes: notes.map((n) => ({ ...n, typeLabel: describeNoteType(n.note_type) })) };
  });
}

export async function noteFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.note-form', async (trx) => ({
    child: await childHeaderView(trx, a.childId, a.today),
  }));
}

export async function createNote(a: Actor, read: FormRead<NoteInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.note.create', async (trx, _access, name) => {
    const v = read.values;
    if (Object.keys(read.errors).length || !v.noteType || !v.eventDate || !v.title || !v.body) {
      return refuse(orderErrors(read.errors, NOTE_FIELDS), { child: await childHeaderView(trx, a.childId, a.today) });
    }
    const created = await insertNote(trx, {
      child_id: a.childId,
      note_type: v.noteType,
      event_date: v.eventDate,
      title: v.title,
      body: v.body,
      significant: v.significant ?? false,
      author_id: a.viewer.id,
      at: a.context.at,
    });
    name('note', created.id);
    return created;
  });
}

async function noteOr404(trx: Db, childId: string, noteId: string, lock = false): Promise<NoteRow> {
  const note = isUuid(noteId) ? await findNote(trx, childId, noteId, { lock }) : undefined;
  if (!note) throw new RecordNotFound('note', noteId);
  return note;
}

/** One note with every earlier version; looking at it is audited. */
export async function noteView(a: Actor, noteId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.note.view', async (trx) => {
    const note = await noteOr404(trx, a.childId, noteId);
    const [child, versions] = await Promise.all([childHeaderView(trx, a.childId, a.today), listVersions(trx, note.id)]);
    const history = versionHistory(note, versions);
    const names = await userNames(trx, [note.author_id, ...history.map((h) => h.writtenBy)]);
    return {
      child,
      note: { ...note, typeLabel: describeNoteType(note.note_type), authorName: names.get(note.author_id) ?? 'Unknown' },
      history: history.map((h) => ({ ...h, typeLabel: describeNoteType(h.note_type), writtenByName: names.get(h.writtenBy) ?? 'Unknown' })),
      mayEdit: mayEditNote(a.viewer, note.author_id),
    };
  });
}

function editable(a: Actor, note: NoteRow): void {
  if (!mayEditNote(a.viewer, note.author_id)) {
    throw new NotPermitted(
      'Only the person who wrote a case note, or a practice supervisor or manager, can change it.',
      `not the author of note ${note.id}, and role ${a.viewer.role} may not edit others' notes`,
    );
  }
}

function noteForForm(note: NoteRow) {
  return { ...note, typeLabel: describeNoteType(note.note_type) };
}

export async function noteEditFormView(a: Actor, noteId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.note-edit-form', async (trx) => {
    const note = await noteOr404(trx, a.childId, noteId);
    editable(a, note);
    return { child: await childHeaderView(trx, a.childId, a.today), note: noteForForm(note) };
  });
}

/**
 * Changes a note: the version being replaced is kept, never overwritten, with
 * who replaced it and when. `seenVersion` is the version the editor started
 * from; if someone else saved a newer one meanwhile, nothing is changed.
 */
export async function editNote(a: Actor, noteId: string, read: FormRead<NoteInput>, seenVersion: number) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.note.edit', async (trx) => {
    const note = await noteOr404(trx, a.childId, noteId, true);
    editable(a, note);
    const errors = { ...read.errors };
    if (note.version !== seenVersion) {
      errors['edit-note'] = 'This note was changed by someone else while you were editing it, so nothing was saved. Open the note again to see the latest version, then make your change';
    }
    const v = read.values;
    if (Object.keys(errors).length || !v.noteType || !v.eventDate || !v.title || !v.body) {
      return refuse(orderErrors(errors, ['edit-note', ...NOTE_FIELDS]), { child: await childHeaderView(trx, a.childId, a.today), note: noteForForm(note) });
    }
    const input: NoteInput = { noteType: v.noteType, eventDate: v.eventDate, title: v.title, body: v.body, significant: v.significant ?? false };
    if (!noteChanged(note, input)) return { id: note.id, changed: false };
    await replaceNote(
      trx,
      note,
      { note_type: input.noteType, event_date: input.eventDate, title: input.title, body: input.body, significant: input.significant },
      { id: a.viewer.id, at: a.context.at },
    );
    return { id: note.id, changed: true };
  });
}
