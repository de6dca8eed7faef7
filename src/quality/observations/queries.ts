import type { Db } from '../../db/database.ts';
import type { ObservationSetting, OfstedGrade } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

const LIST_COLUMNS = [
  'o.id',
  'o.worker_id',
  'o.observer_id',
  'o.observed_on',
  'o.setting',
  'o.grade',
  'o.reflected_at',
  'worker.name as worker_name',
  'observer.name as observer_name',
  'teams.name as team_name',
] as const;

export interface ObservationFilter {
  from: string;
  to: string;
  /** Only these workers' observations. */
  workerId?: string;
  observerId?: string;
  /** The worker's team on the day is one of these (null: any team, the council). */
  teamIds?: readonly string[] | null;
}

/** Observations in a period, newest first, without the child: lists never name one. */
export async function listObservations(db: Db, filter: ObservationFilter) {
  let query = db
    .selectFrom('practice_observations as o')
    .innerJoin('users as worker', 'worker.id', 'o.worker_id')
    .innerJoin('users as observer', 'observer.id', 'o.observer_id')
    .leftJoin('teams', 'teams.id', 'o.team_id')
    .select(LIST_COLUMNS)
    .where('o.observed_on', '>=', filter.from)
    .where('o.observed_on', '<=', filter.to);
  if (filter.workerId) query = query.where('o.worker_id', '=', filter.workerId);
  if (filter.observerId) query = query.where('o.observer_id', '=', filter.observerId);
  if (filter.teamIds) query = filter.teamIds.length ? query.where('o.team_id', 'in', filter.teamIds) : query.where('o.id', 'is', null);
  return query.orderBy('o.observed_on', 'desc').orderBy('o.recorded_at', 'desc').limit(500).execute();
}

export type ObservationListRow = Awaited<ReturnType<typeof listObservations>>[number];

export function findObservation(db: Db, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .selectFrom('practice_observations as o')
    .innerJoin('users as worker', 'worker.id', 'o.worker_id')
    .innerJoin('users as observer', 'observer.id', 'o.observer_id')
    .leftJoin('teams', 'teams.id', 'o.team_id')
    .leftJoin('training_courses as course', 'course.id', 'o.course_id')
    .leftJoin('people as child', 'child.id', 'o.child_id')
    .selectAll('o')
    .select(['worker.name as worker_name', 'observer.name as observer_name', 'teams.name as team_name', 'course.name as course_name', 'child.forename as child_forename', 'child.surname as child_surname'])
    .where('o.id', '=', id);
  return (options.lock ? query.forUpdate('o') : query).executeTakeFirst();
}

export type ObservationRow = NonNullable<Awaited<ReturnType<typeof findObservation>>>;

/**
 * The children a worker holds (an open allocation as lead or co-worker) that
 * the viewer may see: the children an observation may name.
 */
export function childrenOfWorker(db: Db, viewer: Viewer, now: Date, workerId: string) {
  return db
    .selectFrom('people')
    .select(['people.id', 'people.forename', 'people.surname', 'people.la_child_id'])
    .where((eb) => eb.exists(eb.selectFrom('allocations').select('allocations.id').whereRef('allocations.child_id', '=', 'people.id').where('allocations.worker_id', '=', workerId).where('allocations.end_date', 'is', null)))
    .where(childVisibleTo(viewer, now))
    .orderBy('people.surname')
    .orderBy('people.forename')
    .execute();
}

/** The staff an observer may choose from: everyone in post but themselves, by name (the service checks whom they may observe). */
export function staffInPost(db: Db, exceptId: string, teamIds: readonly string[] | null) {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.role', 'users.team_id', 'users.line_manager_id', 'teams.name as team_name'])
    .where('users.disabled_at', 'is', null)
    .where('users.id', '!=', exceptId)
    .where('users.role', 'not in', ['system_admin', 'performance_analyst', 'head_of_service']);
  if (teamIds) query = teamIds.length ? query.where('users.team_id', 'in', teamIds) : query.where('users.id', 'is', null);
  return query.orderBy('users.name').execute();
}

export interface NewObservation {
  worker_id: string;
  observer_id: string;
  team_id: string | null;
  observed_on: string;
  setting: ObservationSetting;
  setting_detail: string | null;
  child_id: string | null;
  went_well: string;
  to_develop: string;
  course_id: string | null;
  grade: OfstedGrade | null;
  recorded_at: Date;
}

export async function insertObservation(db: Db, row: NewObservation): Promise<string> {
  return (await db.insertInto('practice_observations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function saveReflection(db: Db, id: string, reflection: string, at: Date): Promise<void> {
  await db.updateTable('practice_observations').set({ reflection, reflected_at: at }).where('id', '=', id).execute();
}

/** A worker's observations from `since` (the day after their last supervision) to today, oldest first: for their next supervision. */
export function observationsSince(db: Db, workerId: string, since: string | null) {
  let query = db
    .selectFrom('practice_observations as o')
    .innerJoin('users as observer', 'observer.id', 'o.observer_id')
    .select(['o.id', 'o.observed_on', 'o.setting', 'o.grade', 'o.to_develop', 'observer.name as observer_name'])
    .where('o.worker_id', '=', workerId);
  if (since) query = query.where('o.observed_on', '>', since);
  return query.orderBy('o.observed_on').execute();
}
