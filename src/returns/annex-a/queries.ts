// What Annex A reads from the record for a day: each list's records within
// reach of its period, and the children they are about. Every child is read,
// restricted children too: Ofsted sees every child.
import { anyOf } from '../../platform/db/any-of.ts';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { addMonths } from '../../platform/calendar/dates.ts';
import { ANNEX_A_LISTS, lastTwelveMonths, periodOf, type AnnexAListId } from './lists.ts';
import type { AnnexAChild, AnnexASource, CareLeaverRecord } from './rules.ts';

/** Reads every record the day's lists take. */
export async function findAnnexASource(db: Db, day: string): Promise<AnnexASource> {
  const p = (id: AnnexAListId) => periodOf(ANNEX_A_LISTS.find((l) => l.id === id)!, day);
  const year = lastTwelveMonths(day);
  // A referral counts others in the twelve months before it, and the earliest referral in List 3 is six months back.
  const referralsFrom = addMonths(p(3).start, -12);
  // The last time a child was seen, looked for over the two years to the day.
  const visitsFrom = addMonths(day, -24);

  const [contacts, earlyHelp, referrals, assessments, enquiries, cpPlans, cpReviews, cinPlans, visits, episodes, missing, events, permanence, leavers, outcomes, adoptions] = await Promise.all([
    db.selectFrom('contacts').select(['child_id', 'contact_date', 'source']).where('contact_date', '>=', p(1).start).where('contact_date', '<=', day).execute(),
    db
      .selectFrom('early_help_episodes')
      .select(['child_id', 'start_date', 'end_date', 'lead'])
      .where('start_date', '<=', day)
      .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', p(2).start)]))
      .execute(),
    db
      .selectFrom('referrals')
      .select(['child_id', 'referral_date', 'source', 'no_further_action', 'primary_need', 'close_date', 'closure_reason'])
      .where('referral_date', '<=', day)
      .where((w) => w.or([w('referral_date', '>=', referralsFrom), w('close_date', 'is', null), w('close_date', '>=', p(6).start)]))
      .execute(),
    db
      .selectFrom('assessments')
      .select(['child_id', 'start_date', 'child_seen', 'authorised_on', 'outcome'])
      .where('start_date', '<=', day)
      .where((w) => w.or([w('authorised_on', 'is', null), w('authorised_on', '>=', p(4).start)]))
      .execute(),
    db
      .selectFrom('s47_enquiries as s')
      .leftJoin('child_protection_conferences as c', 'c.enquiry_id', 's.id')
      .leftJoin('case_events as icpc', 'icpc.id', 'c.case_event_id')
      .select(['s.child_id', 's.start_date', 's.icpc_required', 'icpc.event_date as icpc_date', 'c.plan_decided'])
      .where('s.start_date', '>=', year.start)
      .where('s.start_date', '<=', day)
      .execute(),
    db.selectFrom('cp_plans').select(['id', 'child_id', 'start_date', 'end_date', 'initial_category', 'latest_category']).where('start_date', '<=', day).execute(),
    db
      .selectFrom('cp_review_conferences as r')
      .innerJoin('case_events as e', 'e.id', 'r.case_event_id')
      .select(['r.plan_id', 'e.event_date'])
      .where('e.event_date', '<=', day)
      .execute(),
    db
      .selectFrom('cin_plans')
      .select(['child_id', 'start_date', 'end_date'])
      .where('start_date', '<=', day)
      .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', p(6).start)]))
      .execute(),
    db
      .selectFrom('visits')
      .select(['child_id', 'visit_date', 'child_seen', 'seen_alone'])
      .where('kind', '=', 'social_worker')
      .where('visit_date', '>=', visitsFrom)
      .where('visit_date', '<=', day)
      .execute(),
    db
      .selectFrom('care_episodes')
      .select(['child_id', 'start_date', 'end_date', 'reason_ceased', 'legal_status', 'primary_need', 'placement_type', 'placement_provider', 'placement_postcode', 'placement_urn', 'placement_out_of_area'])
      .where('start_date', '<=', day)
      .execute(),
    db
      .selectFrom('missing_episodes')
      .select(['child_id', 'kind', 'start_date', 'interview_offered_on', 'interview_outcome'])
      .where('start_date', '>=', year.start)
      .where('start_date', '<=', day)
      .execute(),
    db
      .selectFrom('case_events')
      .select(['child_id', 'kind', sql<string>`max(event_date)`.as('event_date')])
      .where('kind', 'in', ['cla_review', 'health_assessment'])
      .where('event_date', '<=', day)
      .groupBy(['child_id', 'kind'])
      .execute(),
    db.selectFrom('permanence_plans').select(['child_id', 'plan', 'decided_on']).where('decided_on', '<=', day).execute(),
    db
      .selectFrom('care_leavers')
      .select(['child_id', 'category'])
      .where('category', 'in', ['relevant', 'former_relevant', 'qualifying'])
      .where((w) => w.or([w('support_until', 'is', null), w('support_until', '>=', day)]))
      .execute(),
    db.selectFrom('care_leaver_outcomes').select(['child_id', 'gathered_on', 'in_touch', 'accommodation', 'activity']).where('gathered_on', '<=', day).orderBy('gathered_on').execute(),
    db
      .selectFrom('adoption_decisions')
      .select(['child_id', 'decided_on', 'authority', 'authority_on', 'matched_on', 'placed_on', 'adopted_on', 'ceased_on', 'ceased_reason'])
      .where('decided_on', '<=', day)
      .where((w) => w.or([w(sql<string | null>`coalesce(adopted_on, ceased_on)`, 'is', null), w(sql<string | null>`coalesce(adopted_on, ceased_on)`, '>=', p(10).start)]))
      .execute(),
  ]);

  const latestOutcome = new Map<string, (typeof outcomes)[number]>();
  for (const o of outcomes) latestOutcome.set(o.child_id, o);
  const careLeavers: CareLeaverRecord[] = leavers.map((l) => {
    const o = latestOutcome.get(l.child_id);
    return { childId: l.child_id, category: l.category, inTouch: o?.in_touch ?? null, accommodation: o?.accommodation ?? null, activity: o?.activity ?? null };
  });
  const reviewsOf = new Map<string, string[]>();
  for (const r of cpReviews) reviewsOf.set(r.plan_id, [...(reviewsOf.get(r.plan_id) ?? []), r.event_date]);

  const ids = new Set<string>([
    ...contacts.map((r) => r.child_id),
    ...earlyHelp.map((r) => r.child_id),
    ...referrals.map((r) => r.child_id),
    ...assessments.map((r) => r.child_id),
    ...enquiries.map((r) => r.child_id),
    ...cpPlans.map((r) => r.child_id),
    ...episodes.map((r) => r.child_id),
    ...careLeavers.map((r) => r.childId),
    ...adoptions.map((r) => r.child_id),
  ]);

  return {
    children: await findChildren(db, [...ids]),
    contacts: contacts.map((r) => ({ childId: r.child_id, date: r.contact_date, source: r.source })),
    earlyHelp: earlyHelp.map((r) => ({ childId: r.child_id, start: r.start_date, end: r.end_date, lead: r.lead })),
    referrals: referrals.map((r) => ({ childId: r.child_id, date: r.referral_date, source: r.source, nfa: r.no_further_action, primaryNeed: r.primary_need, closed: r.close_date, closureReason: r.closure_reason })),
    assessments: assessments.map((r) => ({ childId: r.child_id, start: r.start_date, childSeen: r.child_seen, authorised: r.authorised_on, outcome: r.outcome })),
    enquiries: enquiries.map((r) => ({ childId: r.child_id, start: r.start_date, icpcRequired: r.icpc_required, icpc: r.icpc_date, planDecided: r.plan_decided })),
    cpPlans: cpPlans.map((r) => ({ childId: r.child_id, start: r.start_date, end: r.end_date, initialCategory: r.initial_category, latestCategory: r.latest_category, reviews: reviewsOf.get(r.id) ?? [] })),
    cinPlans: cinPlans.map((r) => ({ childId: r.child_id, start: r.start_date, end: r.end_date })),
    visits: visits.map((r) => ({ childId: r.child_id, date: r.visit_date, seen: r.child_seen, seenAlone: r.seen_alone })),
    episodes: episodes.map((r) => ({
      childId: r.child_id,
      start: r.start_date,
      end: r.end_date,
      reasonCeased: r.reason_ceased,
      legalStatus: r.legal_status,
      primaryNeed: r.primary_need,
      placementType: r.placement_type,
      provider: r.placement_provider,
      postcode: r.placement_postcode,
      urn: r.placement_urn,
      outOfArea: r.placement_out_of_area,
    })),
    missing: missing.map((r) => ({ childId: r.child_id, kind: r.kind, start: r.start_date, offered: r.interview_offered_on !== null, accepted: r.interview_outcome === null ? null : r.interview_outcome === 'held' })),
    events: events.map((r) => ({ childId: r.child_id, kind: r.kind as 'cla_review' | 'health_assessment', date: r.event_date })),
    permanence: permanence.map((r) => ({ childId: r.child_id, plan: r.plan, decided: r.decided_on })),
    careLeavers,
    adoptions: adoptions.map((r) => ({
      childId: r.child_id,
      decided: r.decided_on,
      placementOrder: r.authority === 'placement_order' ? r.authority_on : null,
      matched: r.matched_on,
      placed: r.placed_on,
      adopted: r.adopted_on,
      ceased: r.ceased_on,
      ceasedReason: r.ceased_reason,
    })),
  };
}

