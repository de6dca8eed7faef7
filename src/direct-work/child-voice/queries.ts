import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChildVoiceFeeling, ChildVoiceScenario } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

export interface NewLink {
  child_id: string;
  scenario: ChildVoiceScenario;
  easy_read: boolean;
  language: string;
  token_hash: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  uses_allowed: number;
}

export async function insertLink(db: Db, row: NewLink): Promise<string> {
  return (await db.insertInto('child_voice_links').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A child's links, newest first, with who made them. */
export function listLinks(db: Db, childId: string) {
  return db
    .selectFrom('child_voice_links as l')
    .innerJoin('users as maker', 'maker.id', 'l.created_by')
    .select(['l.id', 'l.scenario', 'l.easy_read', 'l.language', 'l.created_at', 'l.expires_at', 'l.uses_allowed', 'l.uses_made', 'l.withdrawn_at', 'maker.name as maker_name'])
    .where('l.child_id', '=', childId)
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id')
    .execute();
}

export type LinkRow = Awaited<ReturnType<typeof listLinks>>[number];

/** The link behind a token's hash; `lock` takes its row for update, so two submissions cannot both use its last use. */
export function findLinkByHash(db: Db, tokenHash: string, lock = false) {
  let query = db
    .selectFrom('child_voice_links')
    .select(['id', 'child_id', 'scenario', 'easy_read', 'language', 'token_hash', 'expires_at', 'uses_allowed', 'uses_made', 'withdrawn_at'])
    .where('token_hash', '=', tokenHash);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export function findLink(db: Db, childId: string, linkId: string) {
  return db.selectFrom('child_voice_links').select(['id', 'withdrawn_at']).where('child_id', '=', childId).where('id', '=', linkId).executeTakeFirst();
}

export async function withdrawLink(db: Db, linkId: string, by: string, at: Date): Promise<void> {
  await db.updateTable('child_voice_links').set({ withdrawn_at: at, withdrawn_by: by }).where('id', '=', linkId).where('withdrawn_at', 'is', null).execute();
}

export async function useLink(db: Db, linkId: string): Promise<void> {
  await db.updateTable('child_voice_links').set((eb) => ({ uses_made: eb('uses_made', '+', 1) })).where('id', '=', linkId).execute();
}

export interface NewStatement {
  child_id: string;
  link_id: string;
  scenario: ChildVoiceScenario;
  feeling: ChildVoiceFeeling;
  words: string;
  worried: boolean;
  received_at: Date;
}

export async function insertStatement(db: Db, row: NewStatement): Promise<string> {
  return (await db.insertInto('child_voice_statements').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** What the child has sent, newest first, with the response where one is recorded. */
export function listStatements(db: Db, childId: string) {
  return db
    .selectFrom('child_voice_statements as s')
    .leftJoin('users as responder', 'responder.id', 's.responded_by')
    .select(['s.id', 's.scenario', 's.feeling', 's.words', 's.worried', 's.received_at', 's.response', 's.responded_on', 's.responded_at', 'responder.name as responder_name'])
    .where('s.child_id', '=', childId)
    .orderBy('s.received_at', 'desc')
    .orderBy('s.id')
    .execute();
}

export type StatementRow = Awaited<ReturnType<typeof listStatements>>[number];

export function findStatement(db: Db, childId: string, statementId: string, lock = false) {
  let query = db.selectFrom('child_voice_statements').select(['id', 'worried', 'received_at', 'response', 'scenario']).where('child_id', '=', childId).where('id', '=', statementId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function recordResponse(db: Db, statementId: string, values: { response: string; responded_on: string; responded_by: string; responded_at: Date }): Promise<void> {
  await db.updateTable('child_voice_statements').set(values).where('id', '=', statementId).execute();
}

/** The child's latest looked-after review, child protection review or initial conference, if any: 'YYYY-MM-DD'. */
export async function lastReviewDate(db: Db, childId: string): Promise<string | null> {
  const row = await db
    .selectFrom('case_events')
    .select('event_date')
    .where('child_id', '=', childId)
    .where('kind', 'in', ['cla_review', 'cp_review', 'icpc'])
    .orderBy('event_date', 'desc')
    .executeTakeFirst();
  return row?.event_date ?? null;
}

/**
 * Children told us they are worried and no response is recorded yet, for the
 * home page of `viewer`: the worker allocated to the child, their line
 * manager, and the team manager of the team holding the child. A child the
 * viewer may not see is never shown.
 */
export function worriedAwaitingResponse(db: Db, viewer: Viewer, now: Date) {
  return db
    .selectFrom('child_voice_statements as s')
    .innerJoin('people', 'people.id', 's.child_id')
    .select(['s.id', 's.child_id', 's.received_at', 'people.forename', 'people.surname'])
    .where('s.worried', '=', true)
    .where('s.response', 'is', null)
    .where((eb) => {
      const open = () => eb.selectFrom('allocations as a').select('a.id').whereRef('a.child_id', '=', 's.child_id').where('a.end_date', 'is', null);
      return eb.or([
        eb.exists(open().where('a.worker_id', '=', viewer.id)),
        eb.exists(open().where('a.worker_id', 'in', eb.selectFrom('users as w').select('w.id').where('w.line_manager_id', '=', viewer.id))),
        ...(viewer.role === 'team_manager' && viewer.teamId ? [eb.exists(open().where('a.team_id', '=', viewer.teamId))] : []),
      ]);
    })
    .where(childVisibleTo(viewer, now))
    .orderBy('s.received_at')
    .execute();
}

/** Email addresses of the people to tell of a worried statement: the allocated workers, their line managers and the team managers of the teams holding the child. */
export async function peopleToTell(db: Db, childId: string) {
  const rows = await db
    .selectFrom('allocations as a')
    .innerJoin('users as w', 'w.id', 'a.worker_id')
    .leftJoin('users as m', 'm.id', 'w.line_manager_id')
    .select(['w.id as worker_id', 'w.email as worker_email', 'w.disabled_at as worker_disabled', 'm.id as manager_id', 'm.email as manager_email', 'm.disabled_at as manager_disabled'])
    .where('a.child_id', '=', childId)
    .where('a.end_date', 'is', null)
    .execute();
  const teamManagers = await db
    .selectFrom('allocations as a')
    .innerJoin('users as tm', 'tm.team_id', 'a.team_id')
    .select(['tm.id', 'tm.email'])
    .where('a.child_id', '=', childId)
    .where('a.end_date', 'is', null)
    .where('tm.role', '=', 'team_manager')
    .where('tm.disabled_at', 'is', null)
    .execute();
  const people = new Map<string, string>(teamManagers.map((m) => [m.id, m.email]));
  for (const r of rows) {
    if (!r.worker_disabled) people.set(r.worker_id, r.worker_email);
    if (r.manager_id && r.manager_email && !r.manager_disabled) people.set(r.manager_id, r.manager_email);
  }
  return [...people].map(([id, email]) => ({ id, email }));
}

// --- The measures -------------------------------------------------------------------------------------

/** Children a restricted record hides from `viewer`: never counted. */
function hiddenChildren(db: Db, viewer: Viewer, now: Date) {
  return db.selectFrom('people').select('people.id').where('people.restricted', '=', true).where((eb) => eb.not(childVisibleTo(viewer, now)(eb)));
}

/** The team holding each child now (the lead allocation), limited to `teamIds` (null: every team). */
function childTeams(db: Db, teamIds: readonly string[] | null) {
  let query = db.selectFrom('allocations as a').innerJoin('teams', 'teams.id', 'a.team_id').select(['a.child_id', 'teams.id as team_id', 'teams.name as team_name']).where('a.end_date', 'is', null).where('a.role', '=', 'lead');
  if (teamIds !== null) query = teamIds.length ? query.where('a.team_id', 'in', teamIds) : query.where(sql<boolean>`false`);
  return query;
}

/**
 * By team: children whose latest review or conference fell in `range`, and
 * how many of them sent a statement in the six months up to it.
 */
export async function viewsBeforeReview(db: Db, viewer: Viewer, now: Date, range: { from: string; to: string }, teamIds: readonly string[] | null) {
  const rows = await db
    .with('last_review', (q) =>
      q
        .selectFrom('case_events')
        .select(['child_id', (eb) => eb.fn.max('event_date').as('review_date')])
        .where('kind', 'in', ['cla_review', 'cp_review', 'icpc'])
        .groupBy('child_id'),
    )
    .with('child_team', () => childTeams(db, teamIds))
    .selectFrom('last_review as r')
    .innerJoin('child_team as t', 't.child_id', 'r.child_id')
    .where('r.review_date', '>=', range.from)
    .where('r.review_date', '<=', range.to)
    .where('r.child_id', 'not in', hiddenChildren(db, viewer, now))
    .select(['t.team_id', 't.team_name'])
    .select((eb) => eb.fn.countAll<string>().as('children'))
    .select(
      sql<string>`count(*) filter (where exists (
        select 1 from child_voice_statements s
        where s.child_id = r.child_id
          and (s.received_at at time zone 'Europe/London')::date <= r.review_date
          and (s.received_at at time zone 'Europe/London')::date > (r.review_date - interval '6 months')::date))`.as('gave_views'),
    )
    .groupBy(['t.team_id', 't.team_name'])
    .orderBy('t.team_name')
    .execute();
  return rows.map((r) => ({ teamName: r.team_name, children: Number(r.children), gaveViews: Number(r.gave_views) }));
}

/** Statements received from `since`, by scenario, for children held by `teamIds`. */
export async function statementsByScenario(db: Db, viewer: Viewer, now: Date, since: Date, teamIds: readonly string[] | null) {
  const rows = await db
    .with('child_team', () => childTeams(db, teamIds))
    .selectFrom('child_voice_statements as s')
    .innerJoin('child_team as t', 't.child_id', 's.child_id')
    .where('s.received_at', '>=', since)
    .where('s.child_id', 'not in', hiddenChildren(db, viewer, now))
    .select(['s.scenario'])
    .select((eb) => eb.fn.countAll<string>().as('statements'))
    .select(sql<string>`count(*) filter (where s.worried)`.as('worried'))
    .groupBy('s.scenario')
    .execute();
  return rows.map((r) => ({ scenario: r.scenario, statements: Number(r.statements), worried: Number(r.worried) }));
}

/** Each worried statement received from `since`: when it came and when its response was recorded (null: none yet). */
export async function worriedResponseTimes(db: Db, viewer: Viewer, now: Date, since: Date, teamIds: readonly string[] | null) {
  return db
    .with('child_team', () => childTeams(db, teamIds))
    .selectFrom('child_voice_statements as s')
    .innerJoin('child_team as t', 't.child_id', 's.child_id')
    .where('s.received_at', '>=', since)
    .where('s.worried', '=', true)
    .where('s.child_id', 'not in', hiddenChildren(db, viewer, now))
    .select(['s.received_at', 's.responded_at'])
    .execute();
}
