import type { DolCourt } from '../db/schema.ts';
import { addDays, ageOn, birthday } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * Orders depriving a child of their liberty, for about one in a hundred
 * looked-after children: older teenagers (14 to 17) in a children's home,
 * secure home or residential care placement, whose needs are complex enough
 * that the home restricts their liberty. Under 16 the High Court makes the
 * order under its inherent jurisdiction; from 16 it may be the Court of
 * Protection. Most are in force now with a review set; the second of every three has ended
 * (the placement changed or the restrictions were no longer needed). Every
 * choice comes from the seed. Last of the demo's steps, so no earlier draw changes.
 */
export interface DolDemoSummary {
  orders: number;
  ended: number;
}

/** Placements whose providers may restrict liberty: secure children's homes, children's homes, residential care homes and NHS settings. */
const RESIDENTIAL = ['K1', 'K2', 'R1', 'R2'];

const NOTES = [
  'Locked external doors at night and one-to-one supervision in the community; phone use supervised.',
  'Two-to-one staffing, restricted access to the kitchen and bedroom checks every 15 minutes.',
  'Not permitted to leave the home unaccompanied; internet use monitored.',
  'Restraint permitted as a last resort under the home’s plan; room searches when harm is suspected.',
];

export async function generateDeprivationOfLiberty(ctx: DemoContext): Promise<DolDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const lookedAfter = await db
    .selectFrom('care_episodes as ce')
    .innerJoin('people', 'people.id', 'ce.child_id')
    .innerJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .select(['people.id', 'people.date_of_birth', 'lead.worker_id', 'ce.start_date', 'ce.placement_type'])
    .where('ce.end_date', 'is', null)
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_death', 'is', null)
    .orderBy('people.id')
    .execute();
  const candidates = lookedAfter.filter(
    (c) => c.date_of_birth && RESIDENTIAL.includes(c.placement_type) && ageOn(c.date_of_birth, today) >= 14 && ageOn(c.date_of_birth, today) < 18 && c.start_date <= addDays(today, -60),
  );
  const wanted = Math.min(candidates.length, Math.max(3, Math.round(lookedAfter.length * 0.01)));
  const rows: RowOf<'deprivation_of_liberty_orders'>[] = [];
  let ended = 0;
  for (const [i, child] of rand.shuffle(candidates).slice(0, wanted).entries()) {
    // Made some weeks after the placement began, within the last year and a half, and at 14 or over.
    const earliest = [addDays(child.start_date, 21), addDays(today, -540), birthday(child.date_of_birth!, 14)].sort().at(-1)!;
    const latest = addDays(today, -30);
    if (earliest > latest) continue;
    const span = Math.round((Date.parse(latest) - Date.parse(earliest)) / 86_400_000);
    // The first made early enough that the last finished collection year holds it.
    const made = addDays(earliest, rand.int(0, i === 0 ? Math.min(span, 90) : span));
    const court: DolCourt = ageOn(child.date_of_birth!, made) >= 16 && rand.chance(0.5) ? 'court_of_protection' : 'high_court';
    const end = i % 3 === 1 ? addDays(made, rand.int(28, Math.min(240, Math.round((Date.parse(today) - Date.parse(made)) / 86_400_000) - 1))) : null;
    // The court reviews the order at its interval; one in force has its next review ahead.
    const interval = rand.pick([90, 180]);
    let reviewBy = addDays(made, interval);
    while (!end && reviewBy <= today) reviewBy = addDays(reviewBy, interval);
    if (end) ended += 1;
    rows.push({
      child_id: child.id,
      court,
      made_on: made,
      start_date: made,
      end_date: end,
      review_by: reviewBy,
      notes: rand.pick(NOTES),
      recorded_by: child.worker_id!,
      recorded_at: new Date(`${made}T12:00:00Z`),
    });
  }
  await insertRows(db, 'deprivation_of_liberty_orders', rows);
  return { orders: rows.length, ended };
}
