import type { Db } from '../../db/database.ts';
import type { ComplaintOutcome, FeedbackSource } from '../../db/schema.ts';

export interface EntryFilter {
  from: string;
  to: string;
  /** The teams of the list; null: every team (the council). */
  teamIds: readonly string[] | null;
  /** Only those this person logged. */
  recordedBy?: string;
}

/** Compliments and complaint stages received in a period, newest first. */
export async function listEntries(db: Db, filter: EntryFilter) {
  let query = db
    .selectFrom('compliments_complaints as c')
    .innerJoin('teams', 'teams.id', 'c.team_id')
    .leftJoin('compliments_complaints as next', 'next.follows_id', 'c.id')
    .select(['c.id', 'c.kind', 'c.team_id', 'c.received_on', 'c.from_category', 'c.stage', 'c.extended', 'c.response_due', 'c.responded_on', 'c.outcome', 'teams.name as team_name', 'next.id as next_id'])
    .where('c.received_on', '>=', filter.from)
    .where('c.received_on', '<=', filter.to);
  if (filter.teamIds) query = filter.teamIds.length ? query.where('c.team_id', 'in', filter.teamIds) : query.where('c.id', 'is', null);
  if (filter.recordedBy) query = query.where('c.recorded_by', '=', filter.recordedBy);
  return query.orderBy('c.received_on', 'desc').orderBy('c.recorded_at', 'desc').limit(500).execute();
}

export type EntryListRow = Awaited<ReturnType<typeof listEntries>>[number];

export function findEntry(db: Db, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .selectFrom('compliments_complaints as c')
    .innerJoin('teams', 'teams.id', 'c.team_id')
    .innerJoin('users as recorder', 'recorder.id', 'c.recorded_by')
    .leftJoin('compliments_complaints as next', 'next.follows_id', 'c.id')
    .selectAll('c')
    .select(['teams.name as team_name', 'recorder.name as recorder_name', 'next.id as next_id'])
    .where('c.id', '=', id);
  return (options.lock ? query.forUpdate('c') : query).executeTakeFirst();
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

export interface NewEntry {
  kind: 'compliment' | 'complaint';
  team_id: string;
  received_on: string;
  from_category: FeedbackSource;
  summary: string;
  stage: 1 | 2 | 3 | null;
  follows_id: string | null;
  response_due: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export async function insertEntry(db: Db, row: NewEntry): Promise<string> {
  return (await db.insertInto('compliments_complaints').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setExtended(db: Db, id: string, responseDue: string): Promise<void> {
  await db.updateTable('compliments_complaints').set({ extended: true, response_due: responseDue }).where('id', '=', id).execute();
}

export async function setResponse(db: Db, id: string, respondedOn: string, outcome: ComplaintOutcome): Promise<void> {
  await db.updateTable('compliments_complaints').set({ responded_on: respondedOn, outcome }).where('id', '=', id).execute();
}

export function allTeams(db: Db) {
  return db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute();
}
