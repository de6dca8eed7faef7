import type { Db } from '../../db/database.ts';
import type { CaseEventKind, Role, VisitsTable } from '../../db/schema.ts';
import { statutoryVisit } from '../../timescales/index.ts';

export async function listVisits(db: Db, childId: string) {
  return db
    .selectFrom('visits')
    .innerJoin('users', 'users.id', 'visits.visitor_id')
    .leftJoin('users as stood_in_for', 'stood_in_for.id', 'visits.on_behalf_of')
    .select([
      'visits.id',
      'visits.kind',
      'visits.visit_date',
      'visits.visit_time',
      'visits.location_postcode',
      'visits.child_seen',
      'visits.seen_alone',
      'visits.bedroom_seen',
      'visits.virtual',
      'visits.unsuccessful_reason',
      'visits.note',
      'users.name as visitor_name',
      'stood_in_for.name as on_behalf_of_name',
      statutoryVisit.as('statutory'),
    ])
    .where('visits.child_id', '=', childId)
    .orderBy('visits.visit_date', 'desc')
    .orderBy('visits.visit_time', 'desc')
    .orderBy('visits.recorded_at', 'desc')
    .execute();
}

export async function listCaseEvents(db: Db, childId: string) {
  return db
    .selectFrom('case_events')
    .innerJoin('users', 'users.id', 'case_events.recorded_by')
    .select(['case_events.id', 'case_events.kind', 'case_events.event_date', 'case_events.s47_started', 'case_events.note', 'users.name as recorded_by_name'])
    .where('case_events.child_id', '=', childId)
    .orderBy('case_events.event_date', 'desc')
    .orderBy('case_events.recorded_at', 'desc')
    .execute();
}

export async function listFrequencies(db: Db, childId: string) {
  return db
    .selectFrom('visit_frequencies')
    .innerJoin('users', 'users.id', 'visit_frequencies.recorded_by')
    .leftJoin('users as agreed', 'agreed.id', 'visit_frequencies.agreed_by')
    .select([
      'visit_frequencies.applies_to',
      'visit_frequencies.every_n',
      'visit_frequencies.unit',
      'visit_frequencies.from_date',
      'users.name as recorded_by_name',
      'agreed.name as agreed_by_name',
    ])
    .where('visit_frequencies.child_id', '=', childId)
    .orderBy('visit_frequencies.from_date', 'desc')
    .execute();
}

/** Where the child lives now and the team that leads their case: for the visit's default place and the distance from the team's base. */
export async function findChildPlace(db: Db, childId: string) {
  return db
    .selectFrom('people')
    .leftJoin('care_episodes', (join) => join.onRef('care_episodes.child_id', '=', 'people.id').on('care_episodes.end_date', 'is', null))
    .leftJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .leftJoin('teams', 'teams.id', 'lead.team_id')
    .leftJoin('addresses', (join) => join.onRef('addresses.person_id', '=', 'people.id').on('addresses.end_date', 'is', null))
    .select([
      'care_episodes.placement_postcode',
      'care_episodes.placement_out_of_area',
      'care_episodes.placement_distance_miles',
      'teams.name as team_name',
      'teams.base_postcode',
      'addresses.postcode as home_postcode',
    ])
    .where('people.id', '=', childId)
    .orderBy('addresses.start_date', 'desc')
    .executeTakeFirst();
}

/** The people who may be named as having visited: everyone holding the child now, and the person recording. */
export async function listVisitors(db: Db, childId: string, currentUserId: string) {
  const rows = await db
    .selectFrom('users')
    .leftJoin('allocations', (join) =>
      join.onRef('allocations.worker_id', '=', 'users.id').on('allocations.child_id', '=', childId).on('allocations.end_date', 'is', null),
    )
    .select(['users.id', 'users.name', 'users.role', 'allocations.role as allocation_role'])
    .where((eb) => eb.or([eb('users.id', '=', currentUserId), eb('allocations.id', 'is not', null)]))
    .orderBy('users.name')
    .execute();
  const seen = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!seen.has(row.id) || row.allocation_role === 'personal_adviser') seen.set(row.id, row);
  return [...seen.values()];
}

