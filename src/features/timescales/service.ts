import type { Db } from '../../db/database.ts';
import { loadTimelines } from './queries.ts';
import { dueItems, occurrences, type ChildTimeline, type DueItem, type Occurrence, type TimescaleSettings } from './rules.ts';
import { loadTimescaleSettings } from './settings.ts';

/**
 * The local standards in force: the council's stored settings over the
 * defaults in code (DEFAULT_SETTINGS, documented in docs/timescales.md).
 * One query; a page reads them once and passes them to every child's rules.
 */
export function timescaleSettings(db: Db): Promise<TimescaleSettings> {
  return loadTimescaleSettings(db);
}

/** What is due now for each child, worked out afresh from their records. */
export async function dueForChildren(db: Db, childIds: readonly string[], today: string): Promise<Map<string, DueItem[]>> {
  const [timelines, settings] = await Promise.all([loadTimelines(db, childIds), timescaleSettings(db)]);
  const out = new Map<string, DueItem[]>();
  for (const [id, timeline] of timelines) out.set(id, dueItems(timeline, today, settings));
  return out;
}

/** Every occurrence, done or not, for each child, up to today. */
export async function occurrencesForChildren(db: Db, childIds: readonly string[], today: string): Promise<Map<string, Occurrence[]>> {
  const [timelines, settings] = await Promise.all([loadTimelines(db, childIds), timescaleSettings(db)]);
  const out = new Map<string, Occurrence[]>();
  for (const [id, timeline] of timelines) out.set(id, occurrences(timeline, today, settings));
  return out;
}

export async function timelineOf(db: Db, childId: string): Promise<ChildTimeline | null> {
  return (await loadTimelines(db, [childId])).get(childId) ?? null;
}

/**
 * Every open case's due items across the council, worked out afresh: what a
 * nightly run (or a benchmark) would do. Nothing is stored; the figures are
 * returned for whoever asked.
 */
export async function dueAcrossCouncil(db: Db, today: string): Promise<{ children: number; items: number; overdue: number }> {
  const open = await db.selectFrom('allocations').select('child_id').distinct().where('role', '=', 'lead').where('end_date', 'is', null).execute();
  const due = await dueForChildren(
    db,
    open.map((o) => o.child_id),
    today,
  );
  const items = [...due.values()].flat();
  return { children: due.size, items: items.length, overdue: items.filter((i) => i.status === 'overdue').length };
}
