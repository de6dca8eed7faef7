import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CaseScope } from '../../platform/access/case-scope.ts';
import { DUE_STORE_LOCK } from '../../db/migrations/0008_due_store.ts';
import { inTransaction } from '../../db/transactions.ts';
import { councilCompleteOn, findComputedOn, findLeadChildrenNotComputedOn, findLeads, loadTimelines, markCouncilComplete, replaceDueItems, type StoredDueItem } from './queries.ts';
import { dueItems } from './rules.ts';
import { loadTimescaleSettings } from './settings.ts';

/**
 * Keeps the store of due items current (migration 0008_due_store explains
 * why it is always right): a child whose records changed, or whose items were
 * worked out on another day, is worked out again before anyone reads them.
 */

/** Taken by whoever stores items; the triggers on the children's records share it. */
async function lockDueStore(trx: Db) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${DUE_STORE_LOCK}))`.execute(trx);
}

/** Children worked out in one transaction by the nightly job, so a reader waiting on the lock never waits long. */
const BATCH = 2000;

/**
 * Works out and stores the items of those children not yet worked out for
 * `today`. Under the store's lock, which the triggers on the child's records
 * share, the check is made again and the records read: no change can commit
 * in between. Returns how many children were worked out.
 */
export async function ensureDueStored(db: Db, childIds: readonly string[], today: string): Promise<number> {
  if (childIds.length === 0) return 0;
  const computed = await findComputedOn(db, childIds, today);
  if (childIds.every((id) => computed.has(id))) return 0;
  return inTransaction(db, async (trx) => {
    await lockDueStore(trx);
    const current = await findComputedOn(trx, childIds, today);
    const missing = [...new Set(childIds)].filter((id) => !current.has(id));
    if (missing.length === 0) return 0;
    const [timelines, leads, settings] = await Promise.all([loadTimelines(trx, missing), findLeads(trx, missing), loadTimescaleSettings(trx)]);
    const items: StoredDueItem[] = [];
    for (const [childId, timeline] of timelines) {
      const lead = leads.get(childId);
      for (const item of dueItems(timeline, today, settings)) {
        items.push({ childId, leadWorkerId: lead?.workerId ?? null, leadTeamId: lead?.teamId ?? null, kind: item.kind, dueDate: item.dueDate, status: item.status, item });
      }
    }
    await replaceDueItems(trx, [...timelines.keys()], items, today);
    return timelines.size;
  });
}

/**
 * Brings every child led in the scope (the whole council when none is given)
 * up to date for `today`. For the whole council, the first time on a day,
 * it then records the council complete, so readers of any scope compare only
 * the children changed since (migration 0051_due_council_day).
 */
export async function ensureScopeStored(db: Db, today: string, scope: CaseScope = {}): Promise<number> {
  const stale = await findLeadChildrenNotComputedOn(db, today, scope);
  let worked = 0;
  for (let i = 0; i < stale.length; i += BATCH) worked += await ensureDueStored(db, stale.slice(i, i + BATCH), today);
  const wholeCouncil = !scope.teamId && !scope.serviceId && !scope.workerId;
  if (wholeCouncil && !(await councilCompleteOn(db, today))) {
    await inTransaction(db, async (trx) => {
      await lockDueStore(trx);
      await markCouncilComplete(trx, today);
    });
  }
  return worked;
}
