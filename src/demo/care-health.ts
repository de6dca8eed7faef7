import type { SdqReason } from '../db/schema.ts';
import { ageOn } from '../platform/calendar/dates.ts';
import { findEpisodesByChild, oc2Cohort } from '../care/index.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand } from './rand.ts';

/**
 * Each looked-after child's health and wellbeing in the last two years to
 * 31 March, for those looked after through the whole of the year (as the
 * SSDA903 OC2 table asks). The mix follows the national picture (DfE,
 * Children looked after in England including adoptions): about 9 in 10 had
 * their annual health assessment, about 8 in 10 had their teeth checked and
 * their immunisations up to date, about 3 in 4 of those aged 4 to 16 have a
 * strengths and difficulties score, averaging about 14; a few per cent have
 * a substance misuse problem, and a few per cent of the older ones were
 * convicted or cautioned. The health assessment answer leans on the
 * assessments on the Visits tab, which do not hold every one, so some years
 * say yes without one there and show the page's warning. Every choice comes
 * from the seed.
 */
export interface CareHealthDemoSummary {
  years: number;
}

const REASONS_4_TO_16: readonly (readonly [SdqReason, number])[] = [
  ['SDQ2', 0.3],
  ['SDQ4', 0.35],
  ['SDQ5', 0.25],
  ['SDQ3', 0.1],
];

/** The last year to 31 March that has ended on `today`. */
function latestEnded(today: string): number {
  const y = Number(today.slice(0, 4));
  return today >= `${y}-03-31` ? y : y - 1;
}

export async function generateCareHealth(ctx: DemoContext): Promise<CareHealthDemoSummary> {
  const { db, today } = ctx;
  const rand = demoRand(ctx);
  const last = latestEnded(today);
  const rows: RowOf<'care_health_years'>[] = [];
  // Children ever looked after, with a lead worker to record the year, and their episodes.
  const led = await db
    .selectFrom('people')
    .innerJoin('case_leads as lead', 'lead.child_id', 'people.id')
    .select(['people.id', 'people.date_of_birth', 'people.date_of_death', 'lead.worker_id'])
    .where((eb) => eb.exists(eb.selectFrom('care_episodes as ce').select('ce.id').whereRef('ce.child_id', '=', 'people.id')))
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_birth', 'is not', null)
    .orderBy('people.id')
    .execute();
  const episodesOf = await findEpisodesByChild(db);
  for (const year of [last - 1, last]) {
    const start = `${year - 1}-04-01`;
    const end = `${year}-03-31`;
    // Only the OC2 cohort: looked after continuously for 12 months at 31 March (short breaks do not count).
    const children = led.filter((c) => c.date_of_birth! <= start && oc2Cohort(episodesOf.get(c.id) ?? [], year).inCohort);
    const events = await db
      .selectFrom('case_events')
      .select('child_id')
      .distinct()
      .where('kind', '=', 'health_assessment')
      .where('event_date', '>=', start)
      .where('event_date', '<=', end)
      .execute();
    const assessed = new Set(events.map((e) => e.child_id));
    // About 3 in 100 of the cohort identified with a substance misuse problem, as nationally, all of them teenagers.
    const teenagers = children.filter((c) => ageOn(c.date_of_birth!, end) >= 13);
    const misusing = new Set(rand.shuffle(teenagers).slice(0, Math.max(1, Math.round(children.length * 0.03))).map((c) => c.id));
    for (const child of children) {
      if (child.date_of_death && child.date_of_death <= end) continue;
      const age = ageOn(child.date_of_birth!, end);
      const hasScore = age >= 4 && age <= 16 && rand.chance(0.76);
      const sdqScore = hasScore ? Math.min(40, rand.int(0, 13) + rand.int(0, 13) + (rand.chance(0.1) ? rand.int(4, 12) : 0)) : null;
      const sdqReason: SdqReason | null = hasScore ? null : age < 4 || age > 16 ? 'SDQ1' : rand.weighted(REASONS_4_TO_16);
      const misuse = misusing.has(child.id);
      const received = misuse ? rand.chance(0.6) : null;
      rows.push({
        child_id: child.id,
        year_ending: end,
        sdq_score: sdqScore,
        sdq_reason: sdqReason,
        convicted: age >= 10 && rand.chance(0.05),
        health_check: age < 5 ? rand.chance(0.88) : null,
        immunisations: rand.chance(0.8),
        teeth_check: age >= 1 && rand.chance(0.8),
        health_assessment: assessed.has(child.id) ? rand.chance(0.96) : rand.chance(0.8),
        substance_misuse: misuse,
        intervention_received: received,
        intervention_offered: misuse ? !received && rand.chance(0.5) : null,
        recorded_by: child.worker_id!,
        recorded_at: new Date(`${year}-05-${String(rand.int(1, 28)).padStart(2, '0')}T10:00:00Z`),
      });
    }
  }
  await insertRows(db, 'care_health_years', rows);
  return { years: rows.length };
}
