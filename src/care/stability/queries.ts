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
  /** The team leading the case now (case_leads), or null once it is closed. */
  teamId: string | null;
  workerName: string | null;
  /** The viewer may open the record: only these are ever named. */
  listed: boolean;
  episodes: StabilityEpisode[];
}

/**
 * Every child in scope who has ever been looked after, with their care
 * episodes. Counted are every unrestricted child and the restricted ones
 * the viewer is named on (the access policy, applied here in the SQL), so a
 * restricted child never changes a figure someone without access sees;
 * `listed` marks the records the viewer may open.
 */
export async function findChildrenWithEpisodes(db: Db, viewer: Viewer, now: Date, scope: StabilityScope): Promise<ChildEpisodes[]> {
  let query = db
    .selectFrom('people')
    .innerJoin('care_episodes as e', 'e.child_id', 'people.id')
    .leftJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .leftJoin('users as worker', 'worker.id', 'lead.worker_id')
    .select((eb) => [
      'people.id',
      'people.forename',
      'people.surname',
      'people.la_child_id',
      'people.date_of_birth',
      'lead.team_id',
      'worker.name as worker_name',
      sql<boolean>`${childVisibleTo(viewer, now)(eb)}`.as('listed'),
      'e.start_date',
      'e.end_date',
      'e.reason_new_episode',
      'e.legal_status',
      'e.placement_type',
      'e.placement_provider',
      'e.placement_postcode',
      'e.placement_distance_miles',
      'e.placement_out_of_area',
      'e.reason_ceased',
      'e.reason_place_change',
    ])
    .where('people.is_child', '=', true)
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]));
  if (scope.kind === 'worker') query = query.where('lead.worker_id', '=', scope.workerId);
  if (scope.kind === 'team') query = query.where('lead.team_id', '=', scope.teamId);
  if (scope.kind === 'service') query = query.where('lead.team_id', 'in', (eb) => eb.selectFrom('teams').select('teams.id').where('teams.service_id', '=', scope.serviceId));
  const rows = await query.orderBy('people.surname').orderBy('people.forename').orderBy('people.id').orderBy('e.start_date').execute();
  const children = new Map<string, ChildEpisodes>();
  for (const r of rows) {
    let child = children.get(r.id);
    if (!child) {
      child = {
        id: r.id,
        forename: r.forename,
        surname: r.surname,
        laChildId: r.la_child_id,
        dateOfBirth: r.date_of_birth,
        teamId: r.team_id,
        workerName: r.worker_name,
        listed: Boolean(r.listed),
        episodes: [],
      };
      children.set(r.id, child);
    }
    child.episodes.push(episodeOf(r));
  }
  return [...children.values()];
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
  const rows = await db
    .selectFrom('care_episodes')
    .select([
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
    ])
    .where('child_id', '=', childId)
    .orderBy('start_date')
    .execute();
  return rows.map(episodeOf);
}
