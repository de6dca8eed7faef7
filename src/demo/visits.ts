import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CaseEventKind } from '../db/schema.ts';
import { addDays, addMonths, birthday } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';
import { leftCareOn, loadTimelines } from '../timescales/index.ts';
import type { ChildTimeline } from '../timescales/index.ts';
import { groupByChild } from '../platform/collections/by-child.ts';
import { yearInProgress } from '../returns/index.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * Visits and the meetings, reviews and assessments of the demo children, so
 * that work due shows a believable spread: most children seen and reviewed
 * in time, some due this week, some overdue, and workers who keep up better
 * than others. Visits cover the last 13 months (enough for the timeliness
 * measures); reviews and assessments go back to the start of each plan or
 * care period, so every review is counted as the regulations count it.
 * Every random choice comes from the demo's seed.
 */
export interface VisitsDemoSummary {
  visits: number;
  events: number;
}

/** How a worker keeps to the timescales: the share of the interval they usually leave between visits. */
const HABITS: readonly (readonly [readonly [number, number], number])[] = [
  [[0.55, 0.95], 0.62],
  [[0.7, 1.1], 0.28],
  [[0.9, 1.45], 0.1],
];

const SEEN_NOTES = [
  'Saw the child at home and talked about school and friends.',
  'Spent time with the child alone in their room; they showed me their drawings.',
  'Talked with the carers about routines; the child joined us for part of the visit.',
  'Went for a walk with the child; they spoke about contact with their family.',
  'Visit after school; homework, football and plans for the holidays.',
];
const NOT_SEEN_REASONS = ['No one at home', 'Child at a school trip', 'Child refused to see me', 'Family cancelled on the day'];

const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

interface Period {
  start: string;
  end: string | null;
  kind: 'cla' | 'cp' | 'cin' | 'pa' | 'pf';
  postcode: string | null;
}

/** The periods in which a child is visited, with the nominal interval between visits in days. */
const INTERVAL_DAYS: Record<Period['kind'], number> = { cla: 42, cp: 14, cin: 28, pa: 60, pf: 42 };

function periodsOf(t: ChildTimeline, postcodes: Map<string, string | null>, today: string): Period[] {
  const periods: Period[] = [];
  for (const e of t.careEpisodes) periods.push({ start: e.startDate, end: e.endDate, kind: 'cla', postcode: postcodes.get(e.startDate) ?? null });
  for (const p of t.cpPlans) periods.push({ start: p.startDate, end: p.endDate, kind: 'cp', postcode: null });
  for (const f of t.privateFostering) periods.push({ start: f.notifiedOn, end: f.endedOn, kind: 'pf', postcode: null });
  // A child in need is visited while the referral is open and no plan or care covers them: before a plan, and again once it ends and the case steps down.
  const covers = [...t.cpPlans.map((p) => ({ start: p.startDate, end: p.endDate })), ...t.careEpisodes.map((e) => ({ start: e.startDate, end: e.endDate }))];
  for (const r of t.referrals) {
    if (r.noFurtherAction) continue;
    for (const piece of uncovered({ start: r.referralDate, end: r.closeDate }, covers)) periods.push({ ...piece, kind: 'cin', postcode: null });
  }
  // The personal adviser keeps in touch from the day the young person left care (18, or earlier as a relevant child) to 21, or later while supported.
  const left = t.careLeaver ? leftCareOn(t, today) : null;
  if (left && left <= today && t.dateOfBirth) {
    const twentyOne = birthday(t.dateOfBirth, 21);
    const supportUntil = t.careLeaver?.supportUntil ?? null;
    periods.push({ start: left, end: supportUntil && supportUntil > twentyOne ? supportUntil : twentyOne, kind: 'pa', postcode: null });
  }
  return periods;
}

/** The parts of `period` that none of `covers` overlaps (ends exclusive, null while running). */
function uncovered(period: { start: string; end: string | null }, covers: readonly { start: string; end: string | null }[]): { start: string; end: string | null }[] {
  let pieces = [period];
  for (const c of covers) {
    pieces = pieces.flatMap((p) => {
      if ((p.end !== null && c.start >= p.end) || (c.end !== null && c.end <= p.start)) return [p];
      const out: { start: string; end: string | null }[] = [];
      if (c.start > p.start) out.push({ start: p.start, end: c.start });
      if (c.end !== null && (p.end === null || c.end < p.end)) out.push({ start: c.end, end: p.end });
      return out;
    });
  }
  return pieces;
}

