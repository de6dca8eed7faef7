import type { Insertable, Updateable } from 'kysely';
import { inCaseScope, type CaseScope } from '../../platform/access/case-scope.ts';
import type { Db } from '../../db/database.ts';
import type { MissingEpisodesTable } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

/** The child's episodes, newest first. */
export async function listEpisodes(db: Db, childId: string) {
  return db
    .selectFrom('missing_episodes')
    .innerJoin('users', 'users.id', 'missing_episodes.recorded_by')
    .select([
      'missing_episodes.id',
      'missing_episodes.kind',
      'missing_episodes.start_date',
      'missing_episodes.start_time',
      'missing_episodes.end_date',
      'missing_episodes.end_time',
      'missing_episodes.where_found',
      'missing_episodes.reported_to_police',
      'missing_episodes.interview_offered_on',
      'missing_episodes.interview_offered_by',
      'missing_episodes.interview_independent',
      'missing_episodes.interview_outcome',
      'missing_episodes.interview_held_on',
      'missing_episodes.interview_learned',
      'users.name as recorded_by_name',
    ])
    .where('missing_episodes.child_id', '=', childId)
    .orderBy('missing_episodes.start_date', 'desc')
    .orderBy('missing_episodes.start_time', (ob) => ob.desc().nullsLast())
    .execute();
}

export type EpisodeRow = Awaited<ReturnType<typeof listEpisodes>>[number];

export async function insertEpisode(db: Db, values: Insertable<MissingEpisodesTable>) {
  return db.insertInto('missing_episodes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateEpisode(db: Db, childId: string, episodeId: string, values: Updateable<MissingEpisodesTable>) {
  await db.updateTable('missing_episodes').set(values).where('id', '=', episodeId).where('child_id', '=', childId).execute();
}


/**
 * Children in scope (by who leads their case) with an episode that is open,
 * started since `since`, or missing with no interview held or declined (it
 * may be overdue): those episodes. `visible` says whether the viewer may open the record
 * (the access policy, in the SQL); a restricted child the viewer may not
 * open is left out altogether, so it is neither named nor counted.
 */
export async function findEpisodesInScope(db: Db, viewer: Viewer, now: Date, scope: CaseScope, since: string) {
  const query = db
    .selectFrom('missing_episodes as me')
    .innerJoin('people', 'people.id', 'me.child_id')
    .innerJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .innerJoin('teams', 'teams.id', 'lead.team_id')
    .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
    .select((eb) => [
      'people.id as child_id',
      'people.la_child_id',
      'people.forename',
      'people.surname',
      'lead.worker_id',
      'worker.name as worker_name',
      'teams.id as team_id',
      'teams.name as team_name',
      'me.id',
      'me.kind',
      'me.start_date',
      'me.start_time',
      'me.end_date',
      'me.interview_outcome',
      'me.interview_offered_on',
      eb.and([childVisibleTo(viewer, now)(eb)]).as('visible'),
    ])
    .where('people.is_child', '=', true)
    .where((eb) =>
      eb.or([eb('me.start_date', '>=', since), eb('me.end_date', 'is', null), eb.and([eb('me.kind', '=', 'M'), eb('me.interview_outcome', 'is', null)])]),
    )
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]))
    .where(inCaseScope(scope));
  return query.orderBy('people.surname').orderBy('people.forename').orderBy('people.id').orderBy('me.start_date', 'desc').execute();
}

