import type { PathwayGoalArea } from '../db/schema.ts';
import type { DemoContext } from './context.ts';
import { dayOf, instantOf, isoOf } from './dates.ts';
import { insertInBatches } from './insert.ts';

/** Goals young people set with their advisers, in their own words, and the help the plan gives. */
const GOALS: readonly { area: PathwayGoalArea; goal: string; support: string }[] = [
  { area: 'home', goal: 'Get my own flat near my college', support: 'Housing application with the district council; setting-up-home grant' },
  { area: 'home', goal: 'Stay with my foster carers until I finish my course', support: 'Staying put arrangement agreed with the carers' },
  { area: 'education_work', goal: 'Pass my maths and English', support: 'Tutoring paid from the personal education allowance' },
  { area: 'education_work', goal: 'Start an apprenticeship in plumbing', support: 'Introduction to the council’s apprenticeship scheme' },
  { area: 'education_work', goal: 'Go to university to study law', support: 'Higher education bursary; help with the student finance forms' },
  { area: 'education_work', goal: 'Find a part-time job I like', support: 'CV workshop and work experience placement' },
  { area: 'health', goal: 'Register with a GP and a dentist where I live now', support: 'Adviser to go with them to register' },
  { area: 'health', goal: 'Talk to someone about how I feel', support: 'Referral to the young people’s counselling service' },
  { area: 'money', goal: 'Open a bank account and manage my own money', support: 'Budgeting sessions; junior ISA handed over at 18' },
  { area: 'money', goal: 'Save for a driving course', support: 'Provisional licence paid for; savings plan' },
  { area: 'relationships', goal: 'See my little brother every month', support: 'Family time arranged with his carers' },
  { area: 'identity', goal: 'Get my passport', support: 'First passport paid for by the council' },
];

/** Goals in the pathway plans of care leavers owed the leaving care duties who have a personal adviser: one to three each, some already achieved. */
export async function generatePathwayGoals(ctx: DemoContext): Promise<void> {
  const youngPeople = await ctx.db
    .selectFrom('care_leavers')
    .innerJoin('allocations', 'allocations.child_id', 'care_leavers.child_id')
    .select(['care_leavers.child_id', 'allocations.worker_id', 'allocations.start_date'])
    .where('care_leavers.category', 'in', ['eligible', 'relevant', 'former_relevant'])
    .where('allocations.role', '=', 'personal_adviser')
    .where('allocations.end_date', 'is', null)
    .where('allocations.worker_id', 'is not', null)
    .orderBy('care_leavers.child_id')
    .execute();
  const today = dayOf(ctx.today);
  const rows = [];
  for (const person of youngPeople) {
    const from = Math.max(dayOf(person.start_date), today - 540);
    const chosen = new Set<number>();
    const count = ctx.random.int(1, 3);
    while (chosen.size < count) chosen.add(ctx.random.int(0, GOALS.length - 1));
    for (const index of chosen) {
      const { area, goal, support } = GOALS[index]!;
      const setOn = ctx.random.int(from, today);
      const target = setOn + ctx.random.int(90, 400);
      const ended = target <= today && ctx.random.chance(0.7);
      const closedOn = ended ? Math.min(today, target - ctx.random.int(0, 60)) : null;
      rows.push({
        child_id: person.child_id,
        area,
        goal,
        support,
        set_on: isoOf(setOn),
        target_date: isoOf(target),
        outcome: closedOn === null ? null : ctx.random.chance(0.8) ? ('achieved' as const) : ('changed' as const),
        closed_on: closedOn === null ? null : isoOf(Math.max(closedOn, setOn)),
        recorded_by: person.worker_id!,
        recorded_at: instantOf(setOn, 14, 0),
      });
    }
  }
  await insertInBatches(ctx.db, 'pathway_goals', rows);
}
