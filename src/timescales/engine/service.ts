import type { Db } from '../../db/database.ts';
import { countStoredItems, findDueItems, forgetAllDueItems, loadTimelines } from './queries.ts';
import { occurrences, type ChildTimeline, type DueItem, type Occurrence, type TimescaleSettings } from './rules.ts';
import { loadTimescaleSettings } from './settings.ts';
import { ensureDueStored, ensureScopeStored } from './store.ts';

/**
 * The local standards in force: the council's stored settings over the
 * defaults in code (DEFAULT_SETTINGS, documented in docs/timescales.md).
 * One query; a page reads them once and passes them to every child's rules.
 */
export function timescaleSettings(db: Db): Promise<TimescaleSettings> {
  return loadTimescaleSettings(db);
}

/**
 * What is due now for each child: the stored items, each child worked out
 * afresh first when their records changed or the day did (see store.ts).
 */
export async function dueForChildren(db: Db, childIds: readonly string[], today: string): Promise<Map<string, DueItem[]>> {
  // A change can commit between working a child out and reading their items; the read says so, and the child is worked out again.
  for (let attempt = 1; ; attempt++) {
    await ensureDueStored(db, childIds, today);
    const { current, items } = await findDueItems(db, childIds, today);
    if (attempt < 3 && childIds.some((id) => !current.has(id))) continue;
    const out = new Map<string, DueItem[]>(childIds.map((id) => [id, []]));
    for (const row of items) out.get(row.child_id)?.push(row.item as DueItem);
    return out;
  }
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
 * The nightly computation: every open case's due items worked out afresh and
 * stored. Children already worked out for today are left alone unless
 * `afresh` forgets them all first (as the benchmark does, to time the whole).
 * Returns how many children were worked out, and the council's figures.
 */
export async function dueAcrossCouncil(
  db: Db,
  today: string,
  options: { afresh?: boolean } = {},
): Promise<{ workedOut: number; children: number; items: number; overdue: number }> {
  if (options.afresh) await forgetAllDueItems(db);
  const workedOut = await ensureScopeStored(db, today);
  return { workedOut, ...(await countStoredItems(db)) };
}
