import { addDays, ageOn, daysBetween } from '../platform/calendar/dates.ts';
import { groupByChild } from '../platform/collections/by-child.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * What the demo council's plans say. Each child protection plan gets 3 to 6
 * actions, set on the day it began and due 2 weeks to 4 months later, for the
 * social worker or someone named with their agency; most are done on time,
 * some late, and a few on open plans are overdue. Each core group and review
 * conference held under a plan is written up: who came, progress, the next
 * meeting; the review conference's chair (the child's IRO on the day, else
 * another) and its decision, which ends the plan exactly when the plan ended
 * that day. A plan whose latest category differs from its first changed at its
 * first review. Ended plans get their reason: a plan ended by a review
 * conference, no longer at continuing risk; one followed within a week by care,
 * became looked after; one ending at 18, reached 18; the rest mostly no longer
 * at risk, a few transferred. Children assessed under a referral with no plan
 * get a child in need plan from the assessment to the referral's close. A few
 * children who came into care from a plan went through pre-proceedings first,
 * and a few on plans now are in them; some closed referrals step down to early
 * help, and some referrals follow early help that stepped up. Every choice
 * comes from the seed.
 */
export interface PlansDemoSummary {
  actions: number;
  coreGroups: number;
  reviewConferences: number;
  cinPlans: number;
  preProceedings: number;
  earlyHelp: number;
}

const ACTIONS: readonly (readonly [string, string, string])[] = [
  ['Register the child with a dentist and attend a check-up', 'Mother', 'Family'],
  ['Attend the parenting programme at the family hub', 'Mother and father', 'Family'],
  ['Make sure the child attends school every day', 'Parents', 'Family'],
  ['Complete a health assessment of the child’s development', 'Health visitor', 'Health'],
  ['Refer to the drug and alcohol service and attend appointments', 'Father', 'Family'],
  ['Monitor attendance and share concerns the same day', 'Designated safeguarding lead', 'School'],
  ['Carry out direct work with the child about their wishes and feelings', '', ''],
  ['Complete a genogram and explore family support', '', ''],
  ['Refer to the domestic abuse service', '', ''],
  ['Arrange a home conditions check every fortnight', '', ''],
  ['Share police call-outs to the address with the core group', 'Neighbourhood officer', 'Police'],
  ['Book a review with the GP about the child’s weight', 'Mother', 'Family'],
];

const DONE_TEXT = ['Done as agreed', 'Completed and shared with the core group', 'Done; the family engaged well', 'Completed and recorded on the file'];
const ATTENDEES = [
  'Mother; father; social worker; class teacher (School); health visitor (Health)',
  'Mother; social worker; school nurse (Health); designated safeguarding lead (School)',
  'Mother; grandmother; social worker; family support worker (Family hub)',
  'Father; social worker; nursery key worker (Early years); health visitor (Health)',
];
const PROGRESS = [
  'Home conditions have improved and the children are attending school. Some actions are behind; the core group agreed new dates.',
  'Mother has started the parenting course. School report better attendance. Concerns remain about evening supervision.',
  'Little progress: missed health appointments and the home is still unsafe. The chair to be told before the review.',
  'Good engagement from the family. The child says things are calmer at home.',
];
const FAMILY = ['Mother attended throughout', 'Both parents attended with a supporter', 'Mother attended; father sent his views in writing', 'Parents did not attend; the social worker shared their views'];

