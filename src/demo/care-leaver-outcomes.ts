import type { Db } from '../db/database.ts';
import { birthday } from '../platform/calendar/dates.ts';
import { birthdayCheckWindow, lastBirthdayChecked } from '../timescales/index.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * The demo care leavers' birthday checks (SSDA903 OC3), shaped on the DfE's
 * national figures for 19 to 21-year-olds: about 9 in 10 in touch, nearly 4
 * in 10 not in education, employment or training, about 1 in 15 in higher
 * education, nearly 9 in 10 in suitable accommodation; some of those
 * fostered at 18 staying put with their carers to 20. A few checks are
 * missed, and windows open today are part done, so work due shows some.
 */
export interface CareLeaverOutcomesSummary {
  checks: number;
}

const IN_TOUCH: Weights = [['YES', 90], ['NO', 4], ['REFU', 3], ['NREQ', 2], ['RHOM', 1]];

/** Main activity of a young person in touch: at 17 mostly still in education; from 19 as the national figures. */
const ACTIVITY_17: Weights = [['F2', 52], ['P2', 6], ['F4', 6], ['P4', 1], ['F5', 6], ['P5', 4], ['G4', 7], ['G5', 15], ['G6', 3]];
const ACTIVITY_18: Weights = [['F1', 4], ['F2', 30], ['P2', 5], ['F4', 6], ['P4', 1], ['F5', 12], ['P5', 6], ['G4', 9], ['G5', 21], ['G6', 6]];
const ACTIVITY_19_ON: Weights = [['F1', 6], ['P1', 1.4], ['F2', 15], ['P2', 4], ['F4', 4], ['P4', 1], ['F5', 18], ['P5', 8], ['G4', 11], ['G5', 22], ['G6', 9.6]];

/** The kind of accommodation of a young person in touch, staying put apart. */
const ACCOMMODATION: Weights = [['U', 38], ['D', 20], ['B', 13], ['E', 7], ['T', 4], ['K', 4], ['C', 3], ['Y', 3], ['X', 1], ['S', 1], ['W', 0.5], ['V', 0.5], ['G', 1]];
/** Kinds that are never suitable for a care leaver as councils judge them. */
const NEVER_SUITABLE = ['X', 'S', 'W', 'V'];
const FOSTER_CARE = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
const RESIDENTIAL = ['K1', 'K2', 'R1', 'S1', 'H5', 'P2'];

type Weights = readonly (readonly [string, number])[];

/**
 * Draws from `weights` in steps of the golden ratio from a seeded start, so
 * that even a small council's few dozen checks come close to the shares
 * asked for, where independent draws would wander.
 */
function spread(rand: Rand, weights: Weights): () => string {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let u = rand.float();
  return () => {
    u = (u + 0.6180339887498949) % 1;
    let left = u * total;
    for (const [value, w] of weights) {
      left -= w;
      if (left < 0) return value;
    }
    return weights.at(-1)![0];
  };
}

type AgeBand = '17' | '18' | '19';

/** Each age band draws from its own sequence, so the 19 to 21-year-olds the DfE figures describe come close to them whatever the younger ones drew. */
interface Draws {
  inTouch: Record<AgeBand, () => string>;
  activity: Record<AgeBand, () => string>;
  kind: Record<AgeBand, () => string>;
  unsuitable: Record<AgeBand, () => string>;
}

function byBand(make: (band: AgeBand) => () => string): Record<AgeBand, () => string> {
  return { '17': make('17'), '18': make('18'), '19': make('19') };
}

