import { addDays, ageOn, daysBetween } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * The demo council's adoptions, read from the care episodes the timelines
 * made, so every date agrees with them:
 *
 * - a child whose care ended in adoption (REC E11, E12) gets the whole
 *   journey: the agency decision before the placement order (legal status
 *   E1) or, without one, consent; the match a few weeks before they moved in
 *   with the adopters (the first A3 to A6 placement of that period of care);
 *   the adoption order on the day care ended. Adopted by their foster carers
 *   when the placement was A3 or A5, as the SSDA903 codes say;
 * - a child looked after now under a placement order has the decision
 *   and the order, and the match and move when the timeline already has them
 *   in an adoptive placement; the rest are waiting for a match;
 * - two children under 8 when they came into care, with no placement order,
 *   had a decision that was later reversed (before care ended, for one who
 *   has left care);
 * - most children who started to be looked after in the last three years
 *   have their previous permanence recorded: nearly all none, a few not
 *   known, a handful after a special guardianship or child arrangements order.
 *
 * Matching follows the court order by 1 to 7 months, so most adoptions are
 * within the scorecard's thresholds and a few are over. Every choice comes
 * from the seed; this step runs after every other, so it changes no earlier
 * draw.
 */
export interface AdoptionDemoSummary {
  adopted: number;
  waiting: number;
  placed: number;
  reversed: number;
  previousPermanence: number;
}

type Episode = {
  child_id: string;
  start_date: string;
  end_date: string | null;
  reason_new_episode: string;
  legal_status: string;
  placement_type: string;
  reason_ceased: string | null;
};

const ADOPTERS: readonly (readonly [{ count: number; sex: string; legal: string }, number])[] = [
  [{ count: 2, sex: 'MF', legal: 'L11' }, 58],
  [{ count: 2, sex: 'MF', legal: 'L3' }, 9],
  [{ count: 1, sex: 'F1', legal: 'L0' }, 12],
  [{ count: 1, sex: 'M1', legal: 'L0' }, 2],
  [{ count: 2, sex: 'FF', legal: 'L12' }, 5],
  [{ count: 2, sex: 'FF', legal: 'L2' }, 5],
  [{ count: 2, sex: 'MM', legal: 'L12' }, 5],
  [{ count: 2, sex: 'MM', legal: 'L4' }, 4],
];

