// Case notes: what they are, who may change them, and how their history reads.
// Pure: the caller passes `today` and the stored rows.
import type { Role } from '../../db/schema.ts';
import { z } from 'zod';
import { choice, dateInput, readForm, text, ticked, type Body, type FormRead } from '../../platform/http/forms.ts';

export const NOTE_TYPES = {
  visit: 'Visit',
  direct_work: 'Direct work with the child',
  phone_call: 'Phone call',
  management_oversight: 'Management oversight',
  supervision_direction: 'Supervision direction',
  meeting: 'Meeting',
  other: 'Other',
} as const;
export type NoteType = keyof typeof NOTE_TYPES;

export function isNoteType(value: unknown): value is NoteType {
  return typeof value === 'string' && Object.hasOwn(NOTE_TYPES, value);
}

export function describeNoteType(type: string): string {
  return isNoteType(type) ? NOTE_TYPES[type] : type;
}

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

/** Besides its author, the managers who may correct a note on a child they can see. */
export const NOTE_EDITOR_ROLES: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager'];

export function mayEditNote(viewer: { id: string; role: Role }, authorId: string): boolean {
  return viewer.id === authorId || NOTE_EDITOR_ROLES.includes(viewer.role);
}

export interface NoteInput {
  noteType: NoteType;
  eventDate: string;
  title: string;
  body: string;
  significant: boolean;
}
export const NOTE_FIELDS = ['noteType', 'eventDate-day', 'title', 'body', 'significant'];

/** The note form; the date of the event may not be after `today`. */
function noteForm(today: string) {
  return z.object({
    noteType: choice(NOTE_TYPES, { label: 'Type of note', choose: 'Select the type of note', invalid: 'Type of note must be one of the types listed' }),
    eventDate: dateInput({ label: 'Date of the event', required: true, notAfter: today }),
    title: text({ label: 'Title', max: TITLE_MAX, required: 'Enter a title' }),
    // The body keeps its line breaks and indentation; only trailing space goes.
    body: text({ label: 'Note', max: BODY_MAX, required: 'Enter the note', keepLayout: true }),
    significant: ticked(),
  });
}

/** Reads the note form: every field on its own, so every problem shows at once. */
export function readNote(body: Body, today: string): FormRead<NoteInput> {
  return readForm(noteForm(today), body);
}

interface NoteContent {
  note_type: string;
  event_date: string;
  title: string;
  body: string;
  significant: boolean;
}

/** Whether saving `input` would change the note at all. */
export function noteChanged(current: NoteContent, input: NoteInput): boolean {
  return (
    current.note_type !== input.noteType ||
    current.event_date !== input.eventDate ||
    current.title !== input.title ||
    current.body !== input.body ||
    current.significant !== input.significant
  );
}

export interface StoredVersion extends NoteContent {
  version: number;
  /** Who replaced this version with the next one, and when. */
  edited_by: string;
  edited_at: Date;
}

export interface VersionEntry extends NoteContent {
  version: number;
  /** Who wrote this version: the author for the first, then whoever made each edit. */
  writtenBy: string;
  writtenAt: Date;
  current: boolean;
}

/**
 * Every version of a note, newest first. A stored version row holds what the
 * note said before an edit, with who made that edit and when; so version 1
 * was written by the author when the note was recorded, and version n + 1 by
 * whoever replaced version n.
 */
export function versionHistory(
  note: NoteContent & { version: number; author_id: string; recorded_at: Date },
  stored: readonly StoredVersion[],
): VersionEntry[] {
  const byVersion = [...stored].sort((a, b) => a.version - b.version);
  const versions = [...byVersion, note];
  return versions
    .map((version, index) => {
      const replaced = byVersion[index - 1];
      return {
        ...pick(version),
        version: version.version,
        writtenBy: replaced ? replaced.edited_by : note.author_id,
        writtenAt: replaced ? replaced.edited_at : note.recorded_at,
        current: index === byVersion.length,
      };
    })
    .reverse();
}

function pick(row: NoteContent): NoteContent {
  return { note_type: row.note_type, event_date: row.event_date, title: row.title, body: row.body, significant: row.significant };
}
