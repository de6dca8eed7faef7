import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock/clock.ts';

/**
 * Tells the caseload that a child's case changed (a referral opened, a plan
 * began or ended), inside the change's transaction, so the workers holding
 * the child are reassessed and a variance opens or closes with it. Given by
 * the child's record to the areas below it that change a child's status.
 */
export type CaseChanged = (trx: Db, childId: string, change: StatusChange) => Promise<void>;

export interface StatusChange {
  today: string;
  now: Date;
  trigger: string;
  actorId: string | null;
}

/** The change to a child's status made by someone changing their record: named as the timeline names it, so the variance says why. */
export function statusChangeBy(a: { today: string; context: { at: Date; actorUserId: string | null } }): StatusChange {
  return { today: a.today, now: a.context.at, trigger: 'legal status change', actorId: a.context.actorUserId };
}

/** What an area's routes are given by the application: each area's index.ts registers its capabilities with these. */
export interface AreaDeps {
  config: Config;
  db: Db;
  clock: Clock;
  engine: 'pglite' | 'postgres';
}