export async function generatePlans(ctx: DemoContext): Promise<PlansDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const none = { actions: 0, coreGroups: 0, reviewConferences: 0, cinPlans: 0, preProceedings: 0, earlyHelp: 0 };
  const plans = await db
    .selectFrom('cp_plans')
    .innerJoin('people', 'people.id', 'cp_plans.child_id')
    .select(['cp_plans.id', 'cp_plans.child_id', 'cp_plans.start_date', 'cp_plans.end_date', 'cp_plans.initial_category', 'cp_plans.latest_category', 'people.date_of_birth'])
    .orderBy('people.la_child_id')
    .orderBy('cp_plans.child_id')
    .orderBy('cp_plans.start_date')
    .execute();
  const iros = (await db.selectFrom('users').select('id').where('role', '=', 'iro').where('disabled_at', 'is', null).orderBy('email').execute()).map((u) => u.id);
  const anyone = await db.selectFrom('users').select('id').where('role', '=', 'social_worker').orderBy('email').executeTakeFirst();
  if (!anyone) return none;
  const allocations = await db
    .selectFrom('allocations')
    .select(['child_id', 'role', 'worker_id', 'start_date', 'end_date'])
    .where('role', 'in', ['iro', 'lead'])
    .where('worker_id', 'is not', null)
    .orderBy('child_id')
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  const byChild = new Map<string, typeof allocations>();
  for (const a of allocations) byChild.set(a.child_id, [...(byChild.get(a.child_id) ?? []), a]);
  const holderOn = (childId: string, role: 'iro' | 'lead', date: string) =>
    (byChild.get(childId) ?? []).find((a) => a.role === role && a.start_date <= date && (a.end_date === null || a.end_date >= date))?.worker_id ?? null;
  const events = await db
    .selectFrom('case_events')
    .select(['id', 'child_id', 'kind', 'event_date'])
    .where('kind', 'in', ['core_group', 'cp_review', 'assessment'])
    .where('event_date', '<=', today)
    .orderBy('child_id')
    .orderBy('event_date')
    .orderBy('id')
    .execute();
  const careStarts = await db.selectFrom('care_episodes').select(['child_id', 'start_date']).orderBy('child_id').orderBy('start_date').execute();
  // Each child's own rows, so nothing below searches the whole council's for one child (a large council has hundreds of thousands).
  const plansOf = groupByChild(plans, (p) => p);
  const eventsOf = groupByChild(events, (e) => e);
  const careStartsOf = groupByChild(careStarts, (c) => c);
  const at = (date: string) => new Date(`${date > today ? today : date}T16:00:00Z`);

  const actions: RowOf<'cp_plan_actions'>[] = [];
  const coreGroups: RowOf<'core_groups'>[] = [];
  const conferences: RowOf<'cp_review_conferences'>[] = [];
  const ends: { id: string; reason: string }[] = [];
  const planOn = (childId: string, date: string) => plansOf.get(childId)?.find((p) => p.start_date <= date && (p.end_date === null || p.end_date >= date));

  for (const plan of plans) {
    const lead = holderOn(plan.child_id, 'lead', plan.start_date) ?? anyone.id;
    const count = rand.int(3, 6);
    for (const [action, other, agency] of rand.shuffle(ACTIONS).slice(0, count)) {
      const due = addDays(plan.start_date, rand.int(14, 120));
      const toOther = other !== '' && rand.chance(0.85);
      const lastDay = plan.end_date ?? today;
      let completedOn: string | null = null;
      const roll = rand.float();
      if (due < lastDay) {
        const overdue = plan.end_date === null && roll >= 0.88 && due > addDays(today, -120);
        if (!overdue) completedOn = roll < 0.8 ? addDays(plan.start_date, rand.int(1, Math.max(1, daysBetween(plan.start_date, due)))) : addDays(due, rand.int(1, 25));
      } else if (roll < 0.3 && plan.start_date < today) {
        completedOn = addDays(plan.start_date, rand.int(1, daysBetween(plan.start_date, lastDay)));
      }
      if (completedOn && completedOn > lastDay) completedOn = lastDay;
      if (completedOn && completedOn > today) completedOn = today;
      actions.push({
        plan_id: plan.id,
        child_id: plan.child_id,
        action,
        owner_id: toOther ? null : lead,
        owner_other: toOther ? other : null,
        owner_agency: toOther ? agency : null,
        due_date: due,
        completed_on: completedOn,
        what_done: completedOn ? rand.pick(DONE_TEXT) : null,
        recorded_by: lead,
        recorded_at: at(plan.start_date),
        completed_by: completedOn ? lead : null,
        completed_at: completedOn ? at(completedOn) : null,
      });
    }
    let endedByReview = false;
    let firstReview = true;
    for (const ev of (eventsOf.get(plan.child_id) ?? []).filter((e) => planOn(e.child_id, e.event_date)?.id === plan.id)) {
      const recorder = holderOn(plan.child_id, 'lead', ev.event_date) ?? lead;
      if (ev.kind === 'core_group') {
        const next = addDays(ev.event_date, rand.pick([28, 35, 42]));
        coreGroups.push({
          case_event_id: ev.id,
          child_id: plan.child_id,
          plan_id: plan.id,
          attendees: rand.pick(ATTENDEES),
          progress: rand.pick(PROGRESS),
          next_meeting: plan.end_date && next > plan.end_date ? null : next,
          recorded_by: recorder,
          recorded_at: at(ev.event_date),
        });
      } else if (ev.kind === 'cp_review' && ev.event_date > plan.start_date && iros.length > 0) {
        const ends = plan.end_date === ev.event_date;
        endedByReview ||= ends;
        const chair = holderOn(plan.child_id, 'iro', ev.event_date) ?? rand.pick(iros);
        const young = plan.date_of_birth !== null && ageOn(plan.date_of_birth, ev.event_date) < 5;
        conferences.push({
          case_event_id: ev.id,
          child_id: plan.child_id,
          plan_id: plan.id,
          chair_id: chair,
          attendees: rand.pick(ATTENDEES),
          decision: ends ? 'end' : 'continue',
          category_changed_to: !ends && firstReview && plan.latest_category !== plan.initial_category ? plan.latest_category : null,
          child_participation: young ? 'too_young' : rand.weighted([['attended', 0.25], ['advocate', 0.2], ['views_conveyed', 0.4], ['did_not_take_part', 0.15]] as const),
          family_participation: rand.pick(FAMILY),
          recorded_by: chair,
          recorded_at: at(ev.event_date),
        });
        firstReview = false;
      }
    }
    if (plan.end_date) {
      const care = careStartsOf.get(plan.child_id)?.find((c) => c.start_date >= plan.start_date && c.start_date <= addDays(plan.end_date!, 7));
      const eighteen = plan.date_of_birth !== null && ageOn(plan.date_of_birth, plan.end_date) >= 18;
      const reason = endedByReview
        ? 'no_longer_at_risk'
        : care
          ? 'looked_after'
          : eighteen
            ? 'reached_18'
            : rand.weighted([['no_longer_at_risk', 0.82], ['transferred', 0.12], ['other', 0.06]] as const);
      ends.push({ id: plan.id, reason });
    }
  }
  await insertRows(db, 'cp_plan_actions', actions);
  await insertRows(db, 'core_groups', coreGroups);
  await insertRows(db, 'cp_review_conferences', conferences);
  for (const reason of new Set(ends.map((e) => e.reason))) {
    await db.updateTable('cp_plans').set({ end_reason: reason }).where('id', 'in', ends.filter((e) => e.reason === reason).map((e) => e.id)).execute();
  }

  // Child in need plans: from the assessment under a referral to the referral's close, for a child on no protection plan then.
  const referrals = await db
    .selectFrom('referrals')
    .select(['id', 'child_id', 'referral_date', 'close_date', 'no_further_action'])
    .orderBy('child_id')
    .orderBy('referral_date')
    .orderBy('id')
    .execute();
  const cin: RowOf<'cin_plans'>[] = [];
  const cinReviews: RowOf<'cin_plan_reviews'>[] = [];
  const early: RowOf<'early_help_episodes'>[] = [];
  const lastEnd = new Map<string, string>();
  const earlyEnd = new Map<string, string>();
  for (const r of referrals) {
    if (r.no_further_action) continue;
    const closes = r.close_date ?? today;
    const assessment = eventsOf.get(r.child_id)?.find((e) => e.kind === 'assessment' && e.event_date >= r.referral_date && e.event_date <= closes);
    const recorder = holderOn(r.child_id, 'lead', r.referral_date) ?? anyone.id;
    if (assessment && rand.chance(0.7)) {
      const start = addDays(assessment.event_date, rand.int(0, 10));
      const onPlan = (plansOf.get(r.child_id) ?? []).some((p) => p.start_date <= (r.close_date ?? today) && (p.end_date === null || p.end_date >= start));
      const previous = lastEnd.get(r.child_id);
      const end = r.close_date;
      if (!onPlan && start <= today && (!end || end >= start) && (!previous || start > previous)) {
        const id = ctx.faker.string.uuid();
        cin.push({ id, child_id: r.child_id, start_date: start, end_date: end, recorded_by: recorder, recorded_at: at(start) });
        lastEnd.set(r.child_id, end ?? '9999-12-31');
        for (let review = addDays(start, 91); review < (end ?? today); review = addDays(review, 91)) {
          cinReviews.push({ cin_plan_id: id, child_id: r.child_id, review_date: review, decision: 'continue', note: null, recorded_by: recorder, recorded_at: at(review) });
        }
        if (end) {
          const decision = rand.weighted([['end', 0.7], ['step_down', 0.3]] as const);
          cinReviews.push({ cin_plan_id: id, child_id: r.child_id, review_date: end, decision, note: null, recorded_by: recorder, recorded_at: at(end) });
          if (decision === 'step_down' && end < today && (earlyEnd.get(r.child_id) ?? '') < end) {
            const ehEnd = addDays(end, rand.int(60, 200));
            const open = ehEnd >= today;
            early.push({ child_id: r.child_id, start_date: addDays(end, 1), end_date: open ? null : ehEnd, lead: rand.pick(['Family hub, North', 'Family hub, Central', 'Early help team, East']), reason: 'Step down after a child in need plan', stepped_down: true, end_reason: open ? null : 'needs_met', recorded_by: recorder, recorded_at: at(addDays(end, 1)) });
            earlyEnd.set(r.child_id, open ? '9999-12-31' : ehEnd);
          }
        }
      }
    }
    // Some referrals follow early help that stepped up.
    const before = addDays(r.referral_date, -rand.int(90, 300));
    const already = earlyEnd.get(r.child_id);
    if (rand.chance(0.12) && (!already || already < before) && addDays(r.referral_date, -1) >= before) {
      early.push({ child_id: r.child_id, start_date: before, end_date: addDays(r.referral_date, -1), lead: rand.pick(['Family hub, North', 'School pastoral team', 'Health visiting team']), reason: rand.pick(['Worries about home routines and school attendance', 'Parenting support after a family breakdown', 'Support with the child’s behaviour at home']), stepped_down: false, end_reason: 'step_up', recorded_by: recorder, recorded_at: at(before) });
      earlyEnd.set(r.child_id, addDays(r.referral_date, -1));
    }
  }
  await insertRows(db, 'cin_plans', cin);
  await insertRows(db, 'cin_plan_reviews', cinReviews);

  // Pre-proceedings: before care for a few who came into care from a plan; open for a few on plans now.
  const pre: RowOf<'pre_proceedings'>[] = [];
  for (const plan of plans) {
    const recorder = holderOn(plan.child_id, 'lead', plan.start_date) ?? anyone.id;
    const care = plan.end_date ? careStartsOf.get(plan.child_id)?.find((c) => c.start_date >= plan.start_date && c.start_date <= addDays(plan.end_date!, 7)) : undefined;
    const openNow = plan.end_date === null && daysBetween(plan.start_date, today) > 200 && rand.chance(0.15);
    if (!(care && rand.chance(0.6)) && !openNow) continue;
    const finish = care ? addDays(care.start_date, -rand.int(1, 14)) : null;
    const decision = care ? addDays(finish!, -rand.int(60, 110)) : addDays(today, -rand.int(20, 80));
    if (decision <= plan.start_date) continue;
    const letter = addDays(decision, rand.int(3, 10));
    const meeting = addDays(letter, rand.int(5, 14));
    const offered = rand.chance(0.8) ? addDays(decision, rand.int(1, 7)) : null;
    const held = offered && rand.chance(0.6) ? addDays(offered, rand.int(14, 28)) : null;
    const inPast = (d: string | null) => (d && d <= today && (!finish || d <= finish) ? d : null);
    const meetingOn = inPast(meeting);
    pre.push({
      child_id: plan.child_id,
      decision_date: decision,
      letter_date: inPast(letter),
      initial_meeting_date: inPast(letter) ? meetingOn : null,
      review_meetings: meetingOn ? rand.int(0, 3) : 0,
      fgdm_offered_on: inPast(offered),
      fgdm_held_on: inPast(offered) ? inPast(held) : null,
      outcome: finish ? 'issue' : null,
      outcome_date: finish,
      recorded_by: recorder,
      recorded_at: at(decision),
    });
  }
  await insertRows(db, 'pre_proceedings', pre);
  await insertRows(db, 'early_help_episodes', early);
  return { actions: actions.length, coreGroups: coreGroups.length, reviewConferences: conferences.length, cinPlans: cin.length, preProceedings: pre.length, earlyHelp: early.length };
}
