import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { actorOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import type { Body } from '../../platform/http/forms.ts';
import { BODY_MAX, NOTE_TYPES, readNote, TITLE_MAX } from './rules.ts';
import { createNote, editNote, noteEditFormView, noteFormView, notesList, noteView } from './service.ts';

const VIEWS = 'child-record/notes/views';
type Params = { childId: string; noteId?: string };

const DONE: Record<string, string> = {
  created: 'Case note saved.',
  edited: 'Case note changed. The earlier version is kept below.',
  unchanged: 'Nothing was changed.',
};

function first(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
}

/** What the note form needs to show `values`. */
function formModel(values: Body, errors: FieldErrors) {
  return {
    values,
    errors,
    titleMax: TITLE_MAX,
    bodyMax: BODY_MAX,
    typeItems: Object.entries(NOTE_TYPES).map(([value, text]) => ({ value, text })),
    eventDateItems: dateInputItems(values, 'eventDate', null, Boolean(errors['eventDate-day'])),
  };
}

function valuesOf(note: { note_type: string; event_date: string; title: string; body: string; significant: boolean; version: number }): Body {
  const [year, month, day] = note.event_date.split('-');
  return {
    noteType: note.note_type,
    'eventDate-day': String(Number(day)),
    'eventDate-month': String(Number(month)),
    'eventDate-year': year,
    title: note.title,
    body: note.body,
    significant: note.significant ? 'yes' : '',
    version: String(note.version),
  };
}

/** Case notes: the list, adding one, reading one with its history, and editing. */
export async function notesRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const reader = { preHandler: requireCaseRecordReader };
  const actor = actorOf(db, clock);

  app.get<{ Params: Params; Querystring: Record<string, unknown> }>('/children/:childId/notes', reader, async (request, reply) => {
    const view = await notesList(actor(request), first(request.query.type));
    const done = first(request.query.done);
    return reply.render(`${VIEWS}/list.njk`, {
      title: `${view.child.name}: case notes`,
      activeTab: 'notes',
      done: done ? DONE[done] : undefined,
      typeItems: [{ value: '', text: 'All types' }, ...Object.entries(NOTE_TYPES).map(([value, text]) => ({ value, text }))],
      ...view,
    });
  });

  app.get<{ Params: Params }>('/children/:childId/notes/new', reader, async (request, reply) => {
    const view = await noteFormView(actor(request));
    return reply.render(`${VIEWS}/new.njk`, { title: `${view.child.name}: add a case note`, activeTab: 'notes', ...view, ...formModel({}, {}) });
  });

  app.post<{ Params: Params }>('/children/:childId/notes/new', reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const a = actor(request);
    const result = await createNote(a, readNote(body, a.today));
    if (result.ok) return reply.redirect(`/children/${a.childId}/notes/${result.value.id}?done=created`, 303);
    return reply.code(400).render(`${VIEWS}/new.njk`, { title: `${result.view.child.name}: add a case note`, activeTab: 'notes', ...result.view, ...formModel(body, result.errors) });
  });

  app.get<{ Params: Params; Querystring: Record<string, unknown> }>('/children/:childId/notes/:noteId', reader, async (request, reply) => {
    const view = await noteView(actor(request), request.params.noteId!);
    const done = first(request.query.done);
    return reply.render(`${VIEWS}/show.njk`, { title: `${view.child.name}: ${view.note.title}`, activeTab: 'notes', done: done ? DONE[done] : undefined, ...view });
  });

  app.get<{ Params: Params }>('/children/:childId/notes/:noteId/edit', reader, async (request, reply) => {
    const view = await noteEditFormView(actor(request), request.params.noteId!);
    return reply.render(`${VIEWS}/edit.njk`, { title: `${view.child.name}: change a case note`, activeTab: 'notes', ...view, ...formModel(valuesOf(view.note), {}) });
  });

  app.post<{ Params: Params }>('/children/:childId/notes/:noteId/edit', reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const a = actor(request);
    const seen = Number.parseInt(first(body.version) ?? '', 10);
    const result = await editNote(a, request.params.noteId!, readNote(body, a.today), Number.isFinite(seen) ? seen : -1);
    if (result.ok) return reply.redirect(`/children/${a.childId}/notes/${result.value.id}?done=${result.value.changed ? 'edited' : 'unchanged'}`, 303);
    return reply.code(400).render(`${VIEWS}/edit.njk`, { title: `${result.view.child.name}: change a case note`, activeTab: 'notes', ...result.view, ...formModel(body, result.errors) });
  });
}