export async function generateCareLeaverOutcomes(ctx: DemoContext): Promise<CareLeaverOutcomesSummary> {
  const db = ctx.db;
  const rand = demoRand(ctx);
  const [leavers, episodes, advisers] = await Promise.all([
    db
      .selectFrom('care_leavers')
      .innerJoin('people', 'people.id', 'care_leavers.child_id')
      .select(['care_leavers.child_id', 'care_leavers.support_until', 'people.date_of_birth'])
      .where('care_leavers.category', 'in', ['relevant', 'former_relevant'])
      .where('people.date_of_birth', 'is not', null)
      .orderBy('care_leavers.child_id')
      .execute(),
    db.selectFrom('care_episodes').select(['child_id', 'start_date', 'end_date', 'placement_type']).orderBy('child_id').orderBy('start_date').execute(),
    db.selectFrom('allocations').select(['child_id', 'worker_id']).where('role', 'in', ['personal_adviser', 'lead']).where('worker_id', 'is not', null).orderBy('child_id').orderBy('role', 'desc').orderBy('start_date', 'desc').execute(),
  ]);
  const recorder = new Map<string, string>();
  for (const a of advisers) if (!recorder.has(a.child_id)) recorder.set(a.child_id, a.worker_id!);
  const lastEpisode = new Map<string, (typeof episodes)[number]>();
  for (const e of episodes) lastEpisode.set(e.child_id, e);

  const draws: Draws = {
    inTouch: byBand(() => spread(rand, IN_TOUCH)),
    activity: byBand((band) => spread(rand, band === '17' ? ACTIVITY_17 : band === '18' ? ACTIVITY_18 : ACTIVITY_19_ON)),
    kind: byBand(() => spread(rand, ACCOMMODATION)),
    unsuitable: byBand(() => spread(rand, [['yes', 2.5], ['no', 97.5]])),
  };
  const rows: RowOf<'care_leaver_outcomes'>[] = [];
  for (const leaver of leavers) {
    const last = lastEpisode.get(leaver.child_id);
    const by = recorder.get(leaver.child_id);
    if (!last?.end_date || !by) continue;
    rows.push(...checksFor(rand, draws, ctx.today, { ...leaver, date_of_birth: leaver.date_of_birth!, by, leftOn: last.end_date, lastPlacement: last.placement_type }));
  }
  await insertRows(db as Db, 'care_leaver_outcomes', rows);
  return { checks: rows.length };
}

interface Leaver {
  child_id: string;
  date_of_birth: string;
  support_until: string | null;
  by: string;
  leftOn: string;
  lastPlacement: string;
}

function checksFor(rand: Rand, draws: Draws, today: string, leaver: Leaver): RowOf<'care_leaver_outcomes'>[] {
  const rows: RowOf<'care_leaver_outcomes'>[] = [];
  const fosteredAt18 = FOSTER_CARE.includes(leaver.lastPlacement) && leaver.leftOn >= birthday(leaver.date_of_birth, 18);
  const fromResidential = RESIDENTIAL.includes(leaver.lastPlacement);
  let stayingPut = fosteredAt18 && rand.chance(0.5);
  for (let age = 17; age <= lastBirthdayChecked(leaver.date_of_birth, leaver.support_until); age += 1) {
    const window = birthdayCheckWindow(leaver.date_of_birth, age);
    if (window.opens > today || leaver.leftOn > window.birthday) continue;
    const open = window.closes >= today;
    if (open ? !rand.chance(0.45) : rand.chance(0.04)) continue;
    const latest = window.closes < today ? window.closes : today;
    const span = Math.max(0, Math.round((Date.parse(latest) - Date.parse(window.opens)) / 86_400_000));
    const gathered = new Date(Date.parse(window.opens) + rand.int(Math.floor(span / 3), span) * 86_400_000).toISOString().slice(0, 10);
    const band: AgeBand = age === 17 ? '17' : age === 18 ? '18' : '19';
    const inTouch = draws.inTouch[band]();
    const known = inTouch === 'YES' || ((inTouch === 'REFU' || inTouch === 'NREQ') && rand.chance(0.5));
    stayingPut = stayingPut && age >= 18 && age <= 20 && (age === 18 || rand.chance(0.6));
    let activity = '0';
    let accommodation = '0';
    let bursary: boolean | null = null;
    let stayingClose = false;
    if (known) {
      activity = draws.activity[band]();
      const kind = stayingPut ? 'Z' : draws.kind[band]();
      const fit = !NEVER_SUITABLE.includes(kind) && draws.unsuitable[band]() === 'no';
      accommodation = `${kind}${fit ? '1' : '2'}`;
      if (activity === 'F1' || activity === 'P1') bursary = rand.chance(0.85);
      stayingClose = fromResidential && (kind === 'D' || kind === 'U') && rand.chance(0.3);
    }
    rows.push({
      child_id: leaver.child_id,
      birthday_age: age,
      birthday_on: window.birthday,
      gathered_on: gathered,
      in_touch: inTouch,
      activity,
      accommodation,
      staying_close: stayingClose,
      bursary_paid: bursary,
      recorded_by: leaver.by,
      recorded_at: new Date(`${gathered}T17:00:00Z`),
    });
  }
  return rows;
}