/** Periods of care: runs of episodes joined end to start (REC X1), each from the day the child started to be looked after. */
function periodsOf(episodes: readonly Episode[]): Episode[][] {
  const periods: Episode[][] = [];
  for (const e of episodes) {
    const last = periods.at(-1)?.at(-1);
    if (last && last.reason_ceased === 'X1' && last.end_date === e.start_date && e.reason_new_episode !== 'S') periods.at(-1)!.push(e);
    else periods.push([e]);
  }
  return periods;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Every column, so a bulk load that takes its columns from the first row keeps each row's. */
const EMPTY = {
  authority: null,
  authority_on: null,
  matched_on: null,
  adopters_count: null,
  adopters_sex: null,
  adopters_legal_status: null,
  foster_carers: null,
  placed_on: null,
  adopted_on: null,
  ceased_on: null,
  ceased_reason: null,
} as const;

function adopters(rand: Rand) {
  const a = rand.weighted(ADOPTERS);
  return { adopters_count: a.count, adopters_sex: a.sex, adopters_legal_status: a.legal };
}

export async function generateAdoption(ctx: DemoContext): Promise<AdoptionDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const [episodes, people, leads, anyWorker] = await Promise.all([
    db
      .selectFrom('care_episodes')
      .select(['child_id', 'start_date', 'end_date', 'reason_new_episode', 'legal_status', 'placement_type', 'reason_ceased'])
      .orderBy('child_id')
      .orderBy('start_date')
      .execute(),
    db.selectFrom('people').select(['id', 'date_of_birth', 'date_of_death']).where('is_child', '=', true).orderBy('id').execute(),
    db.selectFrom('allocations').select(['child_id', 'worker_id']).where('role', '=', 'lead').where('worker_id', 'is not', null).orderBy('child_id').orderBy('start_date', 'desc').execute(),
    db.selectFrom('users').select('id').where('role', '=', 'social_worker').orderBy('id').executeTakeFirstOrThrow(),
  ]);
  const born = new Map(people.map((p) => [p.id, p]));
  const recorder = new Map<string, string>();
  for (const l of leads) if (!recorder.has(l.child_id)) recorder.set(l.child_id, l.worker_id!);
  const byChild = new Map<string, Episode[]>();
  for (const e of episodes) byChild.set(e.child_id, [...(byChild.get(e.child_id) ?? []), e]);

  const decisions: RowOf<'adoption_decisions'>[] = [];
  const previous: RowOf<'previous_permanence'>[] = [];
  const summary: AdoptionDemoSummary = { adopted: 0, waiting: 0, placed: 0, reversed: 0, previousPermanence: 0 };
  const reversible: { childId: string; start: string; end: string; by: string }[] = [];
  const stamp = (date: string) => new Date(`${earlier(addDays(date, 1), today)}T11:00:00Z`);

  for (const [childId, list] of byChild) {
    const person = born.get(childId);
    if (!person?.date_of_birth) continue;
    const by = recorder.get(childId) ?? anyWorker.id;
    for (const period of periodsOf(list)) {
      const start = period[0]!.start_date;
      const last = period.at(-1)!;
      const end = last.end_date;
      // What the child had before (SSDA903 PrevPerm), for starts in the last three years.
      if (start >= addDays(today, -3 * 365) && start <= today && rand.chance(0.9)) {
        const option = rand.weighted([['Z1', 88], ['P4', 6], ['P2', 4], ['P3', 2]] as const);
        const order = option === 'P2' || option === 'P3';
        const orderOn = order ? addDays(start, -rand.int(300, 1500)) : null;
        previous.push({
          child_id: childId,
          care_started_on: start,
          option,
          la_code: order ? rand.pick(['845', '846', '938', '886']) : null,
          order_on: orderOn && orderOn > person.date_of_birth ? orderOn : null,
          recorded_by: by,
          recorded_at: stamp(addDays(start, rand.int(1, 20))),
        });
      }
      const order = period.find((e) => e.legal_status === 'E1')?.start_date ?? null;
      const adoptedOn = end !== null && (last.reason_ceased === 'E11' || last.reason_ceased === 'E12') ? end : null;
      const ageAtStart = ageOn(person.date_of_birth, start);
      // The placement with the adopters: the first adoptive placement (A3 to A6) or, without one, the last
      // placement of the period, as when foster carers adopt and the placement changes with the same carers (RNE T, U).
      const moves = period.filter((e, i) => i === 0 || ['P', 'T', 'B', 'U'].includes(e.reason_new_episode));
      const adoptive = period.find((e) => /^A[3-6]$/.test(e.placement_type)) ?? (adoptedOn ? moves.at(-1)! : null);
      const byFosterCarers = (e: Episode) => (/^A[3-6]$/.test(e.placement_type) ? e.placement_type === 'A3' || e.placement_type === 'A5' : e.reason_new_episode === 'T' || e.reason_new_episode === 'U');
      // The match: most within the scorecard's 4 months of the order, some later; never after the move.
      const matchAfterOrder = (from: string) => addDays(from, rand.weighted([[rand.int(30, 115), 75], [rand.int(122, 220), 25]] as const));

      if (adoptedOn && adoptive && adoptive.start_date > start) {
        const placedOn = adoptive.start_date;
        const authorityOn = order && order <= placedOn ? order : null;
        const firstStep = authorityOn ?? placedOn;
        const decidedOn = addDays(start, Math.min(rand.int(60, 200), Math.max(0, daysBetween(start, firstStep) - 1)));
        const matchedOn = authorityOn ? earlier(placedOn, matchAfterOrder(authorityOn)) : later(decidedOn, addDays(placedOn, -rand.int(7, 35)));
        decisions.push({
          ...EMPTY,
          child_id: childId,
          decided_on: decidedOn,
          authority: authorityOn ? 'placement_order' : 'consent',
          authority_on: authorityOn ?? later(decidedOn, addDays(matchedOn, -rand.int(0, 20))),
          matched_on: matchedOn,
          ...adopters(rand),
          foster_carers: byFosterCarers(adoptive),
          placed_on: placedOn,
          adopted_on: adoptedOn,
          recorded_by: by,
          recorded_at: stamp(adoptedOn),
        });
        summary.adopted += 1;
        continue;
      }
      // A period without an order, of a child under 8, long enough for a decision and its reversal.
      if (!order && !adoptedOn && ageAtStart < 8 && daysBetween(start, end ?? today) > 300) reversible.push({ childId, start, end: end ?? today, by });
      if (end !== null) continue;
      if (order && order <= today) {
        const decidedOn = later(start, addDays(order, -rand.int(20, 90)));
        const row: RowOf<'adoption_decisions'> = {
          ...EMPTY,
          child_id: childId,
          decided_on: decidedOn,
          authority: 'placement_order',
          authority_on: order,
          recorded_by: by,
          recorded_at: stamp(order),
        };
        if (adoptive && adoptive.start_date >= order) {
          const matchedOn = earlier(adoptive.start_date, matchAfterOrder(order));
          Object.assign(row, { matched_on: matchedOn, ...adopters(rand), foster_carers: byFosterCarers(adoptive), placed_on: adoptive.start_date });
          summary.placed += 1;
        } else {
          // Matched, or still waiting when the match would fall after today; the first is always waiting, so that a small council has one.
          const matchedOn = matchAfterOrder(order);
          if (matchedOn <= today && rand.chance(0.5) && summary.waiting > 0) Object.assign(row, { matched_on: matchedOn, ...adopters(rand), foster_carers: false });
          else summary.waiting += 1;
        }
        decisions.push(row);
      }
    }
  }

  // Two decisions later reversed: the child's needs changed, or no adopters could be found.
  for (const [i, r] of rand.shuffle(reversible).slice(0, 2).entries()) {
    const decidedOn = addDays(r.start, rand.int(90, 150));
    const ceasedOn = earlier(addDays(decidedOn, rand.int(60, 200)), addDays(r.end, -7));
    decisions.push({
      ...EMPTY,
      child_id: r.childId,
      decided_on: decidedOn,
      ceased_on: later(ceasedOn, decidedOn),
      ceased_reason: i === 0 ? 'RD1' : 'RD3',
      recorded_by: r.by,
      recorded_at: stamp(ceasedOn),
    });
    summary.reversed += 1;
  }

  await insertRows(db, 'adoption_decisions', decisions);
  await insertRows(db, 'previous_permanence', previous);
  summary.previousPermanence = previous.length;
  return summary;
}
