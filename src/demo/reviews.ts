import type { ReviewParticipation } from '../db/schema.ts';
import { addDays, ageOn, daysBetween } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * The outcomes of the demo council's looked-after reviews and their
 * recommendations. Most reviews are chaired by the child's IRO on the day; a
 * few by another IRO standing in; the latest few, held in the last 4 weeks,
 * are not written up yet. Participation follows the SSDA903 codes (PN0 for
 * every child under 4, and a spread of the others for older children, most
 * attending and speaking for themselves or conveying their views another
 * way). Each review makes 1 to 4 recommendations for the social worker or
 * someone outside the system (carers, the virtual school, the children in
 * care nurse), due 2 weeks to 3 months after it; most are done on time, some
 * late, some open, and a handful are overdue for children still looked after.
 * Every choice comes from the seed.
 */
export interface ReviewsDemoSummary {
  outcomes: number;
  recommendations: number;
  overdue: number;
}

const PARTICIPATION: readonly (readonly [ReviewParticipation, number])[] = [
  ['PN1', 0.42],
  ['PN2', 0.07],
  ['PN3', 0.03],
  ['PN4', 0.04],
  ['PN5', 0.14],
  ['PN6', 0.2],
  ['PN7', 0.1],
];

const ACTIONS: readonly (readonly [string, string])[] = [
  ['Arrange the annual dental check', 'Foster carer'],
  ['Update the personal education plan with the designated teacher', 'Virtual school'],
  ['Complete the review health assessment', 'Children in care nurse'],
  ['Refer for independent advocacy', ''],
  ['Agree a family time plan with mum and the carers', ''],
  ['Start life story work', ''],
  ['Apply for a passport', ''],
  ['Complete the pathway plan needs assessment', ''],
  ['Arrange one-to-one tuition for maths', 'Virtual school'],
  ['Register with a local GP', 'Foster carer'],
  ['Explore a long-term match with the current carers', ''],
  ['Make a referral to CAMHS', ''],
];

const OTHER_OWNERS = ['Foster carer', 'Residential key worker', 'Virtual school', 'Birth parents'];

/** How long a recommendation may stay open past its due date before the reviewing officer has it done. */
const LEFT_OPEN_DAYS = 60;
const DONE_TEXT = ['Done as agreed', 'Completed and recorded on the file', 'Arranged; the child attended', 'Done and discussed with the child'];

export async function generateReviews(ctx: DemoContext): Promise<ReviewsDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const reviews = await db
    .selectFrom('case_events as ev')
    .innerJoin('people', 'people.id', 'ev.child_id')
    .select(['ev.id', 'ev.child_id', 'ev.event_date', 'people.date_of_birth'])
    .where('ev.kind', '=', 'cla_review')
    .where('ev.event_date', '<=', today)
    .orderBy('people.la_child_id')
    .orderBy('ev.child_id')
    .orderBy('ev.event_date')
    .orderBy('ev.id')
    .execute();
  if (reviews.length === 0) return { outcomes: 0, recommendations: 0, overdue: 0 };
  const allocations = await db
    .selectFrom('allocations')
    .select(['id', 'child_id', 'role', 'worker_id', 'start_date', 'end_date'])
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
  const openNow = (childId: string) => (byChild.get(childId) ?? []).some((a) => a.role === 'lead' && a.end_date === null);
  const iros = (await db.selectFrom('users').select('id').where('role', '=', 'iro').where('disabled_at', 'is', null).orderBy('email').execute()).map((u) => u.id);
  if (iros.length === 0) return { outcomes: 0, recommendations: 0, overdue: 0 };

  const outcomes: RowOf<'care_reviews'>[] = [];
  const recs: RowOf<'review_recommendations'>[] = [];
  let overdue = 0;
  for (const review of reviews) {
    const allocated = holderOn(review.child_id, 'iro', review.event_date);
    if (review.event_date > addDays(today, -28) && rand.chance(0.6)) continue; // not written up yet
    if (!allocated && rand.chance(0.7)) continue; // an old review before the IRO was recorded here
    const chair = allocated && rand.chance(0.95) ? allocated : rand.pick(iros);
    const underFour = review.date_of_birth !== null && ageOn(review.date_of_birth, review.event_date) < 4;
    const at = new Date(`${addDays(review.event_date, rand.int(0, 5))}T15:00:00Z`);
    outcomes.push({
      case_event_id: review.id,
      child_id: review.child_id,
      chair_id: chair,
      chair_was_allocated: chair === allocated,
      participation: underFour ? 'PN0' : rand.weighted(PARTICIPATION),
      plan_endorsed: rand.chance(0.93),
      summary: null,
      recorded_by: chair,
      recorded_at: at > new Date(`${today}T09:00:00Z`) ? new Date(`${today}T08:00:00Z`) : at,
    });
    const lead = holderOn(review.child_id, 'lead', review.event_date);
    const count = rand.weighted([[1, 0.3], [2, 0.35], [3, 0.25], [4, 0.1]] as const);
    for (const [action, other] of rand.shuffle(ACTIONS).slice(0, count)) {
      const due = addDays(review.event_date, rand.int(14, 90));
      const toOther = other !== '' || !lead || rand.chance(0.15);
      const ownerOther = rand.pick(OTHER_OWNERS);
      let completedOn: string | null = null;
      let chasedLate: string | null = null;
      if (due < today) {
        const roll = rand.float();
        const stillOpen = roll >= 0.9 && openNow(review.child_id) && due > addDays(today, -180);
        if (!stillOpen) completedOn = roll < 0.85 ? addDays(review.event_date, rand.int(1, Math.max(1, daysBetween(review.event_date, due)))) : addDays(due, rand.int(1, 30));
        // The reviewing officer chases what is left: only a recently due one is still open, an older one was done late.
        // Its lag comes from the roll already drawn, so no later draw of the demo moves.
        else if (due < addDays(today, -LEFT_OPEN_DAYS)) chasedLate = addDays(due, 1 + Math.floor((roll - 0.9) * 10 * LEFT_OPEN_DAYS));
        completedOn ??= chasedLate;
        if (completedOn && completedOn > today) completedOn = today;
        if (!completedOn) overdue += 1;
      } else if (rand.chance(0.35) && review.event_date < today) {
        completedOn = addDays(review.event_date, rand.int(1, daysBetween(review.event_date, today)));
      }
      recs.push({
        review_id: review.id,
        child_id: review.child_id,
        action,
        owner_id: toOther ? null : lead,
        owner_other: toOther ? other || ownerOther : null,
        due_date: due,
        completed_on: completedOn,
        what_done: chasedLate ? DONE_TEXT[recs.length % DONE_TEXT.length]! : completedOn ? rand.pick(DONE_TEXT) : null,
        recorded_by: chair,
        recorded_at: outcomes.at(-1)!.recorded_at,
        completed_by: completedOn ? (lead ?? chair) : null,
        completed_at: completedOn ? new Date(`${completedOn}T16:00:00Z`) : null,
      });
    }
  }
  await insertRows(db, 'care_reviews', outcomes);
  await insertRows(db, 'review_recommendations', recs);
  return { outcomes: outcomes.length, recommendations: recs.length, overdue };
}

