// What an SSDA903 import reads and writes: the child found by the council's
// identifier or unique pupil number, and the parts of their record the return
// is made from, each matched on its natural key (an episode by its start, a
// review by its date, a missing episode by its kind and start, an OC3 check by
// the birthday's age) so the same files imported twice find everything there.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ImportedEpisode, ImportedHeader, ImportedHealthYear } from './rules.ts';

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').select(['id', 'email', 'role', 'disabled_at', 'returns_administrator']).where(({ fn, eb }) => eb(fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

export async function findTeam(db: Db, nameOrId: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(nameOrId);
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where((eb) => (uuid ? eb.or([eb('id', '=', nameOrId), eb('name', '=', nameOrId)]) : eb('name', '=', nameOrId)))
    .executeTakeFirst();
}

const PERSON = ['id', 'la_child_id', 'date_of_birth', 'expected_date_of_birth', 'date_of_death', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason', 'uasc'] as const;

/** The child already on the record: by the council's identifier, else by unique pupil number. */
export async function findChild(db: Db, header: Pick<ImportedHeader, 'laChildId' | 'upn'>) {
  const byId = await db.selectFrom('people').select(PERSON).where('is_child', '=', true).where('la_child_id', '=', header.laChildId).executeTakeFirst();
  if (byId || !header.upn) return byId;
  return db.selectFrom('people').select(PERSON).where('is_child', '=', true).where('upn', '=', header.upn).executeTakeFirst();
}

export type FoundChild = NonNullable<Awaited<ReturnType<typeof findChild>>>;

export async function insertChild(db: Db, header: ImportedHeader, uasc: boolean): Promise<string> {
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: header.laChildId,
      forename: 'Imported child',
      surname: header.laChildId,
      date_of_birth: header.dateOfBirth,
      sex: header.sex,
      ethnicity: header.ethnicity,
      upn: header.upn,
      upn_unknown_reason: header.upnUnknownReason,
      uasc,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChild(db: Db, id: string, changes: Partial<Pick<FoundChild, 'la_child_id' | 'sex' | 'ethnicity' | 'upn' | 'upn_unknown_reason' | 'uasc'>>, at: Date) {
  await db.updateTable('people').set({ ...changes, updated_at: sql<never>`${at.toISOString()}::timestamptz` }).where('id', '=', id).execute();
}

export async function hasOpenCase(db: Db, childId: string): Promise<boolean> {
  const row = await db.selectFrom('allocations').select('id').where('child_id', '=', childId).where('end_date', 'is', null).executeTakeFirst();
  return row !== undefined;
}

/** The case placed in a team with no worker yet: the team's managers see the child and allocate. */
export async function insertTeamLead(db: Db, childId: string, teamId: string, startDate: string, by: string) {
  await db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: null, start_date: startDate, recorded_by: by }).execute();
}

export async function findEpisodes(db: Db, childId: string) {
  return db
    .selectFrom('care_episodes')
    .select(['id', 'start_date', 'end_date', 'reason_new_episode', 'legal_status', 'primary_need', 'placement_type', 'placement_provider', 'placement_postcode', 'placement_urn', 'home_postcode', 'reason_ceased', 'reason_place_change'])
    .where('child_id', '=', childId)
    .execute();
}

export type StoredEpisode = Awaited<ReturnType<typeof findEpisodes>>[number];

export async function insertEpisode(db: Db, childId: string, e: ImportedEpisode) {
  await db
    .insertInto('care_episodes')
    .values({
      child_id: childId,
      start_date: e.startDate,
      end_date: e.endDate,
      reason_new_episode: e.reasonNewEpisode,
      legal_status: e.legalStatus,
      primary_need: e.primaryNeed,
      placement_type: e.placementType,
      placement_provider: e.placementProvider,
      placement_postcode: e.placementPostcode,
      placement_urn: e.urn,
      home_postcode: e.homePostcode,
      reason_ceased: e.reasonCeased,
      reason_place_change: e.reasonPlaceChange,
    })
    .execute();
}

