import type { MissingKind } from '../db/schema.ts';
import { addDays, ageOn, daysBetween } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * Missing episodes for a minority of the looked-after teenagers: most go
 * missing once or twice and are back within a day or two, a few go missing
 * again and again, and one or two are missing today. Most return interviews
 * are held within the 72 hours, some late, a couple declined, and a few not
 * yet offered (overdue on the work pages). Every choice comes from the seed.
 */
export interface MissingDemoSummary {
  children: number;
  episodes: number;
}

const WHERE_FOUND = [
  'Came back to the placement by themselves',
  'Found by police at a friend’s flat',
  'Returned by a relative',
  'Found by police at the railway station',
  'Picked up by the carer from a friend’s house',
  'Found in town by the residential staff',
];
const OFFERED_BY = [
  { name: 'Return interview worker, Sussex Missing Service', independent: true },
  { name: 'Independent advocate, Children’s Rights Service', independent: true },
  { name: 'Youth worker, Targeted Youth Support', independent: true },
  { name: 'The child’s social worker', independent: false },
];
const LEARNED = [
  'Went to see friends in town and lost track of time; no harm. Agreed to text the carer if running late.',
  'Stayed with an older acquaintance; concerns about exploitation shared with the exploitation lead.',
  'Wanted to see their mother; contact arrangements to be reviewed at the next looked-after review.',
  'Argument with another young person at the home; staying away felt safer. Plan agreed with staff.',
  'Travelled to a nearby city with people met online; referred to the exploitation panel.',
];

/**
 * How the return interviews go, in turn: most held within the 72 hours, some
 * late, a couple declined, one not yet offered. A fixed round rather than
 * chance, so even a small council shows each.
 */
const INTERVIEW_ROUND = ['in_time', 'in_time', 'late', 'in_time', 'declined', 'in_time', 'in_time', 'not_yet', 'in_time', 'in_time', 'late', 'in_time', 'in_time', 'declined', 'in_time', 'in_time'] as const;

export async function generateMissing(ctx: DemoContext): Promise<MissingDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  // Looked after now, from the start of their first episode in care.
  const candidates = await db
    .selectFrom('care_episodes as ce')
    .innerJoin('people', 'people.id', 'ce.child_id')
    .innerJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .select((eb) => ['people.id', 'people.date_of_birth', 'lead.worker_id', eb.fn.min('ce.start_date').as('start_date')])
    .where((eb) => eb.exists(eb.selectFrom('care_episodes as now').select('now.id').whereRef('now.child_id', '=', 'people.id').where('now.end_date', 'is', null)))
    .groupBy(['people.id', 'people.date_of_birth', 'lead.worker_id'])
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_death', 'is', null)
    .orderBy('people.id')
    .execute();
  const teenagers = candidates.filter((c) => c.date_of_birth && ageOn(c.date_of_birth, today) >= 12 && ageOn(c.date_of_birth, today) < 18 && daysBetween(c.start_date, today) > 30);
  const rows: RowOf<'missing_episodes'>[] = [];
  let children = 0;
  let missingNow = 0;
  let interviews = 0;
  const nextInterview = () => INTERVIEW_ROUND[interviews++ % INTERVIEW_ROUND.length]!;
  const chosen = rand.shuffle(teenagers).slice(0, Math.max(6, Math.round(teenagers.length * 0.12)));
  for (const child of chosen) {
    children += 1;
    // One in five of them going missing repeatedly, and the third and eleventh missing today: a spread even in a small council.
    const repeated = children % 5 === 1;
    const stillMissing = missingNow < 2 && children % 8 === 3;
    if (stillMissing) missingNow += 1;
    const earliest = child.start_date > addDays(today, -330) ? child.start_date : addDays(today, -330);
    const count = repeated ? rand.int(3, 5) : rand.weighted([[1, 0.6], [2, 0.4]] as const);
    // Episodes from the newest back: each begins some days before the one after it ended.
    let before = stillMissing ? today : addDays(today, -rand.int(1, repeated ? 10 : 200));
    for (let i = 0; i < count; i++) {
      const open = stillMissing && i === 0;
      const length = open ? 0 : rand.weighted([[0, 0.5], [1, 0.35], [2, 0.15]] as const);
      const end = open ? null : before;
      const start = open ? addDays(today, -rand.int(0, 2)) : addDays(before, -length);
      if (start < earliest) break;
      rows.push(episodeRow(rand, child.id, child.worker_id!, start, end, today, nextInterview));
      before = addDays(start, -(repeated ? rand.int(5, 25) : rand.int(20, 120)));
    }
  }
  await insertRows(db, 'missing_episodes', rows);
  return { children, episodes: rows.length };
}

function episodeRow(rand: Rand, childId: string, workerId: string, start: string, end: string | null, today: string, nextInterview: () => (typeof INTERVIEW_ROUND)[number]): RowOf<'missing_episodes'> {
  const kind: MissingKind = rand.chance(0.8) ? 'M' : 'A';
  const time = (from: number, to: number) => `${String(rand.int(from, to)).padStart(2, '0')}:${rand.pick(['00', '15', '30', '45'])}`;
  const row: RowOf<'missing_episodes'> = {
    child_id: childId,
    kind,
    start_date: start,
    start_time: time(15, 23),
    end_date: end,
    end_time: end ? time(0, 12) : null,
    where_found: end ? rand.pick(WHERE_FOUND) : null,
    reported_to_police: kind === 'M' ? rand.chance(0.9) : rand.chance(0.3),
    interview_offered_on: null,
    interview_offered_by: null,
    interview_independent: null,
    interview_outcome: null,
    interview_held_on: null,
    interview_learned: null,
    recorded_by: workerId,
    recorded_at: new Date(`${end ?? start}T12:00:00Z`),
  };
  if (kind !== 'M' || end === null) return row;
  const offeredBy = rand.weighted(OFFERED_BY.map((o, i) => [o, i === OFFERED_BY.length - 1 ? 0.05 : 0.95 / (OFFERED_BY.length - 1)] as const));
  const way = nextInterview();
  if (way === 'not_yet') return row;
  const offeredOn = addDays(end, rand.int(0, 1));
  const heldOn = way === 'in_time' ? addDays(end, rand.int(1, 3)) : addDays(end, rand.int(4, 9));
  if (offeredOn > today) return row;
  const declined = way === 'declined';
  const held = !declined && heldOn <= today;
  return {
    ...row,
    interview_offered_on: offeredOn,
    interview_offered_by: offeredBy.name,
    interview_independent: offeredBy.independent,
    interview_outcome: declined ? 'declined' : held ? 'held' : null,
    interview_held_on: held ? heldOn : null,
    interview_learned: held ? rand.pick(LEARNED) : null,
  };
}
