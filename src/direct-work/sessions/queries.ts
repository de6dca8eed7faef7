import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

/** A child's direct-work sessions, newest first, with the tool and who recorded them. */
export function listSessions(db: Db, childId: string) {
  return db
    .selectFrom('direct_work_sessions')
    .innerJoin('direct_work_tools as tool', 'tool.id', 'direct_work_sessions.tool_id')
    .innerJoin('users as recorder', 'recorder.id', 'direct_work_sessions.recorded_by')
    .select([
      'direct_work_sessions.id',
      'direct_work_sessions.session_date',
      'direct_work_sessions.took_part',
      'direct_work_sessions.childs_words',
      'direct_work_sessions.analysis',
      'direct_work_sessions.what_changed',
      'direct_work_sessions.recorded_at',
      'tool.id as tool_id',
      'tool.name as tool_name',
      'tool.kind as tool_kind',
      'recorder.name as recorder_name',
    ])
    .where('direct_work_sessions.child_id', '=', childId)
    .orderBy('direct_work_sessions.session_date', 'desc')
    .orderBy('direct_work_sessions.recorded_at', 'desc')
    .execute();
}

export type SessionRow = Awaited<ReturnType<typeof listSessions>>[number];

/** The drawings and photos kept from a child's sessions, as documents on their record (deleted ones too, without their bytes). */
export function listSessionAttachments(db: Db, childId: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'direct_work_session_id', 'kind', 'file_name', 'media_type', 'size_bytes', 'deleted_on'])
    .where('child_id', '=', childId)
    .where('direct_work_session_id', 'is not', null)
    .orderBy('uploaded_at')
    .orderBy('file_name')
    .orderBy('id')
    .execute();
}

export type AttachmentRow = Awaited<ReturnType<typeof listSessionAttachments>>[number];

/** One of this child's sessions, with its tool's name, locked until the transaction ends; undefined when it is not theirs. */
export function lockSession(db: Db, childId: string, sessionId: string) {
  return db
    .selectFrom('direct_work_sessions as s')
    .innerJoin('direct_work_tools as tool', 'tool.id', 's.tool_id')
    .select(['s.id', 's.session_date', 'tool.name as tool_name'])
    .where('s.id', '=', sessionId)
    .where('s.child_id', '=', childId)
    .forUpdate('s')
    .executeTakeFirst();
}

/** The tools a new session may use: those not retired. */
export function activeTools(db: Db) {
  return db.selectFrom('direct_work_tools').select(['id', 'name', 'kind', 'age_from', 'age_to']).where('retired_on', 'is', null).orderBy('kind').orderBy('name').execute();
}

export interface NewSession {
  child_id: string;
  session_date: string;
  tool_id: string;
  took_part: string;
  childs_words: string;
  analysis: string;
  what_changed: string;
  recorded_by: string;
  recorded_at: Date;
}

export async function insertSession(db: Db, row: NewSession): Promise<string> {
  return (await db.insertInto('direct_work_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Every tool, retired ones too: the columns of the count. */
export function allTools(db: Db) {
  return db.selectFrom('direct_work_tools').select(['id', 'name']).orderBy('kind').orderBy('name').execute();
}

/**
 * The number of sessions with each tool from `from` to `to`, by the team of
 * the worker who recorded them or by the worker, for the workers in `teamIds`
 * (null: every worker). A restricted child the viewer may not see is never
 * counted. Counts only: no child is named.
 */
export async function useCounts(db: Db, viewer: Viewer, now: Date, range: { from: string; to: string }, teamIds: readonly string[] | null, by: 'team' | 'worker') {
  const hidden = db
    .selectFrom('people')
    .select('people.id')
    .where('people.restricted', '=', true)
    .where((eb) => eb.not(childVisibleTo(viewer, now)(eb)));
  let query = db
    .selectFrom('direct_work_sessions as s')
    .innerJoin('direct_work_tools as tool', 'tool.id', 's.tool_id')
    .innerJoin('users as worker', 'worker.id', 's.recorded_by')
    .leftJoin('teams', 'teams.id', 'worker.team_id')
    .where('s.session_date', '>=', range.from)
    .where('s.session_date', '<=', range.to)
    .where('s.child_id', 'not in', hidden);
  if (teamIds !== null) query = teamIds.length ? query.where('worker.team_id', 'in', teamIds) : query.where('worker.team_id', 'is', null).where('worker.id', 'is', null);
  const grouped =
    by === 'team'
      ? query.select(['tool.id as tool_id', 'tool.name as tool_name', 'teams.id as group_id', 'teams.name as group_name']).groupBy(['tool.id', 'tool.name', 'teams.id', 'teams.name'])
      : query.select(['tool.id as tool_id', 'tool.name as tool_name', 'worker.id as group_id', 'worker.name as group_name']).groupBy(['tool.id', 'tool.name', 'worker.id', 'worker.name']);
  const rows = await grouped.select((eb) => eb.fn.countAll<string>().as('sessions')).execute();
  return rows.map((r) => ({ ...r, sessions: Number(r.sessions) }));
}