export async function updateEpisode(db: Db, id: string, changes: Partial<Omit<StoredEpisode, 'id'>>) {
  await db.updateTable('care_episodes').set(changes).where('id', '=', id).execute();
}

export async function findReviews(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('care_reviews as cr', 'cr.case_event_id', 'ev.id')
    .select(['ev.id', 'ev.event_date', 'cr.participation'])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'cla_review')
    .execute();
}

export async function insertReviewEvent(db: Db, childId: string, date: string, by: string, at: Date): Promise<string> {
  const row = await db.insertInto('case_events').values({ child_id: childId, kind: 'cla_review', event_date: date, recorded_by: by, recorded_at: at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The review's outcome as far as the return knows it: how the child took part. The chair is not in the return; the person importing stands in until it is put right. */
export async function insertReviewOutcome(db: Db, eventId: string, childId: string, participation: string, by: string, at: Date) {
  await db
    .insertInto('care_reviews')
    .values({ case_event_id: eventId, child_id: childId, chair_id: by, chair_was_allocated: false, participation: participation as 'PN0', plan_endorsed: true, recorded_by: by, recorded_at: at })
    .execute();
}

export async function findMissing(db: Db, childId: string) {
  return db.selectFrom('missing_episodes').select(['id', 'kind', 'start_date', 'end_date']).where('child_id', '=', childId).execute();
}

export async function insertMissing(db: Db, childId: string, m: { kind: 'M' | 'A'; startDate: string; endDate: string | null }, by: string, at: Date) {
  await db
    .insertInto('missing_episodes')
    .values({ child_id: childId, kind: m.kind, start_date: m.startDate, end_date: m.endDate, reported_to_police: false, recorded_by: by, recorded_at: at })
    .execute();
}

export async function setMissingEnd(db: Db, id: string, endDate: string, by: string, at: Date) {
  await db.updateTable('missing_episodes').set({ end_date: endDate, updated_by: by, updated_at: at }).where('id', '=', id).execute();
}

export async function findLeavingCareChecks(db: Db, childId: string) {
  return db.selectFrom('care_leaver_outcomes').select(['birthday_age']).where('child_id', '=', childId).execute();
}

export async function insertLeavingCareCheck(
  db: Db,
  childId: string,
  c: { birthdayAge: number; birthdayOn: string; inTouch: string; activity: string; accommodation: string },
  by: string,
  at: Date,
) {
  await db
    .insertInto('care_leaver_outcomes')
    .values({ child_id: childId, birthday_age: c.birthdayAge, birthday_on: c.birthdayOn, gathered_on: c.birthdayOn, in_touch: c.inTouch, activity: c.activity, accommodation: c.accommodation, recorded_by: by, recorded_at: at })
    .execute();
}

export async function hasHealthYear(db: Db, childId: string, yearEnding: string): Promise<boolean> {
  return (await db.selectFrom('care_health_years').select('id').where('child_id', '=', childId).where('year_ending', '=', yearEnding).executeTakeFirst()) !== undefined;
}

export async function insertHealthYear(db: Db, childId: string, h: ImportedHealthYear, by: string, at: Date) {
  await db
    .insertInto('care_health_years')
    .values({
      child_id: childId,
      year_ending: h.yearEnding,
      sdq_score: h.sdqScore,
      sdq_reason: h.sdqReason as 'SDQ1' | null,
      convicted: h.convicted,
      health_check: h.healthCheck,
      immunisations: h.immunisations,
      teeth_check: h.teethCheck,
      health_assessment: h.healthAssessment,
      substance_misuse: h.substanceMisuse,
      intervention_received: h.interventionReceived,
      intervention_offered: h.interventionOffered,
      recorded_by: by,
      recorded_at: at,
    })
    .execute();
}

export async function hasPreviousPermanence(db: Db, childId: string, careStartedOn: string): Promise<boolean> {
  return (await db.selectFrom('previous_permanence').select('id').where('child_id', '=', childId).where('care_started_on', '=', careStartedOn).executeTakeFirst()) !== undefined;
}

export async function insertPreviousPermanence(db: Db, childId: string, p: { careStartedOn: string; option: string; laCode: string | null; orderOn: string | null }, by: string, at: Date) {
  await db
    .insertInto('previous_permanence')
    .values({ child_id: childId, care_started_on: p.careStartedOn, option: p.option, la_code: p.laCode, order_on: p.orderOn, recorded_by: by, recorded_at: at })
    .execute();
}

export async function findAdoptionDecisions(db: Db, childId: string) {
  return db
    .selectFrom('adoption_decisions')
    .select(['id', 'decided_on', 'authority', 'authority_on', 'matched_on', 'adopters_count', 'adopters_sex', 'adopters_legal_status', 'foster_carers', 'placed_on', 'adopted_on', 'ceased_on', 'ceased_reason'])
    .where('child_id', '=', childId)
    .execute();
}

export type StoredAdoptionDecision = Awaited<ReturnType<typeof findAdoptionDecisions>>[number];
export type AdoptionDecisionFields = Omit<StoredAdoptionDecision, 'id' | 'decided_on'>;

export async function insertAdoptionDecision(db: Db, childId: string, decidedOn: string, fields: Partial<AdoptionDecisionFields>, by: string, at: Date) {
  await db
    .insertInto('adoption_decisions')
    .values({ child_id: childId, decided_on: decidedOn, ...fields, recorded_by: by, recorded_at: at })
    .execute();
}

export async function updateAdoptionDecision(db: Db, id: string, changes: Partial<AdoptionDecisionFields>, by: string, at: Date) {
  await db
    .updateTable('adoption_decisions')
    .set({ ...changes, updated_by: by, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Staff by Social Work England number, with the team their allocations are made in. */
export async function findWorkersBySwe(db: Db, sweNumbers: readonly string[]) {
  if (sweNumbers.length === 0) return [];
  return db
    .selectFrom('users')
    .innerJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select(['users.id', 'staff_records.swe_number', 'users.team_id'])
    .where('staff_records.swe_number', 'in', [...sweNumbers])
    .execute();
}

export async function findLeadAllocations(db: Db, childId: string) {
  return db.selectFrom('allocations').select(['id', 'worker_id', 'start_date', 'end_date', 'end_reason']).where('child_id', '=', childId).where('role', '=', 'lead').execute();
}

export async function insertLeadAllocation(
  db: Db,
  a: { childId: string; teamId: string; workerId: string; start: string; end: string | null; reason: string | null },
  by: string,
  at: Date,
) {
  await db
    .insertInto('allocations')
    // recorded_at is Generated<Timestamp>, which Kysely does not unwrap for inserts.
    .values({ child_id: a.childId, role: 'lead', team_id: a.teamId, worker_id: a.workerId, start_date: a.start, end_date: a.end, end_reason: a.reason, recorded_by: by, recorded_at: at as never })
    .execute();
}

export async function setAllocationEnd(db: Db, id: string, end: string, reason: string | null) {
  await db.updateTable('allocations').set({ end_date: end, end_reason: reason }).where('id', '=', id).where('end_date', 'is', null).execute();
}

export async function findLibertyOrders(db: Db, childId: string) {
  return db.selectFrom('deprivation_of_liberty_orders').select(['id', 'start_date', 'end_date']).where('child_id', '=', childId).execute();
}

export async function insertLibertyOrder(db: Db, childId: string, o: { court: 'high_court' | 'court_of_protection'; start: string; end: string | null }, by: string, at: Date) {
  await db
    .insertInto('deprivation_of_liberty_orders')
    .values({ child_id: childId, court: o.court, made_on: o.start, start_date: o.start, end_date: o.end, recorded_by: by, recorded_at: at })
    .execute();
}

export async function setLibertyOrderEnd(db: Db, id: string, end: string, by: string, at: Date) {
  await db.updateTable('deprivation_of_liberty_orders').set({ end_date: end, updated_by: by, updated_at: at }).where('id', '=', id).execute();
}
