import type { Db } from '../../db/database.ts';

/**
 * Slowing repeated unsuccessful sign-ins, instead of locking accounts.
 *
 * Two counters see every attempt: one for the email address typed (whether or
 * not it is an account, so the answers never tell which) and one for the
 * client address. Once a counter holds `maxFailures` failures, each further
 * attempt must wait a delay after the last failure before any password is
 * checked: FIRST_DELAY_SECONDS, doubling with each further failure, never
 * more than `longestWaitMinutes`. An attempt inside the delay is refused and
 * does not count, so hammering a locked door does not keep it shut. A
 * successful sign-in clears both counters; failures are forgotten a day after
 * the last one.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  longestWaitMinutes: number;
}

/** One counter: failures in a row, when the last was, and the time before which no password is checked. */
export interface Counter {
  failures: number;
  lastFailureAt: Date | null;
  waitUntil: Date | null;
}

export const FIRST_DELAY_SECONDS = 5;
export const FORGET_AFTER_HOURS = 24;

/** A counter with nothing on it; writing it clears one. */
export const NO_FAILURES: Counter = { failures: 0, lastFailureAt: null, waitUntil: null };

/** The counter as it stands at `now`: failures older than a day are forgotten. */
export function current(counter: Counter | undefined, now: Date): Counter {
  if (!counter || counter.failures === 0 || !counter.lastFailureAt) return NO_FAILURES;
  if (now.getTime() - counter.lastFailureAt.getTime() >= FORGET_AFTER_HOURS * 3_600_000) return NO_FAILURES;
  return counter;
}

/** The delay after the `failures`th failure in a row: none before `maxFailures`. */
export function delaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(FIRST_DELAY_SECONDS * 2 ** doublings, policy.longestWaitMinutes * 60);
}

/** The counter after one more failure at `now`. */
export function afterFailure(counter: Counter | undefined, now: Date, policy: ThrottlePolicy): Counter {
  const failures = current(counter, now).failures + 1;
  const delay = delaySeconds(failures, policy);
  return { failures, lastFailureAt: now, waitUntil: delay > 0 ? new Date(now.getTime() + delay * 1000) : null };
}

/** When the counter refuses an attempt at `now`, the time it must wait for; otherwise null. */
export function refusedUntil(counter: Counter | undefined, now: Date): Date | null {
  const waitUntil = counter?.waitUntil;
  return waitUntil && waitUntil > now ? waitUntil : null;
}

// --- Where the counters are kept ------------------------------------------------

/**
 * The counter of an email address: the account's own columns when one has
 * that address (an administrator's "unlock" clears them), otherwise a row
 * of `sign_in_throttle`. `lock` takes the row for update, in a transaction.
 */
export type EmailKey = { userId: string } | { email: string };

export async function readEmailCounter(db: Db, key: EmailKey, lock = false): Promise<Counter | undefined> {
  if ('userId' in key) {
    let query = db
      .selectFrom('users')
      .select(['failed_sign_ins as failures', 'last_failed_sign_in_at as lastFailureAt', 'locked_until as waitUntil'])
      .where('id', '=', key.userId);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }
  return readRow(db, 'email', key.email, lock);
}

export async function readAddressCounter(db: Db, address: string | null, lock = false): Promise<Counter | undefined> {
  return address ? readRow(db, 'address', address, lock) : undefined;
}

async function readRow(db: Db, kind: 'email' | 'address', key: string, lock: boolean): Promise<Counter | undefined> {
  if (lock) {
    // Make sure a row exists to lock, so two attempts cannot both miss it.
    await db.insertInto('sign_in_throttle').values({ kind, key }).onConflict((oc) => oc.columns(['kind', 'key']).doNothing()).execute();
  }
  let query = db
    .selectFrom('sign_in_throttle')
    .select(['failures', 'last_failure_at as lastFailureAt', 'wait_until as waitUntil'])
    .where('kind', '=', kind)
    .where('key', '=', key);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function writeEmailCounter(db: Db, key: EmailKey, counter: Counter): Promise<void> {
  if ('userId' in key) {
    await db
      .updateTable('users')
      .set({ failed_sign_ins: counter.failures, last_failed_sign_in_at: counter.lastFailureAt, locked_until: counter.waitUntil })
      .where('id', '=', key.userId)
      .execute();
  } else {
    await writeRow(db, 'email', key.email, counter);
  }
}

export async function writeAddressCounter(db: Db, address: string | null, counter: Counter): Promise<void> {
  if (address) await writeRow(db, 'address', address, counter);
}

async function writeRow(db: Db, kind: 'email' | 'address', key: string, counter: Counter): Promise<void> {
  if (counter.failures === 0) {
    await db.deleteFrom('sign_in_throttle').where('kind', '=', kind).where('key', '=', key).execute();
    return;
  }
  const values = { failures: counter.failures, last_failure_at: counter.lastFailureAt, wait_until: counter.waitUntil };
  await db
    .insertInto('sign_in_throttle')
    .values({ kind, key, ...values })
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet(values))
    .execute();
}

/** Clears an email address's counter, without touching the row when there is nothing to clear. */
export async function clearEmailCounter(db: Db, key: EmailKey, counter: Counter | undefined): Promise<void> {
  if (counter && (counter.failures > 0 || counter.waitUntil)) await writeEmailCounter(db, key, NO_FAILURES);
}

/** Removes the counters whose failures are all forgotten, so the table holds only recent ones. */
export async function forgetOldCounters(db: Db, now: Date): Promise<void> {
  const before = new Date(now.getTime() - FORGET_AFTER_HOURS * 3_600_000);
  await db
    .deleteFrom('sign_in_throttle')
    .where((eb) => eb.or([eb('last_failure_at', '<', before), eb('last_failure_at', 'is', null)]))
    .execute();
}
