import type { PermanencePlanKind, ReunificationStep } from '../db/schema.ts';
import { carePeriods, findEpisodesByChild, OUTCOME_OF_REC } from '../care/index.ts';
import { addDays, addMonths, ageOn, daysBetween } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * Permanence plans for the demo council's periods of care of the last three
 * years, derived from the care history already there: a period that ended in
 * adoption (REC E11, E12), a special guardianship order (E45 to E48), a child
 * arrangements order (E41) or a return home (E4A, E4B, E13) had that plan; a
 * period still running gets a plan by age (adoption for the youngest,
 * long-term fostering most often, residential care for some teenagers in
 * children's homes, return home for some), a few with a parallel plan. Most
 * are decided at the second looked-after review; about 1 in 12 later, and a
 * few still not decided, so work due shows some overdue. A plan to return
 * home brings its support plan and the steps home, going home on the day
 * care ended. Every choice comes from the seed.
 */
export interface PermanenceDemoSummary {
  plans: number;
  support: number;
  steps: number;
}

const RESIDENTIAL = ['K1', 'K2', 'R1'];

const SUPPORT: readonly (readonly [string, string])[] = [
  ['Parenting support', 'Family support worker'],
  ['Drug and alcohol treatment', 'Community drug and alcohol service'],
  ['Domestic abuse recovery programme', 'Local domestic abuse service'],
  ['Help with housing', 'Council housing team'],
  ['Family therapy', 'Child and adolescent mental health service'],
  ['Budgeting and benefits advice', 'Citizens Advice'],
];

function planByAge(r: Rand, age: number, placementType: string): PermanencePlanKind {
  if (age < 2) return r.weighted([['adoption', 50], ['special_guardianship', 25], ['return_home', 25]] as const);
  if (age < 5) return r.weighted([['long_term_fostering', 35], ['special_guardianship', 25], ['return_home', 18], ['adoption', 14], ['child_arrangements', 8]] as const);
  if (age < 10) return r.weighted([['long_term_fostering', 58], ['special_guardianship', 20], ['return_home', 15], ['child_arrangements', 7]] as const);
  if (RESIDENTIAL.includes(placementType)) return r.weighted([['other_long_term', 70], ['long_term_fostering', 15], ['return_home', 15]] as const);
  return r.weighted([['long_term_fostering', 70], ['return_home', 15], ['other_long_term', 8], ['special_guardianship', 7]] as const);
}

export async function generatePermanence(ctx: DemoContext): Promise<PermanenceDemoSummary> {
  const { db, today } = ctx;
  const r = demoRand(ctx);
  const since = addMonths(today, -36);
  const [byChild, people, reviews] = await Promise.all([
    findEpisodesByChild(db),
    // Whoever last held the case records the plan: a child whose care ended may have no lead now.
    db
      .selectFrom('people')
      .innerJoin('allocations as a', 'a.child_id', 'people.id')
      .select(['people.id', 'people.date_of_birth', 'people.date_of_death', 'a.worker_id', 'a.start_date'])
      .where('a.role', '=', 'lead')
      .where('a.worker_id', 'is not', null)
      .where('people.date_of_birth', 'is not', null)
      .orderBy('people.id')
      .orderBy('a.start_date', 'desc')
      .orderBy('a.id')
      .execute()
      .then((rows) => rows.filter((row, i) => i === 0 || rows[i - 1]!.id !== row.id)),
    db.selectFrom('case_events').select(['id', 'child_id', 'event_date']).where('kind', '=', 'cla_review').orderBy('event_date').execute(),
  ]);
  const reviewsOf = new Map<string, { id: string; date: string }[]>();
  for (const rv of reviews) reviewsOf.set(rv.child_id, [...(reviewsOf.get(rv.child_id) ?? []), { id: rv.id, date: rv.event_date }]);

  const plans: RowOf<'permanence_plans'>[] = [];
  const support: RowOf<'reunification_support'>[] = [];
  const steps: RowOf<'reunification_steps'>[] = [];
  const at = (date: string) => new Date(`${date}T15:00:00Z`);

  for (const child of [...people].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const childEpisodes = byChild.get(child.id);
    if (!childEpisodes) continue;
    const worker = child.worker_id!;
    for (const period of carePeriods(childEpisodes)) {
      if (period.shortBreaksOnly || (period.end !== null && period.end < since)) continue;
      const last = period.end ?? today;
      const inPeriod = (reviewsOf.get(child.id) ?? []).filter((rv) => rv.date >= period.start && rv.date <= last);
      const first = inPeriod[0]?.date ?? addWorkingDays(period.start, 20);
      const secondReview = inPeriod[1] ?? null;
      const secondDue = secondReview?.date ?? addMonths(first, 3);
      const age = ageOn(child.date_of_birth!, period.start);
      if (age >= 17) continue;
      const ended = period.placements.at(-1)?.ended;
      const endedIn = ended?.kind === 'care-ended' ? OUTCOME_OF_REC[ended.reasonCeased] : undefined;
      // Care that ended before the plan fell due needed none, unless it ended in permanence.
      if (period.end !== null && period.end < secondDue && !endedIn) continue;
      // A few children in care whose second review was in the last five months have no plan yet: overdue on the work lists.
      if (period.end === null && secondDue <= today && secondDue >= addMonths(today, -5) && r.chance(0.25)) continue;
      const late = r.chance(0.08);
      let decided = late ? addDays(secondDue, r.int(14, 60)) : secondDue;
      if (endedIn && period.end !== null && decided > period.end) decided = addDays(period.start, Math.max(1, Math.floor(daysBetween(period.start, period.end) / 2)));
      if (decided > today || (period.end !== null && decided > period.end)) continue; // not decided yet: due (or overdue) on the work lists
      const settled = period.placements.filter((p) => !p.temporary).at(-1) ?? period.placements.at(-1)!;
      const plan = endedIn ?? planByAge(r, age, settled.placementType);
      const parallel: PermanencePlanKind | null =
        plan === 'return_home' && r.chance(0.25) ? (age < 2 ? 'adoption' : r.pick(['special_guardianship', 'long_term_fostering'] as const)) : plan === 'adoption' && r.chance(0.2) ? 'special_guardianship' : null;
      const review = secondReview && secondReview.date === decided ? secondReview.id : null;
      plans.push({ child_id: child.id, plan, parallel_plan: parallel, decided_on: decided, review_event_id: review, note: null, recorded_by: worker, recorded_at: at(decided) });

      if (plan === 'return_home') {
        const horizon = period.end ?? today;
        for (const [what, provider] of r.shuffle(SUPPORT).slice(0, r.int(1, 3))) {
          const from = addDays(decided, r.int(0, 21));
          if (from > today) continue;
          const to = r.chance(0.4) ? addMonths(from, r.int(3, 9)) : null;
          support.push({ child_id: child.id, what, provider, from_date: from, to_date: to, recorded_by: worker, recorded_at: at(from) });
        }
        const journey: [ReunificationStep, string][] = [];
        const contact = addDays(decided, r.int(14, 42));
        if (contact <= horizon) journey.push(['more_contact', contact]);
        const overnight = addDays(contact, r.int(21, 56));
        if (overnight <= horizon && r.chance(0.8)) journey.push(['overnight_stays', overnight]);
        const trial = period.placements.find((p) => p.placementType === 'P1' && p.start >= decided);
        if (trial) journey.push(['trial_at_home', trial.start]);
        const review3 = addMonths(decided, 3);
        if (review3 <= horizon) journey.push(['support_reviewed', review3]);
        if (endedIn === 'return_home' && period.end !== null && period.end >= decided) {
          journey.push(['went_home', period.end]);
          const after = addDays(period.end, r.int(7, 28));
          if (after <= today) journey.push(['support_after_return', after]);
        }
        for (const [step, date] of journey) {
          if (date < decided || date > today) continue;
          steps.push({ child_id: child.id, step, step_date: date, note: null, recorded_by: worker, recorded_at: at(date) });
        }
      }

      // About 1 in 10 plans change at a later review: a return home that did not work out, most often.
      const later = inPeriod.find((rv) => rv.date > addMonths(decided, 4) && rv.date <= today);
      if (later && !endedIn && r.chance(0.1)) {
        const next: PermanencePlanKind = plan === 'return_home' ? (age < 5 ? 'special_guardianship' : 'long_term_fostering') : plan === 'long_term_fostering' && age < 10 ? 'special_guardianship' : 'long_term_fostering';
        if (next !== plan) plans.push({ child_id: child.id, plan: next, parallel_plan: null, decided_on: later.date, review_event_id: later.id, note: null, recorded_by: worker, recorded_at: at(later.date) });
      }
    }
  }
  await insertRows(db, 'permanence_plans', plans);
  await insertRows(db, 'reunification_support', support);
  await insertRows(db, 'reunification_steps', steps);
  return { plans: plans.length, support: support.length, steps: steps.length };
}