export async function generateVisits(ctx: DemoContext): Promise<VisitsDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const windowStart = addDays(today, -400);
  const children = await db
    .selectFrom('allocations')
    .select(['child_id', sql<boolean>`bool_or(role = 'lead')`.as('had_lead')])
    .where('role', 'in', ['lead', 'personal_adviser'])
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', windowStart)]))
    .groupBy('child_id')
    .orderBy('child_id')
    .execute();
  // Children with a lead in the window first, then care leavers whose adviser alone led the case in it.
  const ids = [...children.filter((c) => c.had_lead), ...children.filter((c) => !c.had_lead)].map((c) => c.child_id);
  await addPrivateFostering(ctx, demoRand(ctx));
  const [timelines, allocations, placements] = await Promise.all([
    loadTimelines(db, ids),
    db
      .selectFrom('allocations')
      .select(['child_id', 'role', 'worker_id', 'start_date', 'end_date'])
      .where('worker_id', 'is not', null)
      .where('role', 'in', ['lead', 'personal_adviser'])
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', windowStart)]))
      .orderBy('child_id')
      .orderBy('start_date')
      .execute(),
    db.selectFrom('care_episodes').select(['child_id', 'start_date', 'placement_postcode']).execute(),
  ]);
  const byChild = new Map<string, typeof allocations>();
  for (const a of allocations) byChild.set(a.child_id, [...(byChild.get(a.child_id) ?? []), a]);
  const postcodesByChild = new Map<string, Map<string, string | null>>();
  for (const p of placements) {
    const map = postcodesByChild.get(p.child_id) ?? new Map<string, string | null>();
    map.set(p.start_date, p.placement_postcode);
    postcodesByChild.set(p.child_id, map);
  }
  // Each worker has a habit, the same for all their children.
  const habitOf = new Map<string, readonly [number, number]>();
  const habit = (workerId: string) => {
    let h = habitOf.get(workerId);
    if (!h) {
      h = rand.weighted(HABITS);
      habitOf.set(workerId, h);
    }
    return h;
  };

  const visits: RowOf<'visits'>[] = [];
  const events: RowOf<'case_events'>[] = [];
  for (const id of ids) {
    const t = timelines.get(id);
    if (!t) continue;
    const allocs = byChild.get(id) ?? [];
    const holder = (date: string, role: 'lead' | 'personal_adviser') =>
      allocs.find((a) => a.role === role && a.start_date <= date && (a.end_date === null || a.end_date > date))?.worker_id ?? null;
    for (const period of periodsOf(t, postcodesByChild.get(id) ?? new Map(), today)) {
      addVisits(rand, visits, id, period, holder, habit, windowStart, today, t.dateOfDeath);
    }
    const anyWorker = (allocs.find((a) => a.role === 'lead') ?? allocs.find((a) => a.role === 'personal_adviser'))?.worker_id ?? null;
    if (anyWorker) addEvents(rand, events, id, t, (date) => holder(date, 'lead') ?? holder(date, 'personal_adviser') ?? anyWorker, today);
  }
  await addEarlierCasesEvents(db as Db, rand, events, windowStart, today);
  await standInForSome(ctx, demoRand(ctx), visits);
  await insertRows(db as Db, 'visits', visits);
  await insertRows(db as Db, 'case_events', events);
  await addVisitingAgreements(ctx, rand, ids, timelines);
  return { visits: visits.length, events: events.length };
}

/**
 * The meetings and decisions of children whose case closed before the visits'
 * window but in the last two finished collection years (which end on 31
 * March), so those years' returns find each plan's conference and each
 * child's reviews. They have no visits: nothing is due for them now.
 */
async function addEarlierCasesEvents(db: Db, rand: Rand, events: RowOf<'case_events'>[], windowStart: string, today: string) {
  const from = `${yearInProgress(today) - 3}-04-01`;
  const allocations = await db
    .selectFrom('allocations')
    .select(['child_id', 'role', 'worker_id', 'start_date', 'end_date'])
    .where('worker_id', 'is not', null)
    .where('role', 'in', ['lead', 'personal_adviser'])
    .where('child_id', 'in', (eb) =>
      eb
        .selectFrom('allocations')
        .select('child_id')
        .where('role', 'in', ['lead', 'personal_adviser'])
        .groupBy('child_id')
        .having(sql<boolean>`bool_and(end_date is not null) and max(end_date) >= ${from} and max(end_date) < ${windowStart}`),
    )
    .orderBy('child_id')
    .orderBy('start_date')
    .execute();
  const byChild = groupByChild(allocations, (a) => a);
  const timelines = await loadTimelines(db, [...byChild.keys()]);
  for (const [id, allocs] of byChild) {
    const t = timelines.get(id);
    if (!t) continue;
    const holder = (date: string, role: string) => allocs.find((a) => a.role === role && a.start_date <= date && a.end_date! > date)?.worker_id ?? null;
    const anyWorker = (allocs.find((a) => a.role === 'lead') ?? allocs[0]!).worker_id!;
    addEvents(rand, events, id, t, (date) => holder(date, 'lead') ?? holder(date, 'personal_adviser') ?? anyWorker, today);
  }
}

