// What the SSDA903 return reads from the record for a collection year: the
// children looked after in it or leaving care around a birthday in it, and
// each part of their records the tables take, in one query per part.
import { anyOf } from '../../platform/db/any-of.ts';
import type { Db } from '../../db/database.ts';
import { groupByChild as groupBy } from '../../platform/collections/by-child.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { ReturnChild, ReturnEpisode } from './rules.ts';


/** Every child the year's return is about, with the parts of their records it reads. */
export async function findReturnChildren(db: Db, year: { start: string; end: string; yearEnd: number }): Promise<ReturnChild[]> {
  const inReturn = db
    .selectFrom('people')
    .select('people.id')
    .where('people.is_child', '=', true)
    .where('people.date_of_birth', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('care_episodes as e')
            .select('e.id')
            .whereRef('e.child_id', '=', 'people.id')
            .where('e.start_date', '<=', year.end)
            .where((w) => w.or([w('e.end_date', 'is', null), w('e.end_date', '>=', year.start)])),
        ),
        eb.exists(
          eb
            .selectFrom('care_leaver_outcomes as o')
            .select('o.id')
            .whereRef('o.child_id', '=', 'people.id')
            .where('o.birthday_on', '>=', year.start)
            .where('o.birthday_on', '<=', year.end),
        ),
      ]),
    );

  const [people, ownChildren, episodes, reviews, workers, health, missing, checks, decisions, previous, dolOrders] = await Promise.all([
    db
      .selectFrom('people')
      .select(['id', 'la_child_id', 'date_of_birth', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason', 'uasc'])
      .where('id', 'in', inReturn)
      .execute(),
    db
      .selectFrom('relationships as r')
      .innerJoin('people as own', 'own.id', 'r.related_person_id')
      .select(['r.person_id as child_id', 'own.date_of_birth'])
      .where('r.type', '=', 'mother')
      .where('r.person_id', 'in', inReturn)
      .where('own.date_of_birth', 'is not', null)
      .execute(),
    db
      .selectFrom('care_episodes')
      .select([
        'child_id',
        'start_date',
        'end_date',
        'reason_new_episode',
        'legal_status',
        'primary_need',
        'placement_type',
        'placement_provider',
        'placement_postcode',
        'placement_urn',
        'home_postcode',
        'placement_distance_miles',
        'placement_out_of_area',
        'reason_ceased',
        'reason_place_change',
      ])
      .where('child_id', 'in', inReturn)
      .orderBy('child_id')
      .orderBy('start_date')
      .execute(),
    db
      .selectFrom('case_events as ev')
      .leftJoin('care_reviews as cr', 'cr.case_event_id', 'ev.id')
      .select(['ev.child_id', 'ev.event_date', 'cr.participation'])
      .where('ev.kind', '=', 'cla_review')
      .where('ev.event_date', '>=', year.start)
      .where('ev.event_date', '<=', year.end)
      .where('ev.child_id', 'in', inReturn)
      .execute(),
    db
      .selectFrom('allocations as a')
      .leftJoin('staff_records as s', 's.user_id', 'a.worker_id')
      .select(['a.child_id', 'a.start_date', 'a.end_date', 'a.end_reason', 's.swe_number'])
      .where('a.role', '=', 'lead')
      .where('a.worker_id', 'is not', null)
      .where('a.start_date', '<=', year.end)
      .where((w) => w.or([w('a.end_date', 'is', null), w('a.end_date', '>=', year.start)]))
      .where('a.child_id', 'in', inReturn)
      .execute(),
    db.selectFrom('care_health_years').selectAll().where('year_ending', '=', year.end).where('child_id', 'in', inReturn).execute(),
    db
      .selectFrom('missing_episodes')
      .select(['child_id', 'kind', 'start_date', 'end_date'])
      .where('start_date', '<=', year.end)
      .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', year.start)]))
      .where('child_id', 'in', inReturn)
      .execute(),
    db
      .selectFrom('care_leaver_outcomes')
      .select(['child_id', 'birthday_age', 'birthday_on', 'in_touch', 'activity', 'accommodation'])
      .where('birthday_on', '>=', year.start)
      .where('birthday_on', '<=', year.end)
      .where('child_id', 'in', inReturn)
      .execute(),
    db.selectFrom('adoption_decisions').selectAll().where('child_id', 'in', inReturn).execute(),
    db.selectFrom('previous_permanence').select(['child_id', 'care_started_on', 'option', 'la_code', 'order_on']).where('child_id', 'in', inReturn).execute(),
    db
      .selectFrom('deprivation_of_liberty_orders')
      .select(['child_id', 'start_date', 'end_date'])
      .where('start_date', '<=', year.end)
      .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', year.start)]))
      .where('child_id', 'in', inReturn)
      .execute(),
  ]);

  const ownBorn = groupBy(ownChildren, (r) => r.date_of_birth!);
  const episodesOf = groupBy(episodes, (e): ReturnEpisode => ({
    startDate: e.start_date,
    endDate: e.end_date,
    reasonNewEpisode: e.reason_new_episode,
    legalStatus: e.legal_status,
    primaryNeed: e.primary_need,
    placementType: e.placement_type,
    placementProvider: e.placement_provider,
    placementPostcode: e.placement_postcode,
    urn: e.placement_urn,
    homePostcode: e.home_postcode,
    distanceMiles: e.placement_distance_miles,
    outOfArea: e.placement_out_of_area,
    reasonCeased: e.reason_ceased,
    reasonPlaceChange: e.reason_place_change,
  }));
  const reviewsOf = groupBy(reviews, (r) => ({ date: r.event_date, participation: r.participation }));
  const workersOf = groupBy(workers, (w) => ({ swId: w.swe_number, start: w.start_date, end: w.end_date, reason: w.end_reason }));
  const healthOf = new Map(health.map((h) => [h.child_id, h]));
  const missingOf = groupBy(missing, (m) => ({ kind: m.kind, startDate: m.start_date, endDate: m.end_date }));
  const dolOrdersOf = groupBy(dolOrders, (o) => ({ startDate: o.start_date, endDate: o.end_date }));
  const checksOf = groupBy(checks, (c) => ({ birthdayAge: c.birthday_age, birthdayOn: c.birthday_on, inTouch: c.in_touch, activity: c.activity, accommodation: c.accommodation }));
  const decisionsOf = groupBy(decisions, (d) => ({
    decidedOn: d.decided_on,
    matchedOn: d.matched_on,
    fosterCarers: d.foster_carers,
    adoptersCount: d.adopters_count,
    adoptersSex: d.adopters_sex,
    adoptersLegalStatus: d.adopters_legal_status,
    adoptedOn: d.adopted_on,
    ceasedOn: d.ceased_on,
    ceasedReason: d.ceased_reason,
  }));
  const previousOf = groupBy(previous, (p) => ({ careStartedOn: p.care_started_on, option: p.option, laCode: p.la_code, orderOn: p.order_on }));

  return people.map((p) => {
    const h = healthOf.get(p.id);
    return {
      recordId: p.id,
      laChildId: p.la_child_id ?? '',
      dateOfBirth: p.date_of_birth!,
      sex: p.sex,
      ethnicity: p.ethnicity,
      upn: p.upn,
      upnUnknownReason: p.upn_unknown_reason,
      uasc: p.uasc,
      ownChildrenBorn: ownBorn.get(p.id) ?? [],
      episodes: episodesOf.get(p.id) ?? [],
      reviews: reviewsOf.get(p.id) ?? [],
      socialWorkers: workersOf.get(p.id) ?? [],
      healthYear: h
        ? {
            sdqScore: h.sdq_score,
            sdqReason: h.sdq_reason,
            convicted: h.convicted,
            healthCheck: h.health_check,
            immunisations: h.immunisations,
            teethCheck: h.teeth_check,
            healthAssessment: h.health_assessment,
            substanceMisuse: h.substance_misuse,
            interventionReceived: h.intervention_received,
            interventionOffered: h.intervention_offered,
          }
        : null,
      missing: missingOf.get(p.id) ?? [],
      dolOrders: dolOrdersOf.get(p.id) ?? [],
      leavingCareChecks: checksOf.get(p.id) ?? [],
      adoptionDecisions: decisionsOf.get(p.id) ?? [],
      previousPermanence: previousOf.get(p.id) ?? [],
    };
  });
}

/** The team and worker leading each child's case now, for errors by team and by worker. */
export async function findCaseLeads(db: Db, childIds: readonly string[]): Promise<Map<string, { team: string; worker: string | null }>> {
  if (childIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_leads')
    .innerJoin('teams', 'teams.id', 'case_leads.team_id')
    .leftJoin('users', 'users.id', 'case_leads.worker_id')
    .select(['case_leads.child_id', 'teams.name as team', 'users.name as worker'])
    .where('case_leads.child_id', '=', anyOf(childIds))
    .execute();
  return new Map(rows.map((r) => [r.child_id, { team: r.team, worker: r.worker }]));
}

/** Which of these children the viewer may open: only those are linked from the errors. */
export async function findOpenable(db: Db, viewer: Viewer, now: Date, childIds: readonly string[]): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const rows = await db.selectFrom('people').select('people.id').where('people.id', '=', anyOf(childIds)).where(childVisibleTo(viewer, now)).execute();
  return new Set(rows.map((r) => r.id));
}
