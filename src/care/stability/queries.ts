import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { StabilityEpisode } from './rules.ts';

/** Whose children a page is about: the children whose case a worker, a team or a service leads now, or the whole council. */
export type StabilityScope = { kind: 'worker'; workerId: string } | { kind: 'team'; teamId: string } | { kind: 'service'; serviceId: string } | { kind: 'council' };

export interface ChildEpisodes {
  id: string;
  forename: string;
  surname: string;
  laChildId: string | null;
  dateOfBirth: string | null;
  /** The team leading the case now (case_leads) and its service, or null once it is closed. */
  teamId: string | null;
  serviceId: string | null;
  workerId: string | null;
  workerName: string | null;
  /** The viewer may open the record: only these are ever named. */
  listed: boolean;
  episodes: StabilityEpisode[];
}

/**
 * Every child who has ever been looked after and may be counted for the
 * viewer, with the case's lead now and their care episodes. Counted are every
 * unrestricted child and the restricted ones the viewer is named on (the
 * access policy, applied here in the SQL), so a restricted child never
 * changes a figure someone without access sees; `listed` marks the records
 * in `scope` the viewer may open.
 */
export async function findChildrenWithEpisodes(db: Db, viewer: Viewer, now: Date, scope: StabilityScope): Promise<ChildEpisodes[]> {
  const counted = db
    .selectFrom('people')
    .where('people.is_child', '=', true)
    .where((eb) => eb.exists(eb.selectFrom('care_episodes as any_episode').select('any_episode.id').whereRef('any_episode.child_id', '=', 'people.id')))
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]));
  const [people, episodes] = await Promise.all([
    counted
      .leftJoin('case_leads as lead', 'lead.child_id', 'people.id')
      .leftJoin('teams', 'teams.id', 'lead.team_id')
      .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
      .select((eb) => [
        'people.id',
        'people.forename',
        'people.surname',
        'people.la_child_id',
        'people.date_of_birth',
        'lead.team_id',
        'teams.service_id',
        'lead.worker_id',
        'worker.name as worker_name',
        // Worked out only in the viewer's scope, the only children a page may name.
        sql<boolean>`CASE WHEN ${scopeCondition(scope)} THEN ${childVisibleTo(viewer, now)(eb)} ELSE false END`.as('listed'),
      ])
      .orderBy('people.surname')
      .orderBy('people.forename')
      .orderBy('people.id')
      .execute(),
    db
      .selectFrom('care_episodes as e')
      .select(['e.child_id', ...EPISODE_COLUMNS.map((c) => `e.${c}` as const)])
      .where('e.child_id', 'in', counted.select('people.id'))
      .orderBy('e.child_id')
      .orderBy('e.start_date')
      .execute(),
  ]);
  const byChild = new Map<string, StabilityEpisode[]>();
  for (const e of episodes) {
    const list = byChild.get(e.child_id);
    if (list) list.push(episodeOf(e));
    else byChild.set(e.child_id, [episodeOf(e)]);
  }
  return people.map((r) => ({
    id: r.id,
    forename: r.forename,
    surname: r.surname,
    laChildId: r.la_child_id,
    dateOfBirth: r.date_of_birth,
    teamId: r.team_id,
    serviceId: r.service_id,
    workerId: r.worker_id,
    workerName: r.worker_name,
    listed: Boolean(r.listed),
    episodes: byChild.get(r.id) ?? [],
  }));
}

const EPISODE_COLUMNS = [
  'start_date',
  'end_date',
  'reason_new_episode',
  'legal_status',
  'placement_type',
  'placement_provider',
  'placement_postcode',
  'placement_distance_miles',
  'placement_out_of_area',
  'reason_ceased',
  'reason_place_change',
] as const;

function scopeCondition(scope: StabilityScope) {
  if (scope.kind === 'worker') return sql`lead.worker_id = ${scope.workerId}`;
  if (scope.kind === 'team') return sql`lead.team_id = ${scope.teamId}`;
  if (scope.kind === 'service') return sql`teams.service_id = ${scope.serviceId}`;
  return sql`true`;
}

/** Whether the case is in scope: led now by the worker, a team of the service, or the team; every child for the council. */
export function inScope(child: Pick<ChildEpisodes, 'workerId' | 'teamId' | 'serviceId'>, scope: StabilityScope): boolean {
  if (scope.kind === 'worker') return child.workerId === scope.workerId;
  if (scope.kind === 'team') return child.teamId === scope.teamId;
  if (scope.kind === 'service') return child.serviceId === scope.serviceId;
  return true;
}

type EpisodeRow = {
  start_date: string;
  end_date: string | null;
  reason_new_episode: string;
  legal_status: string;
  placement_type: string;
  placement_provider: string | null;
  placement_postcode: string | null;
  placement_distance_miles: number | string | null;
  placement_out_of_area: boolean | null;
  reason_ceased: string | null;
  reason_place_change: string | null;
};

function episodeOf(r: EpisodeRow): StabilityEpisode {
  return {
    startDate: r.start_date,
    endDate: r.end_date,
    reasonNewEpisode: r.reason_new_episode,
    legalStatus: r.legal_status,
    placementType: r.placement_type,
    placementProvider: r.placement_provider,
    placementPostcode: r.placement_postcode,
    distanceMiles: r.placement_distance_miles === null ? null : Number(r.placement_distance_miles),
    outOfArea: r.placement_out_of_area,
    reasonCeased: r.reason_ceased,
    reasonPlaceChange: r.reason_place_change,
  };
}

/** One child's care episodes, oldest first. */
export async function findEpisodes(db: Db, childId: string): Promise<StabilityEpisode[]> {
  const rows = await db.selectFrom('care_episodes').select([...EPISODE_COLUMNS]).where('child_id', '=', childId).orderBy('start_date').execute();
  return rows.map(episodeOf);
}

/** Every child's care episodes, oldest first, keyed by child. */
export async function findEpisodesByChild(db: Db): Promise<Map<string, StabilityEpisode[]>> {
  const rows = await db.selectFrom('care_episodes').select(['child_id', ...EPISODE_COLUMNS]).orderBy('child_id').orderBy('start_date').execute();
  const byChild = new Map<string, StabilityEpisode[]>();
  for (const row of rows) byChild.set(row.child_id, [...(byChild.get(row.child_id) ?? []), episodeOf(row)]);
  return byChild;
}