/**
 * Now and then the team manager makes a social worker's visit for them (the
 * worker on leave, a visit that could not wait): recorded as visiting for the
 * worker, so it meets the duty.
 */
async function standInForSome(ctx: DemoContext, rand: Rand, visits: RowOf<'visits'>[]) {
  const staff = await ctx.db.selectFrom('users').select(['id', 'role', 'team_id']).where('team_id', 'is not', null).orderBy('id').execute();
  const managerOf = new Map(staff.filter((u) => u.role === 'team_manager').map((u) => [u.team_id, u.id]));
  const teamOf = new Map(staff.map((u) => [u.id, u.team_id]));
  for (const v of visits) {
    const manager = managerOf.get(teamOf.get(v.visitor_id as string) ?? null);
    if (v.kind !== 'social_worker' || !manager || manager === v.visitor_id || !rand.chance(0.02)) continue;
    v.on_behalf_of = v.visitor_id;
    v.visitor_id = manager;
    v.recorded_by = manager;
  }
}

const PRIVATE_FOSTER_CARERS = ['Maureen Okafor (family friend)', 'Daniel Price (a friend’s parent)', 'Grace Tembo (great-aunt by marriage)', 'Sunita Rai (family friend)', 'Tom Hollis (host family, language school)'];

/**
 * A few children in need living with a family friend by private arrangement
 * (about 1 in 200 children in need nationally): under 15, not in care, on no
 * plan, with a referral open; told to the council a few months to two years ago.
 */
async function addPrivateFostering(ctx: DemoContext, rand: Rand) {
  const { db, today } = ctx;
  const candidates = await db
    .selectFrom('people')
    .innerJoin('referrals', 'referrals.child_id', 'people.id')
    .innerJoin('allocations', (join) => join.onRef('allocations.child_id', '=', 'people.id').on('allocations.role', '=', 'lead').on('allocations.end_date', 'is', null))
    .select(['people.id', 'referrals.referral_date', 'allocations.worker_id'])
    .where('referrals.close_date', 'is', null)
    .where('referrals.no_further_action', '=', false)
    .where('people.date_of_birth', '>', addDays(today, -365 * 15))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('care_episodes').select('care_episodes.id').whereRef('care_episodes.child_id', '=', 'people.id'))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('cp_plans').select('cp_plans.id').whereRef('cp_plans.child_id', '=', 'people.id'))))
    .orderBy('people.id')
    .execute();
  const rows: RowOf<'private_fostering'>[] = [];
  for (const c of candidates) {
    if (!c.worker_id || !rand.chance(0.03)) continue;
    const notified = c.referral_date > addDays(today, -60) ? c.referral_date : addDays(c.referral_date, rand.int(0, 30));
    rows.push({
      child_id: c.id,
      notified_on: notified > today ? today : notified,
      carer_name: rand.pick(PRIVATE_FOSTER_CARERS),
      recorded_by: c.worker_id,
      recorded_at: at(notified > today ? today : notified, 15),
    });
  }
  await insertRows(db as Db, 'private_fostering', rows);
}

const CHILD_VIEWS = [
  'Wants to stay with her carers until she is 18; says this is home now.',
  'Happy here and does not want to move again; asked to keep the same school.',
  'Wants to stay and for his brother to keep visiting at weekends.',
  'Said she feels settled and would like fewer visits, with phone calls in between.',
];

/**
 * What the visiting rules need beyond the codes, as a council would have
 * recorded it: long-term foster placements agreed with the IRO, with the
 * child's view (some older children asking for 6-monthly visits), and child
 * protection plans that set their own frequency, agreed by the team manager.
 */
