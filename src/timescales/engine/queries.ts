import { expressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { openCasesOf, type CaseScope } from '../../platform/access/case-scope.ts';
import { emptyTimeline, type ChildTimeline } from './rules.ts';

/** Ids are sent in slices so a council-wide run never builds one enormous statement. */
const SLICE = 2000;

function slices(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(ids.slice(i, i + SLICE) as string[]);
  return out;
}

/**
 * A visit that meets the duty: in person, by a worker allocated to the child on
 * the day (lead or co-worker for a social worker's visit, the personal adviser
 * for theirs), or by a stand-in who visited for one (visits.on_behalf_of).
 */
export const statutoryVisit = sql<boolean>`(
  NOT visits.virtual AND EXISTS (
    SELECT 1 FROM allocations a
    WHERE a.child_id = visits.child_id
      AND a.worker_id IN (visits.visitor_id, visits.on_behalf_of)
      AND a.start_date <= visits.visit_date
      AND (a.end_date IS NULL OR a.end_date >= visits.visit_date)
      AND CASE visits.kind WHEN 'personal_adviser' THEN a.role = 'personal_adviser' ELSE a.role IN ('lead', 'co_worker') END
  )
)`;

/**
 * Everything the timescale engine reads for each child, in a dozen or so
 * queries whatever the number of children: the timeline (referrals, plans,
 * care episodes, private fostering, care proceedings, care-leaver record),
 * visits, case events, plan visiting frequencies, placement terms, the
 * address history, missing episodes and a care leaver's birthday checks.
 */
export async function loadTimelines(db: Db, childIds: readonly string[]): Promise<Map<string, ChildTimeline>> {
  const timelines = new Map<string, ChildTimeline>();
  for (const ids of slices([...new Set(childIds)])) {
    if (ids.length === 0) continue;
    const [people, referrals, plans, episodes, leavers, visits, events, frequencies, terms, fostering, addresses, missing] = await Promise.all([
      db
        .selectFrom('people')
        .leftJoin('case_factors', 'case_factors.child_id', 'people.id')
        .select(['people.id', 'people.date_of_birth', 'people.date_of_death', 'case_factors.court_proceedings_since'])
        .where('people.id', 'in', ids)
        .execute(),
      db.selectFrom('referrals').select(['child_id', 'referral_date', 'close_date', 'no_further_action']).where('child_id', 'in', ids).execute(),
      db.selectFrom('cp_plans').select(['child_id', 'start_date', 'end_date']).where('child_id', 'in', ids).execute(),
      db
        .selectFrom('care_episodes')
        .select(['child_id', 'start_date', 'end_date', 'reason_new_episode', 'reason_ceased', 'legal_status', 'placement_type', 'placement_postcode'])
        .where('child_id', 'in', ids)
        .execute(),
      db.selectFrom('care_leavers').select(['child_id', 'category', 'support_until']).where('child_id', 'in', ids).execute(),
      db
        .selectFrom('visits')
        .select(['child_id', 'visit_date', 'kind', 'child_seen', statutoryVisit.as('statutory')])
        .where('child_id', 'in', ids)
        .execute(),
      db.selectFrom('case_events').select(['child_id', 'kind', 'event_date', 's47_started']).where('child_id', 'in', ids).execute(),
      db.selectFrom('visit_frequencies').select(['child_id', 'applies_to', 'every_n', 'unit', 'from_date']).where('child_id', 'in', ids).execute(),
      db
        .selectFrom('placement_visit_terms')
        .select(['child_id', 'placement_start', 'long_term_to_18', 'temporary_connected_person', 'placed_before_assessment', 'six_monthly_visits'])
        .where('child_id', 'in', ids)
        .execute(),
      db.selectFrom('private_fostering').select(['child_id', 'notified_on', 'ended_on']).where('child_id', 'in', ids).execute(),
      db.selectFrom('addresses').select(['person_id', 'start_date']).where('person_id', 'in', ids).execute(),
      db
        .selectFrom('missing_episodes')
        .select(['child_id', 'kind', 'start_date', 'end_date', 'interview_outcome', 'interview_offered_on', 'interview_held_on'])
        .where('child_id', 'in', ids)
        .execute(),
    ]);
    for (const p of people) {
      timelines.set(p.id, { ...emptyTimeline(p.date_of_birth, p.date_of_death), careProceedingsSince: p.court_proceedings_since });
    }
    const of = (childId: string) => timelines.get(childId);
    const push = <K extends 'referrals' | 'cpPlans' | 'careEpisodes' | 'privateFostering' | 'moves' | 'visits' | 'events' | 'frequencies' | 'placementTerms' | 'missingEpisodes'>(
      childId: string,
      key: K,
      value: ChildTimeline[K][number],
    ) => {
      const t = of(childId);
      if (t) (t[key] as ChildTimeline[K][number][]).push(value);
    };
    for (const r of referrals) push(r.child_id, 'referrals', { referralDate: r.referral_date, closeDate: r.close_date, noFurtherAction: r.no_further_action });
    for (const p of plans) push(p.child_id, 'cpPlans', { startDate: p.start_date, endDate: p.end_date });
    for (const f of fostering) push(f.child_id, 'privateFostering', { notifiedOn: f.notified_on, endedOn: f.ended_on });
    for (const e of episodes) {
      push(e.child_id, 'careEpisodes', {
        startDate: e.start_date,
        endDate: e.end_date,
        reasonNewEpisode: e.reason_new_episode,
        reasonCeased: e.reason_ceased,
        legalStatus: e.legal_status,
        placementType: e.placement_type,
        placementPostcode: e.placement_postcode,
      });
    }
    for (const l of leavers) {
      const t = of(l.child_id);
      if (t) timelines.set(l.child_id, { ...t, careLeaver: { category: l.category, supportUntil: l.support_until } });
    }
    for (const a of addresses) push(a.person_id, 'moves', a.start_date);
    for (const m of missing) {
      push(m.child_id, 'missingEpisodes', {
        kind: m.kind === 'M' ? 'missing' : 'away',
        startDate: m.start_date,
        endDate: m.end_date,
        interviewDoneOn: m.interview_outcome === 'held' ? m.interview_held_on : m.interview_outcome === 'declined' ? m.interview_offered_on : null,
      });
    }
    for (const v of visits) push(v.child_id, 'visits', { date: v.visit_date, kind: v.kind, childSeen: v.child_seen, statutory: v.statutory });
    for (const e of events) push(e.child_id, 'events', { kind: e.kind, date: e.event_date, s47Started: e.s47_started });
    for (const f of frequencies) push(f.child_id, 'frequencies', { appliesTo: f.applies_to, everyN: f.every_n, unit: f.unit, fromDate: f.from_date });
    for (const t of terms) {
      push(t.child_id, 'placementTerms', {
        placementStart: t.placement_start,
        longTermTo18: t.long_term_to_18,
        temporaryConnectedPerson: t.temporary_connected_person,
        placedBeforeAssessment: t.placed_before_assessment,
        sixMonthlyVisits: t.six_monthly_visits,
      });
    }
    const contacts = await db.selectFrom('contacts').select(['child_id', 'contact_date', 'outcome', 'decided_on']).where('child_id', 'in', ids).execute();
    for (const c of contacts) {
      const t = of(c.child_id);
      // A contact recorded before the front door was decided as it was recorded.
      const decidedOn = c.decided_on ?? (c.outcome !== null ? c.contact_date : null);
      if (t) timelines.set(c.child_id, { ...t, contacts: [...(t.contacts ?? []), { contactDate: c.contact_date, decidedOn }] });
    }
    const permanence = await db.selectFrom('permanence_plans').select(['child_id', 'decided_on']).where('child_id', 'in', ids).execute();
    for (const p of permanence) {
      const t = of(p.child_id);
      if (t) timelines.set(p.child_id, { ...t, permanencePlans: [...(t.permanencePlans ?? []), p.decided_on] });
    }
    const recommendations = await db
      .selectFrom('review_recommendations as rr')
      .innerJoin('case_events as review', 'review.id', 'rr.review_id')
      .select(['rr.child_id', 'review.event_date', 'rr.due_date', 'rr.completed_on', 'rr.action'])
      .where('rr.child_id', 'in', ids)
      .execute();
    for (const rec of recommendations) {
      const t = of(rec.child_id);
      if (t) timelines.set(rec.child_id, { ...t, reviewRecommendations: [...(t.reviewRecommendations ?? []), { reviewDate: rec.event_date, dueDate: rec.due_date, completedOn: rec.completed_on, action: rec.action }] });
    }
    const planActions = await db
      .selectFrom('cp_plan_actions as pa')
      .innerJoin('cp_plans as plan', 'plan.id', 'pa.plan_id')
      .select(['pa.child_id', 'plan.start_date', 'plan.end_date', 'pa.due_date', 'pa.completed_on', 'pa.action'])
      .where('pa.child_id', 'in', ids)
      .execute();
    for (const x of planActions) {
      const t = of(x.child_id);
      if (t) timelines.set(x.child_id, { ...t, cpPlanActions: [...(t.cpPlanActions ?? []), { planStart: x.start_date, planEnd: x.end_date, dueDate: x.due_date, completedOn: x.completed_on, action: x.action }] });
    }
    const checks = await db.selectFrom('care_leaver_outcomes').select(['child_id', 'birthday_age', 'gathered_on']).where('child_id', 'in', ids).execute();
    for (const c of checks) {
      const t = of(c.child_id);
      if (t) timelines.set(c.child_id, { ...t, birthdayChecks: [...(t.birthdayChecks ?? []), { age: c.birthday_age, gatheredOn: c.gathered_on }] });
    }
    const adoptions = await db
      .selectFrom('adoption_decisions')
      .select(['child_id', 'authority', 'authority_on', 'matched_on', 'ceased_on', 'adopted_on'])
      .where('child_id', 'in', ids)
      .orderBy('decided_on')
      .execute();
    for (const d of adoptions) {
      const t = of(d.child_id);
      const decision = { authority: d.authority, authorityOn: d.authority_on, matchedOn: d.matched_on, ceasedOn: d.ceased_on, adoptedOn: d.adopted_on };
      if (t) timelines.set(d.child_id, { ...t, adoptionDecisions: [...(t.adoptionDecisions ?? []), decision] });
    }
  }
  return timelines;
}

// --- The store of worked-out due items (migration 0008_due_store) ---------------------------------

/** Of these children, those whose stored items were worked out for `today`. */
export async function findComputedOn(db: Db, childIds: readonly string[], today: string): Promise<Set<string>> {
  const computed = new Set<string>();
  for (const ids of slices([...new Set(childIds)])) {
    const rows = await db.selectFrom('due_computed').select('child_id').where('child_id', 'in', ids).where('as_at', '=', today).execute();
    for (const r of rows) computed.add(r.child_id);
  }
  return computed;
}

/**
 * Children whose case someone leads (in a team or service, or anywhere)
 * whose items were not worked out for `today`: what a reader of that scope,
 * or the nightly job, works out before reading. With `onlyPending`, only
 * those changed since the council was last found complete (migration
 * 0051_due_council_day): all of them, on that day.
 */
function leadChildrenNotComputedOn(today: string, scope: CaseScope, onlyPending: boolean) {
  return expressionBuilder<Database, never>()
    .selectFrom('case_leads as lead')
    .leftJoin('due_computed', (join) => join.onRef('due_computed.child_id', '=', 'lead.child_id').on('due_computed.as_at', '=', today))
    .select('lead.child_id')
    .where('due_computed.child_id', 'is', null)
    .$if(onlyPending, (qb) => qb.where('lead.child_id', 'in', (eb) => eb.selectFrom('due_pending').select('due_pending.child_id')))
    .$if(Boolean(scope.teamId), (qb) => qb.where('lead.team_id', '=', scope.teamId!))
    .$if(Boolean(scope.serviceId), (qb) => qb.where('lead.team_id', 'in', (eb) => eb.selectFrom('teams').select('teams.id').where('teams.service_id', '=', scope.serviceId!)))
    .$if(Boolean(scope.workerId), (qb) => qb.where('lead.child_id', 'in', openCasesOf(scope.workerId!)));
}

const councilFoundCompleteOn = (today: string) => expressionBuilder<Database, never>().selectFrom('due_council_day').select('due_council_day.as_at').where('due_council_day.as_at', '=', today);

/**
 * Whether every child led in the scope is worked out for `today`, as an
 * expression: a reader asks it inside its own query, saving a round trip.
 * On the day the council was last found complete, only the children changed
 * since are compared.
 */
export function scopeComputedOn(today: string, scope: CaseScope = {}) {
  const eb = expressionBuilder<Database, never>();
  return eb
    .case()
    .when(eb.exists(councilFoundCompleteOn(today)))
    .then(eb.not(eb.exists(leadChildrenNotComputedOn(today, scope, true))))
    .else(eb.not(eb.exists(leadChildrenNotComputedOn(today, scope, false))))
    .end();
}

/** Whether the council was found complete on `today` (see `markCouncilComplete`). */
export async function councilCompleteOn(db: Db, today: string): Promise<boolean> {
  return Boolean(await db.selectFrom(councilFoundCompleteOn(today).as('day')).select('day.as_at').executeTakeFirst());
}

export async function findLeadChildrenNotComputedOn(db: Db, today: string, scope: CaseScope = {}): Promise<string[]> {
  const rows = await db.selectFrom(leadChildrenNotComputedOn(today, scope, await councilCompleteOn(db, today)).as('stale')).select('stale.child_id').execute();
  return rows.map((r) => r.child_id);
}

/**
 * Records that every child led in the council is worked out for `today`, if
 * so, and forgets which children changed before (they are worked out too).
 * The caller holds the store's exclusive lock: no change is half made
 * meanwhile. Returns whether it was so.
 */
export async function markCouncilComplete(trx: Db, today: string): Promise<boolean> {
  const stale = await trx.selectNoFrom((eb) => eb.exists(leadChildrenNotComputedOn(today, {}, false)).as('any')).executeTakeFirstOrThrow();
  if (stale.any) return false;
  await trx.deleteFrom('due_pending').execute();
  await trx.deleteFrom('due_council_day').execute();
  await trx.insertInto('due_council_day').values({ as_at: today }).execute();
  return true;
}

export interface StoredDueItem {
  childId: string;
  leadWorkerId: string | null;
  leadTeamId: string | null;
  kind: string;
  dueDate: string;
  status: 'overdue' | 'this_week' | 'next_4_weeks' | 'later';
  item: unknown;
}

/** Who leads each child's case now (a child record only; see the case_leads view): the worker and team their items count for. */
export async function findLeads(db: Db, childIds: readonly string[]): Promise<Map<string, { workerId: string | null; teamId: string }>> {
  const leads = new Map<string, { workerId: string | null; teamId: string }>();
  for (const ids of slices([...new Set(childIds)])) {
    const rows = await db
      .selectFrom('case_leads as lead')
      .innerJoin('people', 'people.id', 'lead.child_id')
      .select(['lead.child_id', 'lead.worker_id', 'lead.team_id'])
      .where('lead.child_id', 'in', ids)
      .where('people.is_child', '=', true)
      .execute();
    for (const r of rows) leads.set(r.child_id, { workerId: r.worker_id, teamId: r.team_id });
  }
  return leads;
}

/** Replaces the children's stored items with these, worked out for `today`. */
export async function replaceDueItems(db: Db, childIds: readonly string[], items: readonly StoredDueItem[], today: string): Promise<void> {
  for (const ids of slices(childIds)) {
    await db.deleteFrom('due_items').where('child_id', 'in', ids).execute();
    await db
      .insertInto('due_computed')
      .values(ids.map((child_id) => ({ child_id, as_at: today })))
      .onConflict((oc) => oc.column('child_id').doUpdateSet({ as_at: today }))
      .execute();
    // A child stored for another day than the council's is then compared again (migration 0051).
    await db.insertInto('due_pending').values(ids.map((child_id) => ({ child_id }))).onConflict((oc) => oc.doNothing()).execute();
  }
  // Eight values a row: 1,000 rows a statement stays well under the protocol's 65,535 parameters.
  for (let i = 0; i < items.length; i += 1000) {
    await db
      .insertInto('due_items')
      .values(
        items.slice(i, i + 1000).map((x) => ({
          child_id: x.childId,
          as_at: today,
          lead_worker_id: x.leadWorkerId,
          lead_team_id: x.leadTeamId,
          kind: x.kind,
          due_date: x.dueDate,
          status: x.status,
          item: JSON.stringify(x.item),
        })),
      )
      .execute();
  }
}

/**
 * The stored items of those children current for `today`, with which
 * children were current when read (a child with no items is current and has
 * nothing due; a child missing was changed since it was worked out).
 */
export async function findDueItems(db: Db, childIds: readonly string[], today: string) {
  const current = new Set<string>();
  const items: { child_id: string; item: unknown }[] = [];
  for (const ids of slices([...new Set(childIds)])) {
    const rows = await db
      .selectFrom('due_computed')
      .leftJoin('due_items', 'due_items.child_id', 'due_computed.child_id')
      .select(['due_computed.child_id', 'due_items.item'])
      .where('due_computed.child_id', 'in', ids)
      .where('due_computed.as_at', '=', today)
      .orderBy('due_items.due_date')
      .orderBy('due_items.kind')
      .execute();
    for (const r of rows) {
      current.add(r.child_id);
      if (r.item !== null) items.push({ child_id: r.child_id, item: r.item });
    }
  }
  return { current, items };
}

/** Forgets every stored item, so the next reader (or the nightly job) works them all out again. */
export async function forgetAllDueItems(db: Db): Promise<void> {
  await db.deleteFrom('due_council_day').execute();
  await db.deleteFrom('due_computed').execute();
}

/** Children led now, their stored items and how many of those are overdue. */
export async function countStoredItems(db: Db): Promise<{ children: number; items: number; overdue: number }> {
  const led = db.selectFrom('case_leads').select('child_id');
  const [children, items] = await Promise.all([
    db.selectFrom(led.as('led')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('due_items')
      .where('child_id', 'in', led)
      .select((eb) => [eb.fn.countAll<number>().as('items'), eb.fn.count<number>('status').filterWhere('status', '=', 'overdue').as('overdue')])
      .executeTakeFirstOrThrow(),
  ]);
  return { children: Number(children.n), items: Number(items.items), overdue: Number(items.overdue) };
}