/** Active staff in these roles, by name: who may be named as agreeing a visiting arrangement. */
export async function listStaffInRoles(db: Db, roles: readonly Role[]) {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('role', 'in', roles).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

export async function insertVisit(
  db: Db,
  row: Omit<VisitsTable, 'id' | 'virtual' | 'recorded_at' | 'on_behalf_of'> & { virtual: boolean; recorded_at: Date; on_behalf_of: string | null },
) {
  return db.insertInto('visits').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertCaseEvent(
  db: Db,
  row: { child_id: string; kind: CaseEventKind; event_date: string; s47_started: boolean | null; note: string | null; recorded_by: string; recorded_at: Date },
) {
  return db.insertInto('case_events').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertFrequency(
  db: Db,
  row: {
    child_id: string;
    applies_to: 'cin' | 'cp' | 'short_breaks';
    every_n: number;
    unit: 'working_days' | 'days' | 'weeks' | 'months';
    from_date: string;
    agreed_by: string;
    recorded_by: string;
    recorded_at: Date;
  },
) {
  return db.insertInto('visit_frequencies').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function findPlacementTerms(db: Db, childId: string, placementStart: string) {
  return db
    .selectFrom('placement_visit_terms')
    .leftJoin('users as iro', 'iro.id', 'placement_visit_terms.agreed_with_iro')
    .select(['placement_visit_terms.agreed_with_iro', 'placement_visit_terms.child_view', 'iro.name as iro_name'])
    .where('placement_visit_terms.child_id', '=', childId)
    .where('placement_visit_terms.placement_start', '=', placementStart)
    .executeTakeFirst();
}

export async function upsertPlacementTerms(
  db: Db,
  row: {
    child_id: string;
    placement_start: string;
    long_term_to_18: boolean;
    temporary_connected_person: boolean;
    placed_before_assessment: boolean;
    six_monthly_visits: boolean;
    agreed_with_iro: string | null;
    child_view: string | null;
    recorded_by: string;
    recorded_at: Date;
  },
) {
  const { child_id: _child, placement_start: _start, ...terms } = row;
  await db
    .insertInto('placement_visit_terms')
    .values(row)
    .onConflict((oc) => oc.columns(['child_id', 'placement_start']).doUpdateSet(terms))
    .execute();
}

export async function listPrivateFostering(db: Db, childId: string) {
  return db
    .selectFrom('private_fostering')
    .select(['id', 'notified_on', 'carer_name', 'ended_on'])
    .where('child_id', '=', childId)
    .orderBy('notified_on', 'desc')
    .execute();
}

/** What a private fostering arrangement is checked against: the child's disabilities and care episodes. */
export async function findFosteringChecks(db: Db, childId: string) {
  const [disabilities, episodes] = await Promise.all([
    db.selectFrom('person_disabilities').select('code').where('person_id', '=', childId).where('code', '!=', 'NONE').execute(),
    db.selectFrom('care_episodes').select(['start_date', 'end_date']).where('child_id', '=', childId).execute(),
  ]);
  return { disabled: disabilities.length > 0, careEpisodes: episodes };
}

export async function insertPrivateFostering(db: Db, row: { child_id: string; notified_on: string; carer_name: string; recorded_by: string; recorded_at: Date }) {
  return db.insertInto('private_fostering').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function endPrivateFostering(db: Db, id: string, endedOn: string) {
  await db.updateTable('private_fostering').set({ ended_on: endedOn }).where('id', '=', id).execute();
}

/** Visits and case events as the chronology lists them. */
export async function listChronologyItems(db: Db, childId: string) {
  const [visits, events] = await Promise.all([listVisits(db, childId), listCaseEvents(db, childId)]);
  return { visits, events };
}
