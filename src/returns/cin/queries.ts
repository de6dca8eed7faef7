// What the CIN census reads from the record for a collection year: every
// child with a referral (a CIN episode) open at any time in the year, and the
// parts of their records the census takes, in one query per part.
import { anyOf } from '../../platform/db/any-of.ts';
import type { Db } from '../../db/database.ts';
import { groupByChild as groupBy } from '../../platform/collections/by-child.ts';
import type { CinRecordChild } from './rules.ts';


/** Every child the year's census is about, with the parts of their records it reads. */
export async function findCinChildren(db: Db, year: { start: string; end: string }): Promise<CinRecordChild[]> {
  const inCensus = (
    await db
      .selectFrom('referrals as r')
      .innerJoin('people as p', 'p.id', 'r.child_id')
      .select('r.child_id')
      .distinct()
      .where('p.is_child', '=', true)
      .where('r.referral_date', '<=', year.end)
      .where((w) => w.or([w('r.close_date', 'is', null), w('r.close_date', '>=', year.start)]))
      .execute()
  ).map((r) => r.child_id);
  if (inCensus.length === 0) return [];

  const [people, disabilities, referrals, assessments, factors, enquiries, conferences, cinPlans, cpPlans, reviews, preProceedings] = await Promise.all([
    db
      .selectFrom('people')
      .select(['id', 'la_child_id', 'date_of_birth', 'expected_date_of_birth', 'date_of_death', 'sex', 'ethnicity', 'upn', 'upn_unknown_reason'])
      .where('id', '=', anyOf(inCensus))
      .execute(),
    db.selectFrom('person_disabilities').select(['person_id as child_id', 'code']).where('person_id', '=', anyOf(inCensus)).execute(),
    db
      .selectFrom('referrals')
      .select(['id', 'child_id', 'referral_date', 'source', 'primary_need', 'no_further_action', 'close_date', 'closure_reason'])
      .where('child_id', '=', anyOf(inCensus))
      .execute(),
    db.selectFrom('assessments').select(['id', 'child_id', 'referral_id', 'start_date', 'authorised_on']).where('child_id', '=', anyOf(inCensus)).execute(),
    db.selectFrom('assessment_factors').select(['assessment_id', 'child_id', 'code']).where('child_id', '=', anyOf(inCensus)).execute(),
    db.selectFrom('s47_enquiries').select(['id', 'child_id', 'start_date', 'ended_on', 'icpc_required']).where('child_id', '=', anyOf(inCensus)).execute(),
    db
      .selectFrom('child_protection_conferences as c')
      .innerJoin('case_events as ev', 'ev.id', 'c.case_event_id')
      .select(['c.child_id', 'c.enquiry_id', 'ev.event_date'])
      .where('c.child_id', '=', anyOf(inCensus))
      .execute(),
    db.selectFrom('cin_plans').select(['child_id', 'start_date', 'end_date']).where('child_id', '=', anyOf(inCensus)).execute(),
    db
      .selectFrom('cp_plans')
      .select(['id', 'child_id', 'referral_id', 'start_date', 'end_date', 'initial_category', 'latest_category'])
      .where('child_id', '=', anyOf(inCensus))
      .execute(),
    db
      .selectFrom('cp_review_conferences as r')
      .innerJoin('case_events as ev', 'ev.id', 'r.case_event_id')
      .select(['r.child_id', 'r.plan_id', 'ev.event_date'])
      .where('r.child_id', '=', anyOf(inCensus))
      .execute(),
    db
      .selectFrom('pre_proceedings')
      .select(['child_id', 'decision_date', 'letter_date', 'initial_meeting_date', 'review_meetings', 'fgdm_offered_on', 'fgdm_held_on', 'outcome_date'])
      .where('child_id', '=', anyOf(inCensus))
      .execute(),
  ]);

  const factorsOf = new Map<string, string[]>();
  for (const f of factors) factorsOf.set(f.assessment_id, [...(factorsOf.get(f.assessment_id) ?? []), f.code]);
  const reviewsOf = new Map<string, string[]>();
  for (const r of reviews) reviewsOf.set(r.plan_id, [...(reviewsOf.get(r.plan_id) ?? []), r.event_date]);

  const disabilitiesOf = groupBy(disabilities, (d) => d.code);
  const referralsOf = groupBy(referrals, (r) => ({
    id: r.id,
    referralDate: r.referral_date,
    source: r.source,
    primaryNeed: r.primary_need,
    noFurtherAction: r.no_further_action,
    closeDate: r.close_date,
    closureReason: r.closure_reason,
  }));
  const assessmentsOf = groupBy(assessments, (a) => ({ referralId: a.referral_id, startDate: a.start_date, authorisedOn: a.authorised_on, factors: factorsOf.get(a.id) ?? [] }));
  const enquiriesOf = groupBy(enquiries, (e) => ({ id: e.id, startDate: e.start_date, endedOn: e.ended_on, icpcRequired: e.icpc_required }));
  const conferencesOf = groupBy(conferences, (c) => ({ date: c.event_date, enquiryId: c.enquiry_id }));
  const cinPlansOf = groupBy(cinPlans, (p) => ({ startDate: p.start_date, endDate: p.end_date }));
  const cpPlansOf = groupBy(cpPlans, (p) => ({
    referralId: p.referral_id,
    startDate: p.start_date,
    endDate: p.end_date,
    initialCategory: p.initial_category,
    latestCategory: p.latest_category,
    reviews: reviewsOf.get(p.id) ?? [],
  }));
  const preProceedingsOf = groupBy(preProceedings, (p) => ({
    startDate: p.decision_date,
    letterDate: p.letter_date,
    fgdmOffered: p.fgdm_offered_on !== null,
    fgdmHeld: p.fgdm_held_on !== null,
    initialMeetingDate: p.initial_meeting_date,
    reviewMeetings: p.review_meetings,
    decisionDate: p.outcome_date,
  }));

  return people.map((p) => ({
    recordId: p.id,
    laChildId: p.la_child_id ?? '',
    dateOfBirth: p.date_of_birth,
    expectedDateOfBirth: p.expected_date_of_birth,
    dateOfDeath: p.date_of_death,
    sex: p.sex,
    ethnicity: p.ethnicity,
    upn: p.upn,
    upnUnknownReason: p.upn_unknown_reason,
    disabilities: disabilitiesOf.get(p.id) ?? [],
    referrals: referralsOf.get(p.id) ?? [],
    assessments: assessmentsOf.get(p.id) ?? [],
    enquiries: enquiriesOf.get(p.id) ?? [],
    conferences: conferencesOf.get(p.id) ?? [],
    cinPlans: cinPlansOf.get(p.id) ?? [],
    cpPlans: cpPlansOf.get(p.id) ?? [],
    preProceedings: preProceedingsOf.get(p.id) ?? [],
  }));
}