/** The children the lists are about, by record id: identifier, sex, ethnicity, birth, disability, family and who leads the case now. */
async function findChildren(db: Db, ids: string[]): Promise<Map<string, AnnexAChild>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('people as p')
    .leftJoin('case_leads as l', 'l.child_id', 'p.id')
    .leftJoin('teams as t', 't.id', 'l.team_id')
    .leftJoin('users as w', 'w.id', 'l.worker_id')
    .select((eb) => [
      'p.id',
      'p.la_child_id',
      'p.sex',
      'p.ethnicity',
      'p.date_of_birth',
      'p.uasc',
      't.name as team',
      'w.name as worker',
      eb.exists(eb.selectFrom('person_disabilities as d').select('d.code').whereRef('d.person_id', '=', 'p.id').where('d.code', '<>', 'NONE')).as('disabled'),
      eb.selectFrom('family_members as f').select(sql<string>`min(f.family_id::text)`.as('family')).whereRef('f.person_id', '=', 'p.id').as('family_id'),
    ])
    .where('p.id', '=', anyOf(ids))
    .where('p.is_child', '=', true)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        laChildId: r.la_child_id ?? r.id,
        sex: r.sex,
        ethnicity: r.ethnicity,
        dateOfBirth: r.date_of_birth,
        disabled: Boolean(r.disabled),
        uasc: r.uasc,
        team: r.team,
        worker: r.worker,
        familyId: r.family_id ?? null,
      },
    ]),
  );
}
