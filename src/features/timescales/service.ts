import type { Db } from '../../db/database.ts';
import { loadTimelines } from './queries.ts';
import { DEFAULT_SETTINGS, dueItems, occurrences, type ChildTimeline, type DueItem, type Occurrence, type TimescaleSettings } from './rules.ts';

/**
 * The local standards in force. They are data with defaults in code
 * (DEFAULT_SETTINGS, documented in docs/timescales.md); one place to read
 * them, so a settings table can replace the defaults without touching callers.
 */
export function timescaleSettings(): TimescaleSettings {
  return DEFAULT_SETTINGS;
}

/** What is due now for each child, worked out afresh from their records. */
export async function dueForChildren(db: Db, childIds: readonly string[], today: string): Promise<Map<string, DueItem[]>> {
  const timelines = await loadTimelines(db, childIds);
  const settings = timescaleSettings();
  const out = new Map<string, DueItem[]>();
  for (const [id, timeline] of timelines) out.set(id, dueItems(timeline, today, settings));
  return out;
}

/** Every occurrence, done or not, for each child, up to today. */
export async function occurrencesForChildren(db: Db, childIds: readonly string[], today: string): Promise<Map<string, Occurrence[]>> {
  const timelines = await loadTimelines(db, childIds);
  const settings = timescaleSettings();
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