async function addVisitingAgreements(ctx: DemoContext, rand: Rand, ids: readonly string[], timelines: Map<string, ChildTimeline>) {
  const { db, today } = ctx;
  const [managers, iros, leads] = await Promise.all([
    db.selectFrom('users').select(['id', 'team_id']).where('role', '=', 'team_manager').where('disabled_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('users').select('id').where('role', '=', 'iro').where('disabled_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('allocations').select(['child_id', 'team_id', 'worker_id']).where('role', '=', 'lead').where('end_date', 'is', null).orderBy('child_id').execute(),
  ]);
  if (iros.length === 0) return;
  const leadOf = new Map(leads.map((l) => [l.child_id, l]));
  const terms: RowOf<'placement_visit_terms'>[] = [];
  const frequencies: RowOf<'visit_frequencies'>[] = [];
  for (const id of ids) {
    const t = timelines.get(id);
    const lead = leadOf.get(id);
    if (!t || !lead?.worker_id) continue;
    const placement = t.careEpisodes.find((e) => e.endDate === null && e.reasonNewEpisode !== 'L' && ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'].includes(e.placementType));
    if (placement && placement.startDate <= addMonths(today, -12) && rand.chance(0.35)) {
      const age = t.dateOfBirth ? Number(today.slice(0, 4)) - Number(t.dateOfBirth.slice(0, 4)) : 0;
      const agreed = addMonths(placement.startDate, rand.int(3, 9));
      terms.push({
        child_id: id,
        placement_start: placement.startDate,
        long_term_to_18: true,
        six_monthly_visits: age >= 13 && rand.chance(0.2),
        agreed_with_iro: rand.pick(iros).id,
        child_view: rand.pick(CHILD_VIEWS),
        recorded_by: lead.worker_id,
        recorded_at: at(agreed, 16),
      });
    }
    const plan = t.cpPlans.find((p) => p.endDate === null);
    const manager = managers.find((m) => m.team_id === lead.team_id);
    if (plan && manager && rand.chance(0.25)) {
      frequencies.push({
        child_id: id,
        applies_to: 'cp',
        every_n: rand.pick([2, 3]),
        unit: 'weeks',
        from_date: plan.startDate,
        agreed_by: manager.id,
        recorded_by: lead.worker_id,
        recorded_at: at(plan.startDate, 17),
      });
    }
  }
  await insertRows(db as Db, 'placement_visit_terms', terms);
  await insertRows(db as Db, 'visit_frequencies', frequencies);
}

function addVisits(
  rand: Rand,
  out: RowOf<'visits'>[],
  childId: string,
  period: Period,
  holder: (date: string, role: 'lead' | 'personal_adviser') => string | null,
  habit: (workerId: string) => readonly [number, number],
  windowStart: string,
  today: string,
  dateOfDeath: string | null,
) {
  const last = [period.end, today, dateOfDeath].filter((d): d is string => d !== null).sort()[0]!;
  const role = period.kind === 'pa' ? 'personal_adviser' : 'lead';
  const interval = INTERVAL_DAYS[period.kind];
  let date = period.start >= windowStart ? addDays(period.start, rand.int(1, 6)) : addDays(windowStart, rand.int(0, interval - 1));
  while (date <= last) {
    const worker = holder(date, role);
    if (worker) {
      const seen = !rand.chance(0.05);
      out.push({
        child_id: childId,
        kind: period.kind === 'pa' ? 'personal_adviser' : 'social_worker',
        visit_date: date,
        visit_time: `${String(rand.int(9, 17)).padStart(2, '0')}:${rand.pick(['00', '15', '30', '45'])}`,
        visitor_id: worker,
        on_behalf_of: null,
        location_postcode: period.postcode,
        child_seen: seen,
        seen_alone: seen ? rand.chance(0.7) : null,
        bedroom_seen: seen && period.kind === 'cla' ? rand.chance(0.85) : null,
        virtual: rand.chance(0.04),
        unsuccessful_reason: seen ? null : rand.pick(NOT_SEEN_REASONS),
        note: seen ? rand.pick(SEEN_NOTES) : 'Visit attempted; will return within the week.',
        recorded_by: worker,
        recorded_at: at(date, 17),
      });
    }
    const [low, high] = worker ? habit(worker) : [1.2, 1.6];
    date = addDays(date, Math.max(2, Math.round(interval * (low + rand.float() * (high - low)))));
  }
}

/** Reviews, conferences and assessments from the start of each plan or care period, mostly in time. */
function addEvents(rand: Rand, out: RowOf<'case_events'>[], childId: string, t: ChildTimeline, worker: (date: string) => string, today: string) {
  const mine: RowOf<'case_events'>[] = [];
  const push = (kind: CaseEventKind, date: string, extra: Partial<RowOf<'case_events'>> = {}) => {
    if (date > today || (t.dateOfDeath && date > t.dateOfDeath)) return;
    mine.push({ child_id: childId, kind, event_date: date, s47_started: null, note: null, recorded_by: worker(date), recorded_at: at(date, 18), ...extra });
  };
  /** A date near `due`: usually a little early, sometimes late. */
  const near = (due: string) => addDays(due, rand.chance(0.12) ? rand.int(1, 25) : -rand.int(0, 12));
  const repeat = (kind: CaseEventKind, firstDue: string, end: string | null, next: (done: string, n: number) => string) => {
    let due = firstDue;
    for (let n = 1; n < 200 && due <= today; n += 1) {
      const done = near(due);
      if (done > today || (end !== null && done > end)) break;
      // A clock left to run out shows as overdue now: only a recent one, so the exceptions are weeks late, never years.
      const runOut = rand.chance(0.03);
      if (runOut && due >= addDays(today, -60)) break;
      push(kind, done);
      due = next(done, n);
    }
  };

  for (const r of t.referrals) {
    if (r.noFurtherAction) continue;
    // The decision on next steps: mostly the day it arrives or the next working day, now and then late.
    push('referral_decision', addWorkingDays(r.referralDate, rand.chance(0.06) ? rand.int(2, 4) : rand.int(0, 1)));
    const done = addWorkingDays(r.referralDate, rand.chance(0.15) ? rand.int(46, 60) : rand.int(15, 44));
    if (r.closeDate === null || done <= r.closeDate) push('assessment', done);
    // A recent referral still in a section 47 enquiry: its initial conference is due soon, or overdue.
    const planned = t.cpPlans.some((p) => p.startDate >= r.referralDate) || t.careEpisodes.some((e) => e.startDate >= r.referralDate);
    if (r.closeDate === null && !planned && r.referralDate >= addDays(today, -30) && rand.chance(0.3)) {
      push('strategy_discussion', addDays(r.referralDate, rand.int(0, 3)), { s47_started: true });
    }
  }
  for (const p of t.cpPlans) {
    push('strategy_discussion', addDays(p.startDate, -rand.int(10, 20)), { s47_started: true });
    push('icpc', p.startDate);
    push('core_group', addWorkingDays(p.startDate, rand.chance(0.1) ? rand.int(11, 15) : rand.int(3, 10)));
    repeat('cp_review', addMonths(p.startDate, 3), p.endDate, (done) => addMonths(done, 6));
  }
  const spells = [...t.careEpisodes].filter((e) => e.reasonNewEpisode === 'S').sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  for (const [i, spell] of spells.entries()) {
    // The period's own episodes, up to the next period of care: a later period does not keep an earlier one's reviews running.
    const next = spells[i + 1]?.startDate ?? '9999-12-31';
    const end = t.careEpisodes.filter((e) => e.startDate >= spell.startDate && e.startDate < next).map((e) => e.endDate);
    const spellEnd = end.includes(null) ? null : (end.sort().at(-1) ?? null);
    const shortBreaks = spell.legalStatus === 'V3' || spell.legalStatus === 'V4';
    if (shortBreaks) {
      repeat('cla_review', addMonths(spell.startDate, 3), spellEnd, (done) => addMonths(done, 6));
      continue;
    }
    repeat('cla_review', addWorkingDays(spell.startDate, 20), spellEnd, (done, n) => addMonths(done, n === 1 ? 3 : 6));
    repeat('health_assessment', addWorkingDays(spell.startDate, 20), spellEnd, (done) =>
      t.dateOfBirth && done < birthday(t.dateOfBirth, 5) ? addMonths(done, 6) : addMonths(done, 12),
    );
    repeat('pep_review', addWorkingDays(spell.startDate, 20), spellEnd, (done) => addDays(done, 110));
  }
  if (t.dateOfBirth && t.careEpisodes.length) {
    const sixteen = birthday(t.dateOfBirth, 16);
    const inCareAfter16 = t.careEpisodes.find(
      (e) => e.startDate < birthday(t.dateOfBirth!, 18) && (e.endDate === null || e.endDate > sixteen) && e.legalStatus !== 'V3' && e.legalStatus !== 'V4',
    );
    if (inCareAfter16) repeat('needs_assessment', addMonths(inCareAfter16.startDate > sixteen ? inCareAfter16.startDate : sixteen, 3), null, () => '9999-12-31');
    const needs = mine.find((e) => e.kind === 'needs_assessment');
    if (needs) repeat('pathway_plan_review', addMonths(needs.event_date as string, 6), null, (done) => addMonths(done, 6));
  }
  out.push(...mine);
}
