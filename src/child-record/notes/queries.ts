import type { Db } from '../../db/database.ts';

export async function listNotes(db: Db, childId: string, noteType: string | null) {
  let query = db
    .selectFrom('case_notes')
    .innerJoin('users', 'users.id', 'case_notes.author_id')
    .select([
      'case_notes.id',
      'case_notes.note_type',
      'case_notes.event_date',
      'case_notes.title',
      'case_notes.significant',
      'case_notes.recorded_at',
      'case_notes.version',
      'users.name as author_name',
    ])
    .where('case_notes.child_id', '=', childId);
  if (noteType) query = query.where('case_notes.note_type', '=', noteType);
  return query.orderBy('case_notes.event_date', 'desc').orderBy('case_notes.recorded_at', 'desc').execute();
}

/** One of the child's notes; with `lock`, held until the transaction ends so edits queue up. */
export async function findNote(db: Db, childId: string, noteId: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('case_notes').selectAll().where('id', '=', noteId).where('child_id', '=', childId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export type NoteRow = NonNullable<Awaited<ReturnType<typeof findNote>>>;

export async function listVersions(db: Db, noteId: string) {
  return db
    .selectFrom('case_note_versions')
    .select(['version', 'note_type', 'event_date', 'title', 'body', 'significant', 'edited_by', 'edited_at'])
    .where('note_id', '=', noteId)
    .orderBy('version')
    .execute();
}

export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertNote(
  db: Db,
  row: { child_id: string; note_type: string; event_date: string; title: string; body: string; significant: boolean; author_id: string; at: Date },
) {
  const { at, ...values } = row;
  return db
    .insertInto('case_notes')
    .values({ ...values, recorded_at: at, updated_at: at, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Keeps the note as it stands as a version (never changed afterwards), then
 * writes the new content as the next version.
 */
export async function replaceNote(
  db: Db,
  note: NoteRow,
  next: { note_type: string; event_date: string; title: string; body: string; significant: boolean },
  editor: { id: string; at: Date },
) {
  await db
    .insertInto('case_note_versions')
    .values({
      note_id: note.id,
      version: note.version,
      note_type: note.note_type,
      event_date: note.event_date,
      title: note.title,
      body: note.body,
      significant: note.significant,
      edited_by: editor.id,
      edited_at: editor.at,
    })
    .execute();
  await db
    .updateTable('case_notes')
    .set({ ...next, version: note.version + 1, updated_at: editor.at })
    .where('id', '=', note.id)
    .where('version', '=', note.version)
    .execute();
}
